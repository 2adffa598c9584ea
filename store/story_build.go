package store

import (
	gojson "github.com/goccy/go-json"

	"bytes"
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// storyBatch is how many posts IndexStories indexes per transaction. Big
// transactions write each touched index page once for many posts.
const storyBatch = 500

// keySeeded marks, in the stories bucket, that every post stored before
// the story queue existed has been indexed.
var keySeeded = []byte("seeded")

// IndexStories brings the story index up to date and returns how many
// posts it indexed: the posts SavePage queued (new or changed), and once,
// every post of an archive written before the story index existed. It
// works in write transactions of at most storyBatch posts, checking ctx
// between them; an interrupted run resumes where it stopped. Call it after
// a harvest run (and from the daemon between runs); Stories, Similar and
// the export's story field see what it has indexed.
func (db *DB) IndexStories(ctx context.Context) (int, error) {
	total := 0
	seeded := false
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bucketStories)
		seeded = root != nil && root.Get(keySeeded) != nil
		return nil
	}); err != nil {
		return 0, fmt.Errorf("index stories: %w", err)
	}
	if !seeded {
		n, err := db.seedStories(ctx)
		total += n
		if err != nil {
			return total, err
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("index stories: %w", err)
		}
		n := 0
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			var err error
			n, err = indexPending(tx)
			return err
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("index stories: %w", err)
		}
		db.afterWrite()
		if n < storyBatch {
			return total, nil
		}
	}
}

// PendingStories returns how many posts wait for IndexStories.
func (db *DB) PendingStories() (int, error) {
	n := 0
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bucketStories)
		if root != nil {
			if q := root.Bucket(bucketPending); q != nil {
				n = q.Stats().KeyN
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("pending stories: %w", err)
	}
	return n, nil
}

// indexPending indexes up to storyBatch queued posts, in ref order, and
// removes them from the queue.
func indexPending(tx *bbolt.Tx) (int, error) {
	sb, err := writeStories(tx)
	if err != nil {
		return 0, err
	}
	var refs [][]byte
	c := sb.pending.Cursor()
	for k, _ := c.First(); k != nil && len(refs) < storyBatch; k, _ = c.Next() {
		refs = append(refs, bytes.Clone(k))
	}
	for _, ref := range refs {
		site, key := splitRef(ref)
		if err := indexStored(tx, site, key); err != nil {
			return 0, err
		}
		if err := sb.pending.Delete(ref); err != nil {
			return 0, fmt.Errorf("story queue: %w", err)
		}
	}
	return len(refs), nil
}

// indexStored indexes the stored post key of site; a post gone from the
// store is skipped.
func indexStored(tx *bbolt.Tx, site string, key []byte) error {
	ss, ok := readSite(tx, site)
	if !ok || ss.posts == nil {
		return nil
	}
	rec := ss.posts.Get(key)
	if rec == nil {
		return nil
	}
	p, err := decodeStoryFields(rec)
	if err != nil {
		return fmt.Errorf("post %q of site %q: %w", key, site, err)
	}
	return indexStory(tx, site, key, &p)
}

// decodeStoryFields decodes the fields of a record that indexStory reads,
// without the raw object (a third of a record, not needed here).
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

// seedStories indexes every stored post that has no fingerprint, site by
// site in transactions of at most storyBatch posts, then marks the archive
// seeded.
func (db *DB) seedStories(ctx context.Context) (int, error) {
	names, err := db.Sites()
	if err != nil {
		return 0, err
	}
	total := 0
	for _, site := range names {
		var after []byte
		for done := false; !done; {
			if err := ctx.Err(); err != nil {
				return total, fmt.Errorf("index stories: %w", err)
			}
			err := db.bolt.Update(func(tx *bbolt.Tx) error {
				n, last, end, err := seedBatch(tx, site, after)
				total += n
				after, done = last, end
				return err
			})
			if err != nil {
				return total, fmt.Errorf("index stories of site %q: %w", site, err)
			}
			db.afterWrite()
		}
	}
	err = db.bolt.Update(func(tx *bbolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bucketStories)
		if err != nil {
			return err
		}
		return root.Put(keySeeded, []byte{1})
	})
	if err != nil {
		return total, fmt.Errorf("index stories: %w", err)
	}
	return total, nil
}

// seedBatch indexes up to storyBatch unfingerprinted posts of site after
// key after (from the first when nil), dropping them from the queue. It
// returns how many it indexed, the last key it visited and whether the
// site is done.
func seedBatch(tx *bbolt.Tx, site string, after []byte) (int, []byte, bool, error) {
	ss, ok := readSite(tx, site)
	if !ok || ss.posts == nil {
		return 0, after, true, nil
	}
	sb, err := writeStories(tx)
	if err != nil {
		return 0, after, true, err
	}
	var batch [][]byte
	c := ss.posts.Cursor()
	k, _ := c.First()
	if after != nil {
		if k, _ = c.Seek(after); k != nil && bytes.Equal(k, after) {
			k, _ = c.Next()
		}
	}
	for ; k != nil && len(batch) < storyBatch; k, _ = c.Next() {
		after = bytes.Clone(k)
		if sb.fps.Get(storyRef(site, k)) == nil {
			batch = append(batch, bytes.Clone(k))
		}
	}
	for _, key := range batch {
		if err := indexStored(tx, site, key); err != nil {
			return 0, after, true, err
		}
		if err := sb.pending.Delete(storyRef(site, key)); err != nil {
			return 0, after, true, fmt.Errorf("story queue: %w", err)
		}
	}
	return len(batch), after, k == nil, nil
}
