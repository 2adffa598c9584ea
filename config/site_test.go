package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestSiteFromURL(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct{ url, name, err string }{
		{"https://wordpress.org/news/", "wordpress.org", ""},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", ""},
		{"https://News.Example.COM/blog?lang=en", "news.example.com", ""},
		{"http://[::1]:8080/", "::1:8080", ""},
		{" https://a.example ", "a.example", ""},
		{"ftp://a.example", "", `site URL: url "ftp://a.example" must start with http:// or https://`},
		{"a.example", "", `site URL: url "a.example" must start with http:// or https://`},
		{"https://", "", `site URL: url "https://" has no host`},
		{"", "", `site URL: missing url`},
		{"https://u:p@a.example", "", `site URL: url "https://u:xxxxx@a.example" must not hold credentials; use auth with password_env or password_file`},
		{"https://u:hunter2@a.example:x/", "", `site URL: invalid url: invalid port ":x" after host`},
		{"https://" + strings.Repeat("a", 65) + ".example", "", `site URL "https://` + strings.Repeat("a", 65) +
			`.example": host cannot serve as a site name: invalid name "` + strings.Repeat("a", 65) +
			`.example": use 1 to 64 characters out of A-Z a-z 0-9 . _ : -`},
	} {
		site, err := SiteFromURL(tc.url, s)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("SiteFromURL(%q) error = %v, want %s", tc.url, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("SiteFromURL(%q): %v", tc.url, err)
			continue
		}
		if site.Name != tc.name || site.Line != 0 || site.Auth != nil || !reflect.DeepEqual(site.Settings, s) {
			t.Errorf("SiteFromURL(%q) = %+v; want name %q", tc.url, site, tc.name)
		}
	}
	// The site does not share the caller's slices.
	site, err := SiteFromURL("https://a.example", s)
	if err != nil {
		t.Fatal(err)
	}
	site.Types[0] = "pages"
	if s.Types[0] != "posts" {
		t.Error("SiteFromURL shares Types with its argument")
	}
	// Invalid settings are refused.
	bad := DefaultSettings()
	bad.PerPage = 0
	if _, err := SiteFromURL("https://a.example", bad); err == nil ||
		err.Error() != `site URL "https://a.example": settings.per_page: must be between 1 and 100, got 0` {
		t.Errorf("SiteFromURL with per_page 0: %v", err)
	}
}

func TestSelect(t *testing.T) {
	c, err := Parse("cfg.yaml", []byte(`sites:
  - {name: a, url: "https://a.example"}
  - {name: b, url: "https://b.example", auth: {user: u, password_env: P}}
  - {name: c, url: "https://c.example"}
`), fakeEnv(map[string]string{"P": "pw"}))
	if err != nil {
		t.Fatal(err)
	}
	names := func(ss []Site) (out []string) {
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return out
	}
	all, err := c.Select(nil)
	if err != nil || !reflect.DeepEqual(names(all), []string{"a", "b", "c"}) {
		t.Fatalf("Select(nil) = %v, %v", names(all), err)
	}
	some, err := c.Select([]string{"c", "a", "c"})
	if err != nil || !reflect.DeepEqual(names(some), []string{"c", "a"}) {
		t.Fatalf("Select(c, a, c) = %v, %v", names(some), err)
	}
	if _, err := c.Select([]string{"a", "x", "y"}); err == nil ||
		err.Error() != `unknown sites "x", "y" (configured: a, b, c)` {
		t.Fatalf("Select with unknown names: %v", err)
	}
	if _, err := DefaultConfig().Select([]string{"x"}); err == nil ||
		err.Error() != `unknown site "x" (no sites are configured)` {
		t.Fatalf("Select on no sites: %v", err)
	}
	// Selected sites are copies.
	all[1].Auth.User = "changed"
	all[0].Types[0] = "changed"
	if c.Sites[1].Auth.User != "u" || c.Sites[0].Types[0] != "posts" {
		t.Fatal("Select returns sites sharing memory with the Config")
	}
}
