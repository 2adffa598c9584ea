package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// saveStories saves posts of site with SavePage (which fingerprints them),
// then indexes them with IndexStories, as after a harvest run.
func saveStories(t testing.TB, db *DB, site string, posts ...harvester.Post) {
	t.Helper()
	save(t, db, site, posts...)
	if _, err := db.IndexStories(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// entriesOf returns the index entries of post number num, in every
// segment.
func entriesOf(t testing.TB, db *DB, num uint32) []indexEntry {
	t.Helper()
	var out []indexEntry
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		segs, err := loadSegments(sb)
		if err != nil {
			return err
		}
		for _, s := range segs {
			it := &segmentIter{s: s}
			for err = it.next(); err == nil && it.ok; err = it.next() {
				if it.cur.num == num {
					out = append(out, it.cur)
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// recordOf returns the story record of a post.
func recordOf(t testing.TB, db *DB, site, key string) storyRecord {
	t.Helper()
	var rec storyRecord
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		r, ok, err := getStoryRecord(sb, storyRef(site, []byte(key)))
		if err == nil && !ok {
			t.Fatalf("no story record for %s %s", site, key)
		}
		rec = r
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// numberOf returns the number entry of a story record.
func numberOf(t testing.TB, db *DB, rec storyRecord) numberEntry {
	t.Helper()
	var e numberEntry
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		v := sb.nums.Get(numKey(rec.num))
		if v == nil {
			return fmt.Errorf("number %d has no entry", rec.num)
		}
		var err error
		e, err = decodeNumber(bytes.Clone(v), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// signs reports whether number entry e holds the signature of text.
func signs(e numberEntry, text string) bool {
	var f story.Fingerprinter
	sig := f.Signature(text)
	return e.usable == sig.Usable() && e.sim == sig.SimHash && slices.Equal(e.probes, sig.Probes)
}

// checkNumbers checks, once every post number has its record, that each
// post has one number, its record's, and each record's number an entry.
func checkNumbers(sb storyBuckets) error {
	entries := 0
	err := sb.nums.ForEach(func(k, v []byte) error {
		entries++
		e, err := decodeNumber(v, nil)
		if err != nil {
			return err
		}
		rec, ok, err := getStoryRecord(sb, e.ref)
		if err != nil || !ok || string(numKey(rec.num)) != string(k) {
			return fmt.Errorf("number %x of %q: record %v %+v, %v", k, e.ref, ok, rec, err)
		}
		if !time.Unix(e.date, 0).Equal(rec.date) {
			return fmt.Errorf("number %x of %q: date %d, record %s", k, e.ref, e.date, rec.date)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n := sb.fps.Stats().KeyN; n != entries {
		return fmt.Errorf("%d records, %d numbers", n, entries)
	}
	return nil
}

// checkStories checks the story buckets against each other: every story's
// header counts its member refs and their sites, its root is its earliest
// member, and every member's record names the story, as every story
// record with a story key is a member of it. Once every number has its
// record, it checks those too (see checkNumbers).
func checkStories(t testing.TB, db *DB) {
	t.Helper()
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readStories(tx)
		if !ok {
			return nil
		}
		members := 0
		err := sb.members.ForEach(func(k, v []byte) error {
			h, err := decodeHeader(v)
			if err != nil {
				return err
			}
			refs := storyRefs(sb, k)
			sites := map[string]bool{}
			root, rootDate := "", time.Time{}
			for _, r := range refs {
				rec, ok, err := getStoryRecord(sb, []byte(r))
				if err != nil || !ok || string(rec.storyKey) != string(k) {
					return fmt.Errorf("story %q: member %q has record %v (story %q), %v", k, r, ok, rec.storyKey, err)
				}
				s, _ := splitRef([]byte(r))
				sites[s] = true
				if root == "" || earlier(r, rec.date, root, rootDate) {
					root, rootDate = r, rec.date
				}
			}
			members += len(refs)
			switch {
			case h.size != len(refs) || len(refs) < 2:
				return fmt.Errorf("story %q: header size %d, %d members", k, h.size, len(refs))
			case h.sites != len(sites):
				return fmt.Errorf("story %q: header sites %d, members of %d sites", k, h.sites, len(sites))
			case string(h.root) != root || !h.rootDate.Equal(rootDate):
				return fmt.Errorf("story %q: root %q %s, earliest member %q %s", k, h.root, h.rootDate, root, rootDate)
			}
			return nil
		})
		if err != nil {
			return err
		}
		inStories := 0
		err = sb.fps.ForEach(func(k, v []byte) error {
			rec, err := decodeStoryRecord(v)
			if err == nil && rec.storyKey != nil {
				inStories++
			}
			return err
		})
		if err == nil && inStories != members {
			err = fmt.Errorf("%d records name a story, the stories have %d members", inStories, members)
		}
		if err != nil || unrecorded(sb) {
			return err
		}
		return checkNumbers(sb)
	})
	if err != nil {
		t.Fatal(err)
	}
}
