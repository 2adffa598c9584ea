package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// TestSyncEditsTrashAndHistory runs sync in-process against a site that
// changes between runs, and reads a post's versions back with history.
func TestSyncEditsTrashAndHistory(t *testing.T) {
	srv := wptest.NewServer(wptest.Options{Posts: 150, RetryAfter: "0"})
	defer srv.Close()
	dir := t.TempDir()
	dbFile := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "c.yaml")
	writeFile(t, cfg, "db: "+dbFile+"\ndefaults: {rate: 0, retries: 1}\nsites:\n  - name: news\n    url: "+srv.URL+"\n")

	code, stdout, stderr := runMain(t, "sync", "--config", cfg, "--log-level", "warn")
	if code != 0 || !regexp.MustCompile(`news +ok +backfill\+sync: new 150, changed 0`).MatchString(stdout) {
		t.Fatalf("first sync exited %d:\n%s%s", code, stdout, stderr)
	}

	now := time.Now().UTC().Truncate(time.Second)
	srv.Site().Edit(3, now)
	srv.Site().Edit(4, now.Add(time.Second))
	srv.Site().Trash(5)
	code, stdout, stderr = runMain(t, "sync", "--config", cfg, "--reconcile", "--log-level", "warn")
	want := regexp.MustCompile(`news +ok +sync: new 0, changed 2, unchanged \d+, deleted 1, restored 0; \d+ requests, .* \(reconciled\)`)
	if code != 0 || !want.MatchString(stdout) {
		t.Fatalf("sync after edits exited %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runMain(t, "sync", "--config", cfg, "--log-level", "warn")
	if code != 0 || !strings.Contains(stdout, "sync: new 0, changed 0,") || strings.Contains(stdout, "reconciled") {
		t.Fatalf("sync without changes exited %d:\n%s", code, stdout)
	}

	db, err := store.Open(dbFile, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := db.Post("news", "post", 3)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runMain(t, "history", p.GUID, "--db", dbFile)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "SITE") ||
		!regexp.MustCompile(`^news +3 +1 +\S+ +- `).MatchString(lines[1]) ||
		!regexp.MustCompile(`^news +3 +2 +`+now.Format(time.RFC3339)+` +- .*\(updated 1\)`).MatchString(lines[2]) {
		t.Fatalf("history exited %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runMain(t, "history", p.GUID, "--db", dbFile, "--json")
	lines = strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], `"version":1,`) || !strings.Contains(lines[1], `"version":2,`) {
		t.Fatalf("history --json exited %d:\n%s", code, stdout)
	}

	// The trashed post: kept, with its deleted_at, out of the default export.
	db, err = store.Open(dbFile, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	trashed, _, err := db.Post("news", "post", 5)
	db.Close()
	if err != nil || trashed.DeletedAt == nil {
		t.Fatalf("trashed post: %+v %v", trashed, err)
	}
	code, stdout, _ = runMain(t, "history", trashed.GUID, "--db", dbFile)
	if code != 0 || !regexp.MustCompile(`news +5 +1 +\S+ +20\d\d-`).MatchString(stdout) {
		t.Fatalf("history of a deleted post exited %d:\n%s", code, stdout)
	}
	out := filepath.Join(dir, "out.ndjson")
	if code, _, _ := runMain(t, "export", "--db", dbFile, "-o", out); code != 0 || countLines(t, out) != 149 {
		t.Fatalf("export exited %d with %d lines, want 149", code, countLines(t, out))
	}
}
