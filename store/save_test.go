package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

func TestSavePageCounts(t *testing.T) {
	db := openTemp(t)
	a, b := mkPost(1, "https://news.example/?p=1", t0, 300), mkPost(2, "https://news.example/?p=2", t0, 300)
	if got, want := save(t, db, "news", a, b), (harvester.PageStats{New: 2}); got != want {
		t.Fatalf("first save: %+v, want %+v", got, want)
	}
	b2 := b
	b2.ModifiedGMT = t0.Add(time.Hour)
	b2.Title = "Changed"
	c := mkPost(3, "https://news.example/?p=3", t0, 300)
	if got, want := save(t, db, "news", a, b2, c), (harvester.PageStats{New: 1, Updated: 1, Unchanged: 1}); got != want {
		t.Fatalf("second save: %+v, want %+v", got, want)
	}
	p, ok, err := db.Post("news", "post", 2)
	if err != nil || !ok {
		t.Fatalf("Post: %v %v", ok, err)
	}
	if p.Version != 2 || p.Title != "Changed" || p.Site != "news" || !p.ModifiedGMT.Equal(b2.ModifiedGMT) {
		t.Fatalf("updated post: version %d title %q site %q modified %v", p.Version, p.Title, p.Site, p.ModifiedGMT)
	}
	if p, _, _ := db.Post("news", "post", 1); p.Version != 1 {
		t.Fatalf("unchanged post has version %d", p.Version)
	}
	if _, ok, err := db.Post("news", "page", 1); ok || err != nil {
		t.Fatalf("Post of another type: %v %v", ok, err)
	}
	// The caller's posts are not modified.
	if a.Site != "" || a.Version != 0 {
		t.Fatalf("SavePage modified its argument: %+v", a)
	}
}

func TestSavePageVersions(t *testing.T) {
	db := openTemp(t)
	guid := "https://news.example/?p=7"
	var posts []harvester.Post
	for i := range 3 {
		p := mkPost(7, guid, t0.Add(time.Duration(i)*time.Hour), 200)
		p.Title = []string{"one", "two", "three"}[i]
		posts = append(posts, p)
		save(t, db, "news", p)
	}
	// A stale answer (older modified_gmt) is ignored.
	if got := save(t, db, "news", posts[1]); got != (harvester.PageStats{Unchanged: 1}) {
		t.Fatalf("stale save: %+v", got)
	}
	// A sub-second difference is no change (WordPress serves seconds).
	ns := posts[2]
	ns.ModifiedGMT = ns.ModifiedGMT.Add(300 * time.Millisecond)
	if got := save(t, db, "news", ns); got != (harvester.PageStats{Unchanged: 1}) {
		t.Fatalf("sub-second save: %+v", got)
	}
	h, err := db.History("news", guid)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Fatalf("history has %d records, want 3", len(h))
	}
	for i, p := range h {
		if p.Version != i+1 || p.Title != posts[i].Title || !p.ModifiedGMT.Equal(posts[i].ModifiedGMT) {
			t.Fatalf("history[%d]: version %d title %q modified %v", i, p.Version, p.Title, p.ModifiedGMT)
		}
		if !jsonEqual(p.Raw, posts[i].Raw) {
			t.Fatalf("history[%d] raw differs", i)
		}
	}
	if h2, _ := db.History("", guid); len(h2) != 3 {
		t.Fatalf("History with any site: %d records", len(h2))
	}
	if h3, _ := db.History("news", "https://nowhere.example/"); len(h3) != 0 {
		t.Fatalf("History of an unknown guid: %d records", len(h3))
	}
	st, err := db.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Posts != 1 || st[0].Versions != 2 || st[0].Deleted != 0 {
		t.Fatalf("status: %+v", st)
	}
}

