package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
	"github.com/wpharvest/wpharvest/store"
)

// storiesDB saves the labelled syndication corpus into a new database, one
// SavePage per site, and returns its path and the documents.
func storiesDB(t *testing.T) (string, []storytest.Doc) {
	t.Helper()
	docs, err := storytest.Load("../../harvester/story/testdata")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bySite := map[string][]harvester.Post{}
	for _, d := range docs {
		bySite[d.Site] = append(bySite[d.Site], harvester.Post{GUID: d.GUID, ID: d.ID, Type: "post", Status: "publish",
			DateGMT: d.Date, ModifiedGMT: d.Date, Title: d.Title, Text: d.Text, Categories: []int64{}, Tags: []int64{}, FetchedAt: d.Date})
	}
	for site, posts := range bySite {
		if _, err := db.SavePage(site, posts, harvester.SiteState{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, docs
}

// earliestOf returns the earliest document of a story label.
func earliestOf(docs []storytest.Doc, label string) storytest.Doc {
	var e storytest.Doc
	for _, d := range docs {
		if d.Story == label && (e.GUID == "" || d.Date.Before(e.Date)) {
			e = d
		}
	}
	return e
}

func TestStoriesTableAndJSON(t *testing.T) {
	path, docs := storiesDB(t)
	code, stdout, stderr := runMain(t, "stories", "--db", path)
	if code != 0 {
		t.Fatalf("stories exited %d: %s", code, stderr)
	}
	vaccine := earliestOf(docs, "vaccine") // a copy that went out 15 minutes before the wire's own post
	if vaccine.Site != "capitolpost" {
		t.Fatalf("corpus changed: first vaccine post on %s", vaccine.Site)
	}
	for _, want := range []string{
		"STORY " + vaccine.GUID + "  8 sites, first by capitolpost at 2025-04-22T09:15:00Z",
		"SITE", "LEVEL", "DELAY",
		"wirenews", "+15m", "shared", "first",
	} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("stories output lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "STORY "); n != 10 {
		t.Fatalf("%d stories, want 10:\n%s", n, stdout)
	}

	code, stdout, stderr = runMain(t, "stories", "--db", path, "--json", "--min-sites", "8")
	if code != 0 {
		t.Fatalf("stories --json exited %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var s storyJSON
	if err := json.Unmarshal([]byte(lines[0]), &s); err != nil {
		t.Fatalf("not JSON: %v: %s", err, lines[0])
	}
	if len(lines) != 1 || s.ID != vaccine.GUID || len(s.Sites) != 8 || !s.Posts[0].First || s.Posts[1].DelaySeconds <= 0 {
		t.Fatalf("--min-sites 8 --json:\n%s", stdout)
	}

	code, stdout, _ = runMain(t, "stories", "--db", path, "--since", "2025-12-01")
	if code != 0 || strings.TrimSpace(stdout) != "no stories" {
		t.Fatalf("--since after every post: exit %d:\n%s", code, stdout)
	}
	if code, _, _ := runMain(t, "stories", "--db", path, "--since", "yesterday"); code != 2 {
		t.Fatalf("bad --since exited %d, want 2", code)
	}
	if code, _, _ := runMain(t, "stories", "--db", path, "--min-sites", "0"); code != 2 {
		t.Fatalf("--min-sites 0 exited %d, want 2", code)
	}
}

func TestSimilar(t *testing.T) {
	path, docs := storiesDB(t)
	storm := earliestOf(docs, "storm")
	code, stdout, stderr := runMain(t, "similar", storm.GUID, "--db", path)
	if code != 0 {
		t.Fatalf("similar exited %d: %s", code, stderr)
	}
	for _, want := range []string{"SITE", "JACCARD", "dailyplanet", "copy", "coastalgazette", "shared", "yes"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("similar output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "Shelters fill up") {
		t.Fatalf("a different story on the same storm matched:\n%s", stdout)
	}
	code, stdout, _ = runMain(t, "similar", storm.GUID, "--db", path, "--site", storm.Site, "--json")
	if code != 0 {
		t.Fatalf("similar --json exited %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var first similarJSON
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Level != "copy" || first.Of != storm.GUID || first.DateGMT.Before(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("--json first line %+v, %v", first, err)
	}
	if len(lines) != 6 { // 5 copies and 1 rewrite
		t.Fatalf("%d matches, want 6:\n%s", len(lines), stdout)
	}
	if code, _, stderr := runMain(t, "similar", "https://nowhere.example/?p=1", "--db", path); code != 1 || !strings.Contains(stderr, "no post with GUID") {
		t.Fatalf("unknown GUID: exit %d, %s", code, stderr)
	}
}

func TestFmtDelay(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "+0m"}, {40 * time.Minute, "+40m"}, {90 * time.Minute, "+1h30m"}, {2 * time.Hour, "+2h"},
		{51*time.Hour + 10*time.Minute, "+2d3h10m"}, {48 * time.Hour, "+2d"}, {-5 * time.Minute, "-5m"},
	} {
		if got := fmtDelay(c.d, false); got != c.want {
			t.Errorf("fmtDelay(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if fmtDelay(time.Hour, true) != "first" {
		t.Error("first post")
	}
}
