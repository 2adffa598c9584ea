package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// The story index is a list of segments, oldest first. A segment is a
// sorted run of fixed-size entries (key, then post number), cut into
// blocks of blockEntries entries, each one bbolt value, and a header that
// holds the first key of each block. IndexStories writes one segment per
// batch of new posts and merges the newest two while the newer is at least
// as large as the older (a binary counter), so an archive of n posts has
// about log2(n/batch) segments and each entry is rewritten about as many
// times. Lookups are a binary search in a block, found through the header;
// sorted lookups move forward from the last answer.

// indexEntry is one posting of the story index: post number num, of the
// site numbered site, has the probe key; sim is the post's SimHash.
type indexEntry struct {
	key  uint64
	num  uint32
	site uint32
	sim  uint64
}

const (
	// entrySize is the size of an encoded indexEntry.
	entrySize = 24
	// blockEntries is the number of entries of a full block (96 KiB).
	blockEntries = 4096
	// unitKind is the kind (top half of a key) of unit probes; kinds
	// 0..story.Bands-1 are the SimHash bands.
	unitKind = story.Bands
	// bandHamming is the most bits a candidate found through a SimHash
	// band may differ from the post in: a band of 16 bits matches one
	// post in 65,536 by chance, and those differ in about 24 of the other
	// 48 bits, while the copies a band is there to find differ in a few.
	bandHamming = 12
	// segmentVersion is the first byte of a segment header.
	segmentVersion = 1
)

// probeKeys appends the index keys of a signature with SimHash sim and
// probes to dst: one per SimHash band and one per unit probe.
func probeKeys(dst []uint64, sim uint64, probes []uint32) []uint64 {
	for i, v := range story.BandsOf(sim) {
		dst = append(dst, uint64(i)<<32|uint64(v))
	}
	for _, u := range probes {
		dst = append(dst, unitKind<<32|uint64(u))
	}
	return dst
}

// isBand reports whether key is a SimHash band.
func isBand(key uint64) bool { return key>>32 < unitKind }

// entryLess orders entries by key, then post number.
func entryLess(a, b indexEntry) int {
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	case a.num < b.num:
		return -1
	case a.num > b.num:
		return 1
	}
	return 0
}

func appendEntry(b []byte, e indexEntry) []byte {
	b = binary.BigEndian.AppendUint64(b, e.key)
	b = binary.BigEndian.AppendUint32(b, e.num)
	b = binary.BigEndian.AppendUint32(b, e.site)
	return binary.BigEndian.AppendUint64(b, e.sim)
}

func entryAt(b []byte, i int) indexEntry {
	b = b[i*entrySize:]
	return indexEntry{
		key:  binary.BigEndian.Uint64(b),
		num:  binary.BigEndian.Uint32(b[8:]),
		site: binary.BigEndian.Uint32(b[12:]),
		sim:  binary.BigEndian.Uint64(b[16:]),
	}
}

func keyAt(b []byte, i int) uint64 { return binary.BigEndian.Uint64(b[i*entrySize:]) }

func blockKey(seg uint64, i int) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, seg), uint32(i))
}

var errBadSegment = errors.New("malformed story index segment")

// segment reads one segment of the index, inside a transaction.
type segment struct {
	id     uint64
	count  int
	firsts []uint64 // the first key of each block
	sb     storyBuckets

	bi   int    // the block in data, -1 for none
	data []byte // block bi, valid for the transaction
	pos  int    // where the last lookup in data stopped
}

// loadSegments returns the segments of the index, oldest first.
func loadSegments(sb storyBuckets) ([]*segment, error) {
	var out []*segment
	c := sb.segs.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 || len(v) < 13 || v[0] != segmentVersion {
			return nil, fmt.Errorf("segment %x: %w", k, errBadSegment)
		}
		s := &segment{id: binary.BigEndian.Uint64(k), count: int(binary.BigEndian.Uint64(v[1:])), sb: sb, bi: -1}
		n := int(binary.BigEndian.Uint32(v[9:]))
		if len(v) != 13+8*n {
			return nil, fmt.Errorf("segment %d: %w", s.id, errBadSegment)
		}
		s.firsts = make([]uint64, n)
		for i := range s.firsts {
			s.firsts[i] = binary.BigEndian.Uint64(v[13+8*i:])
		}
		out = append(out, s)
	}
	return out, nil
}

