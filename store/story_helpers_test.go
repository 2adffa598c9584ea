package store

import (
	"context"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
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
