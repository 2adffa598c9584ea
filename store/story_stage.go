package store

import (
	"fmt"
	"math"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// storyStager records the fingerprints of the posts of one SavePage
// transaction.
type storyStager struct {
	sb storyBuckets
	f  story.Fingerprinter
	// deferRecords leaves the record of a post that has none to
	// recordPending (SavePage sets it; seeding writes every record).
	deferRecords bool
	ref          []byte // the ref of the post being staged
	vals         []byte // the number entries written (see putNumber)
}

// stage records the signature of p, stored under key in site, for the
// story index: one record keyed by the post's ref and one number (with the
// post's signature), both small, next to the post. Matching against other
// sites waits for IndexStories, which works on whole runs at once.
//
// p.Signature is used when set (the fetch workers compute it in
// parallel); otherwise the text is signed here. A post whose signature and
// date are unchanged keeps its number (a new GUID is written in place, and
// nothing at all when it is unchanged too); otherwise it gets a new number
// and the index entries of the old one go stale. A post keeps its story
// when its text changes (stories only grow). fresh says that the post is
// new to the store, so it has no story record either (saving a lookup per
// post of a backfill).
//
// A post without a record gets only its number when deferRecords is set:
// the number entry holds what its record would (the ref and date, the
// GUID being the key), and recordPending writes the records of a whole
// run at once, in key order, where one per post would spread small writes
// over every page's transaction. A post saved again before that gets a
// second number, which recordPending finds superseding the first.
func (st *storyStager) stage(site string, key []byte, p *harvester.Post, fresh bool) error {
	var sig story.Signature
	if p.Signature != nil {
		sig = *p.Signature
	} else {
		sig = st.f.Signature(p.Text)
	}
	st.ref = appendRef(st.ref[:0], site, key)
	ref := st.ref
	rec := storyRecord{date: p.DateGMT.UTC().Truncate(time.Second), guid: p.GUID}
	var old storyRecord
	had := false
	if !fresh {
		var err error
		if old, had, err = getStoryRecord(st.sb, ref); err != nil {
			return fmt.Errorf("story index: %w", err)
		}
	}
	if had {
		rec.storyKey, rec.level = old.storyKey, old.level
		same, err := sameSignature(st.sb, old.num, &sig)
		if err != nil {
			return err
		}
		if same && old.date.Equal(rec.date) {
			if old.guid == rec.guid {
				return nil
			}
			rec.num = old.num
			return putStoryRecord(st.sb, ref, &rec)
		}
		if err := st.sb.nums.Delete(numKey(old.num)); err != nil {
			return fmt.Errorf("story index: %w", err)
		}
	}
	n, err := st.sb.nums.NextSequence()
	if err != nil {
		return fmt.Errorf("story index: %w", err)
	}
	if n > math.MaxUint32 {
		return fmt.Errorf("story index: post numbers exhausted")
	}
	rec.num = uint32(n)
	if err := putNumber(st.sb, ref, &rec, &sig, &st.vals); err != nil {
		return err
	}
	if !had && st.deferRecords && guidIsKey(ref, rec.guid) {
		return nil // recordPending writes it
	}
	return putStoryRecord(st.sb, ref, &rec)
}