func TestSavePageGUIDCollision(t *testing.T) {
	db := openTemp(t)
	guid := "https://news.example/?p=1"
	a, b := mkPost(1, guid, t0, 100), mkPost(2, guid, t0, 100)
	b.Title = "second"
	// Same page: the second post sees the first one's key taken.
	if got := save(t, db, "news", a, b); got != (harvester.PageStats{New: 2}) {
		t.Fatalf("save: %+v", got)
	}
	// Another page, same GUID, third id; and the first two unchanged.
	c := mkPost(3, guid, t0, 100)
	if got := save(t, db, "news", b, c, a); got != (harvester.PageStats{New: 1, Unchanged: 2}) {
		t.Fatalf("save: %+v", got)
	}
	equalStrings(t, "export", summary(export(t, db, ExportOptions{})), []string{
		"news " + guid + " 1 v1",
		"news " + guid + " 2 v1",
		"news " + guid + " 3 v1",
	})
	if p, _, _ := db.Post("news", "post", 2); p.Title != "second" || p.GUID != guid {
		t.Fatalf("post 2: %q %q", p.Title, p.GUID)
	}
	if h, _ := db.History("news", guid); len(h) != 3 {
		t.Fatalf("History of a shared guid: %d records, want 3", len(h))
	}
	if h, _ := db.History("news", guid+"#post/2"); len(h) != 1 || h[0].ID != 2 {
		t.Fatalf("History by collision key: %+v", h)
	}
	// Entities in the query are decoded.
	if h, _ := db.History("news", "https://news.example/?p&#061;1"); len(h) != 3 {
		t.Fatalf("History with an entity: %d records", len(h))
	}
}

func TestSavePageGUIDChangeKeepsKey(t *testing.T) {
	db := openTemp(t)
	old := mkPost(5, "http://news.example/?p=5", t0, 100)
	save(t, db, "news", old)
	moved := mkPost(5, "https://news.example/?p=5", t0.Add(time.Hour), 100)
	if got := save(t, db, "news", moved); got != (harvester.PageStats{Updated: 1}) {
		t.Fatalf("save: %+v", got)
	}
	// A new post taking the old GUID text does not overwrite post 5.
	squatter := mkPost(6, "http://news.example/?p=5", t0, 100)
	if got := save(t, db, "news", squatter); got != (harvester.PageStats{New: 1}) {
		t.Fatalf("save: %+v", got)
	}
	lines := export(t, db, ExportOptions{Versions: true})
	equalStrings(t, "export", summary(lines), []string{
		"news http://news.example/?p=5 5 v1",
		"news https://news.example/?p=5 5 v2",
		"news http://news.example/?p=5 6 v1",
	})
	// The new GUID finds post 5 although its key is the old GUID.
	h, err := db.History("news", "https://news.example/?p=5")
	if err != nil || len(h) != 2 || h[1].ID != 5 {
		t.Fatalf("History by new guid: %v %+v", err, h)
	}
}

func TestSavePageEmptyGUID(t *testing.T) {
	db := openTemp(t)
	save(t, db, "news", mkPost(9, "", t0, 50))
	p, ok, err := db.Post("news", "post", 9)
	if err != nil || !ok || p.GUID != "urn:wpharvest:post/9" {
		t.Fatalf("post: %v %v %q", ok, err, p.GUID)
	}
	if got := save(t, db, "news", mkPost(9, "", t0, 50)); got != (harvester.PageStats{Unchanged: 1}) {
		t.Fatalf("second save: %+v", got)
	}
}

func TestSavePageRejectsBadPosts(t *testing.T) {
	db := openTemp(t)
	before := db.TxID()
	p := mkPost(1, "g", t0, 10)
	p.Type = ""
	if _, err := db.SavePage("news", []harvester.Post{mkPost(2, "h", t0, 10), p}, harvester.SiteState{}); err == nil {
		t.Fatal("a post without a type was accepted")
	}
	if _, err := db.SavePage("", nil, harvester.SiteState{}); err == nil {
		t.Fatal("an empty site name was accepted")
	}
	// Nothing of the failed page was committed.
	if db.TxID() != before {
		t.Fatalf("txid moved from %d to %d", before, db.TxID())
	}
	if sites, _ := db.Sites(); len(sites) != 0 {
		t.Fatalf("sites after failed saves: %v", sites)
	}
}

func TestStateRoundTrip(t *testing.T) {
	db := openTemp(t)
	if st, err := db.SiteState("news"); err != nil || !reflect.DeepEqual(st, harvester.SiteState{}) {
		t.Fatalf("state of an unknown site: %+v %v", st, err)
	}
	want := harvester.SiteState{
		APIRoot:   "https://news.example/?rest_route=/",
		PerPage:   50,
		Backfill:  harvester.BackfillCursor{Page: 3, PerPage: 50, LastID: 150, Total: 400},
		HighWater: t0,
		LastRun: &harvester.RunRecord{Kind: "backfill", Started: t0, Finished: t0.Add(time.Minute),
			Requests: 4, Bytes: 1 << 20, Stats: harvester.PageStats{New: 150}, Duration: time.Minute, Error: "boom"},
	}
	if _, err := db.SavePage("news", []harvester.Post{mkPost(1, "g", t0, 10)}, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.SiteState("news")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("state:\n got %+v\nwant %+v", got, want)
	}
	st, err := db.Status()
	if err != nil || len(st) != 1 || st[0].Backfill != want.Backfill || st[0].LastRun == nil || st[0].LastRun.Error != "boom" {
		t.Fatalf("status: %+v %v", st, err)
	}
}

