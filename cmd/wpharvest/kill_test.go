package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// TestBackfillKilledHalfwayResumes kills the real binary with SIGKILL in
// the middle of a backfill, runs it again, and checks that the archive is
// complete with no duplicates and that the second run needed fewer
// requests than a fresh start.
func TestBackfillKilledHalfwayResumes(t *testing.T) {
	const posts = 2000
	srv := wptest.NewServer(wptest.Options{Posts: posts, Seed: 5, Latency: 20 * time.Millisecond})
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "wpharvest.yaml")
	db := filepath.Join(dir, "archive.db")
	writeFile(t, cfg, "db: "+db+"\ndefaults: {rate: 0, parallelism: 1}\nsites:\n  - name: news\n    url: "+srv.URL+"\n")

	cmd := exec.Command("wpharvest", "backfill", "--config", cfg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once about half of the 20 pages have been served.
	deadline := time.Now().Add(30 * time.Second)
	for srv.Site().ListingRequests() < 10 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the backfill did not get halfway in 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killedAfter := srv.Site().Requests()
	srv.Site().ResetCounters()

	code, stdout, stderr := runMain(t, "backfill", "--config", cfg)
	if code != 0 {
		t.Fatalf("resume exited %d: %s %s", code, stdout, stderr)
	}
	resumed := srv.Site().Requests()
	// A fresh start needs robots.txt + discovery + 20 pages + 1 past the end.
	const fresh = 23
	if resumed >= fresh {
		t.Fatalf("resume made %d requests, a fresh start needs %d", resumed, fresh)
	}
	t.Logf("killed after %d requests; resume made %d (fresh: %d)", killedAfter, resumed, fresh)

	out := filepath.Join(dir, "out.ndjson")
	if code, _, stderr := runMain(t, "export", "--db", db, "-o", out); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != posts {
		t.Fatalf("%d lines after resume, want %d", len(lines), posts)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		i := strings.Index(l, `"id":`)
		id := l[i : i+strings.IndexByte(l[i:], ',')]
		if seen[id] {
			t.Fatalf("duplicate %s", id)
		}
		seen[id] = true
	}
}
