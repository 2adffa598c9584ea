package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// The story index is cross-site, so it lives in its own top-level bucket:
//
//	stories/fingerprints  ref                          → storyRecord
//	stories/bands         band(1) value(2) ref         → empty
//	stories/units         unit hash(4) ref             → empty
//	stories/members       root ref                     → member refs
//	stories/pending       ref                          → empty (to index)
//
// A ref names a post of any site: site 0x00 GUID key (neither holds a NUL
// byte). A story's root is its earliest post (date_gmt, then ref order);
// members holds an entry only for stories of two posts or more.
var (
	bucketStories      = []byte("stories")
	bucketFingerprints = []byte("fingerprints")
	bucketBands        = []byte("bands")
	bucketUnits        = []byte("units")
	bucketMembers      = []byte("members")
	bucketPending      = []byte("pending")
)

// maxPostings bounds the posts read under one band value or unit, and the
// posts indexed under it: a unit found in that many posts (a stock sentence
// or boilerplate) stops being indexed, so lookups stay a few reads.
const maxPostings = 64

// storyBuckets are the buckets of the story index.
type storyBuckets struct {
	fps, bands, units, members, pending *bbolt.Bucket
}

// writeStories returns the story buckets of a write transaction, creating
// them when needed.
func writeStories(tx *bbolt.Tx) (storyBuckets, error) {
	root, err := tx.CreateBucketIfNotExists(bucketStories)
	if err != nil {
		return storyBuckets{}, fmt.Errorf("bucket %s: %w", bucketStories, err)
	}
	var out storyBuckets
	for _, b := range []struct {
		name []byte
		dst  **bbolt.Bucket
	}{{bucketFingerprints, &out.fps}, {bucketBands, &out.bands}, {bucketUnits, &out.units}, {bucketMembers, &out.members}, {bucketPending, &out.pending}} {
		if *b.dst, err = root.CreateBucketIfNotExists(b.name); err != nil {
			return storyBuckets{}, fmt.Errorf("bucket %s/%s: %w", bucketStories, b.name, err)
		}
	}
	return out, nil
}

// readStories returns the story buckets, and false when there are none
// (nothing was ever fingerprinted).
func readStories(tx *bbolt.Tx) (storyBuckets, bool) {
	root := tx.Bucket(bucketStories)
	if root == nil {
		return storyBuckets{}, false
	}
	out := storyBuckets{
		fps:     root.Bucket(bucketFingerprints),
		bands:   root.Bucket(bucketBands),
		units:   root.Bucket(bucketUnits),
		members: root.Bucket(bucketMembers),
		pending: root.Bucket(bucketPending),
	}
	return out, out.fps != nil && out.bands != nil && out.units != nil && out.members != nil && out.pending != nil
}

// storyRef returns the ref of the post stored under key in site.
func storyRef(site string, key []byte) []byte {
	r := make([]byte, 0, len(site)+1+len(key))
	r = append(r, site...)
	r = append(r, 0)
	return append(r, key...)
}

// splitRef returns the site and key of a ref.
func splitRef(ref []byte) (site string, key []byte) {
	i := bytes.IndexByte(ref, 0)
	if i < 0 {
		return "", ref
	}
	return string(ref[:i]), ref[i+1:]
}

// storyRecord is what the fingerprints bucket keeps of a post.
type storyRecord struct {
	date  time.Time   // date_gmt, whole seconds
	level story.Level // the strongest match of the post in its story
	root  []byte      // ref of the story's first post; nil when alone
	guid  string
	title string
	fp    story.Fingerprint
}

// recordVersion is the first byte of an encoded storyRecord.
const recordVersion = 1

// encode returns the record as: version, date (8 bytes, Unix seconds
// big-endian), level, then root, guid and title each as a uvarint length
// and bytes, then the fingerprint's binary encoding.
func (r *storyRecord) encode() ([]byte, error) {
	b := make([]byte, 0, 32+len(r.root)+len(r.guid)+len(r.title)+4*(len(r.fp.MinHash)+len(r.fp.Units)))
	b = append(b, recordVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(r.date.Unix()))
	b = append(b, byte(r.level))
	for _, s := range [][]byte{r.root, []byte(r.guid), []byte(r.title)} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return r.fp.AppendBinary(b)
}

var errBadRecord = errors.New("malformed story record")

// decodeStoryRecord decodes a record; its slices do not alias b.
func decodeStoryRecord(b []byte) (storyRecord, error) {
	var r storyRecord
	if len(b) < 10 || b[0] != recordVersion {
		return r, errBadRecord
	}
	r.date = time.Unix(int64(binary.BigEndian.Uint64(b[1:])), 0).UTC()
	r.level = story.Level(b[9])
	off := 10
	var fields [3][]byte
	for i := range fields {
		n, w := binary.Uvarint(b[off:])
		if w <= 0 || uint64(len(b)-off-w) < n {
			return r, errBadRecord
		}
		off += w
		fields[i] = b[off : off+int(n)]
		off += int(n)
	}
	if len(fields[0]) > 0 {
		r.root = bytes.Clone(fields[0])
	}
	r.guid, r.title = string(fields[1]), string(fields[2])
	fp, _, err := story.Decode(b[off:])
	if err != nil {
		return r, fmt.Errorf("%w: %w", errBadRecord, err)
	}
	r.fp = fp
	return r, nil
}