func TestUnchangedPageWritesOnlyState(t *testing.T) {
	db := openTemp(t)
	p := mkPost(1, "g", t0, 100)
	save(t, db, "news", p)
	before := db.TxID()
	save(t, db, "news", p)
	// SavePage always commits (the state), exactly one transaction.
	if got := db.TxID(); got != before+1 {
		t.Fatalf("txid %d after one SavePage from %d", got, before)
	}
	// Reads write nothing.
	before = db.TxID()
	_, _ = db.SiteState("news")
	_, _ = db.Status()
	_, _ = db.History("news", "g")
	_, _, _ = db.Post("news", "post", 1)
	_ = export(t, db, ExportOptions{Versions: true})
	if got := db.TxID(); got != before {
		t.Fatalf("reads moved txid from %d to %d", before, got)
	}
}

func TestMarkDeletedAndRevive(t *testing.T) {
	db := openTemp(t)
	save(t, db, "news", mkPost(1, "a", t0, 50), mkPost(2, "b", t0, 50), mkPost(3, "c", t0, 50))
	at := t0.Add(48 * time.Hour)
	n, err := db.MarkDeleted("news", "post", []int64{2, 99}, at)
	if err != nil || n != 1 {
		t.Fatalf("MarkDeleted: %d %v", n, err)
	}
	if n, _ := db.MarkDeleted("news", "post", []int64{2}, at); n != 0 {
		t.Fatalf("marking again marked %d", n)
	}
	p, _, _ := db.Post("news", "post", 2)
	if p.DeletedAt == nil || !p.DeletedAt.Equal(at) || p.Version != 1 || !jsonEqual(p.Raw, mkPost(2, "b", t0, 50).Raw) {
		t.Fatalf("deleted post: %+v", p)
	}
	ids, err := db.IDs("news", "post")
	if err != nil || !reflect.DeepEqual(ids, []int64{1, 3}) {
		t.Fatalf("IDs: %v %v", ids, err)
	}
	if st, _ := db.Status(); st[0].Deleted != 1 || st[0].Posts != 3 {
		t.Fatalf("status: %+v", st)
	}
	// Seen again with the same modified_gmt: restored as a new version,
	// the deleted record kept as version 1.
	if got := save(t, db, "news", mkPost(2, "b", t0, 50)); got != (harvester.PageStats{Restored: 1}) {
		t.Fatalf("revive: %+v", got)
	}
	if p, _, _ := db.Post("news", "post", 2); p.DeletedAt != nil || p.Version != 2 {
		t.Fatalf("revived post: %v version %d", p.DeletedAt, p.Version)
	}
	if h, _ := db.History("news", "b"); len(h) != 2 || h[0].DeletedAt == nil || h[0].Version != 1 || h[1].DeletedAt != nil {
		t.Fatalf("history of the revived post: %+v", h)
	}
}

func TestRecordShape(t *testing.T) {
	db := openTemp(t)
	p := mkPost(1, "https://news.example/?p=1&x=<y>", t0, 100)
	save(t, db, "news", p)
	var rec []byte
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readSite(tx, "news")
		rec = bytes.Clone(sb.posts.Get([]byte(p.GUID)))
		return nil
	})
	if err != nil || rec == nil {
		t.Fatalf("record not under its GUID: %v", err)
	}
	// Raw is kept byte for byte (the site's JSON is compact; no HTML escaping).
	if !bytes.HasSuffix(rec, append(append([]byte(harvester.RawField), p.Raw...), '}')) {
		t.Fatalf("raw not stored verbatim at the end: %s", rec[max(0, len(rec)-200):])
	}
	if bytes.Contains(rec, []byte(`\u003c`)) {
		t.Fatal("record has HTML escaping")
	}
	info, err := peek(rec, rawCut(rec))
	if err != nil || info.Version != 1 || info.Deleted != nil || !info.Modified.Equal(t0) {
		t.Fatalf("peek: %+v %v", info, err)
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}
