package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// storyPair is a candidate match: post a (being indexed) and post b (in
// the index, or earlier in the same batch).
type storyPair struct{ a, b uint32 }

// candidatePairs returns the candidate pairs of a batch whose entries are
// sorted by entryLess: for each key, the posts of other sites found under
// it in the segments or earlier in the batch, unless more than
// maxPostings posts hold the key (a stock phrase, or a band value crowded
// by chance). Candidates through a SimHash band must also be within
// bandHamming bits. Pairs are distinct and sorted.
func candidatePairs(segs []*segment, entries []indexEntry) ([]storyPair, error) {
	seen := map[storyPair]bool{}
	var old []indexEntry
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].key == entries[i].key {
			j++
		}
		group := entries[i:j]
		i = j
		key, total := group[0].key, len(group)
		old = old[:0]
		for _, s := range segs {
			if total > maxPostings {
				break
			}
			n, err := s.postings(key, maxPostings+1, func(e indexEntry) { old = append(old, e) })
			if err != nil {
				return nil, err
			}
			total += n
		}
		if total > maxPostings {
			continue
		}
		band := isBand(key)
		for x, e := range group {
			for _, others := range [2][]indexEntry{old, group[:x]} {
				for _, o := range others {
					if o.site != e.site && (!band || story.Hamming(o.sim, e.sim) <= bandHamming) {
						seen[storyPair{e.num, o.num}] = true
					}
				}
			}
		}
	}
	pairs := make([]storyPair, 0, len(seen))
	for p := range seen {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y storyPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return pairs, nil
}

// confirmPairs compares the fingerprints of each candidate pair (computed
// from the posts' texts, once per post) and returns, per post of the
// batch, the posts it matches. A candidate whose number is no longer
// current (its post was fingerprinted again) is skipped: its current
// number has entries of its own. It calls trim every trimEvery texts read:
// they lie among the posts' pages and would stay resident.
func confirmPairs(sb storyBuckets, batch map[uint32]*batchPost, pairs []storyPair, trim func()) (map[uint32][]storyMatch, error) {
	tx := sb.root.Tx()
	var f story.Fingerprinter
	read := 0
	others := map[uint32]*batchPost{}
	post := func(num uint32) (*batchPost, error) {
		if p, ok := batch[num]; ok {
			return p, nil
		}
		if p, ok := others[num]; ok {
			return p, nil
		}
		ref, err := numberRef(sb, num)
		if err != nil {
			return nil, err
		}
		var p *batchPost
		if ref != nil {
			p = &batchPost{ref: bytes.Clone(ref)}
		}
		others[num] = p
		return p, nil
	}
	fingerprint := func(num uint32) (*batchPost, *story.Fingerprint, error) {
		p, err := post(num)
		if err != nil || p == nil {
			return nil, nil, err
		}
		if rec, err := p.record(sb, num); err != nil || rec == nil {
			return nil, nil, err
		}
		if p.fp == nil && !p.gone {
			if read++; read%trimEvery == 0 {
				trim()
			}
		}
		fp, err := p.fingerprint(tx, &f)
		return p, fp, err
	}
	out := map[uint32][]storyMatch{}
	for _, pr := range pairs {
		_, a, err := fingerprint(pr.a)
		if err != nil {
			return nil, err
		}
		b, bfp, err := fingerprint(pr.b)
		if err != nil {
			return nil, err
		}
		if a == nil || bfp == nil {
			continue
		}
		if m := story.Compare(a, bfp); m.Level != story.None {
			out[pr.a] = append(out[pr.a], storyMatch{ref: b.ref, match: m})
		}
	}
	return out, nil
}

// probe returns the indexed posts of other sites that match the post ref
// of site with record rec and number entry e, confirmed with
// story.Compare, in ref order.
func probe(sb storyBuckets, site string, ref []byte, rec *storyRecord, e *numberEntry) ([]storyMatch, error) {
	segs, err := loadSegments(sb)
	if err != nil {
		return nil, err
	}
	var sid uint32 // 0 numbers no site: every entry is of another site
	if v := sb.sites.Get([]byte(site)); len(v) == 4 {
		sid = binary.BigEndian.Uint32(v)
	}
	var entries []indexEntry
	for _, key := range entryKeys(nil, e) {
		entries = append(entries, indexEntry{key: key, num: rec.num, site: sid, sim: e.sim})
	}
	slices.SortFunc(entries, entryLess)
	pairs, err := candidatePairs(segs, entries)
	if err != nil {
		return nil, err
	}
	self := map[uint32]*batchPost{rec.num: {ref: ref, rec: rec}}
	matches, err := confirmPairs(sb, self, pairs, func() {})
	if err != nil {
		return nil, err
	}
	out := matches[rec.num]
	sortMatches(out)
	return out, nil
}
