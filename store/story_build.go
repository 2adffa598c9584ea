package store

import (
	gojson "github.com/goccy/go-json"

	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// indexBatch is how many posts IndexStories indexes per transaction (and
// per new segment). Larger batches mean fewer, larger segments and fewer
// merges; the batch's entries and records stay in memory (about 1 KB a
// post).
const indexBatch = 25000

// seedBatch is how many stored posts a transaction fingerprints when
// IndexStories catches up with an archive written before the story index.
const seedBatch = 2000

// trimEvery is how many post numbers IndexStories reads between checks of
// the process's resident memory.
const trimEvery = 4096

// keySeeded marks, in the stories bucket, that every post stored before
// the story index existed has been fingerprinted.
var keySeeded = []byte("seeded")

// IndexStories brings the story index up to date and returns how many
// posts it indexed: the posts SavePage fingerprinted since the last call
// (new or changed), and once, every post of an archive written before the
// story index existed. It finds, for each such post, the posts of other
// sites that copy it or share sentences with it, joins their stories, and
// adds the posts to the index. It works in write transactions of at most
// indexBatch posts, checking ctx between them; an interrupted run resumes
// where it stopped. Call it after a harvest run (and from the daemon
// between runs); Stories, Similar and the export's story field see what it
// has indexed.
//
// Stories join posts of different sites, so an archive of one site has
// none to find: its posts wait, fingerprinted, until a second site
// arrives, and until then IndexStories only writes the records of the
// posts saved since its last call (see recordPending) and returns 0.
func (db *DB) IndexStories(ctx context.Context) (int, error) {
	single, seeded, waiting, records := false, false, false, false
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		single = len(siteNames(tx)) < 2
		root := tx.Bucket(bucketStories)
		seeded = root != nil && currentLayout(root) && root.Get(keySeeded) != nil
		if sb, ok := readStories(tx); ok {
			waiting = sb.nums.Sequence() > uint64(indexedThrough(sb))
			records = unrecorded(sb)
		}
		return nil
	}); err != nil {
		return 0, fmt.Errorf("index stories: %w", err)
	}
	if !single && !seeded {
		if err := db.seedStories(ctx); err != nil {
			return 0, err
		}
		records = true
	}
	if records {
		if err := db.recordStories(ctx); err != nil {
			return 0, err
		}
	}
	if single || (seeded && !waiting) {
		return 0, nil // nothing to do: no write transaction, and its fsync
	}
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("index stories: %w", err)
		}
		n, visited := 0, 0
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			sb, err := writeStories(tx)
			if err != nil {
				return err
			}
			trim := func() { db.trimDuring(tx) }
			// Posts saved since recordStories: indexing reads records.
			for more := true; more; {
				r, err := recordPending(sb, indexBatch, trim)
				if err != nil {
					return err
				}
				more = r == indexBatch
			}
			n, visited, err = indexNext(sb, indexBatch, trim)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("index stories: %w", err)
		}
		total += n
		db.afterWrite()
		if visited < indexBatch {
			return total, nil
		}
	}
}

// recordStories writes the records of the posts SavePage numbered without
// one (see recordPending), in transactions of at most indexBatch posts,
// checking ctx between them.
func (db *DB) recordStories(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index stories: %w", err)
		}
		visited := 0
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			sb, err := writeStories(tx)
			if err != nil {
				return err
			}
			visited, err = recordPending(sb, indexBatch, func() { db.trimDuring(tx) })
			return err
		})
		if err != nil {
			return fmt.Errorf("index stories: %w", err)
		}
		db.afterWrite()
		if visited < indexBatch {
			return nil
		}
	}
}

// PendingStories returns how many fingerprinted posts wait for
// IndexStories (none in an archive of one site: they have nothing to
// match).
func (db *DB) PendingStories() (int, error) {
	n := 0
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readStories(tx)
		if !ok || len(siteNames(tx)) < 2 {
			return nil
		}
		c := sb.nums.Cursor()
		for k, _ := c.Seek(numKey(indexedThrough(sb) + 1)); k != nil; k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("pending stories: %w", err)
	}
	return n, nil
}

// siteNumbers numbers the sites of the index (entries hold a number, not a
// name), numbering new sites as they come.
type siteNumbers struct {
	sb   storyBuckets
	memo map[string]uint32
}

func (s *siteNumbers) of(site string) (uint32, error) {
	if n, ok := s.memo[site]; ok {
		return n, nil
	}
	var n uint32
	if v := s.sb.sites.Get([]byte(site)); len(v) == 4 {
		n = binary.BigEndian.Uint32(v)
	} else {
		seq, err := s.sb.sites.NextSequence()
		if err != nil {
			return 0, fmt.Errorf("number site %q: %w", site, err)
		}
		n = uint32(seq)
		if err := s.sb.sites.Put([]byte(site), numKey(n)); err != nil {
			return 0, fmt.Errorf("number site %q: %w", site, err)
		}
	}
	s.memo[site] = n
	return n, nil
}

// batchPost is a post of the batch being indexed, or a candidate found in
// the index.
type batchPost struct {
	ref    []byte
	member bool               // in a story when numbered
	rec    *storyRecord       // read when first compared
	fp     *story.Fingerprint // computed from the text when first compared
	gone   bool               // the archive does not hold the post
}

// record returns the post's record, reading it on first use; nil when the
// post's number is no longer current.
func (p *batchPost) record(sb storyBuckets, num uint32) (*storyRecord, error) {
	if p.rec != nil {
		return p.rec, nil
	}
	rec, ok, err := getStoryRecord(sb, p.ref)
	if err != nil || !ok || rec.num != num {
		return nil, err
	}
	p.rec = &rec
	return p.rec, nil
}

