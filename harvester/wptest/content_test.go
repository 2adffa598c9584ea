package wptest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// page renders a listing through the handler, without a network.
func page(t *testing.T, s *Site, query string) answer {
	t.Helper()
	rw := httptest.NewRecorder()
	s.Handler().ServeHTTP(rw, httptest.NewRequest(http.MethodGet, "http://news.example/wp-json/wp/v2/posts?"+query, nil))
	return answer{rw.Code, rw.Header(), rw.Body.Bytes()}
}

func TestContentIsDemanding(t *testing.T) {
	s := NewSite(Options{Posts: 300, Seed: 21})
	var posts []wpPost
	var raw []byte
	for p := 1; p <= 3; p++ {
		a := page(t, s, "per_page=100&orderby=id&order=asc&page="+itoa(int64(p)))
		raw = append(raw, a.body...)
		posts = append(posts, decodePosts(t, a)...)
	}
	for i, c := range raw {
		if c >= 0x80 {
			t.Fatalf("raw non-ASCII byte at %d: PHP escapes it as \\uXXXX", i)
		}
	}
	for _, want := range []string{`\/`, `\u00a0`, `\ud83c\udf89`, `\u0413`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("raw JSON lacks %s", want)
		}
	}
	features := map[string]string{
		"block comments": "<!-- wp:paragraph -->",
		"heading":        `<h2 class="wp-block-heading">`,
		"list":           `class="wp-block-list"`,
		"table":          "<table",
		"quote":          "<blockquote",
		"image":          "<img ",
		"iframe":         "<iframe",
		"script":         "<script",
		"nbsp":           "&nbsp;",
		"texturized":     "&#8217;",
		"double escaped": "&amp;#8217;",
		"emoji":          "🎉",
		"cyrillic":       "Городской",
		"cjk":            "東京",
		"more":           `<span id="more-`,
		"reactions":      `<div class="reactions"><span>Happy `,
		"reading time":   `<span class="rt-reading-time">Read Time: `,
		"reading time 2": `rt-label rt-postfix`,
		"sharedaddy":     `<div class="sharedaddy sd-sharing-enabled">`,
		"share this":     "Share this:",
		"related":        `class='jp-relatedposts'`,
	}
	count := map[string]int{}
	plain := 0
	for _, p := range posts {
		c := p.Content.Rendered
		for name, needle := range features {
			if strings.Contains(c, needle) {
				count[name]++
			}
		}
		if !strings.Contains(c, "<!-- wp:") {
			plain++
		}
		if n := len(c); n < 1200 || n > 9000 {
			t.Errorf("post %d content is %d bytes", p.ID, n)
		}
		if !strings.HasPrefix(p.Excerpt.Rendered, "<p>") || !strings.HasSuffix(p.Excerpt.Rendered, " [&hellip;]</p>\n") {
			t.Errorf("post %d excerpt %q", p.ID, p.Excerpt.Rendered)
		}
	}
	for name := range features {
		if count[name] == 0 {
			t.Errorf("no post has %s", name)
		}
	}
	if plain == 0 {
		t.Errorf("every post keeps block comments")
	}
	titles := map[string]int{}
	for _, p := range posts {
		for _, e := range []string{"&#8217;", "&#8220;", "&#8211;", "&#038;", "Ν", "🎉"} {
			if strings.Contains(p.Title.Rendered, e) {
				titles[e]++
			}
		}
		if strings.ContainsAny(p.Slug, " &;'") || p.Slug != strings.ToLower(p.Slug) {
			t.Errorf("slug %q", p.Slug)
		}
	}
	for _, e := range []string{"&#8217;", "&#8220;", "&#8211;", "&#038;"} {
		if titles[e] == 0 {
			t.Errorf("no title has %s", e)
		}
	}
}

func TestPageSizeRealistic(t *testing.T) {
	s := NewSite(Options{Posts: 1000, Seed: 1})
	for _, p := range []string{"1", "5", "10"} {
		a := page(t, s, "per_page=100&page="+p)
		if n := len(a.body); n < 300<<10 || n > 700<<10 {
			t.Errorf("page %s is %d bytes, want 300-700 KB", p, n)
		}
	}
	light := page(t, s, "per_page=100&_fields=id,guid,modified_gmt")
	full := page(t, s, "per_page=100")
	if ratio := len(full.body) / len(light.body); ratio < 40 {
		t.Errorf("_fields=id,guid,modified_gmt only %dx lighter", ratio)
	}
}

func TestDeterministic(t *testing.T) {
	a := page(t, NewSite(Options{Posts: 50, Seed: 5}), "per_page=50")
	b := page(t, NewSite(Options{Posts: 50, Seed: 5}), "per_page=50")
	c := page(t, NewSite(Options{Posts: 50, Seed: 6}), "per_page=50")
	if !bytes.Equal(a.body, b.body) {
		t.Errorf("same seed, different sites")
	}
	if bytes.Equal(a.body, c.body) {
		t.Errorf("different seeds, same site")
	}
}

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"Why Northbridge&#8217;s night buses matter": "why-northbridges-night-buses-matter",
		"Q&#038;A: the St. Mary&#8217;s plan":        "qa-the-st-marys-plan",
		"Weekend picks 🎉 our favourite events":       "weekend-picks-%f0%9f%8e%89-our-favourite-events",
		"Новости": "%d0%9d%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8",
	}
	for in, want := range cases {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAppendEsc(t *testing.T) {
	got := string(appendEsc(nil, "a/b \"q\" \\ \n\t é 😀 \x01"))
	want := `a\/b \"q\" \\ \n\t \u00e9 \ud83d\ude00 \u0001`
	if got != want {
		t.Errorf("appendEsc = %s, want %s", got, want)
	}
}
