//go:build realwp

package main

// The integration suite against a real WordPress (Debian's package, run by
// scripts/realwp/realwp.sh on loopback). It is built only with the realwp
// tag, which .ci/run sets after installing the packages; run it by hand as
// root with
//
//	bash scripts/realwp/realwp.sh install
//	go test -tags realwp -run RealWP -v ./cmd/wpharvest
//
// Each test starts its own WordPress in a temporary directory and stops it.
// A failure to install, start or seed WordPress fails the test: once asked
// for, this suite never skips.

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/htmltext"
	"github.com/wpharvest/wpharvest/store"
)

// realWP is a running WordPress started for one test.
type realWP struct {
	t     *testing.T
	state string
	URL   string
}

func realwpScript(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../scripts/realwp/realwp.sh")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// startWordPress starts WordPress in mode ("pretty" or "plain") with n
// seeded posts and stops it when the test ends.
func startWordPress(t *testing.T, mode string, n int) *realWP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	wp := &realWP{t: t, state: filepath.Join(t.TempDir(), "wp")}
	t.Cleanup(func() { wp.run("stop", wp.state) })
	out := wp.run("start", wp.state, strconv.Itoa(port), mode)
	wp.URL = "http://127.0.0.1:" + strconv.Itoa(port)
	t.Logf("WordPress (%s) at %s: %s", mode, wp.URL, strings.TrimSpace(out))
	start := time.Now()
	out = wp.run("seed", wp.state, strconv.Itoa(n))
	t.Logf("%s in %v", strings.TrimSpace(out), time.Since(start).Round(time.Millisecond))
	return wp
}

