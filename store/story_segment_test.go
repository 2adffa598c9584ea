package store

import (
	"math/rand/v2"
	"slices"
	"testing"

	"go.etcd.io/bbolt"
)

// TestSegmentsAnswerLikeAList writes random entries as several segments
// (which merge), with runs of one key crossing block boundaries (about 18
// entries a key, fewer than the cap, which TestStoryCrowdedUnitStopsIndexing
// covers), and checks
// every key's postings against a plain list, asked in ascending order (the
// fast path) and in random order.
func TestSegmentsAnswerLikeAList(t *testing.T) {
	db := openTemp(t)
	r := rand.New(rand.NewPCG(1, 2))
	want := map[uint64][]indexEntry{}
	num := uint32(0)
	batch := func(n int) []indexEntry {
		var out []indexEntry
		for range n {
			num++
			e := indexEntry{key: uint64(r.IntN(4))<<32 | uint64(r.IntN(300)), num: num, site: uint32(r.IntN(5) + 1), sim: r.Uint64()}
			out = append(out, e)
		}
		slices.SortFunc(out, entryLess)
		return out
	}
	sizes := []int{9000, 3000, 3000, 200, 6000}
	segCounts := []int{1, 2, 2, 3, 1} // segments left after each batch (a binary counter)
	for i, n := range sizes {
		entries := batch(n)
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			sb, err := writeStories(tx)
			if err != nil {
				return err
			}
			if err := addSegment(sb, entries); err != nil {
				return err
			}
			segs, err := loadSegments(sb)
			if err != nil {
				return err
			}
			if len(segs) != segCounts[i] {
				t.Errorf("after batch %d: %d segments, want %d", i, len(segs), segCounts[i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			want[e.key] = append(want[e.key], e)
		}
	}
	var keys []uint64
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	shuffled := slices.Clone(keys)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, order := range [][]uint64{keys, shuffled, append(slices.Clone(keys), 1<<40, 0)} {
		err := db.bolt.View(func(tx *bbolt.Tx) error {
			sb, _ := readStories(tx)
			segs, err := loadSegments(sb)
			if err != nil {
				return err
			}
			for _, k := range order {
				var got []indexEntry
				for _, s := range segs {
					if _, err := s.postings(k, 1<<30, func(e indexEntry) { got = append(got, e) }); err != nil {
						return err
					}
				}
				slices.SortFunc(got, entryLess)
				exp := slices.Clone(want[k])
				slices.SortFunc(exp, entryLess)
				if !slices.Equal(got, exp) {
					t.Errorf("key %x: %d postings, want %d", k, len(got), len(exp))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestSortEntriesIsEntryLess checks the radix sort against the comparison
// sort on entries appended in number order, as a batch appends them.
func TestSortEntriesIsEntryLess(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 255, 256, 5000} {
		var entries []indexEntry
		for i := range n {
			key := uint64(r.IntN(5))<<32 | uint64(r.Uint32())
			if i%3 == 0 && i > 0 {
				key = entries[r.IntN(i)].key // repeated keys: the order of numbers must hold
			}
			entries = append(entries, indexEntry{key: key, num: uint32(i + 1), site: 1, sim: r.Uint64()})
		}
		want := slices.Clone(entries)
		slices.SortFunc(want, entryLess)
		sortEntries(entries)
		if !slices.Equal(entries, want) {
			t.Fatalf("%d entries: the radix sort differs from entryLess", n)
		}
	}
}
