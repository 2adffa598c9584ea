package main

import (
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
