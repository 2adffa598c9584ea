package main

import (
	"github.com/wpharvest/wpharvest/store"
	"path/filepath"

	"github.com/wpharvest/wpharvest/harvester/wptest"
	"strings"
	"testing"
)

func TestDemoRunsOffline(t *testing.T) {
	code, stdout, stderr := runMain(t, "demo", "--log-level", "warn")
	if code != 0 {
		t.Fatalf("demo exited %d: %s", code, stderr)
	}
	for _, want := range []string{"demo", "ok", "new 250", "First records of the archive", "(id 1,", "version 1"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("demo output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "&#") || strings.Contains(stdout, "&amp;") || strings.Contains(stdout, "<p>") {
		t.Fatalf("demo shows undecoded text:\n%s", stdout)
	}
}

func TestTwoSitesOneDeadExitsOne(t *testing.T) {
	srv := wptest.NewServer(wptest.Options{Posts: 150})
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	writeFile(t, cfg, "db: "+filepath.Join(dir, "a.db")+"\ndefaults: {rate: 0, retries: 1}\nsites:\n"+
		"  - name: dead\n    url: "+deadURL(t)+"\n  - name: live\n    url: "+srv.URL+"\n")
	code, stdout, _ := runMain(t, "backfill", "--config", cfg, "--log-level", "error")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "dead") || !strings.Contains(stdout, "FAILED") || !strings.Contains(stdout, "connection refused") {
		t.Fatalf("summary does not name the failing site and why:\n%s", stdout)
	}
	if !strings.Contains(stdout, "live") || !strings.Contains(stdout, "new 150") {
		t.Fatalf("the live site was not harvested:\n%s", stdout)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"backfill"},
		{"backfill", "ftp://example.com"},
		{"export", "--since", "yesterday"},
		{"backfill", "--no-such-flag"},
		{"backfill", "--config", "/nonexistent/wpharvest.yaml"},
	} {
		code, _, stderr := runMain(t, args...)
		if code != 2 {
			t.Fatalf("%v exited %d, want 2 (%s)", args, code, stderr)
		}
		if !strings.HasPrefix(stderr, "wpharvest: ") {
			t.Fatalf("%v: no clear message: %q", args, stderr)
		}
	}
}

// TestFailuresSayWhy: a command that fails outside any site (a missing or
// locked database) exits 1 with a message naming the file.
func TestFailuresSayWhy(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	for _, args := range [][]string{
		{"status", "--db", missing},
		{"export", "--db", missing},
		{"history", "--db", missing, "https://x/?p=1"},
	} {
		code, _, stderr := runMain(t, args...)
		if code != 1 || !strings.HasPrefix(stderr, "wpharvest: ") || !strings.Contains(stderr, missing) {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}

	// A database held by another process (here: an open store in this one).
	locked := filepath.Join(dir, "locked.db")
	db, err := store.Open(locked, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := wptest.NewServer(wptest.Options{Posts: 5})
	defer srv.Close()
	code, _, stderr := runMain(t, "backfill", "--db", locked, srv.URL)
	if code != 1 || !strings.Contains(stderr, "locked") {
		t.Fatalf("backfill on a locked db: exit %d, stderr %q", code, stderr)
	}
}
