package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// corpus loads the labelled syndication corpus.
func corpus(t testing.TB) []storytest.Doc {
	t.Helper()
	docs, err := storytest.Load("../harvester/story/testdata")
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// docPost returns a corpus document as a post.
func docPost(d *storytest.Doc) harvester.Post {
	return harvester.Post{
		GUID: d.GUID, ID: d.ID, Type: "post", Status: "publish",
		DateGMT: d.Date, ModifiedGMT: d.Date, Title: d.Title, Text: d.Text,
		Categories: []int64{}, Tags: []int64{}, FetchedAt: d.Date.Add(time.Hour),
	}
}

// field returns the export story member of a post, or "" when none.
func field(t testing.TB, db *DB, site, guid string) string {
	t.Helper()
	var out string
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		if b, ok := storyField(tx, site, []byte(guid)); ok {
			out = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// storyText is a news-like text of about 1200 bytes, different for each n.
func storyText(n int) string {
	return newProseGen(uint64(n)).text(1200)
}

func TestStoryCopiesJoinAndExportField(t *testing.T) {
	db := openTemp(t)
	base := docPost(&storytest.Doc{GUID: "https://a.example/?p=1", ID: 1, Date: t0, Title: "Bridge", Text: storyText(1)})
	copyB := base
	copyB.GUID, copyB.DateGMT, copyB.Title = "https://b.example/?p=7", t0.Add(-time.Hour), "Bridge (B)"
	copyB.Text = "From our wire partners.\n\n" + strings.ReplaceAll(base.Text, "said", "says")
	other := base
	other.GUID, other.ID, other.Text = "https://a.example/?p=2", 2, storyText(2)

	saveStories(t, db, "a", base, other)
	if got := field(t, db, "a", base.GUID); got != "" {
		t.Fatalf("a lone post has a story field: %s", got)
	}
	saveStories(t, db, "b", copyB)
	want := `,"story":{"id":"https://b.example/?p=7","level":"copy","sites":2,"first":false}`
	if got := field(t, db, "a", base.GUID); got != want {
		t.Fatalf("story field of the later copy:\ngot  %s\nwant %s", got, want)
	}
	want = `,"story":{"id":"https://b.example/?p=7","level":"copy","sites":2,"first":true}`
	if got := field(t, db, "b", copyB.GUID); got != want {
		t.Fatalf("story field of the first post:\ngot  %s\nwant %s", got, want)
	}
	if got := field(t, db, "a", other.GUID); got != "" {
		t.Fatalf("a different story joined: %s", got)
	}
	// The field splices into a record as valid JSON.
	rec := `{"site":"a","deleted_at":null` + field(t, db, "a", base.GUID) + `}`
	var m map[string]any
	if err := json.Unmarshal([]byte(rec), &m); err != nil {
		t.Fatalf("spliced record is not JSON: %v: %s", err, rec)
	}

	stories, err := db.Stories(2, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 || stories[0].ID != copyB.GUID || !slices.Equal(stories[0].Sites, []string{"a", "b"}) {
		t.Fatalf("stories: %+v", stories)
	}
	if p := stories[0].Posts; len(p) != 2 || !p[0].First || p[1].Delay != time.Hour || p[1].Site != "a" {
		t.Fatalf("story posts: %+v", p)
	}
	if s, _ := db.Stories(3, time.Time{}); len(s) != 0 {
		t.Fatalf("--min-sites 3 kept %d stories", len(s))
	}
	if s, _ := db.Stories(2, t0.Add(time.Minute)); len(s) != 0 {
		t.Fatalf("--since after the last post kept %d stories", len(s))
	}
	if s, _ := db.Stories(2, t0); len(s) != 1 {
		t.Fatalf("--since at the last post kept %d stories", len(s))
	}

	sim, err := db.Similar("", base.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sim) != 1 || sim[0].GUID != copyB.GUID || sim[0].Level != "copy" || !sim[0].SameStory || sim[0].Jaccard < story.CopyJaccard {
		t.Fatalf("similar: %+v", sim)
	}
	if _, err := db.Similar("", "https://nowhere.example/?p=1"); !errors.Is(err, ErrUnknownPost) {
		t.Fatalf("similar of an unknown GUID: %v", err)
	}
	if sim, err := db.Similar("a", other.GUID); err != nil || len(sim) != 0 {
		t.Fatalf("similar of a lone post: %+v, %v", sim, err)
	}
}

func TestStorySamePostAgainWritesNothing(t *testing.T) {
	db := openTemp(t)
	p := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	saveStories(t, db, "a", p)
	before := recordOf(t, db, "a", "g1")
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeStories(tx)
		if err != nil {
			return err
		}
		seq := sb.nums.Sequence()
		st := storyStager{sb: sb}
		q := p
		if err := st.stage("a", []byte("g1"), &q, false); err != nil {
			return err
		}
		if sb.nums.Sequence() != seq {
			return errors.New("an unchanged post got a new number")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := recordOf(t, db, "a", "g1"); after.num != before.num || !signs(numberOf(t, db, after), p.Text) {
		t.Fatalf("record changed: %+v", after)
	}
	if n, err := db.PendingStories(); err != nil || n != 0 {
		t.Fatalf("%d pending, %v", n, err)
	}
}

func TestStoryEditReplacesIndexEntries(t *testing.T) {
	db := openTemp(t)
	// A second site, so that the archive indexes at all.
	save(t, db, "z", docPost(&storytest.Doc{GUID: "z1", ID: 1, Date: t0, Text: storyText(9)}))
	p := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	saveStories(t, db, "a", p)
	first := recordOf(t, db, "a", "g1")
	fp := story.Compute(p.Text)
	if got, want := len(entriesOf(t, db, first.num)), story.Bands+len(fp.Probes); got != want {
		t.Fatalf("%d index entries, want %d", got, want)
	}
	p.Text = storyText(3) + " An editor's note was added at the end of this story."
	p.ModifiedGMT = t0.Add(time.Hour)
	saveStories(t, db, "a", p)
	edited := recordOf(t, db, "a", "g1")
	fp = story.Compute(p.Text)
	if edited.num == first.num || !signs(numberOf(t, db, edited), p.Text) {
		t.Fatalf("the edit kept number %d (was %d) or the old fingerprint", edited.num, first.num)
	}
	if got, want := len(entriesOf(t, db, edited.num)), story.Bands+len(fp.Probes); got != want {
		t.Fatalf("after the edit: %d index entries, want %d", got, want)
	}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		if ref, err := numberRef(sb, first.num); ref != nil || err != nil {
			return fmt.Errorf("the old number still resolves to %q (%v)", ref, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The edited text now matches a copy of the new text on another site,
	// and not a copy of the old one.
	q := p
	q.GUID = "h1"
	saveStories(t, db, "b", q)
	if got := field(t, db, "b", "h1"); !strings.Contains(got, `"id":"g1"`) {
		t.Fatalf("copy of the edited text: %q", got)
	}
	old := docPost(&storytest.Doc{GUID: "k1", ID: 1, Date: t0, Text: storyText(1)})
	saveStories(t, db, "c", old)
	if got := field(t, db, "c", "k1"); got != "" {
		t.Fatalf("copy of the text before the edit joined: %q", got)
	}
}

func TestStoryCrowdedUnitStopsIndexing(t *testing.T) {
	db := openTemp(t)
	db.bolt.NoSync = true
	p := docPost(&storytest.Doc{GUID: "g", ID: 1, Date: t0, Text: storyText(1)})
	for i := range maxPostings + 5 {
		saveStories(t, db, fmt.Sprintf("site%03d", i), p)
	}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readStories(tx)
		segs, err := loadSegments(sb)
		if err != nil {
			return err
		}
		for _, s := range segs {
			per := map[uint64]int{}
			it := &segmentIter{s: s}
			for err = it.next(); err == nil && it.ok; err = it.next() {
				per[it.cur.key]++
			}
			if err != nil {
				return err
			}
			for k, c := range per {
				if c > maxPostings+1 {
					return fmt.Errorf("segment %d: key %x holds %d posts", s.id, k, c)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkStories(t, db)
	s, err := db.Stories(2, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1 || len(s[0].Sites) != maxPostings {
		t.Fatalf("%d stories, first with %d sites; want 1 with %d", len(s), len(s[0].Sites), maxPostings)
	}
}

func TestIndexStoriesFingerprintsOldArchives(t *testing.T) {
	db := openTemp(t)
	a := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	b := a
	b.GUID, b.DateGMT = "g2", t0.Add(time.Minute)
	noStories := db.noStories
	db.noStories = true // as written before the story index existed
	save(t, db, "a", a)
	save(t, db, "b", b)
	db.noStories = noStories
	n, err := db.IndexStories(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("IndexStories = %d, %v; want 2", n, err)
	}
	if n, err := db.IndexStories(context.Background()); err != nil || n != 0 {
		t.Fatalf("second IndexStories = %d, %v; want 0", n, err)
	}
	s, err := db.Stories(2, time.Time{})
	if err != nil || len(s) != 1 || s[0].ID != "g1" {
		t.Fatalf("stories: %+v, %v", s, err)
	}
}

func TestStoryRecordRoundTrip(t *testing.T) {
	r := storyRecord{num: 7, date: t0, level: story.Shared, storyKey: []byte("a\x00g"), guid: "g"}
	b := r.encode()
	got, err := decodeStoryRecord(b)
	if err != nil || got.num != r.num || !got.date.Equal(r.date) || got.level != r.level || string(got.storyKey) != string(r.storyKey) || got.guid != r.guid {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for i := range b {
		if _, err := decodeStoryRecord(b[:i]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", i)
		}
	}
}

func TestAppendWithStory(t *testing.T) {
	field := []byte(`,"story":{"id":"g","level":"copy","sites":2,"first":true}`)
	withRaw := []byte(`{"site":"a","deleted_at":null,"raw":{"id":1}}`)
	noRaw := []byte(`{"site":"a","deleted_at":null}`)
	for _, c := range []struct {
		rec     []byte
		keepRaw bool
		want    string
	}{
		{withRaw, true, `{"site":"a","deleted_at":null,"story":{"id":"g","level":"copy","sites":2,"first":true},"raw":{"id":1}}`},
		{withRaw, false, `{"site":"a","deleted_at":null,"story":{"id":"g","level":"copy","sites":2,"first":true}}`},
		{noRaw, true, `{"site":"a","deleted_at":null,"story":{"id":"g","level":"copy","sites":2,"first":true}}`},
	} {
		got := appendWithStory([]byte("x"), c.rec, rawCut(c.rec), field, c.keepRaw)
		if string(got) != "x"+c.want {
			t.Errorf("got  %s\nwant x%s", got, c.want)
		}
	}
}

// shuffled returns the corpus documents in a seeded random order.
func shuffled(docs []storytest.Doc, seed uint64) []storytest.Doc {
	out := slices.Clone(docs)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestStoryIndexOfOlderLayoutsIsRebuilt opens archives whose story index
// has an older layout: the first (one B+tree key per band and unit,
// records of version 1), the second (whole fingerprints in records of
// version 2, no layout key) and the third (layout 3: a record written for
// every post as it was saved, number entries without dates). Queries see
// no stories meanwhile, the next
// save drops the old index, and IndexStories fingerprints every post again.
func TestStoryIndexOfOlderLayoutsIsRebuilt(t *testing.T) {
	for _, old := range []struct {
		name    string
		buckets []string
		record  []byte
		layout  []byte
	}{
		{"first", []string{"bands", "units", "pending", "members"}, []byte{1, 0, 0}, nil},
		{"second", []string{"numbers", "sites", "segments", "blocks", "members", "memberrefs", "membersites"},
			append([]byte{2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 'g', '1', 0}, make([]byte, 20)...), nil},
		{"third", []string{"numbers", "sites", "segments", "blocks", "members", "memberrefs", "membersites"},
			[]byte{3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 'g', '1'}, []byte{3}},
	} {
		t.Run(old.name, func(t *testing.T) {
			db := openTemp(t)
			a := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
			b := a
			b.GUID, b.DateGMT = "g2", t0.Add(time.Minute)
			save(t, db, "a", a)
			save(t, db, "b", b)
			err := db.bolt.Update(func(tx *bbolt.Tx) error {
				if err := tx.DeleteBucket(bucketStories); err != nil {
					return err
				}
				root, err := tx.CreateBucket(bucketStories)
				if err != nil {
					return err
				}
				for _, name := range old.buckets {
					if _, err := root.CreateBucket([]byte(name)); err != nil {
						return err
					}
				}
				fps, err := root.CreateBucket(bucketFingerprints)
				if err != nil {
					return err
				}
				if err := fps.Put(storyRef("a", []byte("g1")), old.record); err != nil {
					return err
				}
				if old.layout != nil {
					if err := root.Put(keyLayout, old.layout); err != nil {
						return err
					}
				}
				return root.Put(keySeeded, []byte{1})
			})
			if err != nil {
				t.Fatal(err)
			}
			if s, err := db.Stories(2, time.Time{}); err != nil || len(s) != 0 {
				t.Fatalf("stories of the old layout: %+v, %v", s, err)
			}
			if f := field(t, db, "a", "g1"); f != "" {
				t.Fatalf("export field from the old layout: %s", f)
			}
			c := a
			c.GUID, c.DateGMT, c.ID = "g3", t0.Add(2*time.Minute), 3
			save(t, db, "c", c)
			n, err := db.IndexStories(context.Background())
			if err != nil || n != 3 {
				t.Fatalf("IndexStories = %d, %v; want the 3 posts", n, err)
			}
			checkStories(t, db)
			s, err := db.Stories(2, time.Time{})
			if err != nil || len(s) != 1 || s[0].ID != "g1" || len(s[0].Sites) != 3 {
				t.Fatalf("stories: %+v, %v", s, err)
			}
		})
	}
}

// TestStoryRootFollowsDateEdits edits the dates of a story's posts: a post
// moved before the root becomes the root, and a root moved after another
// post hands the root over; the export field and Stories agree.
func TestStoryRootFollowsDateEdits(t *testing.T) {
	db := openTemp(t)
	text := storyText(7)
	mk := func(guid string, at time.Duration) harvester.Post {
		return docPost(&storytest.Doc{GUID: guid, ID: 1, Date: t0.Add(at), Title: guid, Text: text})
	}
	a, b, c := mk("ga", 0), mk("gb", time.Hour), mk("gc", 2*time.Hour)
	saveStories(t, db, "a", a)
	saveStories(t, db, "b", b)
	saveStories(t, db, "c", c)
	first := func() string {
		t.Helper()
		checkStories(t, db)
		s, err := db.Stories(2, time.Time{})
		if err != nil || len(s) != 1 || len(s[0].Posts) != 3 {
			t.Fatalf("stories: %+v, %v", s, err)
		}
		for _, p := range []struct{ site, guid string }{{"a", "ga"}, {"b", "gb"}, {"c", "gc"}} {
			f := field(t, db, p.site, p.guid)
			if !strings.Contains(f, `"id":"`+s[0].ID+`"`) || !strings.Contains(f, `"sites":3`) || strings.Contains(f, `"first":true`) != (p.guid == s[0].ID) {
				t.Fatalf("post %s: field %s, story %s", p.guid, f, s[0].ID)
			}
		}
		return s[0].ID
	}
	if got := first(); got != "ga" {
		t.Fatalf("first post %s, want ga", got)
	}
	c.DateGMT, c.ModifiedGMT = t0.Add(-time.Hour), t0.Add(3*time.Hour) // c now predates a
	saveStories(t, db, "c", c)
	if got := first(); got != "gc" {
		t.Fatalf("after moving gc first: first post %s, want gc", got)
	}
	c.DateGMT, c.ModifiedGMT = t0.Add(5*time.Hour), t0.Add(4*time.Hour) // the root moves last
	saveStories(t, db, "c", c)
	if got := first(); got != "ga" {
		t.Fatalf("after moving the root last: first post %s, want ga", got)
	}
}

// TestStoriesWaitForASecondSite checks that an archive of one site keeps
// its posts fingerprinted but unindexed (there is nothing to match), and
// that the second site's arrival indexes both.
func TestStoriesWaitForASecondSite(t *testing.T) {
	db := openTemp(t)
	a := docPost(&storytest.Doc{GUID: "g1", ID: 1, Date: t0, Text: storyText(1)})
	saveStories(t, db, "a", a)
	if got := recordOf(t, db, "a", "g1"); got.num == 0 || !numberOf(t, db, got).usable {
		t.Fatalf("the post of a one-site archive is not fingerprinted: %+v", got)
	}
	if n, err := db.PendingStories(); err != nil || n != 0 {
		t.Fatalf("one site: %d pending, %v", n, err)
	}
	if got := len(entriesOf(t, db, recordOf(t, db, "a", "g1").num)); got != 0 {
		t.Fatalf("one site: %d index entries", got)
	}
	b := a
	b.GUID, b.DateGMT = "g2", t0.Add(time.Minute)
	save(t, db, "b", b)
	if n, err := db.PendingStories(); err != nil || n != 2 {
		t.Fatalf("two sites: %d pending, %v; want 2", n, err)
	}
	if n, err := db.IndexStories(context.Background()); err != nil || n != 2 {
		t.Fatalf("IndexStories = %d, %v; want 2", n, err)
	}
	if s, err := db.Stories(2, time.Time{}); err != nil || len(s) != 1 || s[0].ID != "g1" {
		t.Fatalf("stories: %+v, %v", s, err)
	}
}

// TestStoriesReadTitlesAndTextsFromThePosts checks what the index no
// longer keeps: a title-only edit costs the story index nothing (same
// number) yet Stories and Similar show the new title, and candidates are
// confirmed with the texts as stored now.
func TestStoriesReadTitlesAndTextsFromThePosts(t *testing.T) {
	db := openTemp(t)
	a := docPost(&storytest.Doc{GUID: "ga", ID: 1, Date: t0, Title: "Old title", Text: storyText(4)})
	b := docPost(&storytest.Doc{GUID: "gb", ID: 1, Date: t0.Add(time.Hour), Title: "B", Text: storyText(4)})
	saveStories(t, db, "a", a)
	saveStories(t, db, "b", b)
	before := recordOf(t, db, "a", "ga")

	a.Title, a.ModifiedGMT = "New title", t0.Add(2*time.Hour)
	saveStories(t, db, "a", a)
	if after := recordOf(t, db, "a", "ga"); after.num != before.num {
		t.Fatalf("a title-only edit renumbered the post: %d, was %d", after.num, before.num)
	}
	s, err := db.Stories(2, time.Time{})
	if err != nil || len(s) != 1 || len(s[0].Posts) != 2 || s[0].Posts[0].Title != "New title" {
		t.Fatalf("stories after the title edit: %+v, %v", s, err)
	}
	sim, err := db.Similar("b", "gb")
	if err != nil || len(sim) != 1 || sim[0].Title != "New title" || sim[0].Level != "copy" {
		t.Fatalf("similar after the title edit: %+v, %v", sim, err)
	}

	// A third site's copy of b is confirmed against b's stored text; b's
	// text then changes to another story, and a fourth site's copy of the
	// old text no longer matches b (only a).
	c := docPost(&storytest.Doc{GUID: "gc", ID: 1, Date: t0.Add(3 * time.Hour), Title: "C", Text: storyText(4)})
	saveStories(t, db, "c", c)
	b.Text, b.ModifiedGMT = storyText(5), t0.Add(4*time.Hour)
	saveStories(t, db, "b", b)
	d := docPost(&storytest.Doc{GUID: "gd", ID: 1, Date: t0.Add(5 * time.Hour), Title: "D", Text: storyText(4)})
	saveStories(t, db, "d", d)
	checkStories(t, db)
	sim, err = db.Similar("d", "gd")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range sim {
		got = append(got, m.Site)
	}
	if slices.Sort(got); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("d matches %v, want a and c (b's text changed)", got)
	}
}
