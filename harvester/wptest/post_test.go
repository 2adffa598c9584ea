package wptest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPostShape(t *testing.T) {
	srv := NewServer(Options{Posts: 40, Seed: 5})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts/17")
	if a.status != 200 {
		t.Fatalf("status %d", a.status)
	}
	want := []string{"id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status",
		"type", "link", "title", "content", "excerpt", "author", "featured_media", "comment_status",
		"ping_status", "sticky", "template", "format", "meta", "categories", "tags", "class_list", "_links"}
	if got := keys(t, a.body); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("field order\n got %v\nwant %v", got, want)
	}
	var p wpPost
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != 17 || p.Status != "publish" || len(p.Date) != 19 || strings.HasSuffix(p.DateGMT, "Z") || p.Content.Protected {
		t.Errorf("post %+v", p)
	}
	if !strings.Contains(a.header.Get("Link"), `rel="alternate"`) {
		t.Errorf("single post lacks the alternate Link: %q", a.header.Values("Link"))
	}
	if !strings.Contains(string(a.body), `"link":"http:\/\/`) {
		t.Errorf("slashes not escaped like PHP")
	}
	var links map[string][]map[string]any
	var raw struct {
		Links json.RawMessage `json:"_links"`
	}
	_ = json.Unmarshal(a.body, &raw)
	if err := json.Unmarshal(raw.Links, &links); err != nil || links["self"][0]["href"] != srv.URL+"/wp-json/wp/v2/posts/17" {
		t.Errorf("_links.self %v (%v)", links["self"], err)
	}
}

func TestPostErrors(t *testing.T) {
	srv := NewServer(Options{Posts: 10})
	defer srv.Close()
	s := srv.Site()
	s.Trash(2)
	s.Unpublish(3)
	s.Delete(4)
	cases := []struct {
		id     string
		status int
		code   string
	}{
		{"99", 404, "rest_post_invalid_id"},
		{"0", 404, "rest_post_invalid_id"},
		{"2", 401, "rest_forbidden"},
		{"3", 401, "rest_forbidden"},
		{"4", 404, "rest_post_invalid_id"},
	}
	for _, c := range cases {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts/"+c.id)
		if e := decodeErr(t, a); a.status != c.status || e.Code != c.code {
			t.Errorf("post %s: %d %s, want %d %s", c.id, a.status, e.Code, c.status, c.code)
		}
	}
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts/5/"); a.status != 200 {
		t.Errorf("trailing slash: %d", a.status)
	}
}

func TestFields(t *testing.T) {
	srv := NewServer(Options{Posts: 20})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?_fields=modified_gmt,id,guid&per_page=2")
	var items []json.RawMessage
	if err := json.Unmarshal(a.body, &items); err != nil || len(items) != 2 {
		t.Fatalf("decode: %v %s", err, a.body)
	}
	if got := strings.Join(keys(t, items[0]), ","); got != "id,guid,modified_gmt" {
		t.Errorf("_fields keys %q (object order expected)", got)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts/3?_fields=title.rendered,content.protected,_links.self")
	want := `{"title":{"rendered":`
	if !strings.HasPrefix(string(a.body), want) || strings.Contains(string(a.body), `"rendered":"<`) {
		t.Errorf("nested fields: %s", a.body)
	}
	if !strings.Contains(string(a.body), `"content":{"protected":false}`) || !strings.Contains(string(a.body), `"_links":{"self":[`) || strings.Contains(string(a.body), "collection") {
		t.Errorf("nested fields: %s", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?_fields[]=id&_fields[]=slug&per_page=1&orderby=id&order=asc")
	if !strings.HasPrefix(string(a.body), `[{"id":1,"slug":"`) {
		t.Errorf("_fields[]: %s", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?_fields=nothing&per_page=2")
	if string(a.body) != "[[],[]]" {
		t.Errorf("no known field: %s (PHP encodes empty arrays as [])", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?_fields=title,title.rendered&per_page=1")
	if !strings.HasPrefix(string(a.body), `[{"title":{"rendered":"`) {
		t.Errorf("parent and child: %s", a.body)
	}
}

func TestGUIDs(t *testing.T) {
	srv := NewServer(Options{Posts: 500, Seed: 2, DuplicateGUIDs: true})
	defer srv.Close()
	seen := map[string][]int64{}
	entity := 0
	for page := 1; page <= 5; page++ {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?_fields=id,guid&per_page=100&page="+itoa(int64(page)))
		for _, p := range decodePosts(t, a) {
			g := p.GUID.Rendered
			seen[g] = append(seen[g], p.ID)
			if strings.Contains(g, "&#038;") || strings.Contains(g, "&amp;") {
				entity++
			} else if g != srv.URL+"/?p="+itoa(p.ID) && g != srv.URL+"/?p="+itoa(p.ID-1) {
				t.Errorf("post %d guid %q", p.ID, g)
			}
		}
	}
	if entity == 0 {
		t.Errorf("no GUID with an entity-encoded query")
	}
	dups := 0
	for g, ids := range seen {
		if len(ids) > 1 {
			dups++
			if len(ids) != 2 || ids[0]-ids[1] != 1 && ids[1]-ids[0] != 1 {
				t.Errorf("guid %q shared by %v", g, ids)
			}
		}
	}
	if dups != 10 {
		t.Errorf("%d shared GUIDs, want 10 (posts 3, 53, ..., 453)", dups)
	}
	plain := NewServer(Options{Posts: 500, Seed: 2})
	defer plain.Close()
	a := get(t, plain.URL+"/wp-json/wp/v2/posts/53?_fields=guid")
	if !strings.Contains(string(a.body), `?p=53"`) && !strings.Contains(string(a.body), `p=53"`) {
		t.Errorf("without DuplicateGUIDs post 53 has guid %s", a.body)
	}
}
