package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// The story index is cross-site, so it lives in its own top-level bucket:
//
//	stories/fingerprints  ref                    → storyRecord (number, date, story, GUID)
//	stories/numbers       number(4)              → numberEntry (ref, date, SimHash, probes)
//	stories/sites         site                   → site number(4)
//	stories/segments      segment(8)             → segment header
//	stories/blocks        segment(8) block(4)    → index entries
//	stories/members       story key              → storyHeader (root, its date, sites, size)
//	stories/memberrefs    len(key) key ref       → empty
//	stories/membersites   len(key) key site      → posts of the site (4)
//	stories/indexed                              → number(4)
//	stories/recorded                             → number(4)
//	stories/layout                               → storyLayout (1 byte)
//
// A ref names a post of any site: site 0x00 GUID key (neither holds a NUL
// byte). Every fingerprinted version of a post gets the next number (the
// numbers bucket's sequence); numbers up to "recorded" have their
// records, numbers up to "indexed" are in the index segments, later ones
// wait for IndexStories. The index itself is a few sorted, immutable
// segments of fixed-size entries (story_segment.go), written whole and
// merged, so that a harvest pays one small entry per post (its number)
// and not a dozen scattered B+tree keys; the records of a run's new posts
// are written after it, all at once (story_record.go). Only a post's
// Signature is kept: candidates are confirmed with the Fingerprints of
// the two posts, computed again from their stored texts (story_text.go).
// A story's root is its earliest post (date_gmt, then ref order); a
// story's key is the ref of one of its posts, stable while the story
// grows (merging stories keeps the largest one's key), so that a post
// joining a story costs a few writes whatever the story's size. Only
// stories of two posts or more are kept.
var (
	bucketStories      = []byte("stories")
	bucketFingerprints = []byte("fingerprints")
	bucketNumbers      = []byte("numbers")
	bucketStorySites   = []byte("sites")
	bucketSegments     = []byte("segments")
	bucketBlocks       = []byte("blocks")
	bucketMembers      = []byte("members")
	bucketMemberRefs   = []byte("memberrefs")
	bucketMemberSites  = []byte("membersites")
	keyIndexed         = []byte("indexed")
	keyRecorded        = []byte("recorded")
	keyLayout          = []byte("layout")
)

// storyLayout is the layout of the stories bucket, kept under keyLayout. A
// stories bucket of another layout (or of none: the first three, with one
// B+tree key per band and unit, then with whole fingerprints in the
// records, then with a record written for every post as it was saved) is
// dropped at the next write and IndexStories fingerprints the archive
// again.
const storyLayout = 4

// currentLayout reports whether the stories bucket root has this layout.
func currentLayout(root *bbolt.Bucket) bool {
	v := root.Get(keyLayout)
	return len(v) == 1 && v[0] == storyLayout
}

// maxPostings bounds the posts a band value or unit may be found in and
// still offer candidates: a unit found in more posts (a stock sentence or
// boilerplate) is no evidence of a shared story, and lookups stay a few
// reads.
const maxPostings = 64

// storyBuckets are the buckets of the story index.
type storyBuckets struct {
	root, fps, nums, sites, segs, blocks *bbolt.Bucket
	members, memberRefs, memberSites     *bbolt.Bucket
}

// writeStories returns the story buckets of a write transaction, creating
// them when needed. A stories bucket of an older layout is dropped first:
// IndexStories then fingerprints the archive again.
func writeStories(tx *bbolt.Tx) (storyBuckets, error) {
	if old := tx.Bucket(bucketStories); old != nil && !currentLayout(old) {
		if err := tx.DeleteBucket(bucketStories); err != nil {
			return storyBuckets{}, fmt.Errorf("drop the old story index: %w", err)
		}
	}
	root := tx.Bucket(bucketStories)
	if root == nil {
		var err error
		if root, err = tx.CreateBucket(bucketStories); err != nil {
			return storyBuckets{}, fmt.Errorf("bucket %s: %w", bucketStories, err)
		}
		if err := root.Put(keyLayout, []byte{storyLayout}); err != nil {
			return storyBuckets{}, fmt.Errorf("bucket %s: %w", bucketStories, err)
		}
		if !hasPosts(tx) { // nothing stored before the index: nothing to catch up with
			if err := root.Put(keySeeded, []byte{1}); err != nil {
				return storyBuckets{}, fmt.Errorf("bucket %s: %w", bucketStories, err)
			}
		}
	}
	out := storyBuckets{root: root}
	var err error
	for _, b := range []struct {
		name []byte
		dst  **bbolt.Bucket
	}{{bucketFingerprints, &out.fps}, {bucketNumbers, &out.nums}, {bucketStorySites, &out.sites}, {bucketSegments, &out.segs}, {bucketBlocks, &out.blocks}, {bucketMembers, &out.members}, {bucketMemberRefs, &out.memberRefs}, {bucketMemberSites, &out.memberSites}} {
		if *b.dst, err = root.CreateBucketIfNotExists(b.name); err != nil {
			return storyBuckets{}, fmt.Errorf("bucket %s/%s: %w", bucketStories, b.name, err)
		}
	}
	// Numbers and segments only grow at their end: full pages. Records
	// mostly come in key order (a backfill's pages).
	out.nums.FillPercent, out.segs.FillPercent, out.blocks.FillPercent = 1, 1, 1
	out.fps.FillPercent = 0.9
	return out, nil
}

