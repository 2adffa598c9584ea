package harvester_test

import (
	"bufio"
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// hookStore calls onSave before every SavePage (the run record's too), so
// that a test can change the site while a run is under way.
type hookStore struct {
	harvester.Store
	mu     sync.Mutex
	saves  int
	onSave func(n int, posts []harvester.Post)
}

func (s *hookStore) SavePage(site string, posts []harvester.Post, st harvester.SiteState) (harvester.PageStats, error) {
	s.mu.Lock()
	s.saves++
	if s.onSave != nil {
		s.onSave(s.saves, posts)
	}
	s.mu.Unlock()
	return s.Store.SavePage(site, posts, st)
}

// setHook replaces the hook and resets the save count.
func (s *hookStore) setHook(f func(n int, posts []harvester.Post)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves, s.onSave = 0, f
}

// clock hands out strictly increasing edit times, one minute apart.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) next() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// state reads a site's state.
func state(t testing.TB, db *store.DB, site string) harvester.SiteState {
	t.Helper()
	st, err := db.SiteState(site)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// post reads a stored post.
func post(t testing.TB, db *store.DB, site string, id int64) harvester.Post {
	t.Helper()
	p, ok, err := db.Post(site, "post", id)
	if err != nil || !ok {
		t.Fatalf("post %d of %s: found %v, %v", id, site, ok, err)
	}
	return p
}

// exportRecords exports a site (optionally with deleted posts) and returns
// each current record without raw, by id.
func exportRecords(t testing.TB, db *store.DB, site string, includeDeleted bool) map[int64]string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(context.Background(), &buf, store.ExportOptions{Sites: []string{site}, IncludeDeleted: includeDeleted}); err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		// The id is the first "id" field of a record (site and guid come
		// before it); decoding 10,000 whole records would be slow.
		line := sc.Bytes()
		i := bytes.Index(line, []byte(`,"id":`))
		if i < 0 {
			t.Fatalf("record without an id: %.200s", line)
		}
		rest := line[i+len(`,"id":`):]
		id, err := strconv.ParseInt(string(rest[:bytes.IndexByte(rest, ',')]), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[id]; dup {
			t.Fatalf("post %d exported twice", id)
		}
		out[id] = sc.Text()
	}
	return out
}

// checkMatchesSite asserts that the archive holds every published post of
// the site exactly once, at its current modified_gmt, with one version per
// edit the site saw (every edit was harvested) plus extra[id] (restores),
// and nothing else live.
func checkMatchesSite(t testing.TB, db *store.DB, site string, srv *wptest.Server, extra map[int64]int) {
	t.Helper()
	recs := exportRecords(t, db, site, false)
	ids := srv.Site().PostIDs()
	if len(recs) != len(ids) {
		t.Fatalf("%d posts exported, the site has %d", len(recs), len(ids))
	}
	for _, id := range ids {
		if _, ok := recs[id]; !ok {
			t.Fatalf("post %d missing", id)
		}
		info, _ := srv.Site().Post(id)
		p := post(t, db, site, id)
		if !p.ModifiedGMT.Equal(info.ModifiedGMT) || p.Version != info.Edits+1+extra[id] || p.DeletedAt != nil {
			t.Fatalf("post %d: stored modified %s version %d, site modified %s after %d edits",
				id, p.ModifiedGMT, p.Version, info.ModifiedGMT, info.Edits)
		}
		if info.Edits > 0 && !strings.Contains(p.Title, "(updated") {
			t.Fatalf("post %d: title %q lacks the edit", id, p.Title)
		}
	}
}

// countLogged counts the logged requests other than robots.txt, and those
// whose query has key=value (any value when value is "").
func countLogged(srv *wptest.Server, key, value string) (api, matching int) {
	for _, r := range srv.Site().Log() {
		if r.Route == wptest.RouteRobots {
			continue
		}
		api++
		u, err := url.Parse(r.URL)
		if err != nil {
			continue
		}
		q := u.Query()
		if value == "" && q.Has(key) || value != "" && q.Get(key) == value {
			matching++
		}
	}
	return api, matching
}
