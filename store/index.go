package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// bucketByDate is the per-site index that gives export its order:
// sites/<site>/bydate, key dateKey(date_gmt) + GUID key → empty value.
var bucketByDate = []byte("bydate")

// ErrNoIndex is wrapped by Export's error when a site of a database opened
// read-only lacks the date index (a file written before the index existed).
// Opening the file read-write once and calling BuildIndex cures it.
var ErrNoIndex = errors.New("the archive has no date index yet (open it read-write once)")

// dateField introduces date_gmt in a record. The fields before it are
// strings, which cannot hold an unescaped quote, so its first occurrence is
// the field itself.
var dateField = []byte(`,"date_gmt":"`)

// dateLen is the length of the date prefix of an index key.
const dateLen = 8

// appendDateKey appends the 8-byte index prefix of date: its Unix seconds,
// big-endian, with the sign bit flipped so that dates before 1970 (and the
// zero time of a post without a date) sort first.
func appendDateKey(buf []byte, date time.Time) []byte {
	return binary.BigEndian.AppendUint64(buf, uint64(date.Unix())^(1<<63))
}

// indexKey returns the bydate key of the post stored under key.
func indexKey(date time.Time, key []byte) []byte {
	k := appendDateKey(make([]byte, 0, dateLen+len(key)), date)
	return append(k, key...)
}

// dateSeconds returns the record's date_gmt as Unix seconds without
// allocating when it has the form the store writes (2006-01-02T15:04:05Z),
// else through dateOf.
func dateSeconds(rec []byte) (int64, error) {
	if i := bytes.Index(rec, dateField); i >= 0 {
		if sec, ok := parseUTC(rec[i+len(dateField):]); ok {
			return sec, nil
		}
	}
	t, err := dateOf(rec)
	return t.Unix(), err
}

// parseUTC parses the prefix YYYY-MM-DDTHH:MM:SSZ" of b as Unix seconds.
func parseUTC(b []byte) (int64, bool) {
	const layout = `0000-00-00T00:00:00Z"`
	if len(b) < len(layout) {
		return 0, false
	}
	var n [6]int
	f := 0
	for i := 0; i < len(layout); i++ {
		c := b[i]
		if layout[i] != '0' {
			if c != layout[i] {
				return 0, false
			}
			if i+1 < len(layout) && layout[i+1] == '0' {
				f++
			}
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		n[f] = n[f]*10 + int(c-'0')
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return 0, false
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.UTC)
	if t.Day() != n[2] { // 31 February and the like
		return 0, false
	}
	return t.Unix(), true
}

// dateOf returns the record's date_gmt, decoding the record only when the
// fast path fails.
func dateOf(rec []byte) (time.Time, error) {
	if i := bytes.Index(rec, dateField); i >= 0 {
		s := rec[i+len(dateField):]
		if j := bytes.IndexByte(s, '"'); j >= 0 {
			if t, err := time.Parse(time.RFC3339Nano, string(s[:j])); err == nil {
				return t, nil
			}
		}
	}
	var info struct {
		Date time.Time `json:"date_gmt"`
	}
	if err := json.Unmarshal(rec, &info); err != nil {
		return time.Time{}, fmt.Errorf("decode stored record: %w", err)
	}
	return info.Date, nil
}

// index keeps the date index in step with a record about to be stored
// under key for p: it runs in SavePage's transaction just before the Put,
// while the old record (if any) is still readable, and moves the post's
// index entry when its date_gmt changed. A site written before the index
// existed gets its whole index built first, in the same transaction.
func (s *saver) index(key []byte, p *harvester.Post) error {
	ix, err := dateIndex(s.b.posts.Tx(), s.site, s.b.posts)
	if err != nil {
		return err
	}
	if old := s.b.posts.Get(key); old != nil {
		was, err := dateOf(old)
		if err != nil {
			return fmt.Errorf("index %q: %w", key, err)
		}
		if was.Unix() == p.DateGMT.Unix() {
			return nil
		}
		if err := ix.Delete(indexKey(was, key)); err != nil {
			return fmt.Errorf("index %q: %w", key, err)
		}
	}
	if err := ix.Put(indexKey(p.DateGMT, key), nil); err != nil {
		return fmt.Errorf("index %q: %w", key, err)
	}
	return nil
}

// dateIndex returns the bydate bucket of site in tx (a write transaction),
// creating it, and filling it from the site's posts, when it is missing.
func dateIndex(tx *bbolt.Tx, site string, posts *bbolt.Bucket) (*bbolt.Bucket, error) {
	root := tx.Bucket(bucketSites)
	if root == nil {
		return nil, errors.New("index: no sites bucket")
	}
	sb := root.Bucket([]byte(site))
	if sb == nil {
		return nil, fmt.Errorf("index: no bucket for site %q", site)
	}
	if ix := sb.Bucket(bucketByDate); ix != nil {
		return ix, nil
	}
	ix, err := sb.CreateBucket(bucketByDate)
	if err != nil {
		return nil, fmt.Errorf("create date index of site %q: %w", site, err)
	}
	if err := fillIndex(ix, posts); err != nil {
		return nil, fmt.Errorf("build date index of site %q: %w", site, err)
	}
	return ix, nil
}

// fillIndex adds an entry for every record of posts to ix.
func fillIndex(ix, posts *bbolt.Bucket) error {
	ix.FillPercent = 0.9 // built mostly in ascending order
	c := posts.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		date, err := dateOf(v)
		if err != nil {
			return fmt.Errorf("index %q: %w", k, err)
		}
		if err := ix.Put(indexKey(date, k), nil); err != nil {
			return fmt.Errorf("index %q: %w", k, err)
		}
	}
	return nil
}

