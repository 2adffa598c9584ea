package wptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestDiscoveryHeaderAndLink(t *testing.T) {
	srv := NewServer(Options{Posts: 3, BasePath: "/news"})
	defer srv.Close()
	if !strings.HasSuffix(srv.URL, "/news") {
		t.Fatalf("URL %q lacks the base path", srv.URL)
	}
	want := `<` + srv.URL + `/wp-json/>; rel="https://api.w.org/"`
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		a := fetch(t, method, srv.URL+"/")
		if a.status != 200 || a.header.Get("Link") != want {
			t.Errorf("%s home: status %d, Link %q, want %q", method, a.status, a.header.Get("Link"), want)
		}
		if method == http.MethodHead && len(a.body) != 0 {
			t.Errorf("HEAD home has a body")
		}
	}
	a := get(t, srv.URL)
	if !strings.Contains(string(a.body), `<link rel="https://api.w.org/" href="`+srv.URL+`/wp-json/" />`) {
		t.Errorf("home page lacks the discovery <link>: %.500s", a.body)
	}
	if a := get(t, strings.TrimSuffix(srv.URL, "/news")+"/"); a.status != 404 {
		t.Errorf("host root outside the base path: status %d, want 404", a.status)
	}
}

func TestNoLinkHeader(t *testing.T) {
	srv := NewServer(Options{Posts: 3, NoLinkHeader: true})
	defer srv.Close()
	a := get(t, srv.URL+"/")
	if l := a.header.Get("Link"); l != "" {
		t.Errorf("Link header %q, want none", l)
	}
	if !strings.Contains(string(a.body), `rel="https://api.w.org/"`) {
		t.Errorf("home page lacks the <link>")
	}
}

func TestNoDiscoveryProbing(t *testing.T) {
	srv := NewServer(Options{Posts: 3, NoDiscovery: true})
	defer srv.Close()
	a := get(t, srv.URL+"/")
	if a.header.Get("Link") != "" || strings.Contains(string(a.body), "api.w.org") {
		t.Errorf("discovery hints present: Link %q", a.header.Get("Link"))
	}
	for _, u := range []string{"/wp-json/", "/wp-json", "/?rest_route=/"} {
		a := get(t, srv.URL+u)
		var idx struct {
			Name       string                     `json:"name"`
			Namespaces []string                   `json:"namespaces"`
			Routes     map[string]json.RawMessage `json:"routes"`
		}
		if err := json.Unmarshal(a.body, &idx); err != nil || a.status != 200 {
			t.Fatalf("%s: status %d, %v", u, a.status, err)
		}
		if idx.Name != "Look-alike News" || !contains(idx.Namespaces, "wp/v2") || idx.Routes["/wp/v2/posts"] == nil {
			t.Errorf("%s: index %+v", u, idx)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestPlainPermalinks(t *testing.T) {
	srv := NewServer(Options{Posts: 25, PlainPermalinks: true})
	defer srv.Close()
	home := get(t, srv.URL+"/")
	if want := `<` + srv.URL + `/?rest_route=/>; rel="https://api.w.org/"`; home.header.Get("Link") != want {
		t.Errorf("Link %q, want %q", home.header.Get("Link"), want)
	}
	if !strings.Contains(string(home.body), `href="`+srv.URL+`/?rest_route=/"`) {
		t.Errorf("home <link> does not point at ?rest_route=/")
	}
	for _, u := range []string{"/wp-json/", "/wp-json/wp/v2/posts"} {
		a := get(t, srv.URL+u)
		if a.status != 404 || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: status %d, type %q; want 404 HTML", u, a.status, a.header.Get("Content-Type"))
		}
	}
	a := get(t, srv.URL+"/?rest_route=/wp/v2/posts&per_page=10&page=2")
	posts := decodePosts(t, a)
	if len(posts) != 10 || a.header.Get("X-WP-Total") != "25" {
		t.Fatalf("got %d posts, total %q", len(posts), a.header.Get("X-WP-Total"))
	}
	if !strings.Contains(posts[0].Link, "/?p=") {
		t.Errorf("plain permalink %q", posts[0].Link)
	}
	links := strings.Join(a.header.Values("Link"), ", ")
	for _, want := range []string{
		`<` + srv.URL + `/?rest_route=%2Fwp%2Fv2%2Fposts&per_page=10&page=1>; rel="prev"`,
		`<` + srv.URL + `/?rest_route=%2Fwp%2Fv2%2Fposts&per_page=10&page=3>; rel="next"`,
	} {
		if !strings.Contains(links, want) {
			t.Errorf("Link headers %q lack %q", links, want)
		}
	}
	one := get(t, srv.URL+"/?rest_route=/wp/v2/posts/3")
	if one.status != 200 || !strings.Contains(string(one.body), `"id":3,`) {
		t.Errorf("single post via rest_route: %d %.200s", one.status, one.body)
	}
	if strings.Contains(string(one.body), `wp-json`) {
		t.Errorf("plain-permalink post links to /wp-json/")
	}
}

func TestRobotsAndNotFound(t *testing.T) {
	srv := NewServer(Options{BasePath: "/blog"})
	defer srv.Close()
	root := strings.TrimSuffix(srv.URL, "/blog")
	a := get(t, root+"/robots.txt")
	if a.status != 200 || string(a.body) != "User-agent: *\nDisallow: /blog/wp-admin/\n" {
		t.Errorf("robots.txt: %d %q", a.status, a.body)
	}
	custom := NewServer(Options{Robots: "User-agent: *\nDisallow: /wp-json/\n"})
	defer custom.Close()
	if a := get(t, custom.URL+"/robots.txt"); string(a.body) != "User-agent: *\nDisallow: /wp-json/\n" {
		t.Errorf("custom robots.txt %q", a.body)
	}
	if a := get(t, srv.URL+"/no-such-page/"); a.status != 404 || !strings.Contains(string(a.body), "Page not found") {
		t.Errorf("unknown page: %d", a.status)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/nothing")
	if e := decodeErr(t, a); a.status != 404 || e.Code != "rest_no_route" {
		t.Errorf("unknown route: %d %s", a.status, e.Code)
	}
}

func TestIndexTimezone(t *testing.T) {
	loc := mustZone(t, "Asia/Kolkata", 5*3600+1800)
	srv := NewServer(Options{Timezone: loc, Name: "Zone News"})
	defer srv.Close()
	var idx struct {
		Name      string          `json:"name"`
		URL       string          `json:"url"`
		GMTOffset json.RawMessage `json:"gmt_offset"`
		TZ        string          `json:"timezone_string"`
	}
	a := get(t, srv.URL+"/wp-json/")
	if err := json.Unmarshal(a.body, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Name != "Zone News" || idx.URL != srv.URL || string(idx.GMTOffset) != "5.5" || idx.TZ != loc.String() {
		t.Errorf("index %+v, offset %s", idx, idx.GMTOffset)
	}
	if !strings.Contains(string(a.body), `"url":"http:\/\/`) {
		t.Errorf("index does not escape slashes like PHP")
	}
}
