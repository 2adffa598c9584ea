package wptest

import (
	"net/url"
	"testing"
	"time"
)

func TestLocalAndGMTFields(t *testing.T) {
	loc := time.FixedZone("UTC+5", 5*3600)
	srv := NewServer(Options{Posts: 10, Timezone: loc})
	defer srv.Close()
	at := time.Date(2025, 11, 28, 4, 54, 0, 0, time.UTC)
	srv.Site().Edit(4, at)
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?include=4")
	p := decodePosts(t, a)[0]
	if p.ModifiedGMT != "2025-11-28T04:54:00" || p.Modified != "2025-11-28T09:54:00" {
		t.Errorf("modified %q, modified_gmt %q", p.Modified, p.ModifiedGMT)
	}
	d, _ := time.Parse("2006-01-02T15:04:05", p.Date)
	dg, _ := time.Parse("2006-01-02T15:04:05", p.DateGMT)
	if d.Sub(dg) != 5*time.Hour {
		t.Errorf("date %q vs date_gmt %q", p.Date, p.DateGMT)
	}
}

// TestModifiedAfterTimezone checks that modified_after is compared with the
// site-local modified column after converting the parameter to site time,
// like WP_Date_Query, and that a parameter without a zone is site-local.
func TestModifiedAfterTimezone(t *testing.T) {
	loc := time.FixedZone("UTC-7", -7*3600)
	srv := NewServer(Options{Posts: 20, Timezone: loc})
	defer srv.Close()
	s := srv.Site()
	at := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	s.Edit(5, at)
	s.Edit(9, at.Add(time.Hour))
	query := func(param string) []int64 {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=id&order=asc&per_page=100&modified_after="+url.QueryEscape(param))
		return ids(decodePosts(t, a))
	}
	cases := []struct {
		param string
		want  []int64
	}{
		{"2030-06-01T11:59:59Z", []int64{5, 9}},
		{"2030-06-01T12:00:00Z", []int64{9}}, // exclusive
		{"2030-06-01T12:30:00+00:00", []int64{9}},
		{"2030-06-01T14:30:00+02:00", []int64{9}},
		{"2030-06-01T04:59:59", []int64{5, 9}}, // no zone: site-local wall time
		{"2030-06-01T05:00:00", []int64{9}},
		{"2030-06-01 05:00:00", []int64{9}},
		// A naive UTC wall time without Z is read as site-local (7 hours
		// later), which silently skips post 9: why clients must send a zone.
		{"2030-06-01T12:00:00", nil},
	}
	for _, c := range cases {
		if got := query(c.param); !equalIDs(got, c.want) {
			t.Errorf("modified_after=%s: %v, want %v", c.param, got, c.want)
		}
	}
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?modified_before=2030-01-01T00:00:00Z&modified_after=2000-01-01T00:00:00Z&per_page=100")
	if n := len(decodePosts(t, a)); n != 18 {
		t.Errorf("modified window: %d posts, want 18", n)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?modified_after=yesterday")
	if e := decodeErr(t, a); a.status != 400 || e.Data.Params["modified_after"] != "Invalid date." {
		t.Errorf("bad date: %d %s", a.status, a.body)
	}
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts?after=2025-01-01"); a.status != 400 {
		t.Errorf("date without time accepted: %d", a.status)
	}
}

func TestAfterBefore(t *testing.T) {
	srv := NewServer(Options{Posts: 30, Seed: 4})
	defer srv.Close()
	all := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&order=asc"))
	mid := all[15].DateGMT
	after := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&after="+mid+"Z"))
	before := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&before="+mid+"Z"))
	if len(after) != 14 || len(before) != 15 {
		t.Errorf("after %d, before %d, want 14 and 15 around %s", len(after), len(before), mid)
	}
}

func TestIgnoreModifiedAfter(t *testing.T) {
	srv := NewServer(Options{Posts: 20, IgnoreModifiedAfter: true})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&modified_after=2099-01-01T00:00:00Z")
	if n := len(decodePosts(t, a)); n != 20 || a.header.Get("X-WP-Total") != "20" {
		t.Errorf("old WordPress applied modified_after: %d posts", n)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&after=2099-01-01T00:00:00Z")
	if n := len(decodePosts(t, a)); n != 0 {
		t.Errorf("after ignored too: %d posts", n)
	}
}