// getStoryRecord reads the record of ref; ok is false when there is none.
func getStoryRecord(sb storyBuckets, ref []byte) (storyRecord, bool, error) {
	v := sb.fps.Get(ref)
	if v == nil {
		return storyRecord{}, false, nil
	}
	r, err := decodeStoryRecord(v)
	if err != nil {
		return r, false, fmt.Errorf("story record %q: %w", ref, err)
	}
	return r, true, nil
}

func putStoryRecord(sb storyBuckets, ref []byte, r *storyRecord) error {
	v, err := r.encode()
	if err != nil {
		return fmt.Errorf("story record %q: %w", ref, err)
	}
	if err := sb.fps.Put(ref, v); err != nil {
		return fmt.Errorf("story record %q: %w", ref, err)
	}
	return nil
}

// markStory queues the post stored under key in site for the story index,
// inside SavePage's transaction tx: one small put next to the site's other
// keys, so harvesting keeps its pace. IndexStories fingerprints and indexes
// the queued posts later, in large transactions.
func markStory(tx *bbolt.Tx, site string, key []byte) error {
	root, err := tx.CreateBucketIfNotExists(bucketStories)
	if err != nil {
		return fmt.Errorf("story queue: %w", err)
	}
	q, err := root.CreateBucketIfNotExists(bucketPending)
	if err != nil {
		return fmt.Errorf("story queue: %w", err)
	}
	if err := q.Put(storyRef(site, key), nil); err != nil {
		return fmt.Errorf("story queue: %w", err)
	}
	return nil
}

// indexStory fingerprints the text of p, stored under key in site, and
// keeps the story index in step, inside SavePage's transaction tx: it
// finds the posts of other sites that p copies or shares sentences with,
// joins their stories and indexes p's fingerprint. A post whose
// fingerprint, date, GUID and title are unchanged costs a read. A post
// stays in its story when an edit changes its text (stories only grow).
func indexStory(tx *bbolt.Tx, site string, key []byte, p *harvester.Post) error {
	sb, err := writeStories(tx)
	if err != nil {
		return fmt.Errorf("story index: %w", err)
	}
	var f story.Fingerprinter
	ref := storyRef(site, key)
	rec := storyRecord{
		date:  p.DateGMT.UTC().Truncate(time.Second),
		guid:  p.GUID,
		title: p.Title,
		fp:    f.Fingerprint(p.Text),
	}
	old, had, err := getStoryRecord(sb, ref)
	if err != nil {
		return fmt.Errorf("story index: %w", err)
	}
	if had {
		if old.fp.Equal(&rec.fp) && old.date.Equal(rec.date) && old.guid == rec.guid && old.title == rec.title {
			return nil
		}
		rec.root, rec.level = old.root, old.level
		if !old.fp.Equal(&rec.fp) {
			if err := unindexFingerprint(sb, ref, &old.fp); err != nil {
				return fmt.Errorf("story index: %w", err)
			}
		}
	}
	var matches []storyMatch
	if rec.fp.Usable() {
		put := !had || !old.fp.Equal(&rec.fp)
		if matches, err = probe(sb, site, ref, &rec.fp, put); err != nil {
			return fmt.Errorf("story index: %w", err)
		}
	}
	if err := putStoryRecord(sb, ref, &rec); err != nil {
		return fmt.Errorf("story index: %w", err)
	}
	if len(matches) == 0 && (rec.root == nil || old.date.Equal(rec.date)) {
		return nil
	}
	if err := joinStories(sb, ref, matches); err != nil {
		return fmt.Errorf("story index: %w", err)
	}
	return nil
}

// storyMatch is a post of another site that matches the one being indexed.
type storyMatch struct {
	ref   []byte
	match story.Match
}

// indexKeys calls fn with every index key of a fingerprint and the bucket
// it belongs in.
func indexKeys(sb storyBuckets, ref []byte, fp *story.Fingerprint, fn func(b *bbolt.Bucket, prefixLen int, k []byte) error) error {
	k := make([]byte, 0, 4+len(ref))
	for i, v := range fp.Bands() {
		k = append(k[:0], byte(i), byte(v>>8), byte(v))
		if err := fn(sb.bands, 3, append(k, ref...)); err != nil {
			return err
		}
	}
	for _, u := range fp.Probes {
		k = binary.BigEndian.AppendUint32(k[:0], u)
		if err := fn(sb.units, 4, append(k, ref...)); err != nil {
			return err
		}
	}
	return nil
}

// unindexFingerprint removes the index entries of ref's fingerprint.
func unindexFingerprint(sb storyBuckets, ref []byte, fp *story.Fingerprint) error {
	return indexKeys(sb, ref, fp, func(b *bbolt.Bucket, _ int, k []byte) error {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("unindex %q: %w", ref, err)
		}
		return nil
	})
}