// indexNext indexes the next posts waiting (at most limit post numbers):
// it matches them against the index and each other, joins stories, writes
// their entries as a new segment and moves the indexed mark. It returns
// how many posts it indexed and how many numbers it visited. Only the
// numbers bucket is read for that, and the records and texts of candidate
// pairs. It calls trim every trimEvery numbers and texts, and after
// matching: what it reads lies among the posts' pages and would stay
// resident until the commit.
func indexNext(sb storyBuckets, limit int, trim func()) (int, int, error) {
	from := indexedThrough(sb)
	sites := siteNumbers{sb: sb, memo: map[string]uint32{}}
	batch := map[uint32]*batchPost{}
	var order []uint32
	waiting := min(uint64(limit), sb.nums.Sequence()-uint64(from))
	entries := make([]indexEntry, 0, waiting*(story.Bands+4))
	var keys []uint64
	last, visited, err := eachNumber(sb, from, limit, trim, func(num uint32, e *numberEntry) error {
		site, _ := splitRef(e.ref)
		sid, err := sites.of(site)
		if err != nil {
			return err
		}
		batch[num] = &batchPost{ref: bytes.Clone(e.ref), member: e.member}
		order = append(order, num)
		if !e.usable {
			return nil
		}
		keys = entryKeys(keys[:0], e)
		for _, key := range keys {
			entries = append(entries, indexEntry{key: key, num: num, site: sid, sim: e.sim})
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if visited == 0 {
		return 0, 0, nil
	}
	sortEntries(entries) // numbers ascend: a stable sort by key is entryLess
	segs, err := loadSegments(sb)
	if err != nil {
		return 0, 0, err
	}
	pairs, err := candidatePairs(segs, entries)
	if err != nil {
		return 0, 0, err
	}
	matches, err := confirmPairs(sb, batch, pairs, trim)
	if err != nil {
		return 0, 0, err
	}
	trim()
	for _, num := range order {
		p := batch[num]
		if len(matches[num]) == 0 && !p.member {
			continue
		}
		sortMatches(matches[num])
		if err := joinStories(sb, p.ref, matches[num]); err != nil {
			return 0, 0, err
		}
	}
	if err := addSegment(sb, entries); err != nil {
		return 0, 0, err
	}
	if err := sb.root.Put(keyIndexed, numKey(last)); err != nil {
		return 0, 0, fmt.Errorf("story index mark: %w", err)
	}
	return len(order), visited, nil
}

// seedStories fingerprints every stored post that has no story record,
// site by site in transactions of at most seedBatch posts, then marks the
// archive seeded; IndexStories then indexes them like any new post.
func (db *DB) seedStories(ctx context.Context) error {
	names, err := db.Sites()
	if err != nil {
		return err
	}
	for _, site := range names {
		var after []byte
		for done := false; !done; {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("index stories: %w", err)
			}
			err := db.bolt.Update(func(tx *bbolt.Tx) error {
				var err error
				after, done, err = seedSite(tx, site, after)
				return err
			})
			if err != nil {
				return fmt.Errorf("index stories of site %q: %w", site, err)
			}
			db.afterWrite()
		}
	}
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		sb, err := writeStories(tx)
		if err != nil {
			return err
		}
		return sb.root.Put(keySeeded, []byte{1})
	})
	if err != nil {
		return fmt.Errorf("index stories: %w", err)
	}
	return nil
}

// seedSite fingerprints up to seedBatch stored posts of site without a
// story record, after key after (from the first when nil). It returns the
// last key it visited and whether the site is done.
func seedSite(tx *bbolt.Tx, site string, after []byte) ([]byte, bool, error) {
	ss, ok := readSite(tx, site)
	if !ok || ss.posts == nil {
		return after, true, nil
	}
	sb, err := writeStories(tx)
	if err != nil {
		return after, true, err
	}
	st := storyStager{sb: sb}
	c := ss.posts.Cursor()
	k, v := c.First()
	if after != nil {
		if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
			k, v = c.Next()
		}
	}
	for n := 0; k != nil && n < seedBatch; k, v = c.Next() {
		n++
		after = bytes.Clone(k)
		if sb.fps.Get(storyRef(site, k)) != nil {
			continue
		}
		p, err := decodeStoryFields(v)
		if err != nil {
			return after, true, fmt.Errorf("post %q of site %q: %w", k, site, err)
		}
		if err := st.stage(site, after, &p, false); err != nil {
			return after, true, err
		}
	}
	return after, k == nil, nil
}

// decodeStoryFields decodes the fields of a record that the story index
// reads, without the raw object (a third of a record, not needed here).
func decodeStoryFields(rec []byte) (harvester.Post, error) {
	var p struct {
		GUID    string    `json:"guid"`
		DateGMT time.Time `json:"date_gmt"`
		Title   string    `json:"title"`
		Text    string    `json:"text"`
	}
	b := rec
	if cut := rawCut(rec); cut >= 0 {
		b = append(bytes.Clone(rec[:cut]), '}')
	}
	// goccy skips the long content_html value far faster than
	// encoding/json; the record is ours and valid.
	if err := gojson.Unmarshal(b, &p); err != nil {
		return harvester.Post{}, fmt.Errorf("decode stored record: %w", err)
	}
	return harvester.Post{GUID: p.GUID, DateGMT: p.DateGMT, Title: p.Title, Text: p.Text}, nil
}
