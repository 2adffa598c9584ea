package harvester_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// backfillAndCheck backfills a look-alike site and checks that the export
// holds every published post exactly once, as valid records.
func backfillAndCheck(t *testing.T, opts wptest.Options) (*wptest.Server, harvester.Result) {
	t.Helper()
	srv := newServer(t, opts)
	db := openStore(t)
	res := newHarvester(db).Backfill(context.Background(), testSite(t, "news", srv.URL))
	if res.Err != nil {
		t.Fatalf("backfill: %v", res.Err)
	}
	lines := exportLines(t, db, store.ExportOptions{})
	if len(lines) != opts.Posts {
		t.Fatalf("exported %d lines, want %d", len(lines), opts.Posts)
	}
	ids := checkRecords(t, "news", lines)
	for _, id := range srv.Site().PostIDs() {
		if !ids[id] {
			t.Fatalf("post %d missing from the export", id)
		}
	}
	if res.Stats.New != opts.Posts {
		t.Fatalf("stats %+v, want %d new", res.Stats, opts.Posts)
	}
	t.Logf("%d posts in %v: %d requests (server counted %d), %d bytes, %.0f posts/s",
		opts.Posts, res.Duration, res.Requests, srv.Site().Requests(), res.Bytes, float64(opts.Posts)/res.Duration.Seconds())
	return srv, res
}

func TestBackfill2000Posts(t *testing.T) {
	srv, res := backfillAndCheck(t, wptest.Options{Posts: 2000, Seed: 7})
	// robots.txt, discovery, 20 pages of 100, and one page past the end
	// (the last page was full, so the harvester checks for posts published
	// meanwhile).
	if res.Requests > 24 {
		t.Fatalf("%d requests for 20 pages of posts", res.Requests)
	}
	if got := srv.Site().Requests(); got != res.Requests {
		t.Fatalf("server counted %d requests, client %d", got, res.Requests)
	}
}

func TestBackfillSiteVariants(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts wptest.Options
	}{
		{"plain permalinks only", wptest.Options{Posts: 2000, PlainPermalinks: true}},
		{"per_page capped at 50", wptest.Options{Posts: 2000, PerPageCap: 50}},
		{"no paging headers", wptest.Options{Posts: 2000, NoPagingHeaders: true}},
		{"discovery by html link only", wptest.Options{Posts: 150, NoLinkHeader: true}},
		{"no discovery hints", wptest.Options{Posts: 150, NoDiscovery: true}},
		{"no discovery hints, plain permalinks", wptest.Options{Posts: 150, NoDiscovery: true, PlainPermalinks: true}},
		{"site under a sub-path", wptest.Options{Posts: 150, BasePath: "/news"}},
		{"empty site", wptest.Options{Posts: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := backfillAndCheck(t, tc.opts)
			if tc.opts.PerPageCap > 0 {
				for _, r := range srv.Site().Log() {
					if strings.Contains(r.URL, "per_page=100") && r.Status == 200 {
						t.Fatalf("a per_page=100 request succeeded on a capped site: %s", r.URL)
					}
				}
			}
		})
	}
}

func TestBackfillSurvivesFaultsOnEveryFifthRequest(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 2000, Seed: 3})
	srv.Site().SetFaults(wptest.EveryNth(5, wptest.Fault429, wptest.Fault503, wptest.FaultTruncatedJSON, wptest.FaultHTML200))
	db := openStore(t)
	res := newHarvester(db).Backfill(context.Background(), testSite(t, "news", srv.URL))
	if res.Err != nil {
		t.Fatalf("backfill with faults: %v", res.Err)
	}
	lines := exportLines(t, db, store.ExportOptions{})
	if len(lines) != 2000 {
		t.Fatalf("exported %d lines, want 2000", len(lines))
	}
	checkRecords(t, "news", lines)
	throttled := 0
	for _, r := range srv.Site().Log() {
		if r.Status == 429 || r.Status == 503 {
			throttled++
		}
	}
	// 20 pages and the page past the end, plus one retry per fault: one
	// fault in five requests means at least 5 extra requests.
	if listing := srv.Site().ListingRequests(); throttled < 2 || listing < 21+5 {
		t.Fatalf("%d throttled answers, %d listing requests: the faults were not exercised", throttled, listing)
	}
}

