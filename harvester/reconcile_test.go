package harvester_test

import (
	"context"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// TestReconcileMarksDeletedAndRestores trashes 30 posts and deletes 5:
// a reconcile marks the 35 deleted (kept, left out of the export unless
// asked for); two of them republished come back as new versions; a post
// that only a full id listing can reveal is fetched; reconcile_every
// decides when a sync reconciles on its own.
func TestReconcileMarksDeletedAndRestores(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, wptest.Options{Posts: 2000, Seed: 5})
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "news", srv.URL)
	if res := h.Backfill(ctx, site); res.Err != nil {
		t.Fatal(res.Err)
	}
	var gone []int64
	for i := range int64(35) {
		id := 11 + 53*i
		gone = append(gone, id)
		if i < 30 {
			srv.Site().Trash(id)
		} else {
			srv.Site().Delete(id)
		}
	}

	h.SyncOptions.Reconcile = true
	srv.Site().ResetCounters()
	res := h.Sync(ctx, site)
	if res.Err != nil || !res.Reconciled || res.Stats.Deleted != 35 || res.Stats.New+res.Stats.Updated+res.Stats.Restored != 0 {
		t.Fatalf("reconcile: %+v", res)
	}
	// robots.txt, the modified listing, 20 id pages (1965 ids) and one
	// include= check of the 35 missing ids.
	if _, ids := countLogged(srv, "_fields", "id"); ids != 21 || res.Requests != 23 {
		t.Fatalf("%d requests, %d of them id listings or checks", res.Requests, ids)
	}
	for _, id := range gone {
		if p := post(t, db, "news", id); p.DeletedAt == nil || p.Version != 1 {
			t.Fatalf("post %d: deleted_at %v, version %d", id, p.DeletedAt, p.Version)
		}
	}
	if n := len(exportRecords(t, db, "news", false)); n != 1965 {
		t.Fatalf("export has %d posts, want 1965", n)
	}
	if n := len(exportRecords(t, db, "news", true)); n != 2000 {
		t.Fatalf("export with deleted posts has %d, want 2000", n)
	}
	if st, _ := db.Status(); st[0].Deleted != 35 {
		t.Fatalf("status: %+v", st[0])
	}
	reconciled := state(t, db, "news").LastReconcile
	if reconciled.IsZero() {
		t.Fatal("last reconcile not remembered")
	}

	// A second reconcile finds nothing new to mark.
	if res := h.Sync(ctx, site); res.Err != nil || res.Stats.Deleted != 0 {
		t.Fatalf("second reconcile: %+v", res)
	}

	// Two of them are republished (one trashed, one deleted), and a post
	// dated long ago appears: only a reconcile can see those.
	srv.Site().Restore(gone[0])
	srv.Site().Restore(gone[34])
	old := srv.Site().Add(time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC))
	h.SyncOptions.Reconcile = false
	if res := h.Sync(ctx, site); res.Err != nil || res.Reconciled || res.Stats.Restored+res.Stats.New != 0 {
		t.Fatalf("sync without a reconcile: %+v", res)
	}
	h.SyncOptions.Reconcile = true
	res = h.Sync(ctx, site)
	if res.Err != nil || res.Stats.Restored != 2 || res.Stats.New != 1 || res.Stats.Deleted != 0 {
		t.Fatalf("reconcile after republishing: %+v", res)
	}
	for _, id := range []int64{gone[0], gone[34]} {
		p := post(t, db, "news", id)
		hist, err := db.History("news", p.GUID)
		if err != nil || len(hist) != 2 || hist[0].DeletedAt == nil || hist[0].Version != 1 || hist[1].DeletedAt != nil || hist[1].Version != 2 {
			t.Fatalf("restored post %d: %v %+v", id, err, hist)
		}
	}
	if p := post(t, db, "news", old); p.Version != 1 || p.DeletedAt != nil {
		t.Fatalf("post found by reconcile: %+v", p)
	}
	if n := len(exportRecords(t, db, "news", false)); n != 1968 {
		t.Fatalf("export has %d posts, want 1968", n)
	}
	checkMatchesSite(t, db, "news", srv, map[int64]int{gone[0]: 1, gone[34]: 1})

	// reconcile_every (24h by default) lets a sync reconcile on its own.
	h.SyncOptions.Reconcile = false
	last := state(t, db, "news").LastReconcile
	for _, tc := range []struct {
		after time.Duration
		want  bool
	}{{time.Hour, false}, {23 * time.Hour, false}, {25 * time.Hour, true}} {
		h.Now = func() time.Time { return last.Add(tc.after) }
		if res := h.Sync(ctx, site); res.Err != nil || res.Reconciled != tc.want {
			t.Fatalf("%v after the last reconcile: reconciled %v, want %v (%v)", tc.after, res.Reconciled, tc.want, res.Err)
		}
	}
}

// TestReconcileRefusesAnEmptyListing keeps the archive when a site
// suddenly lists no posts at all.
func TestReconcileRefusesAnEmptyListing(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, wptest.Options{Posts: 30})
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "news", srv.URL)
	if res := h.Backfill(ctx, site); res.Err != nil {
		t.Fatal(res.Err)
	}
	for _, id := range srv.Site().PostIDs() {
		srv.Site().Trash(id)
	}
	h.SyncOptions.Reconcile = true
	res := h.Sync(ctx, site)
	if res.Err == nil || res.Stats.Deleted != 0 {
		t.Fatalf("reconcile of an empty listing: %+v", res)
	}
	if st, _ := db.Status(); st[0].Deleted != 0 || st[0].LastRun == nil || st[0].LastRun.Error == "" {
		t.Fatalf("status after a refused reconcile: %+v", st[0])
	}
	var _ harvester.Store = db
}
