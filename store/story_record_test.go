package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// recordCount returns how many story records the archive holds and
// whether numbers still wait for theirs.
func recordCount(t testing.TB, db *DB) (records int, waiting bool) {
	t.Helper()
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readStories(tx)
		if !ok {
			return nil
		}
		records, waiting = sb.fps.Stats().KeyN, unrecorded(sb)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return records, waiting
}

// TestStoryRecordsWaitForIndexStories saves pages of new posts: they get
// numbers (with their dates) and no records; IndexStories writes the
// records, for an archive of one site too, with the numbers and dates of
// the entries and the keys as GUIDs.
func TestStoryRecordsWaitForIndexStories(t *testing.T) {
	db := openTemp(t)
	var page []harvester.Post
	for i := range 30 {
		page = append(page, docPost(&storytest.Doc{
			GUID: "g" + string(rune('a'+i%26)) + string(rune('a'+i/26)), ID: int64(i + 1),
			Date: t0.Add(time.Duration(i) * time.Hour), Text: storyText(i),
		}))
	}
	save(t, db, "a", page[:20]...)
	save(t, db, "a", page[20:]...)
	if n, waiting := recordCount(t, db); n != 0 || !waiting {
		t.Fatalf("after SavePage: %d records, waiting %v; want none, waiting", n, waiting)
	}
	if n, err := db.IndexStories(context.Background()); err != nil || n != 0 {
		t.Fatalf("IndexStories of one site = %d, %v; want 0 indexed", n, err)
	}
	if n, waiting := recordCount(t, db); n != len(page) || waiting {
		t.Fatalf("after IndexStories: %d records, waiting %v; want %d", n, waiting, len(page))
	}
	for _, p := range page {
		rec := recordOf(t, db, "a", p.GUID)
		if rec.guid != p.GUID || !rec.date.Equal(p.DateGMT) || !signs(numberOf(t, db, rec), p.Text) {
			t.Fatalf("record of %s: %+v", p.GUID, rec)
		}
	}
	checkStories(t, db)
}

