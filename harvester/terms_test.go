package harvester_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// namedRecord is the part of an export line that carries names.
type namedRecord struct {
	ID         int64   `json:"id"`
	Type       string  `json:"type"`
	Author     int64   `json:"author"`
	Categories []int64 `json:"categories"`
	Tags       []int64 `json:"tags"`
	Terms      map[string][]struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Slug   string `json:"slug"`
		Parent int64  `json:"parent"`
	} `json:"terms"`
	AuthorName    string `json:"author_name"`
	FeaturedMedia *struct {
		ID  int64  `json:"id"`
		URL string `json:"url"`
		Alt string `json:"alt"`
	} `json:"featured_media"`
	Raw struct {
		FeaturedMedia int64 `json:"featured_media"`
	} `json:"raw"`
}

func namedRecords(t *testing.T, db *store.DB) []namedRecord {
	t.Helper()
	var out []namedRecord
	for _, l := range exportLines(t, db, store.ExportOptions{Raw: true}) {
		var r namedRecord
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, r)
	}
	return out
}

// TestNamesBehindIDs harvests category, tag and genre names (nested, with
// an ampersand decoded), author names and featured images, and exports
// them next to the unchanged numeric fields.
func TestNamesBehindIDs(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 40, Pages: 2, Books: 3, Seed: 5})
	db := openStore(t)
	h := newHarvester(db)
	h.Names, h.FeaturedMedia = true, true
	site := testSite(t, "names", srv.URL)
	site.Types = []string{"all"}
	if res := h.Backfill(context.Background(), site); res.Err != nil {
		t.Fatal(res.Err)
	}
	recs := namedRecords(t, db)
	if len(recs) != 45 {
		t.Fatalf("%d records, want 45", len(recs))
	}
	sawCulture, sawMedia, sawGenre := false, false, false
	for _, r := range recs {
		if want := "Author " + itoa(r.Author); r.AuthorName != want {
			t.Errorf("%s %d: author_name %q, want %q", r.Type, r.ID, r.AuthorName, want)
		}
		switch r.Type {
		case "post":
			cats := r.Terms["category"]
			if len(cats) != len(r.Categories) || len(r.Terms["post_tag"]) != len(r.Tags) {
				t.Fatalf("post %d: terms %+v for categories %v tags %v", r.ID, r.Terms, r.Categories, r.Tags)
			}
			for i, c := range cats {
				if c.ID != r.Categories[i] || c.Name == "" || c.Slug == "" {
					t.Errorf("post %d: category %+v", r.ID, c)
				}
				if c.Slug == "culture" {
					sawCulture = true
					if c.Name != "Arts & Culture" || c.Parent != 2 {
						t.Errorf("nested category with an ampersand: %+v", c)
					}
				}
			}
			for i, tg := range r.Terms["post_tag"] {
				if tg.ID != r.Tags[i] || tg.Name == "" {
					t.Errorf("post %d: tag %+v", r.ID, tg)
				}
			}
			if r.Raw.FeaturedMedia > 0 {
				sawMedia = true
				m := r.FeaturedMedia
				if m == nil || m.ID != r.Raw.FeaturedMedia || !strings.HasSuffix(m.URL, ".jpg") || !strings.Contains(m.Alt, " & more") {
					t.Errorf("post %d: featured_media %+v for id %d", r.ID, m, r.Raw.FeaturedMedia)
				}
			} else if r.FeaturedMedia != nil {
				t.Errorf("post %d without a featured image: %+v", r.ID, r.FeaturedMedia)
			}
		case "book":
			if g := r.Terms["genre"]; len(g) != 1 || (g[0].Name != "Fiction" && g[0].Name != "Crime & Mystery") {
				t.Errorf("book %d: genre %+v", r.ID, r.Terms)
			} else {
				sawGenre = true
			}
		}
	}
	if !sawCulture || !sawMedia || !sawGenre {
		t.Errorf("the sample lacks a case: culture %v, media %v, genre %v", sawCulture, sawMedia, sawGenre)
	}
	// Without --raw the names stay, before the end of the line.
	line := exportLines(t, db, store.ExportOptions{Types: []string{"post"}})[0]
	if !bytes.Contains(line, []byte(`"deleted_at":null,"terms":{"category":[{"id":`)) || bytes.Contains(line, []byte(`"raw"`)) {
		t.Errorf("line shape: %s", line)
	}
}

// TestUsersBlocked: a site whose /wp/v2/users answers 401 still harvests;
// author names come from _embed=author, with exactly one warning.
func TestUsersBlocked(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 30, Seed: 9, BlockUsers: true})
	db := openStore(t)
	h := newHarvester(db)
	h.Names = true
	var logs bytes.Buffer
	h.Logger = zerolog.New(&logs)
	site := testSite(t, "blocked", srv.URL)
	res := h.Backfill(context.Background(), site)
	if res.Err != nil || res.Stats.New != 30 {
		t.Fatalf("backfill = %+v", res)
	}
	if n := strings.Count(logs.String(), `"level":"warn"`); n != 1 || !strings.Contains(logs.String(), "_embed=author") {
		t.Errorf("%d warnings, want 1:\n%s", n, logs.String())
	}
	for _, r := range namedRecords(t, db) {
		if want := "Author " + itoa(r.Author); r.AuthorName != want {
			t.Errorf("post %d: author_name %q, want %q", r.ID, r.AuthorName, want)
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestSyncOfEditsDoesNotListNamesAgain: names are listed on a backfill and
// a reconcile; a sync whose posts refer only to known terms and authors
// costs no extra request (robots.txt and one modified_after page).
func TestSyncOfEditsDoesNotListNamesAgain(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 60, Seed: 5})
	db := openStore(t)
	h := newHarvester(db)
	h.Names = true
	site := testSite(t, "names", srv.URL)
	if res := h.Backfill(context.Background(), site); res.Err != nil {
		t.Fatal(res.Err)
	}
	at := time.Now().UTC()
	for _, id := range []int64{3, 30, 59} {
		srv.Site().Edit(id, at)
	}
	srv.Site().ResetCounters()
	res := h.Sync(context.Background(), site)
	if res.Err != nil || res.Stats.Updated != 3 {
		t.Fatalf("sync: %+v", res)
	}
	if n := srv.Site().Requests(); n > 2 {
		var urls []string
		for _, r := range srv.Site().Log() {
			urls = append(urls, r.URL)
		}
		t.Fatalf("a sync of 3 edits made %d requests: %v", n, urls)
	}
}