// block returns block i.
func (s *segment) block(i int) ([]byte, error) {
	if i == s.bi {
		return s.data, nil
	}
	v := s.sb.blocks.Get(blockKey(s.id, i))
	if len(v) == 0 || len(v)%entrySize != 0 {
		return nil, fmt.Errorf("segment %d block %d: %w", s.id, i, errBadSegment)
	}
	s.bi, s.data, s.pos = i, v, 0
	return v, nil
}

// findBlock returns the block where entries of key would start: the last
// one whose first key is below key (a run of key may begin at the end of
// a block), or the first block.
func (s *segment) findBlock(key uint64) int {
	if b := s.bi; b >= 0 && s.firsts[b] < key && (b+1 == len(s.firsts) || s.firsts[b+1] >= key) {
		return b
	}
	return max(sort.Search(len(s.firsts), func(i int) bool { return s.firsts[i] >= key })-1, 0)
}

// postings calls fn with the entries of key, at most limit of them, and
// returns how many there were (at most limit). Any order of keys is
// right; ascending keys are the fastest, each search starting where the
// last one stopped.
func (s *segment) postings(key uint64, limit int, fn func(indexEntry)) (int, error) {
	if len(s.firsts) == 0 {
		return 0, nil
	}
	b := s.findBlock(key)
	data, err := s.block(b)
	if err != nil {
		return 0, err
	}
	n := len(data) / entrySize
	i := s.seek(data, key)
	count := 0
	for count < limit {
		if i == n {
			if b+1 == len(s.firsts) || s.firsts[b+1] != key {
				break
			}
			b++
			if data, err = s.block(b); err != nil {
				return count, err
			}
			n, i = len(data)/entrySize, 0
		}
		e := entryAt(data, i)
		if e.key != key {
			break
		}
		fn(e)
		count++
		i++
	}
	s.pos = i
	return count, nil
}

// seek returns the index of the first entry of data (the cached block)
// whose key is key or more, galloping forward from the last lookup when
// key is not below it.
func (s *segment) seek(data []byte, key uint64) int {
	n := len(data) / entrySize
	lo := 0
	if s.pos < n && keyAt(data, s.pos) <= key {
		lo = s.pos
		step := 1
		for lo+step < n && keyAt(data, lo+step) < key {
			lo += step
			step *= 2
		}
		n = min(lo+step+1, n)
	}
	return lo + sort.Search(n-lo, func(j int) bool { return keyAt(data, lo+j) >= key })
}

// drop deletes the segment.
func (s *segment) drop() error {
	for b := range s.firsts {
		if err := s.sb.blocks.Delete(blockKey(s.id, b)); err != nil {
			return fmt.Errorf("drop segment %d: %w", s.id, err)
		}
	}
	if err := s.sb.segs.Delete(binary.BigEndian.AppendUint64(nil, s.id)); err != nil {
		return fmt.Errorf("drop segment %d: %w", s.id, err)
	}
	return nil
}

// segmentWriter writes a new segment from entries given in order. It keeps
// at most maxPostings+1 entries of a key: enough to show that the key is
// crowded.
type segmentWriter struct {
	sb     storyBuckets
	id     uint64
	buf    []byte
	firsts []uint64
	count  int
	last   uint64
	run    int
}

func newSegmentWriter(sb storyBuckets) (*segmentWriter, error) {
	id, err := sb.segs.NextSequence()
	if err != nil {
		return nil, fmt.Errorf("new segment: %w", err)
	}
	return &segmentWriter{sb: sb, id: id}, nil
}

// add appends e, which must not sort before the last entry added.
func (w *segmentWriter) add(e indexEntry) error {
	if w.count > 0 && e.key == w.last {
		if w.run++; w.run > maxPostings+1 {
			return nil
		}
	} else {
		w.last, w.run = e.key, 1
	}
	if len(w.buf) == 0 {
		w.buf = make([]byte, 0, blockEntries*entrySize)
		w.firsts = append(w.firsts, e.key)
	}
	w.buf = appendEntry(w.buf, e)
	w.count++
	if len(w.buf) == cap(w.buf) {
		return w.flush()
	}
	return nil
}

// flush writes the block being filled. bbolt keeps the value until the
// commit, so each block gets its own buffer.
func (w *segmentWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if err := w.sb.blocks.Put(blockKey(w.id, len(w.firsts)-1), w.buf); err != nil {
		return fmt.Errorf("segment %d: %w", w.id, err)
	}
	w.buf = nil
	return nil
}

