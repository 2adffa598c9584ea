package harvester_test

import (
	"context"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// TestSyncWhileTheSiteChanges publishes and edits posts while a backfill
// and then a sync are under way (from inside the store's transactions, so
// at the worst moments): nothing is missed, nothing is stored twice, and a
// following sync finds nothing left to do. On a site that ignores
// modified_after, the light listing comes before any store, so an edit
// made while the pass stores is for the next pass.
func TestSyncWhileTheSiteChanges(t *testing.T) {
	t.Run("fast path", func(t *testing.T) { syncWhileTheSiteChanges(t, false) })
	t.Run("light listing", func(t *testing.T) { syncWhileTheSiteChanges(t, true) })
}

func syncWhileTheSiteChanges(t *testing.T, legacy bool) {
	ctx := context.Background()
	srv := newServer(t, wptest.Options{Posts: 1000, Seed: 9, IgnoreModifiedAfter: legacy})
	db := openStore(t)
	hs := &hookStore{Store: db}
	h := newHarvester(hs)
	site := testSite(t, "news", srv.URL)
	c := &clock{t: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)} // after every generated post

	// A sync of a site never backfilled backfills it first. During the
	// backfill a post is published early (it lands past the last page), a
	// stored post is edited, and a post is published once every page is
	// fetched (when the backfill records its run): the backfill cannot see
	// those two, the sync pass after it must.
	recorded := false
	hs.setHook(func(n int, posts []harvester.Post) {
		switch {
		case n == 1:
			srv.Site().Add(c.next())
		case n == 3:
			srv.Site().Edit(5, c.next())
		case posts == nil && !recorded:
			recorded = true
			srv.Site().Add(c.next())
		}
	})
	res := h.Sync(ctx, site)
	if res.Err != nil || res.Kind != "backfill+sync" {
		t.Fatalf("first sync: %+v", res)
	}
	if !recorded {
		t.Fatal("the backfill did not record its run")
	}
	checkMatchesSite(t, db, "news", srv, nil)

	// 250 edits (three pages of changes), then a sync during which an
	// edited post is edited again right after the pass stored it, an old
	// post and post 5 are edited, and a post is published. (An edit made
	// after the pass's last request is for the next sync.)
	for i := range int64(250) {
		srv.Site().Edit(100+3*i, c.next())
	}
	var again int64
	hs.setHook(func(n int, posts []harvester.Post) {
		switch {
		case n == 1 && len(posts) > 0:
			again = posts[0].ID
			srv.Site().Edit(again, c.next())
			srv.Site().Edit(900, c.next())
			srv.Site().Add(c.next())
		case n == 2 && len(posts) > 0:
			srv.Site().Edit(5, c.next())
		}
	})
	srv.Site().ResetCounters()
	res = h.Sync(ctx, site)
	hs.setHook(nil)
	if info, _ := srv.Site().Post(again); again == 0 || info.Edits != 2 {
		t.Fatalf("post %d edited %d times", again, info.Edits)
	}
	if _, modified := countLogged(srv, "orderby", "modified"); modified < 3 {
		t.Fatalf("%d modified listing requests: the test did not span several pages", modified)
	}
	if legacy {
		if _, include := countLogged(srv, "orderby", "include"); res.Err != nil || !res.Fallback || include != 3 || res.Stats.Updated != 250 {
			t.Fatalf("sync during edits: %d include batches, %+v", include, res)
		}
		res = h.Sync(ctx, site) // the edits made while the first pass stored
		if res.Err != nil || res.Stats.New != 1 || res.Stats.Updated != 3 {
			t.Fatalf("next sync: %+v", res)
		}
	} else if res.Err != nil || res.Stats.New != 1 || res.Stats.Updated != 250+3 {
		t.Fatalf("sync during edits: %+v", res)
	}
	checkMatchesSite(t, db, "news", srv, nil)

	tx := db.TxID()
	if res := h.Sync(ctx, site); res.Err != nil || res.Stats.New+res.Stats.Updated != 0 {
		t.Fatalf("sync after: %+v", res)
	}
	if db.TxID() != tx {
		t.Fatal("a sync after a complete one wrote something")
	}
}