// readStories returns the story buckets, and false when there are none
// (nothing was ever fingerprinted, or the index is of an older layout and
// waits to be rebuilt).
func readStories(tx *bbolt.Tx) (storyBuckets, bool) {
	root := tx.Bucket(bucketStories)
	if root == nil || !currentLayout(root) {
		return storyBuckets{}, false
	}
	out := storyBuckets{
		root:        root,
		fps:         root.Bucket(bucketFingerprints),
		nums:        root.Bucket(bucketNumbers),
		sites:       root.Bucket(bucketStorySites),
		segs:        root.Bucket(bucketSegments),
		blocks:      root.Bucket(bucketBlocks),
		members:     root.Bucket(bucketMembers),
		memberRefs:  root.Bucket(bucketMemberRefs),
		memberSites: root.Bucket(bucketMemberSites),
	}
	ok := out.fps != nil && out.nums != nil && out.sites != nil && out.segs != nil && out.blocks != nil &&
		out.members != nil && out.memberRefs != nil && out.memberSites != nil
	return out, ok
}

// storyRef returns the ref of the post stored under key in site.
func storyRef(site string, key []byte) []byte {
	return appendRef(make([]byte, 0, len(site)+1+len(key)), site, key)
}

// appendRef appends the ref of the post stored under key in site to b.
func appendRef(b []byte, site string, key []byte) []byte {
	b = append(b, site...)
	b = append(b, 0)
	return append(b, key...)
}

// splitRef returns the site and key of a ref.
func splitRef(ref []byte) (site string, key []byte) {
	i := bytes.IndexByte(ref, 0)
	if i < 0 {
		return "", ref
	}
	return string(ref[:i]), ref[i+1:]
}

// numKey is the key of a post number.
func numKey(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

// indexedThrough returns the last post number in the index segments.
func indexedThrough(sb storyBuckets) uint32 {
	if v := sb.root.Get(keyIndexed); len(v) == 4 {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// storyRecord is what the fingerprints bucket keeps of a post. Its
// signature is in the numbers bucket, under num.
type storyRecord struct {
	num   uint32      // the number of this version of the post
	date  time.Time   // date_gmt, whole seconds
	level story.Level // the strongest match of the post in its story
	// storyKey names the post's story in the members buckets (the ref of
	// one of its posts, kept when stories merge); nil when alone.
	storyKey []byte
	// guid is the post's GUID, for the export's story id when the post is
	// a root. It is stored only when it differs from the post's key (a
	// collision or an overlong GUID): most records leave it out.
	guid string
}

// recordVersion is the first byte of an encoded storyRecord.
const recordVersion = 3

// encode returns the record as: version, number (4 bytes), date (8 bytes,
// Unix seconds), level, then story key and guid each as a uvarint length
// and bytes; integers big-endian.
func (r *storyRecord) encode() []byte {
	return r.appendTo(make([]byte, 0, recordHeader+4+len(r.storyKey)+len(r.guid)))
}

// appendTo appends the encoded record to b.
func (r *storyRecord) appendTo(b []byte) []byte {
	b = append(b, recordVersion)
	b = binary.BigEndian.AppendUint32(b, r.num)
	b = binary.BigEndian.AppendUint64(b, uint64(r.date.Unix()))
	b = append(b, byte(r.level))
	for _, s := range [][]byte{r.storyKey, []byte(r.guid)} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

var errBadRecord = errors.New("malformed story record")

// recordHeader is the fixed start of an encoded record.
const recordHeader = 14

// decodeStoryRecord decodes a record; its slices do not alias b.
func decodeStoryRecord(b []byte) (storyRecord, error) {
	var r storyRecord
	if len(b) < recordHeader || b[0] != recordVersion {
		return r, errBadRecord
	}
	r.num = binary.BigEndian.Uint32(b[1:])
	r.date = time.Unix(int64(binary.BigEndian.Uint64(b[5:])), 0).UTC()
	r.level = story.Level(b[13])
	off := recordHeader
	var fields [2][]byte
	for i := range fields {
		n, w := binary.Uvarint(b[off:])
		if w <= 0 || uint64(len(b)-off-w) < n {
			return r, errBadRecord
		}
		off += w
		fields[i] = b[off : off+int(n)]
		off += int(n)
	}
	if off != len(b) {
		return r, errBadRecord
	}
	if len(fields[0]) > 0 {
		r.storyKey = bytes.Clone(fields[0])
	}
	r.guid = string(fields[1])
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
	if r.guid == "" { // the GUID is the key (see putStoryRecord)
		_, key := splitRef(ref)
		r.guid = string(key)
	}
	return r, true, nil
}

// guidIsKey reports whether a post stored under the key of ref has GUID
// guid, which its record then need not hold.
func guidIsKey(ref []byte, guid string) bool {
	_, key := splitRef(ref)
	return string(key) == guid
}

// putStoryRecord writes the record of ref, leaving out a GUID that is the
// post's key.
func putStoryRecord(sb storyBuckets, ref []byte, r *storyRecord) error {
	if guidIsKey(ref, r.guid) {
		short := *r
		short.guid = ""
		r = &short
	}
	if err := sb.fps.Put(ref, r.encode()); err != nil {
		return fmt.Errorf("story record %q: %w", ref, err)
	}
	return nil
}

// storyMatch is a post of another site that matches the one being indexed.
type storyMatch struct {
	ref   []byte
	match story.Match
}

// hasPosts reports whether any site of the archive holds a post.
func hasPosts(tx *bbolt.Tx) bool {
	for _, site := range siteNames(tx) {
		if ss, ok := readSite(tx, site); ok && ss.posts != nil {
			if k, _ := ss.posts.Cursor().First(); k != nil {
				return true
			}
		}
	}
	return false
}
