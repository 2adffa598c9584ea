package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// harvested backfills a look-alike site of n posts into a new database
// and returns the database path and the server.
func harvested(t *testing.T, n int, opts wptest.Options) (string, *wptest.Server, string) {
	t.Helper()
	opts.Posts = n
	srv := wptest.NewServer(opts)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	cfg := filepath.Join(dir, "c.yaml")
	writeFile(t, cfg, "db: "+db+"\ndefaults: {rate: 0, retries: 1}\nsites:\n  - name: news\n    url: "+srv.URL+"\n")
	if code, _, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "error"); code != 0 {
		t.Fatalf("backfill exited %d: %s", code, stderr)
	}
	return db, srv, cfg
}

// exportLines runs export with args and returns its stdout lines.
func exportLines(t *testing.T, args ...string) []string {
	t.Helper()
	code, stdout, stderr := runMain(t, append([]string{"export"}, args...)...)
	if code != 0 {
		t.Fatalf("export %v exited %d: %s", args, code, stderr)
	}
	if stdout == "" {
		return nil
	}
	if !strings.HasSuffix(stdout, "\n") {
		t.Fatalf("export %v: output does not end with a newline", args)
	}
	return strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
}

// statusPosts returns the POSTS and DELETED columns of status for site.
func statusPosts(t *testing.T, db, site string) (posts, deleted int) {
	t.Helper()
	code, stdout, stderr := runMain(t, "status", "--db", db)
	if code != 0 {
		t.Fatalf("status exited %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`(?m)^` + site + ` +(\d+) +(\d+) `).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("status does not show %s:\n%s", site, stdout)
	}
	posts, _ = strconv.Atoi(m[1])
	deleted, _ = strconv.Atoi(m[2])
	return posts, deleted
}

// TestExportRoundTrip harvests a site, then checks that export writes
// every stored post exactly once, as many lines as status counts.
func TestExportRoundTrip(t *testing.T) {
	db, _, _ := harvested(t, 300, wptest.Options{Seed: 3, DuplicateGUIDs: true})
	lines := exportLines(t, "--db", db)
	posts, deleted := statusPosts(t, db, "news")
	if posts != 300 || deleted != 0 || len(lines) != posts {
		t.Fatalf("export wrote %d lines, status counts %d posts (%d deleted), the site has 300", len(lines), posts, deleted)
	}
	seen := map[int64]bool{}
	var last harvester.Post
	for i, l := range lines {
		var p harvester.Post
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if seen[p.ID] || p.ID < 1 || p.ID > 300 {
			t.Fatalf("line %d: id %d twice or unknown", i+1, p.ID)
		}
		seen[p.ID] = true
		if i > 0 && (p.DateGMT.Before(last.DateGMT) || p.DateGMT.Equal(last.DateGMT) && p.GUID < last.GUID) {
			t.Fatalf("line %d is out of date order: %s %s after %s %s", i+1, p.DateGMT, p.GUID, last.DateGMT, last.GUID)
		}
		last = p
	}
}

// realisticArchive harvests a site with duplicate GUIDs, edits posts and
// harvests again (versions), then marks posts deleted on the site as a
// sync would. It returns the database path.
func realisticArchive(t *testing.T) string {
	t.Helper()
	db, srv, cfg := harvested(t, 250, wptest.Options{Seed: 9, DuplicateGUIDs: true})
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	for id := int64(5); id <= 250; id += 7 {
		srv.Site().Edit(id, at)
	}
	for id := int64(10); id <= 250; id += 21 {
		srv.Site().Edit(id, at.Add(time.Minute))
	}
	if code, _, stderr := runMain(t, "backfill", "--config", cfg, "--log-level", "error"); code != 0 {
		t.Fatalf("second backfill exited %d: %s", code, stderr)
	}
	var gone []int64
	for id := int64(3); id <= 250; id += 50 {
		srv.Site().Delete(id)
		gone = append(gone, id)
	}
	d, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if n, err := d.MarkDeleted("news", "post", gone, at.Add(time.Hour)); err != nil || n != len(gone) {
		t.Fatalf("MarkDeleted: %d, %v", n, err)
	}
	return db
}

// TestExportMatchesSchema validates every line of exports of a realistic
// archive (versions, deleted posts, duplicate GUIDs, raw) against
// docs/post.schema.json.
func TestExportMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile("../../docs/post.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	db := realisticArchive(t)
	posts, deleted := statusPosts(t, db, "news")
	if deleted == 0 {
		t.Fatal("the archive has no deleted post")
	}
	for _, args := range [][]string{
		{"--db", db, "--versions", "--include-deleted", "--raw"},
		{"--db", db, "--versions", "--include-deleted"},
		{"--db", db},
	} {
		lines := exportLines(t, args...)
		versions, deletedLines, raw := 0, 0, 0
		for i, l := range lines {
			v, err := jsonschema.UnmarshalJSON(strings.NewReader(l))
			if err != nil {
				t.Fatalf("%v line %d: %v", args, i+1, err)
			}
			if err := schema.Validate(v); err != nil {
				t.Fatalf("%v line %d does not match the schema: %v\n%s", args, i+1, err, l)
			}
			m := v.(map[string]any)
			if m["version"].(json.Number) != "1" {
				versions++
			}
			if m["deleted_at"] != nil {
				deletedLines++
			}
			if _, ok := m["raw"]; ok {
				raw++
			}
		}
		t.Logf("%v: %d lines, %d not version 1, %d deleted, %d with raw", args[2:], len(lines), versions, deletedLines, raw)
		if len(args) == 2 {
			if len(lines) != posts-deleted || deletedLines != 0 || raw != 0 {
				t.Fatalf("plain export: %d lines (status: %d posts, %d deleted), %d deleted, %d raw", len(lines), posts, deleted, deletedLines, raw)
			}
			continue
		}
		if versions == 0 || deletedLines == 0 || len(lines) <= posts {
			t.Fatalf("%v: the archive lacks versions or deleted posts", args)
		}
		if (raw == len(lines)) != (len(args) == 5) || (raw != 0) != (len(args) == 5) {
			t.Fatalf("%v: %d of %d lines have raw", args, raw, len(lines))
		}
	}
	// And the schema is strict: a line missing a field or with a local
	// time fails.
	for _, bad := range []string{
		`{"site":"news"}`,
		strings.Replace(exportLines(t, "--db", db)[0], `Z","modified_gmt"`, `","modified_gmt"`, 1),
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Fatalf("the schema accepts %s", bad)
		}
	}
}

