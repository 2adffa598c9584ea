package harvester_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// testSite returns site settings for a loopback look-alike: no politeness
// delay, short timeouts, a few retries.
func testSite(t testing.TB, name, url string) config.Site {
	t.Helper()
	s := config.DefaultSettings()
	s.Rate = 0
	s.Retries = 4
	s.Timeout = config.Duration(5 * time.Second)
	s.Parallelism = 2
	site, err := config.SiteFromURL(url, s)
	if err != nil {
		t.Fatal(err)
	}
	site.Name = name
	return site
}

// openStore opens a bbolt file in t.TempDir().
func openStore(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newHarvester returns a harvester with short retry waits.
func newHarvester(db harvester.Store) *harvester.Harvester {
	return &harvester.Harvester{
		Store:  db,
		Logger: zerolog.Nop(),
		Fetch:  harvester.FetchOptions{RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond, Logger: zerolog.Nop()},
	}
}

// newServer starts a look-alike site that answers Retry-After: 0.
func newServer(t testing.TB, opts wptest.Options) *wptest.Server {
	t.Helper()
	if opts.RetryAfter == "" {
		opts.RetryAfter = "0"
	}
	srv := wptest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// exportLines exports the archive and returns its lines.
func exportLines(t testing.TB, db *store.DB, opts store.ExportOptions) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := db.Export(context.Background(), &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if n != len(lines) {
		t.Fatalf("Export said %d lines, wrote %d", n, len(lines))
	}
	return lines
}

var (
	tagPattern    = regexp.MustCompile(`<[a-zA-Z/!][^>]*>`)
	entityPattern = regexp.MustCompile(`&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);`)
	contractKeys  = []string{"author", "categories", "content_html", "date_gmt", "deleted_at", "excerpt", "fetched_at",
		"guid", "id", "link", "modified_gmt", "site", "slug", "status", "tags", "text", "title", "type", "version"}
)

// checkRecords asserts that every line is a valid record of the NDJSON
// contract for site, and returns the ids seen (each must appear once).
func checkRecords(t testing.TB, site string, lines [][]byte) map[int64]bool {
	t.Helper()
	ids := map[int64]bool{}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, contractKeys) {
			t.Fatalf("line %d keys = %v, want %v", i+1, keys, contractKeys)
		}
		var p harvester.Post
		if err := json.Unmarshal(line, &p); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if p.Site != site || p.GUID == "" || p.ID <= 0 || p.Type != "post" || p.Status != "publish" || p.Version != 1 || p.DeletedAt != nil {
			t.Fatalf("line %d: bad record %+v", i+1, p)
		}
		for _, k := range []string{"date_gmt", "modified_gmt", "fetched_at"} {
			s, _ := m[k].(string)
			if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "Z") {
				t.Fatalf("line %d: %s = %q is not RFC3339 UTC", i+1, k, s)
			}
		}
		for field, v := range map[string]string{"title": p.Title, "text": p.Text, "excerpt": p.Excerpt} {
			if tagPattern.MatchString(v) {
				t.Fatalf("line %d: %s has a tag: %q", i+1, field, tagPattern.FindString(v))
			}
			if entityPattern.MatchString(v) {
				t.Fatalf("line %d: %s has an entity: %q", i+1, field, entityPattern.FindString(v))
			}
		}
		if p.Title == "" || p.Text == "" {
			t.Fatalf("line %d: empty title or text", i+1)
		}
		if ids[p.ID] {
			t.Fatalf("id %d exported twice", p.ID)
		}
		ids[p.ID] = true
	}
	return ids
}
