package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// numberEntry is what the numbers bucket keeps of a post number: the
// post's signature, all that IndexStories needs to index the post without
// reading its record (the records lie scattered among the posts' pages, the
// numbers bucket grows at its end).
type numberEntry struct {
	usable bool   // the text was long enough to fingerprint
	member bool   // the post was in a story when it got this number
	sim    uint64 // the SimHash
	date   int64  // date_gmt, Unix seconds (for the record, see recordPending)
	probes []uint32
	ref    []byte
}

const (
	numberUsable = 1 << iota
	numberMember
)

// numberHeader is the fixed start of an encoded number entry: flags,
// SimHash and date.
const numberHeader = 17

// encodeNumber returns e as: flags, SimHash and date (8 bytes each,
// big-endian), the probe count as a uvarint and the probes (4 bytes each),
// then the ref.
func encodeNumber(e *numberEntry) []byte {
	return appendNumber(make([]byte, 0, numberHeader+1+4*len(e.probes)+len(e.ref)), e)
}

// appendNumber appends the encoding of e (see encodeNumber) to b.
func appendNumber(b []byte, e *numberEntry) []byte {
	var flags byte
	if e.usable {
		flags |= numberUsable
	}
	if e.member {
		flags |= numberMember
	}
	b = append(b, flags)
	b = binary.BigEndian.AppendUint64(b, e.sim)
	b = binary.BigEndian.AppendUint64(b, uint64(e.date))
	b = binary.AppendUvarint(b, uint64(len(e.probes)))
	for _, p := range e.probes {
		b = binary.BigEndian.AppendUint32(b, p)
	}
	return append(b, e.ref...)
}

// decodeNumber decodes what encodeNumber wrote, appending the probes to
// probes (reused between calls); its ref aliases b.
func decodeNumber(b []byte, probes []uint32) (numberEntry, error) {
	var e numberEntry
	if len(b) < numberHeader+1 {
		return e, errBadRecord
	}
	e.usable, e.member = b[0]&numberUsable != 0, b[0]&numberMember != 0
	e.sim = binary.BigEndian.Uint64(b[1:])
	e.date = int64(binary.BigEndian.Uint64(b[9:]))
	n, w := binary.Uvarint(b[numberHeader:])
	off := numberHeader + w
	if w <= 0 || n > uint64(len(b)-off)/4 {
		return e, errBadRecord
	}
	e.probes = probes[:0]
	for range n {
		e.probes = append(e.probes, binary.BigEndian.Uint32(b[off:]))
		off += 4
	}
	e.ref = b[off:]
	return e, nil
}

// putNumber gives post ref, with record rec and signature sig, the number
// rec.num. It encodes the entry at the end of *vals, which bbolt keeps
// until the commit (one buffer for the transaction's entries, rather than
// one allocation each).
func putNumber(sb storyBuckets, ref []byte, rec *storyRecord, sig *story.Signature, vals *[]byte) error {
	e := numberEntry{usable: sig.Usable(), member: rec.storyKey != nil, sim: sig.SimHash, date: rec.date.Unix(), probes: sig.Probes, ref: ref}
	start := len(*vals)
	*vals = appendNumber(*vals, &e)
	var k [4]byte // bbolt copies keys
	binary.BigEndian.PutUint32(k[:], rec.num)
	if err := sb.nums.Put(k[:], (*vals)[start:len(*vals):len(*vals)]); err != nil {
		return fmt.Errorf("story index: number %d: %w", rec.num, err)
	}
	return nil
}

// getNumber reads the entry of number num; ok is false when the number
// is no longer in use. The entry's slices alias the transaction's memory.
func getNumber(sb storyBuckets, num uint32) (e numberEntry, ok bool, err error) {
	v := sb.nums.Get(numKey(num))
	if v == nil {
		return e, false, nil
	}
	if e, err = decodeNumber(v, nil); err != nil {
		return numberEntry{}, false, fmt.Errorf("story number %d: %w", num, err)
	}
	return e, true, nil
}

// sameSignature reports whether number num holds the signature sig (as
// far as the index is concerned: whether the text is usable, its SimHash
// and probes).
func sameSignature(sb storyBuckets, num uint32, sig *story.Signature) (bool, error) {
	e, ok, err := getNumber(sb, num)
	if err != nil || !ok {
		return false, err
	}
	return e.usable == sig.Usable() && e.sim == sig.SimHash && slices.Equal(e.probes, sig.Probes), nil
}

// numberRef returns the ref of post number num, or nil when the number is
// no longer in use.
func numberRef(sb storyBuckets, num uint32) ([]byte, error) {
	e, _, err := getNumber(sb, num)
	return e.ref, err
}

// entryKeys appends the index keys of a number entry to dst, like
// probeKeys of its signature.
func entryKeys(dst []uint64, e *numberEntry) []uint64 {
	return probeKeys(dst, e.sim, e.probes)
}

// eachNumber calls fn with the number entries after number from, in
// order, at most limit of them, and trim every trimEvery entries. It
// returns the last number visited (from when none) and how many it
// visited. The entry's slices are valid only during the call to fn.
func eachNumber(sb storyBuckets, from uint32, limit int, trim func(), fn func(num uint32, e *numberEntry) error) (last uint32, visited int, err error) {
	var probes []uint32
	last = from
	c := sb.nums.Cursor()
	for k, v := c.Seek(numKey(from + 1)); k != nil && visited < limit; k, v = c.Next() {
		if visited++; visited%trimEvery == 0 {
			trim()
		}
		num := binary.BigEndian.Uint32(k)
		last = num
		e, err := decodeNumber(v, probes)
		if err != nil {
			return last, visited, fmt.Errorf("story number %d: %w", num, err)
		}
		probes = e.probes
		if err := fn(num, &e); err != nil {
			return last, visited, err
		}
	}
	return last, visited, nil
}
