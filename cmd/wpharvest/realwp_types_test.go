//go:build realwp

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 9 against a real WordPress: pages, a custom post type, and the
// names behind ids.

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
