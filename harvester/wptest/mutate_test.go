package wptest

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMutationsVisible(t *testing.T) {
	srv := NewServer(Options{Posts: 20, Seed: 8})
	defer srv.Close()
	s := srv.Site()
	before, _ := s.Post(7)
	at := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
	s.Edit(7, at)
	s.Edit(7, at.Add(time.Minute))
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=modified&per_page=1")
	p := decodePosts(t, a)[0]
	if p.ID != 7 || p.ModifiedGMT != "2031-01-02T03:05:05" || !strings.HasSuffix(p.Title.Rendered, " (updated 2)") ||
		!strings.Contains(p.Content.Rendered, "Update 2:") || p.Slug != before.Slug {
		t.Errorf("edited post: id %d modified %s title %q slug %q", p.ID, p.ModifiedGMT, p.Title.Rendered, p.Slug)
	}
	if info, _ := s.Post(7); info.Edits != 2 || !info.ModifiedGMT.Equal(at.Add(time.Minute)) || info.DateGMT != before.DateGMT {
		t.Errorf("info %+v", info)
	}

	s.Trash(1)
	s.Unpublish(2)
	s.Delete(3)
	id := s.Add(time.Date(2032, 5, 5, 5, 5, 5, 0, time.UTC))
	if id != 21 || s.Total() != 18 {
		t.Fatalf("Add gave %d, Total %d", id, s.Total())
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&orderby=id&order=asc")
	got := ids(decodePosts(t, a))
	if a.header.Get("X-WP-Total") != "18" || got[0] != 4 || got[len(got)-1] != 21 || !equalIDs(got, s.PostIDs()) {
		t.Errorf("listing after mutations: %v, total %q", got, a.header.Get("X-WP-Total"))
	}
	if newest := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=1"))[0]; newest.ID != 21 {
		t.Errorf("newest post %d", newest.ID)
	}
	s.Restore(1)
	s.Restore(3)
	if s.Total() != 20 {
		t.Errorf("Total after restores %d", s.Total())
	}
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts/3"); a.status != 200 {
		t.Errorf("restored post: %d", a.status)
	}
	s.Edit(999, at) // ignored
	if _, ok := s.Post(999); ok {
		t.Errorf("Post(999) exists")
	}
}

func TestConcurrentServingAndMutation(t *testing.T) {
	srv := NewServer(Options{Posts: 300, Seed: 6})
	defer srv.Close()
	s := srv.Site()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				u := srv.URL + "/wp-json/wp/v2/posts?per_page=20&page=" + itoa(int64(1+(i+w)%5))
				if w%2 == 1 {
					u += "&orderby=modified"
				}
				a := get(t, u)
				if a.status != 200 {
					t.Errorf("status %d", a.status)
					return
				}
			}
		}(w)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		base := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := int64(1); i <= 60; i++ {
			s.Edit(i, base.Add(time.Duration(i)*time.Minute))
			switch i % 4 {
			case 0:
				s.Trash(i + 100)
			case 1:
				s.Add(base)
			case 2:
				s.Restore(i + 98)
			}
			_ = s.Total()
			_ = s.PostIDs()
			_ = s.Log()
		}
	}()
	wg.Wait()
	if s.ListingRequests() != 60 {
		t.Errorf("listing requests %d, want 60", s.ListingRequests())
	}
}
