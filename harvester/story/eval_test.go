package story_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/story"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// counts tallies one level's pairwise verdicts.
type counts struct{ tp, fp, fn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (c counts) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f (tp %d, fp %d, fn %d)", c.precision(), c.recall(), c.tp, c.fp, c.fn)
}

// candidates reports whether the store's index would offer b when a is
// saved: a shared SimHash band or a shared probe unit.
func candidates(a, b *story.Fingerprint) bool {
	ba, bb := a.Bands(), b.Bands()
	for i := range ba {
		if ba[i] == bb[i] {
			return true
		}
	}
	pb := b.Probes
	for _, u := range a.Probes {
		if _, ok := slices.BinarySearch(pb, u); ok {
			return true
		}
	}
	return false
}

// TestLabelledCorpus measures precision and recall per level on the
// labelled corpus, over every pair of posts of different sites, with
// candidates found as the store's index finds them.
func TestLabelledCorpus(t *testing.T) {
	docs, err := storytest.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	fps := make([]story.Fingerprint, len(docs))
	var f story.Fingerprinter
	for i := range docs {
		fps[i] = f.Fingerprint(docs[i].Text)
		if !fps[i].Usable() {
			t.Fatalf("%s %s: too short to fingerprint", docs[i].Site, docs[i].Story)
		}
	}
	var copies, shared, same counts
	missedByIndex := 0
	uf := story.NewUnionFind(len(docs), func(a, b int) bool { return docs[a].Date.Before(docs[b].Date) })
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := &docs[i], &docs[j]
			if a.Site == b.Site {
				continue // the store matches across sites only
			}
			want := storytest.Truth(a, b)
			m := story.Compare(&fps[i], &fps[j])
			got := m.Level
			if got != story.None && !candidates(&fps[i], &fps[j]) {
				got = story.None
				missedByIndex++
			}
			if got != story.None {
				uf.Union(i, j)
			}
			if got != want {
				t.Logf("%-8s %-15s %-8s vs %-15s %-8s %-16s want %-6s got %-6s (J=%.2f units=%d)",
					a.Story, a.Site, a.Role, b.Site, b.Role, b.Story, want, got, m.Jaccard, m.Units)
			}
			tally(&copies, want == story.Copy, got == story.Copy)
			tally(&shared, want == story.Shared, got == story.Shared)
			tally(&same, want != story.None, got != story.None)
		}
	}
	var clusters counts
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			if docs[i].Site != docs[j].Site {
				tally(&clusters, docs[i].Story == docs[j].Story, uf.Find(i) == uf.Find(j))
			}
		}
	}
	firstOK := 0
	groups := uf.Groups()
	for _, g := range groups {
		earliest := slices.MinFunc(g, func(a, b int) int { return docs[a].Date.Compare(docs[b].Date) })
		if g[0] == earliest {
			firstOK++
		}
	}
	t.Logf("corpus: %d posts, %d stories found", len(docs), len(groups))
	t.Logf("copy:    %v", copies)
	t.Logf("shared:  %v", shared)
	t.Logf("either:  %v", same)
	t.Logf("stories (pairs in one group): %v", clusters)
	t.Logf("pairs confirmed but not offered by the index: %d; first post named right in %d/%d stories", missedByIndex, firstOK, len(groups))
	if copies.precision() < 0.95 || copies.recall() < 0.9 {
		t.Errorf("copies: %v, want P >= 0.95, R >= 0.9", copies)
	}
	if shared.precision() < 0.9 || shared.recall() < 0.7 {
		t.Errorf("shared: %v, want P >= 0.9, R >= 0.7", shared)
	}
	if clusters.precision() < 0.95 {
		t.Errorf("story groups merge different stories: %v", clusters)
	}
	if firstOK != len(groups) {
		t.Errorf("first post wrong in %d stories", len(groups)-firstOK)
	}
}

func tally(c *counts, want, got bool) {
	switch {
	case want && got:
		c.tp++
	case got:
		c.fp++
	case want:
		c.fn++
	}
}
