package harvester_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// countTypes returns how many exported records there are of each type.
func countTypes(t *testing.T, lines [][]byte) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, l := range lines {
		var r struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatal(err)
		}
		got[r.Type]++
	}
	return got
}

// TestTypesAll harvests posts, pages and a custom type with `types: all`,
// leaves attachments and the editor's types out, keeps a cursor per type,
// syncs and reconciles each type, and lets export filter by type.
func TestTypesAll(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 25, Pages: 12, Books: 7, Seed: 3})
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "multi", srv.URL)
	site.Types = []string{"all"}
	site.PerPage = 5

	res := h.Backfill(context.Background(), site)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Stats.New != 25+12+7 {
		t.Errorf("backfill stored %d new, want %d", res.Stats.New, 25+12+7)
	}
	lines := exportLines(t, db, store.ExportOptions{})
	want := map[string]int{"post": 25, "page": 12, "book": 7}
	if got := countTypes(t, lines); len(got) != 3 || got["post"] != 25 || got["page"] != 12 || got["book"] != 7 {
		t.Errorf("exported types = %v, want %v", got, want)
	}
	for _, typ := range []string{"page", "book"} {
		got := countTypes(t, exportLines(t, db, store.ExportOptions{Types: []string{typ}}))
		if len(got) != 1 || got[typ] != want[typ] {
			t.Errorf("export --type %s = %v", typ, got)
		}
	}
	st, err := db.SiteState("multi")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Backfill.Complete || !st.Types["page"].Backfill.Complete || !st.Types["book"].Backfill.Complete {
		t.Errorf("cursors not complete: post %+v, types %+v", st.Backfill, st.Types)
	}
	if _, ok := st.Types["attachment"]; ok {
		t.Errorf("attachments harvested: %+v", st.Types)
	}
	if st.LastRun == nil || st.LastRun.Stats.New != 44 {
		t.Errorf("last run = %+v, want one record of the three types", st.LastRun)
	}
	if hw := st.Types["page"].HighWater; hw.IsZero() || hw.Equal(st.HighWater) {
		t.Errorf("page high water %v (posts %v): want its own", hw, st.HighWater)
	}

	// A sync that reconciles compares every type's ids: nothing changes.
	h.SyncOptions.Reconcile = true
	res = h.Sync(context.Background(), site)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Stats.New != 0 || res.Stats.Updated != 0 || res.Stats.Deleted != 0 || !res.Reconciled {
		t.Errorf("sync over an unchanged site = %+v", res)
	}
	if ids, err := db.IDs("multi", "book"); err != nil || len(ids) != 7 || ids[0] != 2_000_001 {
		t.Errorf("book ids = %v, %v", ids, err)
	}
}

// TestTypesNamed harvests the types named in the config by rest base or
// slug, and fails a type the site does not have.
func TestTypesNamed(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 4, Pages: 3, Books: 2})
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "named", srv.URL)
	site.Types = []string{"pages", "book"}
	if res := h.Backfill(context.Background(), site); res.Err != nil || res.Stats.New != 5 {
		t.Fatalf("backfill = %+v", res)
	}
	if got := countTypes(t, exportLines(t, db, store.ExportOptions{})); got["page"] != 3 || got["book"] != 2 || got["post"] != 0 {
		t.Errorf("exported types = %v", got)
	}
	site.Types = []string{"posts", "movies"}
	if res := h.Backfill(context.Background(), site); res.Err == nil {
		t.Errorf("a type the site does not have: no error")
	}
}
