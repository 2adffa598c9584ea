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
