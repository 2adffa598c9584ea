package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// TestStoryFirstPublisherAnyOrder harvests the labelled corpus in several
// orders, one post per page as a sync would, indexing at once or through
// the queue, and checks that every order
// gives the same stories, each named after the earliest post of its label
// (which is sometimes a copy published before the wire's own post), and
// that different stories on the same events stay alone.
func TestStoryFirstPublisherAnyOrder(t *testing.T) {
	docs := corpus(t)
	earliest := map[string]*storytest.Doc{}
	for i := range docs {
		d := &docs[i]
		if e := earliest[d.Story]; e == nil || d.Date.Before(e.Date) {
			earliest[d.Story] = d
		}
	}
	byDate := slices.Clone(docs)
	slices.SortStableFunc(byDate, func(a, b storytest.Doc) int { return a.Date.Compare(b.Date) })
	reversed := slices.Clone(byDate)
	slices.Reverse(reversed)
	orders := [][]storytest.Doc{docs, byDate, reversed}
	for seed := range uint64(5) {
		orders = append(orders, shuffled(docs, seed+1))
	}
	var want []string
	for n, order := range orders {
		db := openTemp(t)
		db.bolt.NoSync = true
		// Index at once (order 0), or queue and catch up every few posts
		// (as after each harvest run), at batch boundaries that vary.
		every := []int{0, 1, 5, 13, 64, 2, 9, 30}[n%8]
		for i := range order {
			if every == 0 {
				saveStories(t, db, order[i].Site, docPost(&order[i]))
				continue
			}
			save(t, db, order[i].Site, docPost(&order[i]))
			if (i+1)%every == 0 {
				if _, err := db.IndexStories(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := db.IndexStories(context.Background()); err != nil { // the end of the run
			t.Fatal(err)
		}
		checkStories(t, db)
		if p, err := db.PendingStories(); err != nil || p != 0 {
			t.Fatalf("order %d: %d posts still queued, %v", n, p, err)
		}
		var got []string
		for i := range docs {
			d := &docs[i]
			f := field(t, db, d.Site, d.GUID)
			got = append(got, d.Site+" "+d.GUID+f)
			switch {
			case d.Role == storytest.Distinct && f != "":
				t.Errorf("order %d: %s %s (a different story) joined %s", n, d.Site, d.Story, f)
			case d.Role != storytest.Distinct && !strings.Contains(f, `"id":"`+earliest[d.Story].GUID+`"`):
				t.Errorf("order %d: %s %s %s: story %q, want id %s", n, d.Site, d.Story, d.Role, f, earliest[d.Story].GUID)
			case d.Role != storytest.Distinct && strings.Contains(f, `"first":true`) != (d == earliest[d.Story]):
				t.Errorf("order %d: %s %s %s: %s", n, d.Site, d.Story, d.Role, f)
			}
		}
		stories, err := db.Stories(2, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(stories) != len(earliest)-countRole(docs, storytest.Distinct) {
			t.Errorf("order %d: %d stories", n, len(stories))
		}
		if n == 0 {
			want = got
			continue
		}
		if !slices.Equal(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("order %d differs from order 0:\n  %s\n  %s", n, got[i], want[i])
				}
			}
		}
	}
}

func countRole(docs []storytest.Doc, role string) int {
	n := 0
	for i := range docs {
		if docs[i].Role == role {
			n++
		}
	}
	return n
}
