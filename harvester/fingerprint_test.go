package harvester_test

import (
	"context"
	"sync"
	"testing"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// recordingStore is a store that keeps the posts it was given.
type recordingStore struct {
	*store.DB
	mu    sync.Mutex
	posts []harvester.Post
}

func (s *recordingStore) SavePage(site string, posts []harvester.Post, st harvester.SiteState) (harvester.PageStats, error) {
	s.mu.Lock()
	s.posts = append(s.posts, posts...)
	s.mu.Unlock()
	return s.DB.SavePage(site, posts, st)
}

// TestFetchWorkersFingerprint checks that with Fingerprints the posts reach
// the store with the fingerprint of their text, and without it with none.
func TestFetchWorkersFingerprint(t *testing.T) {
	srv := newServer(t, wptest.Options{Posts: 120, Seed: 3})
	for _, on := range []bool{true, false} {
		rs := &recordingStore{DB: openStore(t)}
		h := newHarvester(rs)
		h.Fingerprints = on
		if res := h.Backfill(context.Background(), testSite(t, "news", srv.URL)); res.Err != nil {
			t.Fatal(res.Err)
		}
		if len(rs.posts) != 120 {
			t.Fatalf("%d posts stored, want 120", len(rs.posts))
		}
		usable := 0
		for _, p := range rs.posts {
			switch {
			case !on && p.Signature != nil:
				t.Fatalf("post %d: a signature without Fingerprints", p.ID)
			case on && p.Signature == nil:
				t.Fatalf("post %d: no signature", p.ID)
			case on:
				fp := story.Compute(p.Text)
				if want := fp.Signature(); !p.Signature.Equal(&want) {
					t.Fatalf("post %d: signature %+v, want that of its text %+v", p.ID, *p.Signature, want)
				}
				if p.Signature.Usable() {
					usable++
				}
			}
		}
		if on && usable == 0 {
			t.Fatal("no post was long enough to fingerprint")
		}
	}
}