// TestStoryPostSavedTwiceBeforeItsRecord saves a post, then an edit of it,
// before IndexStories: the edit's number supersedes the first, whether
// both wait in one batch or the first was recorded in an earlier one.
func TestStoryPostSavedTwiceBeforeItsRecord(t *testing.T) {
	for _, limit := range []int{indexBatch, 1} {
		db := openTemp(t)
		save(t, db, "z", docPost(&storytest.Doc{GUID: "z1", ID: 1, Date: t0, Text: storyText(9)}))
		p := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
		save(t, db, "a", p)
		p.Text, p.ModifiedGMT, p.DateGMT = storyText(2), t0.Add(time.Hour), t0.Add(time.Minute)
		save(t, db, "a", p)
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			sb, err := writeStories(tx)
			if err != nil {
				return err
			}
			for {
				n, err := recordPending(sb, limit, func() {})
				if err != nil || n < limit {
					return err
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		rec := recordOf(t, db, "a", "g1")
		if e := numberOf(t, db, rec); !signs(e, p.Text) || !rec.date.Equal(p.DateGMT) {
			t.Fatalf("limit %d: the record keeps the first save: %+v", limit, rec)
		}
		checkStories(t, db) // one number per post
		if _, err := db.IndexStories(context.Background()); err != nil {
			t.Fatal(err)
		}
		// The edit is what the index holds: a copy of it on another site
		// joins it.
		q := p
		q.GUID = "h1"
		saveStories(t, db, "b", q)
		if got := field(t, db, "b", "h1"); got == "" {
			t.Fatalf("limit %d: a copy of the edit found no story", limit)
		}
		checkStories(t, db)
	}
}

// TestStoryRecordOfAnEarlierNumber covers the records recordPending finds
// already written: one of a later number leaves the waiting number stale,
// one of an earlier number is superseded and hands its story on.
func TestStoryRecordOfAnEarlierNumber(t *testing.T) {
	db := openTemp(t)
	p := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	save(t, db, "a", p)
	ref := storyRef("a", []byte("g1"))
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeStories(tx)
		if err != nil {
			return err
		}
		// The waiting number is 1; a record of number 1 in a story, as
		// if written before, and a second waiting number, 2.
		rec := storyRecord{num: 1, date: t0, level: 1, storyKey: []byte("story"), guid: "g1"}
		if err := putStoryRecord(sb, ref, &rec); err != nil {
			return err
		}
		rec.num = 2
		rec.storyKey = nil
		sig := storyText(3)
		if err := stageNumber(sb, ref, &rec, sig); err != nil {
			return err
		}
		if _, err := recordPending(sb, indexBatch, func() {}); err != nil {
			return err
		}
		got, _, err := getStoryRecord(sb, ref)
		if err != nil {
			return err
		}
		if got.num != 2 || string(got.storyKey) != "story" || got.level != 1 {
			t.Errorf("superseding record: %+v", got)
		}
		if sb.nums.Get(numKey(1)) != nil {
			t.Error("number 1 survived its successor")
		}
		if e, err := decodeNumber(sb.nums.Get(numKey(2)), nil); err != nil || !e.member {
			t.Errorf("number 2 of a post in a story: %+v, %v", e, err)
		}
		// A waiting number older than the post's record is stale.
		rec = storyRecord{num: 3, date: t0, guid: "g1"}
		if err := stageNumber(sb, ref, &rec, sig); err != nil {
			return err
		}
		rec.num = 4
		if err := stageNumber(sb, ref, &rec, sig); err != nil {
			return err
		}
		if err := putStoryRecord(sb, ref, &rec); err != nil {
			return err
		}
		if _, err := recordPending(sb, indexBatch, func() {}); err != nil {
			return err
		}
		if sb.nums.Get(numKey(3)) != nil || sb.nums.Get(numKey(4)) == nil {
			t.Error("the stale number 3 survived, or the current 4 went")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stageNumber gives ref the next number, as stage does for a post without
// a record, setting rec.num.
func stageNumber(sb storyBuckets, ref []byte, rec *storyRecord, text string) error {
	n, err := sb.nums.NextSequence()
	if err != nil {
		return err
	}
	rec.num = uint32(n)
	var st storyStager
	sig := st.f.Signature(text)
	var vals []byte
	return putNumber(sb, ref, rec, &sig, &vals)
}

// TestStoryRecordKeepsAGUIDThatIsNotTheKey stores two posts with one GUID:
// the second's key is a collision key, so its record is written at once,
// with the GUID, which the export's story id then names.
func TestStoryRecordKeepsAGUIDThatIsNotTheKey(t *testing.T) {
	db := openTemp(t)
	a := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	b := docPost(&storytest.Doc{GUID: "g1", ID: 2, Date: t0.Add(-time.Hour), Text: storyText(1)})
	save(t, db, "a", a)
	save(t, db, "a", b)
	if n, _ := recordCount(t, db); n != 1 {
		t.Fatalf("%d records before IndexStories, want the collision's", n)
	}
	c := a
	c.GUID = "h1"
	saveStories(t, db, "b", c)
	checkStories(t, db)
	var key string
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		return sb.fps.ForEach(func(k, v []byte) error {
			if s, kk := splitRef(k); s == "a" && string(kk) != "g1" {
				key = string(kk)
			}
			return nil
		})
	})
	if err != nil || key == "" {
		t.Fatalf("no record under a collision key (%v)", err)
	}
	if rec := recordOf(t, db, "a", key); rec.guid != "g1" {
		t.Fatalf("record under %q has GUID %q", key, rec.guid)
	}
	// b is the earliest post: the story is named after its GUID.
	if got := field(t, db, "b", "h1"); !strings.Contains(got, `"id":"g1"`) {
		t.Fatalf("story field of the copy: %q", got)
	}
}

// TestStoryRecordsResumeAfterCancel cancels IndexStories before it writes
// the records: it says so, loses nothing, and the next call writes them.
func TestStoryRecordsResumeAfterCancel(t *testing.T) {
	db := openTemp(t)
	save(t, db, "a", docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.IndexStories(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("IndexStories with a cancelled context: %v", err)
	}
	if n, waiting := recordCount(t, db); n != 0 || !waiting {
		t.Fatalf("after the cancelled call: %d records, waiting %v", n, waiting)
	}
	if _, err := db.IndexStories(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, waiting := recordCount(t, db); n != 1 || waiting {
		t.Fatalf("after the next call: %d records, waiting %v", n, waiting)
	}
	checkStories(t, db)
}
