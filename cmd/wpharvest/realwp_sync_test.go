//go:build realwp

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wpharvest/wpharvest/harvester"
)

// Issue 4 against a real WordPress: edits, trash, deletes and new posts.

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
