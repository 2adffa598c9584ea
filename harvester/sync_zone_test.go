package harvester_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// zone loads a named zone, falling back to a fixed zone of the same offset
// when the system has no zone database.
func zone(t *testing.T, name string, offset time.Duration) *time.Location {
	t.Helper()
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, int(offset.Seconds()))
}

// TestSyncFarFromUTC edits posts in the very second of the high-water mark
// and one second later on sites at UTC+14 and UTC-11. WordPress compares
// modified_after with site-local times; the sync sends it in UTC (with a
// Z), so even with a one-second overlap nothing is missed, and with the
// default overlap nothing is either.
func TestSyncFarFromUTC(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration
	}{{"Pacific/Kiritimati", 14 * time.Hour}, {"Pacific/Pago_Pago", -11 * time.Hour}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			srv := newServer(t, wptest.Options{Posts: 300, Seed: 4, Timezone: zone(t, tc.name, tc.offset)})
			db := openStore(t)
			h := newHarvester(db)
			site := testSite(t, "news", srv.URL)
			if res := h.Backfill(ctx, site); res.Err != nil {
				t.Fatal(res.Err)
			}
			for _, overlap := range []time.Duration{time.Second, harvester.DefaultOverlap} {
				h.SyncOptions.Overlap = overlap
				hw := state(t, db, "news").HighWater
				// Two posts that are not the high-water post itself.
				var ids []int64
				for _, id := range srv.Site().PostIDs() {
					if p := post(t, db, "news", id); !p.ModifiedGMT.Equal(hw) && len(ids) < 2 {
						ids = append(ids, id)
					}
				}
				srv.Site().Edit(ids[0], hw)
				srv.Site().Edit(ids[1], hw.Add(time.Second))
				srv.Site().ResetCounters()
				res := h.Sync(ctx, site)
				if res.Err != nil || res.Stats.Updated != 2 || res.Fallback {
					t.Fatalf("overlap %v: %+v", overlap, res)
				}
				for _, id := range ids {
					if p := post(t, db, "news", id); !strings.Contains(p.Title, "(updated") {
						t.Fatalf("overlap %v: edit of post %d missed", overlap, id)
					}
				}
				want := hw.Add(-overlap).UTC().Format("2006-01-02T15:04:05") + "Z"
				if _, n := countLogged(srv, "modified_after", want); n != 1 {
					t.Fatalf("no request with modified_after=%s: %+v", want, srv.Site().Log())
				}
				if !state(t, db, "news").HighWater.Equal(hw.Add(time.Second)) {
					t.Fatalf("high water %s, want %s", state(t, db, "news").HighWater, hw.Add(time.Second))
				}
			}
			checkMatchesSite(t, db, "news", srv, nil)
		})
	}
}