func TestBackfillOfAnHTMLAnsweringSiteFailsAndKeepsTheArchive(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 300})
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "news", srv.URL)
	if res := h.Backfill(context.Background(), site); res.Err != nil {
		t.Fatal(res.Err)
	}
	before := exportLines(t, db, store.ExportOptions{Raw: true})

	srv.Site().SetFaults(wptest.Always(wptest.FaultHTML200))
	res := h.Backfill(context.Background(), site)
	if res.Err == nil || !errors.Is(res.Err, harvester.ErrNotJSON) {
		t.Fatalf("err = %v, want ErrNotJSON", res.Err)
	}
	if !strings.Contains(res.Err.Error(), "HTML instead of JSON") || !strings.Contains(res.Err.Error(), "site news") {
		t.Fatalf("message does not say what happened: %v", res.Err)
	}
	after := exportLines(t, db, store.ExportOptions{Raw: true})
	if !bytes.Equal(bytes.Join(before, []byte("\n")), bytes.Join(after, []byte("\n"))) {
		t.Fatal("the archive changed after a failed run")
	}
	st, err := db.SiteState("news")
	if err != nil {
		t.Fatal(err)
	}
	if st.LastRun == nil || !strings.Contains(st.LastRun.Error, "HTML") {
		t.Fatalf("last run not recorded with its error: %+v", st.LastRun)
	}
}

// failingStore fails SavePage after a number of pages, like a process that
// dies halfway.
type failingStore struct {
	harvester.Store
	pages, failAfter int
}

var errDied = errors.New("died")

func (s *failingStore) SavePage(site string, posts []harvester.Post, st harvester.SiteState) (harvester.PageStats, error) {
	if len(posts) > 0 {
		s.pages++
		if s.pages > s.failAfter {
			return harvester.PageStats{}, errDied
		}
	}
	return s.Store.SavePage(site, posts, st)
}

func TestBackfillResumesFromTheCursor(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 2000})
	db := openStore(t)
	site := testSite(t, "news", srv.URL)
	site.Parallelism = 1
	res := newHarvester(&failingStore{Store: db, failAfter: 10}).Backfill(context.Background(), site)
	if !errors.Is(res.Err, errDied) {
		t.Fatalf("err = %v", res.Err)
	}
	firstRun := srv.Site().Requests()
	srv.Site().ResetCounters()

	res = newHarvester(db).Backfill(context.Background(), site)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	lines := exportLines(t, db, store.ExportOptions{})
	if len(lines) != 2000 {
		t.Fatalf("%d lines after resume", len(lines))
	}
	checkRecords(t, "news", lines)
	// 10 pages were stored; the resume starts again at page 10 (one page of
	// overlap) and needs no discovery.
	if got := srv.Site().Requests(); got > 13 {
		t.Fatalf("resume made %d requests (first run %d), want at most 13", got, firstRun)
	}
	if res.Stats.Unchanged != 100 || res.Stats.New != 1000 {
		t.Fatalf("resume stats %+v, want 100 unchanged (the overlap page) and 1000 new", res.Stats)
	}
}

func TestRunSitesDeadHostDoesNotStopTheOthers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	srv := newServer(t, wptest.Options{Posts: 120})
	db := openStore(t)
	sites := []config.Site{testSite(t, "dead", dead), testSite(t, "live", srv.URL)}
	sites[0].Retries = 1
	results := harvester.RunSites(context.Background(), sites, 2, newHarvester(db).Backfill)
	if results[0].Err == nil || !strings.Contains(results[0].Err.Error(), "site dead") || !strings.Contains(results[0].Err.Error(), "connection refused") {
		t.Fatalf("dead site: %v", results[0].Err)
	}
	if results[1].Err != nil || results[1].Stats.New != 120 {
		t.Fatalf("live site: %+v", results[1])
	}
	if harvester.Failed(results) != 1 {
		t.Fatal("Failed() should count one failure")
	}
}

func TestBackfillRejectsOversizedAnswers(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 300})
	db := openStore(t)
	site := testSite(t, "news", srv.URL)
	site.MaxBodyBytes = 50 << 10
	res := newHarvester(db).Backfill(context.Background(), site)
	if !errors.Is(res.Err, harvester.ErrBodyTooLarge) {
		t.Fatalf("err = %v, want ErrBodyTooLarge", res.Err)
	}
	if n := len(exportLines(t, db, store.ExportOptions{})); n != 0 {
		t.Fatalf("%d posts stored from truncated answers", n)
	}
}

func TestBackfillRemembersAPerPageCap(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 120, PerPageCap: 20})
	db := openStore(t)
	if res := newHarvester(db).Backfill(context.Background(), testSite(t, "news", srv.URL)); res.Err != nil {
		t.Fatal(res.Err)
	}
	st, err := db.SiteState("news")
	if err != nil {
		t.Fatal(err)
	}
	if st.PerPage != 20 || !st.Backfill.Complete || st.Backfill.Total != 120 {
		t.Fatalf("state %+v", st)
	}
}