// close writes the last block and the header, and returns the segment's
// entry count (a segment without entries is not written).
func (w *segmentWriter) close() (int, error) {
	if err := w.flush(); err != nil {
		return 0, err
	}
	if w.count == 0 {
		return 0, nil
	}
	h := make([]byte, 0, 13+8*len(w.firsts))
	h = append(h, segmentVersion)
	h = binary.BigEndian.AppendUint64(h, uint64(w.count))
	h = binary.BigEndian.AppendUint32(h, uint32(len(w.firsts)))
	for _, k := range w.firsts {
		h = binary.BigEndian.AppendUint64(h, k)
	}
	if err := w.sb.segs.Put(binary.BigEndian.AppendUint64(nil, w.id), h); err != nil {
		return 0, fmt.Errorf("segment %d: %w", w.id, err)
	}
	return w.count, nil
}

// addSegment writes entries (sorted by entryLess) as a new segment, then
// merges the newest segments while the newer one is at least as large as
// the one before it.
func addSegment(sb storyBuckets, entries []indexEntry) error {
	w, err := newSegmentWriter(sb)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := w.add(e); err != nil {
			return err
		}
	}
	if _, err := w.close(); err != nil {
		return err
	}
	segs, err := loadSegments(sb)
	if err != nil {
		return err
	}
	for len(segs) >= 2 && segs[len(segs)-1].count >= segs[len(segs)-2].count {
		older, newer := segs[len(segs)-2], segs[len(segs)-1]
		merged, err := mergeSegments(sb, older, newer)
		if err != nil {
			return err
		}
		segs = append(segs[:len(segs)-2], merged)
	}
	return nil
}

// mergeSegments writes the entries of a and b as one new segment, drops
// both and returns the new one. It streams both, a block at a time.
func mergeSegments(sb storyBuckets, a, b *segment) (*segment, error) {
	w, err := newSegmentWriter(sb)
	if err != nil {
		return nil, err
	}
	ia, ib := &segmentIter{s: a}, &segmentIter{s: b}
	if err := ia.next(); err != nil {
		return nil, err
	}
	if err := ib.next(); err != nil {
		return nil, err
	}
	for ia.ok || ib.ok {
		it := ia
		if !ia.ok || (ib.ok && entryLess(ib.cur, ia.cur) < 0) {
			it = ib
		}
		if err := w.add(it.cur); err != nil {
			return nil, err
		}
		if err := it.next(); err != nil {
			return nil, err
		}
	}
	count, err := w.close()
	if err != nil {
		return nil, err
	}
	if err := a.drop(); err != nil {
		return nil, err
	}
	if err := b.drop(); err != nil {
		return nil, err
	}
	return &segment{id: w.id, count: count, firsts: w.firsts, sb: sb, bi: -1}, nil
}

// segmentIter walks the entries of a segment in order.
type segmentIter struct {
	s    *segment
	b, i int // the block, and the entry in it, of the next entry
	cur  indexEntry
	ok   bool // cur holds an entry
}

// next moves to the next entry; ok turns false at the end.
func (it *segmentIter) next() error {
	for it.b < len(it.s.firsts) {
		data, err := it.s.block(it.b)
		if err != nil {
			return err
		}
		if it.i < len(data)/entrySize {
			it.cur, it.ok = entryAt(data, it.i), true
			it.i++
			return nil
		}
		it.b, it.i = it.b+1, 0
	}
	it.ok = false
	return nil
}

// sortEntries sorts entries appended in ascending post number order by
// entryLess: a stable least-significant-digit radix sort on the key, 16
// bits a pass, skipping the digits all keys share (most of the kind half).
// It is several times faster than a comparison sort on a batch's million
// entries.
func sortEntries(entries []indexEntry) {
	if len(entries) < 256 {
		slices.SortFunc(entries, entryLess)
		return
	}
	buf := make([]indexEntry, len(entries))
	src, dst := entries, buf
	for shift := 0; shift < 64; shift += 16 {
		var count [1 << 16]int
		for _, e := range src {
			count[uint16(e.key>>shift)]++
		}
		if count[uint16(src[0].key>>shift)] == len(src) {
			continue // every key has this digit
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for _, e := range src {
			d := uint16(e.key >> shift)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &entries[0] {
		copy(entries, src)
	}
}