// unindexed reports whether site has posts but no date index.
func unindexed(tx *bbolt.Tx, site string) bool {
	root := tx.Bucket(bucketSites)
	if root == nil {
		return false
	}
	sb := root.Bucket([]byte(site))
	if sb == nil || sb.Bucket(bucketByDate) != nil {
		return false
	}
	posts := sb.Bucket(bucketPosts)
	if posts == nil {
		return false
	}
	k, _ := posts.Cursor().First()
	return k != nil
}

// NeedsIndex reports whether some site has posts but no date index: the
// file was written before the index existed and nothing has been saved to
// that site since. Export of such a site needs BuildIndex first.
func (db *DB) NeedsIndex() (bool, error) {
	var need bool
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		for _, site := range siteNames(tx) {
			if unindexed(tx, site) {
				need = true
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("check date index: %w", err)
	}
	return need, nil
}

// BuildIndex builds the date index of every site that has posts but no
// index, one write transaction per such site. It writes nothing when every
// site is indexed. SavePage builds a missing index by itself; BuildIndex is
// for exporting a file written before the index existed.
func (db *DB) BuildIndex() error {
	names, err := db.Sites()
	if err != nil {
		return err
	}
	for _, site := range names {
		var need bool
		if err := db.bolt.View(func(tx *bbolt.Tx) error { need = unindexed(tx, site); return nil }); err != nil {
			return fmt.Errorf("check date index of site %q: %w", site, err)
		}
		if !need {
			continue
		}
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			sb, ok := readSite(tx, site)
			if !ok || sb.posts == nil {
				return nil
			}
			_, err := dateIndex(tx, site, sb.posts)
			return err
		})
		if err != nil {
			return fmt.Errorf("build date index: %w", err)
		}
	}
	return nil
}

// readIndex returns the bydate bucket of site, or nil.
func readIndex(tx *bbolt.Tx, site string) *bbolt.Bucket {
	root := tx.Bucket(bucketSites)
	if root == nil {
		return nil
	}
	sb := root.Bucket([]byte(site))
	if sb == nil {
		return nil
	}
	return sb.Bucket(bucketByDate)
}