// run runs the realwp script and returns its stdout; failure fails the test.
func (wp *realWP) run(args ...string) string {
	wp.t.Helper()
	cmd := exec.Command("bash", append([]string{realwpScript(wp.t)}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		wp.t.Fatalf("realwp.sh %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// wpPost is one line of `realwp.sh dump-posts`: the database's view.
type wpPost struct {
	ID          int64  `json:"id"`
	Status      string `json:"status"`
	Title       string `json:"title"`
	Link        string `json:"link"`
	GUID        string `json:"guid"`
	DateGMT     string `json:"date_gmt"`
	ModifiedGMT string `json:"modified_gmt"`
}

func (wp *realWP) posts() map[int64]wpPost {
	wp.t.Helper()
	var list []wpPost
	if err := json.Unmarshal([]byte(wp.run("dump-posts", wp.state)), &list); err != nil {
		wp.t.Fatalf("dump-posts: %v", err)
	}
	m := make(map[int64]wpPost, len(list))
	for _, p := range list {
		m[p.ID] = p
	}
	return m
}

// harvestConfig writes a config for the WordPress site into dir.
func harvestConfig(t *testing.T, dir, url string) string {
	t.Helper()
	cfg := filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, fmt.Sprintf("db: %s\ndefaults: {rate: 0, parallelism: 4, timeout: 60s}\nsites:\n  - name: real\n    url: %s\n",
		filepath.Join(dir, "archive.db"), url))
	return cfg
}

// exportedPosts reads the archive back through the export.
func exportedPosts(t *testing.T, db string) []harvester.Post {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.ndjson")
	if code, _, stderr := runMain(t, "export", "--db", db, "-o", out); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var posts []harvester.Post
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if line == "" {
			continue
		}
		var p harvester.Post
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		posts = append(posts, p)
	}
	return posts
}

// checkAgainstDatabase asserts that the archive holds every published post
// of WordPress exactly once, with title, link and dates as WordPress has
// them.
func checkAgainstDatabase(t *testing.T, posts []harvester.Post, want map[int64]wpPost) {
	t.Helper()
	seen := map[int64]bool{}
	for _, p := range posts {
		w, ok := want[p.ID]
		if !ok {
			t.Fatalf("post %d is archived but not published", p.ID)
		}
		if seen[p.ID] {
			t.Fatalf("post %d archived twice", p.ID)
		}
		seen[p.ID] = true
		if wt := htmltext.Inline(w.Title); p.Title != wt {
			t.Fatalf("post %d: title %q, WordPress's get_the_title decoded is %q (raw %q)", p.ID, p.Title, wt, w.Title)
		}
		if p.Link != w.Link {
			t.Fatalf("post %d: link %q, want %q", p.ID, p.Link, w.Link)
		}
		for name, pair := range map[string][2]any{"date_gmt": {p.DateGMT, w.DateGMT}, "modified_gmt": {p.ModifiedGMT, w.ModifiedGMT}} {
			want, err := time.ParseInLocation("2006-01-02T15:04:05", pair[1].(string), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if got := pair[0].(time.Time); !got.Equal(want) || got.Location() != time.UTC {
				t.Fatalf("post %d: %s %v, want %v UTC", p.ID, name, got, want)
			}
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("%d posts archived, WordPress has %d published", len(seen), len(want))
	}
	// The seed writes ASCII quotes, dashes and raw & that WordPress
	// texturizes into entities: the archive must hold the characters.
	var curly, amp int
	for _, p := range posts {
		if strings.Contains(p.Title, "&#") || strings.Contains(p.Title, "&amp;") || strings.Contains(p.Text, "&#") {
			t.Fatalf("post %d: entity left in %q", p.ID, p.Title)
		}
		if strings.ContainsAny(p.Title, "“”’—–") {
			curly++
		}
		if strings.Contains(p.Title, "&") {
			amp++
		}
	}
	if curly == 0 || amp == 0 {
		t.Fatalf("no texturized titles (%d) or titles with & (%d): the seed or the decoding changed", curly, amp)
	}
}

func TestRealWPBackfillPrettyPermalinks(t *testing.T) {
	wp := startWordPress(t, "pretty", 1000)
	dir := t.TempDir()
	cfg := harvestConfig(t, dir, wp.URL)
	start := time.Now()
	code, stdout, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "warn")
	if code != 0 {
		t.Fatalf("backfill exited %d:\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("backfill of 1000 real posts: %v\n%s", time.Since(start).Round(time.Millisecond), stdout)
	checkAgainstDatabase(t, exportedPosts(t, filepath.Join(dir, "archive.db")), wp.posts())
	checkDuplicateGUIDsKept(t, filepath.Join(dir, "archive.db"))
}

func TestRealWPBackfillPlainPermalinks(t *testing.T) {
	wp := startWordPress(t, "plain", 300)
	dir := t.TempDir()
	cfg := harvestConfig(t, dir, wp.URL)
	code, stdout, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "warn")
	if code != 0 {
		t.Fatalf("backfill exited %d:\n%s\n%s", code, stdout, stderr)
	}
	checkAgainstDatabase(t, exportedPosts(t, filepath.Join(dir, "archive.db")), wp.posts())
	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.SiteState("real")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.APIRoot, "rest_route=") {
		t.Fatalf("plain-permalink site harvested through %q", st.APIRoot)
	}
}

// checkDuplicateGUIDsKept: the seed gives some posts the GUID of the post
// before them; both must be archived under distinct keys.
func checkDuplicateGUIDsKept(t *testing.T, path string) {
	t.Helper()
	posts := exportedPosts(t, path)
	byGUID := map[string][]int64{}
	for _, p := range posts {
		byGUID[p.GUID] = append(byGUID[p.GUID], p.ID)
	}
	dups := 0
	for _, ids := range byGUID {
		if len(ids) > 1 {
			dups++
		}
	}
	if dups == 0 {
		t.Fatal("the seed makes posts share a GUID, but the archive has no shared GUID: one overwrote the other?")
	}
}

// syncFigures reads a sync summary line.
var syncFigures = regexp.MustCompile(`new (\d+), changed (\d+), unchanged (\d+), deleted (\d+), restored (\d+); (\d+) requests`)

func parseSync(t *testing.T, stdout string) (nums [6]int) {
	t.Helper()
	m := syncFigures.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no sync summary in:\n%s", stdout)
	}
	for i := range nums {
		nums[i], _ = strconv.Atoi(m[i+1])
	}
	return nums
}

func TestRealWPSyncAfterEditsTrashDeletesAndNewPosts(t *testing.T) {
	wp := startWordPress(t, "pretty", 1000)
	dir := t.TempDir()
	cfg := harvestConfig(t, dir, wp.URL)
	db := filepath.Join(dir, "archive.db")
	if code, stdout, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "warn"); code != 0 {
		t.Fatalf("backfill exited %d:\n%s\n%s", code, stdout, stderr)
	}

	ids := make([]int64, 0, 1000)
	for id := range wp.posts() {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	edited := []string{fmt.Sprint(ids[10]), fmt.Sprint(ids[500]), fmt.Sprint(ids[900])}
	trashed := []string{fmt.Sprint(ids[20]), fmt.Sprint(ids[21])}
	deleted := []string{fmt.Sprint(ids[30])}
	unpublished := []string{fmt.Sprint(ids[40])}
	wp.run(append([]string{"edit", wp.state}, edited...)...)
	wp.run(append([]string{"trash", wp.state}, trashed...)...)
	wp.run(append([]string{"delete", wp.state}, deleted...)...)
	wp.run(append([]string{"unpublish", wp.state}, unpublished...)...)
	added := strings.Fields(wp.run("add", wp.state, "2"))

	// The incremental pass fetches the edited and the new posts only.
	code, stdout, stderr := runMain(t, "sync", "--config", cfg, "--log-level", "warn")
	if code != 0 {
		t.Fatalf("sync exited %d:\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("sync: %s", strings.TrimSpace(stdout))
	n := parseSync(t, stdout)
	if n[0] != len(added) || n[1] != len(edited) {
		t.Fatalf("sync stored %d new and %d changed, want %d and %d", n[0], n[1], len(added), len(edited))
	}
	// robots.txt and one page of posts modified after the high-water mark.
	if n[5] > 3 {
		t.Fatalf("sync made %d requests, want at most 3", n[5])
	}

	// A reconcile notices what vanished: trashed, deleted and unpublished.
	code, stdout, stderr = runMain(t, "sync", "--config", cfg, "--reconcile", "--log-level", "warn")
	if code != 0 {
		t.Fatalf("sync --reconcile exited %d:\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("sync --reconcile: %s", strings.TrimSpace(stdout))
	n = parseSync(t, stdout)
	gone := len(trashed) + len(deleted) + len(unpublished)
	if n[3] != gone || n[0] != 0 || n[1] != 0 {
		t.Fatalf("reconcile: %v, want %d deleted and nothing new or changed", n, gone)
	}

	// The archive: current posts equal WordPress's published ones; the
	// vanished ones are kept with deleted_at; the edited ones have two versions.
	checkAgainstDatabase(t, exportedPosts(t, db), wp.posts())
	out := filepath.Join(t.TempDir(), "all.ndjson")
	if code, _, stderr := runMain(t, "export", "--db", db, "--include-deleted", "--versions", "-o", out); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]int{}
	deletedAt := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var p harvester.Post
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(p.ID)
		versions[id]++
		if p.DeletedAt != nil {
			deletedAt[id] = true
		}
	}
	for _, id := range edited {
		if versions[id] != 2 {
			t.Fatalf("edited post %s has %d lines with --versions, want 2", id, versions[id])
		}
	}
	for _, id := range slices.Concat(trashed, deleted, unpublished) {
		if !deletedAt[id] {
			t.Fatalf("vanished post %s is not marked deleted", id)
		}
	}
}

// wpNames is `realwp.sh dump-names`: the names WordPress shows for ids.
type wpNames struct {
	Categories []struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Slug   string `json:"slug"`
		Parent int64  `json:"parent"`
	} `json:"categories"`
	Genres []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"genres"`
	Users []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"users"`
	Counts map[string]int `json:"counts"`
}

// exportedLine is an export line with the names behind ids.
type exportedLine struct {
	ID         int64  `json:"id"`
	Type       string `json:"type"`
	Author     int64  `json:"author"`
	AuthorName string `json:"author_name"`
	Categories []int64
	Terms      map[string][]struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Slug   string `json:"slug"`
		Parent int64  `json:"parent"`
	} `json:"terms"`
}

func exportNamed(t *testing.T, db string, args ...string) []exportedLine {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.ndjson")
	if code, _, stderr := runMain(t, append([]string{"export", "--db", db, "-o", out}, args...)...); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var lines []exportedLine
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		var e exportedLine
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, e)
	}
	return lines
}