// TestExportGzip checks that a .gz export passes gzip -t and decompresses
// to the lines of the plain export.
func TestExportGzip(t *testing.T) {
	db := realisticArchive(t)
	dir := t.TempDir()
	plain, gz := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "out.ndjson.gz")
	for _, out := range []string{plain, gz} {
		if code, _, stderr := runMain(t, "export", "--db", db, "--versions", "--include-deleted", "-o", out); code != 0 {
			t.Fatalf("export -o %s exited %d: %s", out, code, stderr)
		}
		info, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v, want 0600", out, info.Mode().Perm())
		}
	}
	if out, err := exec.Command("gzip", "-t", gz).CombinedOutput(); err != nil {
		t.Fatalf("gzip -t: %v: %s", err, out)
	}
	want, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || len(want) == 0 {
		t.Fatalf("gzip output decompresses to %d bytes, the plain export has %d", len(got), len(want))
	}
	stdout := strings.Join(exportLines(t, "--db", db, "--versions", "--include-deleted"), "\n") + "\n"
	if stdout != string(want) {
		t.Fatal("-o FILE and stdout differ")
	}
	if out, err := exec.Command("gzip", "-dc", gz).Output(); err != nil || !bytes.Equal(out, want) {
		t.Fatalf("gzip -dc: %v, %d bytes", err, len(out))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}
