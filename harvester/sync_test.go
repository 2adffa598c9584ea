package harvester_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// editedIDs are the 50 posts the big test edits, spread over the site.
func editedIDs() []int64 {
	ids := make([]int64, 50)
	for i := range ids {
		ids[i] = 7 + bigPosts/50*int64(i)
	}
	return ids
}

// TestSyncTenThousandPosts backfills two 10,000-post sites into one
// archive, one that honours modified_after and one that ignores it (like
// WordPress before 5.7), and shows what a sync costs on each: nothing
// changed, then 50 posts edited. The two backfills are the full crawls the
// syncs are compared with.
func TestSyncTenThousandPosts(t *testing.T) {
	ctx := context.Background()
	fast := newServer(t, wptest.Options{Posts: bigPosts, Seed: 21})
	legacy := newServer(t, wptest.Options{Posts: bigPosts, Seed: 21, IgnoreModifiedAfter: true})
	db := openStore(t)
	h := newHarvester(db)
	sites := []config.Site{testSite(t, "fast", fast.URL), testSite(t, "legacy", legacy.URL)}
	crawl := harvester.RunSites(ctx, sites, 2, h.Backfill)
	for _, r := range crawl {
		if r.Err != nil || r.Stats.New != bigPosts {
			t.Fatalf("backfill %s: %+v", r.Site, r)
		}
	}
	edits := editedIDs()

	t.Run("fast path, nothing changed: one request, no write", func(t *testing.T) {
		fast.Site().ResetCounters()
		site := sites[0]
		site.RespectRobots = false // colly would fetch robots.txt first
		tx := db.TxID()
		res := h.Sync(ctx, site)
		if res.Err != nil || res.Stats.New+res.Stats.Updated+res.Stats.Deleted+res.Stats.Restored != 0 || res.Stats.Unchanged == 0 {
			t.Fatalf("sync: %+v", res)
		}
		if got := fast.Site().Requests(); got != 1 || res.Requests != 1 {
			t.Fatalf("%d requests (client %d), want 1", got, res.Requests)
		}
		if got := db.TxID(); got != tx {
			t.Fatalf("txid moved from %d to %d: an unchanged site was written to", tx, got)
		}
		if res.Reconciled || res.Fallback {
			t.Fatalf("a sync right after a backfill reconciled or fell back: %+v", res)
		}
	})

	t.Run("fast path, 50 edits", func(t *testing.T) {
		before := exportRecords(t, db, "fast", false)
		c := &clock{t: state(t, db, "fast").HighWater.Add(time.Hour)}
		at := map[int64]time.Time{}
		for _, id := range edits {
			at[id] = c.next()
			fast.Site().Edit(id, at[id])
		}
		fast.Site().ResetCounters()
		res := h.Sync(ctx, sites[0])
		if res.Err != nil || res.Stats.Updated != 50 || res.Stats.New != 0 {
			t.Fatalf("sync: %+v", res)
		}
		if got := fast.Site().Requests(); got > 3 || got != res.Requests {
			t.Fatalf("%d requests (client %d), want at most 3", got, res.Requests)
		}
		checkEdited(t, db, "fast", before, at)
		t.Logf("fast path, 50 of %d posts edited: sync %d requests, %d bytes; full crawl %d requests, %d bytes (%.0f× fewer bytes)",
			bigPosts, res.Requests, res.Bytes, crawl[0].Requests, crawl[0].Bytes, float64(crawl[0].Bytes)/float64(res.Bytes))
	})

	t.Run("fallback on a site that ignores modified_after", func(t *testing.T) {
		legacy.Site().ResetCounters()
		res := h.Sync(ctx, sites[1])
		if res.Err != nil || !res.Fallback || res.Stats.New+res.Stats.Updated != 0 {
			t.Fatalf("first sync: %+v", res)
		}
		if !state(t, db, "legacy").IgnoresModifiedAfter {
			t.Fatal("the site's state does not remember that it ignores modified_after")
		}
		if _, probes := countLogged(legacy, "modified_after", ""); probes != 1 {
			t.Fatalf("%d modified_after requests, want 1 (the probe)", probes)
		}
		firstRequests := res.Requests

		// Remembered: no probe any more, and nothing changed means no write.
		legacy.Site().ResetCounters()
		tx := db.TxID()
		if res := h.Sync(ctx, sites[1]); res.Err != nil || res.Stats.Updated != 0 {
			t.Fatalf("second sync: %+v", res)
		}
		if _, probes := countLogged(legacy, "modified_after", ""); probes != 0 {
			t.Fatalf("%d modified_after requests after the site was known to ignore it", probes)
		}
		if got := db.TxID(); got != tx {
			t.Fatalf("txid moved from %d to %d", tx, got)
		}

		before := exportRecords(t, db, "legacy", false)
		c := &clock{t: state(t, db, "legacy").HighWater.Add(time.Hour)}
		at := map[int64]time.Time{}
		for _, id := range edits {
			at[id] = c.next()
			legacy.Site().Edit(id, at[id])
		}
		legacy.Site().ResetCounters()
		res = h.Sync(ctx, sites[1])
		if res.Err != nil || res.Stats.Updated != 50 || res.Stats.New != 0 {
			t.Fatalf("sync: %+v", res)
		}
		_, listing := countLogged(legacy, "_fields", "id,guid,modified_gmt")
		_, include := countLogged(legacy, "orderby", "include")
		if listing < 1 || include != 1 || res.Requests > int64(1+listing+1) || legacy.Site().Requests() != res.Requests {
			t.Fatalf("%d requests: %d listing pages, %d include batches; want at most 1 + %d + 1", res.Requests, listing, include, listing)
		}
		checkEdited(t, db, "legacy", before, at)
		t.Logf("fallback, 50 of %d posts edited: sync %d requests (robots.txt, %d listing pages, %d include), %d bytes; "+
			"first sync (probe included) %d requests; full crawl %d requests, %d bytes (%.0f× fewer bytes)",
			bigPosts, res.Requests, listing, include, res.Bytes, firstRequests, crawl[1].Requests, crawl[1].Bytes, float64(crawl[1].Bytes)/float64(res.Bytes))
	})
}

// checkEdited asserts that exactly the posts of at gained a version 2 with
// the new content, and that every other record is byte for byte as before.
func checkEdited(t *testing.T, db *store.DB, site string, before map[int64]string, at map[int64]time.Time) {
	t.Helper()
	after := exportRecords(t, db, site, false)
	if len(after) != len(before) {
		t.Fatalf("%d posts before, %d after", len(before), len(after))
	}
	for id, rec := range after {
		when, edited := at[id]
		if !edited {
			if rec != before[id] {
				t.Fatalf("post %d changed without an edit:\n%s\n%s", id, before[id], rec)
			}
			continue
		}
		p := post(t, db, site, id)
		if p.Version != 2 || !p.ModifiedGMT.Equal(when) || !strings.Contains(p.Title, "(updated 1)") {
			t.Fatalf("edited post %d: version %d, modified %s (want %s), title %q", id, p.Version, p.ModifiedGMT, when, p.Title)
		}
		hist, err := db.History(site, p.GUID)
		if err != nil || len(hist) != 2 || hist[0].Version != 1 || hist[1].Version != 2 || strings.Contains(hist[0].Title, "updated") {
			t.Fatalf("history of post %d: %v %+v", id, err, hist)
		}
	}
	st, err := db.Status()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Site == site && s.Versions != len(at) {
			t.Fatalf("%d superseded versions, want %d", s.Versions, len(at))
		}
	}
}