func TestRealWPTypesAndNamesBehindIDs(t *testing.T) {
	wp := startWordPress(t, "pretty", 200)
	t.Logf("%s", strings.TrimSpace(wp.run("seed-types", wp.state, "12", "7")))
	var names wpNames
	if err := json.Unmarshal([]byte(wp.run("dump-names", wp.state)), &names); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "wpharvest.yaml")
	db := filepath.Join(dir, "archive.db")
	writeFile(t, cfg, fmt.Sprintf("db: %s\ndefaults: {rate: 0, parallelism: 4, timeout: 60s, types: all}\nsites:\n  - name: real\n    url: %s\n", db, wp.URL))
	if code, stdout, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "warn"); code != 0 {
		t.Fatalf("backfill exited %d:\n%s\n%s", code, stdout, stderr)
	}

	// Posts, pages and the custom type, each with its type; --type filters.
	all := exportNamed(t, db)
	got := map[string]int{}
	for _, l := range all {
		got[l.Type]++
	}
	for _, typ := range []string{"post", "page", "book"} {
		if got[typ] != names.Counts[typ] {
			t.Fatalf("%d %s records, WordPress has %d published (all: %v)", got[typ], typ, names.Counts[typ], got)
		}
	}
	for _, l := range exportNamed(t, db, "--type", "page") {
		if l.Type != "page" {
			t.Fatalf("--type page exported a %s", l.Type)
		}
	}

	// Category names (nested, "Arts & Culture" decoded), genres of the
	// custom taxonomy, and author names, as WordPress shows them.
	catName := map[int64]string{}
	catParent := map[int64]int64{}
	for _, c := range names.Categories {
		catName[c.ID], catParent[c.ID] = c.Name, c.Parent
	}
	userName := map[int64]string{}
	for _, u := range names.Users {
		userName[u.ID] = u.Name
	}
	genreName := map[int64]string{}
	for _, g := range names.Genres {
		genreName[g.ID] = g.Name
	}
	var ampersand, nested, genres int
	for _, l := range all {
		if l.AuthorName != userName[l.Author] {
			t.Fatalf("%s %d: author_name %q, WordPress %q", l.Type, l.ID, l.AuthorName, userName[l.Author])
		}
		for _, c := range l.Terms["category"] {
			if c.Name != catName[c.ID] || c.Parent != catParent[c.ID] {
				t.Fatalf("post %d: category %d %q (parent %d), WordPress %q (parent %d)", l.ID, c.ID, c.Name, c.Parent, catName[c.ID], catParent[c.ID])
			}
			if strings.Contains(c.Name, " & ") {
				ampersand++
			}
			if c.Parent != 0 {
				nested++
			}
		}
		for _, g := range l.Terms["genre"] {
			if g.Name != genreName[g.ID] {
				t.Fatalf("book %d: genre %q, WordPress %q", l.ID, g.Name, genreName[g.ID])
			}
			genres++
		}
	}
	if ampersand == 0 || nested == 0 || genres == 0 {
		t.Fatalf("the seed has categories with & (%d), nested categories (%d) and genres (%d): some were not exported", ampersand, nested, genres)
	}
}
