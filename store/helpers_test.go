package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

// t0 is the modified_gmt of first versions in tests.
var t0 = time.Date(2025, 11, 28, 4, 54, 0, 0, time.UTC)

// openTemp opens a fresh database in t.TempDir and closes it at cleanup.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "test.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// mkPost returns a post with a raw object shaped like WordPress's, with
// HTML and escaped slashes in it, and text of about size bytes.
func mkPost(id int64, guid string, modified time.Time, size int) harvester.Post {
	text := strings.Repeat("Paragraph with “quotes” & <b>tags</b>, \"raw\": not a field. ", size/60+1)[:size]
	raw := fmt.Sprintf(`{"id":%d,"guid":{"rendered":%q},"modified_gmt":"%s","title":{"rendered":"Hello &#8211; <em>world<\/em>"},"content":{"rendered":"<p>%d<\/p>","protected":false},"_links":{"self":[{"href":"https:\/\/news.example\/wp-json\/wp\/v2\/posts\/%d"}]}}`,
		id, guid, modified.Format("2006-01-02T15:04:05"), id, id)
	return harvester.Post{
		GUID:        guid,
		ID:          id,
		Type:        "post",
		Status:      "publish",
		Link:        fmt.Sprintf("https://news.example/p%d/", id),
		Slug:        fmt.Sprintf("p%d", id),
		DateGMT:     t0,
		ModifiedGMT: modified,
		Title:       "Hello – “world”",
		Text:        text,
		ContentHTML: "<p>" + text + "</p>",
		Author:      1,
		Categories:  []int64{1, 2},
		Tags:        []int64{},
		FetchedAt:   modified.Add(time.Hour),
		Raw:         json.RawMessage(raw),
	}
}

// save saves posts with an empty state and returns the stats.
func save(t testing.TB, db *DB, site string, posts ...harvester.Post) harvester.PageStats {
	t.Helper()
	st, err := db.SavePage(site, posts, harvester.SiteState{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// export runs Export and returns its lines, checking that each is a JSON
// object and that the count matches.
func export(t testing.TB, db *DB, opts ExportOptions) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	n, err := db.Export(context.Background(), &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Fatalf("export does not end with a newline: %q", out[max(0, len(out)-40):])
	}
	var lines []map[string]any
	for _, l := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("line is not JSON: %v: %q", err, l)
		}
		lines = append(lines, m)
	}
	if n != len(lines) {
		t.Fatalf("Export returned %d, wrote %d lines", n, len(lines))
	}
	return lines
}

// summary renders export lines as "site guid id version" strings.
func summary(lines []map[string]any) []string {
	var out []string
	for _, m := range lines {
		out = append(out, fmt.Sprintf("%v %v %v v%v", m["site"], m["guid"], m["id"], m["version"]))
	}
	return out
}

func equalStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// stateZero is an empty site state.
var stateZero harvester.SiteState
