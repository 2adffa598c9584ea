package store

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// probe looks up the index entries of fp (the fingerprint of the post ref
// of site) and returns the posts of other sites that match it, confirmed
// with story.Compare, in ref order. With put it also adds fp's entries,
// skipping band values and units already held by maxPostings posts.
func probe(sb storyBuckets, site string, ref []byte, fp *story.Fingerprint, put bool) ([]storyMatch, error) {
	var cands [][]byte
	seen := map[string]bool{}
	type entry struct {
		b *bbolt.Bucket
		k []byte
	}
	var puts []entry
	err := indexKeys(sb, ref, fp, func(b *bbolt.Bucket, n int, k []byte) error {
		prefix := k[:n]
		c := b.Cursor()
		count := 0
		for ek, _ := c.Seek(prefix); ek != nil && bytes.HasPrefix(ek, prefix) && count < maxPostings; ek, _ = c.Next() {
			count++
			other := ek[n:]
			if s, _ := splitRef(other); s == site || seen[string(other)] {
				continue
			}
			seen[string(other)] = true
			cands = append(cands, bytes.Clone(other))
		}
		if put && count < maxPostings {
			puts = append(puts, entry{b, bytes.Clone(k)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range puts {
		if err := e.b.Put(e.k, nil); err != nil {
			return nil, fmt.Errorf("index %q: %w", ref, err)
		}
	}
	return confirm(sb, fp, cands)
}

// confirm compares fp with the fingerprint of each candidate and returns
// the matches, in ref order.
func confirm(sb storyBuckets, fp *story.Fingerprint, cands [][]byte) ([]storyMatch, error) {
	var out []storyMatch
	for _, c := range cands {
		r, ok, err := getStoryRecord(sb, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // an index entry without its record: harmless
		}
		if m := story.Compare(fp, &r.fp); m.Level != story.None {
			out = append(out, storyMatch{ref: c, match: m})
		}
	}
	sortMatches(out)
	return out, nil
}
