package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"
)

// SavePage gives a post that has no story record only its number (see
// storyStager.stage); recordPending writes the records of those posts
// later, all at once. A record per post in every page's transaction
// would rewrite the same few leaves of the records bucket at every
// commit; written in key order in a few transactions, each leaf is
// written once.

// recordedThrough returns the last post number whose record recordPending
// has written (or found superseded).
func recordedThrough(sb storyBuckets) uint32 {
	if v := sb.root.Get(keyRecorded); len(v) == 4 {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// unrecorded reports whether post numbers wait for recordPending.
func unrecorded(sb storyBuckets) bool {
	return sb.nums.Sequence() > uint64(recordedThrough(sb))
}

// pendingRecord is a post number waiting for its record.
type pendingRecord struct {
	ref  []byte
	num  uint32
	date int64
}

// recordPending writes the records of the next post numbers waiting for
// one (at most limit numbers), and returns how many it visited. A number
// whose post already has a record of a later number, or that a later
// number of the same post supersedes, is deleted; a post whose record has
// an earlier number keeps its story, and that number is deleted (as stage
// does for a post saved again). trim is called every trimEvery numbers.
func recordPending(sb storyBuckets, limit int, trim func()) (int, error) {
	from := recordedThrough(sb)
	if sb.nums.Sequence() <= uint64(from) {
		return 0, nil
	}
	batch := make([]pendingRecord, 0, min(uint64(limit), sb.nums.Sequence()-uint64(from)))
	refs := make([]byte, 0, cap(batch)*64) // the batch's refs, one allocation for most
	last, visited, err := eachNumber(sb, from, limit, trim, func(num uint32, e *numberEntry) error {
		start := len(refs)
		refs = append(refs, e.ref...)
		batch = append(batch, pendingRecord{ref: refs[start:len(refs):len(refs)], num: num, date: e.date})
		return nil
	})
	if err != nil {
		return 0, err
	}
	if visited == 0 {
		return 0, nil
	}
	// In key order, and for one post, the latest number last.
	slices.SortFunc(batch, func(a, b pendingRecord) int {
		if c := bytes.Compare(a.ref, b.ref); c != 0 {
			return c
		}
		return cmp.Compare(a.num, b.num)
	})
	var stale, members []uint32
	vals := make([]byte, 0, len(batch)*(recordHeader+2)) // the records written (bbolt keeps them until the commit)
	for i, p := range batch {
		if i+1 < len(batch) && bytes.Equal(p.ref, batch[i+1].ref) {
			stale = append(stale, p.num) // saved again since
			continue
		}
		rec := storyRecord{num: p.num, date: time.Unix(p.date, 0).UTC()}
		old, had, err := getStoryRecord(sb, p.ref)
		if err != nil {
			return 0, err
		}
		if had {
			switch {
			case old.num == p.num:
				continue
			case old.num > p.num:
				stale = append(stale, p.num)
				continue
			}
			stale = append(stale, old.num)
			rec.level, rec.storyKey = old.level, old.storyKey
			if !guidIsKey(p.ref, old.guid) {
				rec.guid = old.guid
			}
			if old.storyKey != nil {
				members = append(members, p.num)
			}
		}
		start := len(vals)
		vals = rec.appendTo(vals)
		if err := sb.fps.Put(p.ref, vals[start:len(vals):len(vals)]); err != nil {
			return 0, fmt.Errorf("story record %q: %w", p.ref, err)
		}
	}
	for _, num := range stale {
		if err := sb.nums.Delete(numKey(num)); err != nil {
			return 0, fmt.Errorf("story number %d: %w", num, err)
		}
	}
	for _, num := range members {
		if err := markMember(sb, num); err != nil {
			return 0, err
		}
	}
	if err := sb.root.Put(keyRecorded, numKey(last)); err != nil {
		return 0, fmt.Errorf("story record mark: %w", err)
	}
	return visited, nil
}

// markMember sets the member flag of number num: its post was in a story
// when it got the number.
func markMember(sb storyBuckets, num uint32) error {
	e, ok, err := getNumber(sb, num)
	if err != nil || !ok {
		return err
	}
	e.member = true
	if err := sb.nums.Put(numKey(num), encodeNumber(&e)); err != nil {
		return fmt.Errorf("story number %d: %w", num, err)
	}
	return nil
}
