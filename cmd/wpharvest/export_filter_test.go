package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/store"
)

// knownArchive writes a small archive whose every export is known:
//
//	news  id 1 "m" post  date 03-02  versions modified 03-02, 03-05, current 03-09
//	news  id 2 "a" page  date 03-04  modified 03-04
//	news  id 3 "z" post  date 03-01  modified 03-01
//	news  id 4 "b" post  date 03-02  modified 03-03 (same date as m: b sorts first)
//	news  id 5 "d" post  date 03-03  version 03-03, current 03-06, deleted
//	blog  id 1 "x" page  date 02-20  modified 02-20
func knownArchive(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 12, 0, 0, 0, time.UTC) }
	save := func(site string, id int64, guid, typ string, date, mod time.Time) {
		p := archivePost(1, id)
		p.GUID, p.Type, p.DateGMT, p.ModifiedGMT = guid, typ, date, mod
		if _, err := db.SavePage(site, []harvester.Post{p}, harvester.SiteState{}); err != nil {
			t.Fatal(err)
		}
	}
	save("news", 1, "m", "post", day(3, 2), day(3, 2))
	save("news", 1, "m", "post", day(3, 2), day(3, 5))
	save("news", 1, "m", "post", day(3, 2), day(3, 9))
	save("news", 2, "a", "page", day(3, 4), day(3, 4))
	save("news", 3, "z", "post", day(3, 1), day(3, 1))
	save("news", 4, "b", "post", day(3, 2), day(3, 3))
	save("news", 5, "d", "post", day(3, 3), day(3, 3))
	save("news", 5, "d", "post", day(3, 3), day(3, 6))
	save("blog", 1, "x", "page", day(2, 20), day(2, 20))
	if _, err := db.MarkDeleted("news", "post", []int64{5}, day(3, 10)); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExportFlags runs every filter of the export command, alone and
// combined, on the known archive.
func TestExportFlags(t *testing.T) {
	db := knownArchive(t)
	all := "blog x 1 v1, news z 3 v1, news b 4 v1, news m 1 v3, news a 2 v1"
	for _, c := range []struct {
		args string
		want string
	}{
		{"", all},
		{"--site news", "news z 3 v1, news b 4 v1, news m 1 v3, news a 2 v1"},
		{"--site news --site blog", all},
		{"--type page", "blog x 1 v1, news a 2 v1"},
		{"--type post --type page", all},
		{"--since 2025-03-04", "news m 1 v3, news a 2 v1"},
		{"--since 2025-03-04T12:00:01Z", "news m 1 v3"},
		{"--until 2025-03-03", "blog x 1 v1, news z 3 v1"},
		{"--until 2025-03-03T12:00:01Z", "blog x 1 v1, news z 3 v1, news b 4 v1"},
		{"--include-deleted", "blog x 1 v1, news z 3 v1, news b 4 v1, news m 1 v3, news d 5 v2, news a 2 v1"},
		{"--versions", "blog x 1 v1, news z 3 v1, news b 4 v1, news m 1 v1, news m 1 v2, news m 1 v3, news a 2 v1"},
		{"--raw --site blog", "blog x 1 v1"},
		{"--versions --include-deleted --site news --type post --since 2025-03-03 --until 2025-03-07 --raw",
			"news b 4 v1, news m 1 v2, news d 5 v1, news d 5 v2"},
		{"--versions --since 2025-03-05 --until 2025-03-06", "news m 1 v2"},
		{"--type attachment", ""},
	} {
		t.Run(c.args, func(t *testing.T) {
			args := append([]string{"--db", db}, strings.Fields(c.args)...)
			var got []string
			for _, l := range exportLines(t, args...) {
				var p struct {
					harvester.Post
					Raw *json.RawMessage `json:"raw"`
				}
				if err := json.Unmarshal([]byte(l), &p); err != nil {
					t.Fatal(err)
				}
				if (p.Raw != nil) != strings.Contains(c.args, "--raw") {
					t.Fatalf("raw field present: %v", p.Raw != nil)
				}
				got = append(got, fmt.Sprintf("%s %s %d v%d", p.Site, p.GUID, p.ID, p.Version))
			}
			if g := strings.Join(got, ", "); g != c.want {
				t.Fatalf("export %s:\n got %s\nwant %s", c.args, g, c.want)
			}
		})
	}
}

// TestExportUsageErrors checks the errors that are the user's: exit 2, a
// message, and no output file.
func TestExportUsageErrors(t *testing.T) {
	db := knownArchive(t)
	out := filepath.Join(t.TempDir(), "out.ndjson")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--site", "nope", "-o", out}, `no such site in the archive: "nope"`},
		{[]string{"--since", "2025-03-05", "--until", "2025-03-05"}, "is not before --until"},
		{[]string{"--until", "March"}, "--until \"March\": want RFC3339"},
		{[]string{"-o", db}, "is the database file"},
		{[]string{"extra"}, "unknown command"},
	} {
		code, stdout, stderr := runMain(t, append([]string{"export", "--db", db}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.msg) || stdout != "" {
			t.Fatalf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, stderr, c.msg)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(matches) != 0 {
		t.Fatalf("files left: %v", matches)
	}
	if code, _, stderr := runMain(t, "export", "--db", filepath.Join(t.TempDir(), "missing.db")); code != 1 || !strings.Contains(stderr, "no such database file") {
		t.Fatalf("missing db: exit %d: %s", code, stderr)
	}
}

// TestExportOldArchive exports a file written before the date index
// existed: the command builds the index once and exports in date order.
func TestExportOldArchive(t *testing.T) {
	db := knownArchive(t)
	want := exportLines(t, "--db", db, "--versions", "--include-deleted")
	b, err := bbolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bbolt.Tx) error {
		for _, site := range []string{"news", "blog"} {
			if err := tx.Bucket([]byte("sites")).Bucket([]byte(site)).DeleteBucket([]byte("bydate")); err != nil {
				return err
			}
		}
		return nil
	})
	if err := errors.Join(err, b.Close()); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runMain(t, "export", "--db", db, "--versions", "--include-deleted")
	if code != 0 || stdout != strings.Join(want, "\n")+"\n" {
		t.Fatalf("export of an old archive: exit %d, %s\n%s", code, stderr, stdout)
	}
	if !strings.Contains(stderr, "building the date index") {
		t.Fatalf("no note about building the index: %s", stderr)
	}
	if _, _, stderr := runMain(t, "export", "--db", db); strings.Contains(stderr, "building") {
		t.Fatalf("the index was built twice: %s", stderr)
	}
}
