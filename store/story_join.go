package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// sortMatches sorts matches by ref.
func sortMatches(ms []storyMatch) {
	slices.SortFunc(ms, func(a, b storyMatch) int { return bytes.Compare(a.ref, b.ref) })
}

// storyHeader is what the members bucket keeps of a story, under its key.
type storyHeader struct {
	root     []byte    // ref of the earliest post
	rootDate time.Time // its date_gmt
	sites    int       // how many sites published it
	size     int       // how many posts it has
}

// encode returns the header as: root as a uvarint length and bytes, its
// date (8 bytes, Unix seconds, big-endian), then sites and size as
// uvarints.
func (h *storyHeader) encode() []byte {
	b := binary.AppendUvarint(nil, uint64(len(h.root)))
	b = append(b, h.root...)
	b = binary.BigEndian.AppendUint64(b, uint64(h.rootDate.Unix()))
	b = binary.AppendUvarint(b, uint64(h.sites))
	return binary.AppendUvarint(b, uint64(h.size))
}

// decodeHeader decodes a header; its root does not alias b.
func decodeHeader(b []byte) (storyHeader, error) {
	var h storyHeader
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n+8 {
		return h, errBadRecord
	}
	h.root = bytes.Clone(b[w : w+int(n)])
	b = b[w+int(n):]
	h.rootDate = time.Unix(int64(binary.BigEndian.Uint64(b)), 0).UTC()
	b = b[8:]
	for _, dst := range []*int{&h.sites, &h.size} {
		v, w := binary.Uvarint(b)
		if w <= 0 {
			return h, errBadRecord
		}
		*dst, b = int(v), b[w:]
	}
	return h, nil
}

// getHeader reads the header of the story key.
func getHeader(sb storyBuckets, key []byte) (storyHeader, error) {
	v := sb.members.Get(key)
	if v == nil {
		return storyHeader{}, fmt.Errorf("story %q has no header", key)
	}
	h, err := decodeHeader(v)
	if err != nil {
		return h, fmt.Errorf("story %q: %w", key, err)
	}
	return h, nil
}

// memberKey returns the key of member (a ref, or a site name) of the story
// key in memberrefs or membersites: the story key, length-prefixed, then
// member.
func memberKey(key []byte, member string) []byte {
	b := binary.AppendUvarint(make([]byte, 0, 2+len(key)+len(member)), uint64(len(key)))
	b = append(b, key...)
	return append(b, member...)
}

// storyRefs returns the member refs of the story key, in ref order.
func storyRefs(sb storyBuckets, key []byte) []string {
	prefix := memberKey(key, "")
	var out []string
	c := sb.memberRefs.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		out = append(out, string(k[len(prefix):]))
	}
	return out
}

// earlier reports whether the post a dated da sorts before the post b
// dated db: by date_gmt, then by ref, so the root is the same in any
// harvest order.
func earlier(a string, da time.Time, b string, db time.Time) bool {
	if !da.Equal(db) {
		return da.Before(db)
	}
	return a < b
}

// joinStories joins the post ref with the posts it matches: their stories
// (and ref's own) become one, whose root is its earliest member. Levels
// only go up: a post's level is its strongest match. It also finds the
// root again when ref's date changed.
//
// Stories merge into the largest one, whose key stays: only the posts that
// change story are written (union by size), so a story harvested in any
// order costs about log2(size) rewrites per post, and a post joining a
// large story a few writes. Only a story root whose date changed makes it
// read all its story's records.
func joinStories(sb storyBuckets, ref []byte, matches []storyMatch) error {
	recs := map[string]*storyRecord{}
	load := func(r string) (*storyRecord, error) {
		if rec, ok := recs[r]; ok {
			return rec, nil
		}
		rec, ok, err := getStoryRecord(sb, []byte(r))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("story member %q has no record", r)
		}
		recs[r] = &rec
		return &rec, nil
	}
	stories := map[string]*storyHeader{} // the stories involved, by key
	var loners []string                  // the posts involved that are in none
	join := func(r string) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		if rec.storyKey == nil {
			if !slices.Contains(loners, r) {
				loners = append(loners, r)
			}
			return nil
		}
		if k := string(rec.storyKey); stories[k] == nil {
			h, err := getHeader(sb, rec.storyKey)
			if err != nil {
				return err
			}
			stories[k] = &h
		}
		return nil
	}
	self := string(ref)
	if err := join(self); err != nil {
		return err
	}
	levels := map[string]story.Level{}
	for _, m := range matches {
		if err := join(string(m.ref)); err != nil {
			return err
		}
		levels[string(m.ref)] = max(levels[string(m.ref)], m.match.Level)
		levels[self] = max(levels[self], m.match.Level)
	}
	if err := rootAfterDateChange(sb, self, recs[self], stories, load); err != nil {
		return err
	}
	keys := make([]string, 0, len(stories))
	size := len(loners)
	for k, h := range stories {
		keys = append(keys, k)
		size += h.size
	}
	if size < 2 {
		return nil
	}
	// The largest story absorbs the others (ties: the smallest key).
	slices.SortFunc(keys, func(a, b string) int {
		if stories[a].size != stories[b].size {
			return stories[b].size - stories[a].size
		}
		return bytes.Compare([]byte(a), []byte(b))
	})
	target, th := self, &storyHeader{}
	if len(keys) > 0 {
		target, th = keys[0], stories[keys[0]]
	} else {
		th.root, th.rootDate = ref, recs[self].date
	}
	for _, k := range keys {
		h := stories[k]
		if earlier(string(h.root), h.rootDate, string(th.root), th.rootDate) {
			th.root, th.rootDate = h.root, h.rootDate
		}
	}
	dirty := map[string]bool{}
	newSites := map[string]int{}
	move := func(r string) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		if earlier(r, rec.date, string(th.root), th.rootDate) {
			th.root, th.rootDate = []byte(r), rec.date
		}
		rec.storyKey, dirty[r] = []byte(target), true
		site, _ := splitRef([]byte(r))
		newSites[site]++
		if err := sb.memberRefs.Put(memberKey([]byte(target), r), nil); err != nil {
			return fmt.Errorf("story %q: %w", target, err)
		}
		return nil
	}
	for _, k := range keys[min(1, len(keys)):] {
		if err := dropStory(sb, []byte(k), func(r string) error { return move(r) }); err != nil {
			return err
		}
		th.size += stories[k].size
	}
	for _, r := range loners {
		if err := move(r); err != nil {
			return err
		}
		th.size++
	}
	for site, n := range newSites {
		k := memberKey([]byte(target), site)
		old := 0
		if v := sb.memberSites.Get(k); len(v) == 4 {
			old = int(binary.BigEndian.Uint32(v))
		}
		if old == 0 {
			th.sites++
		}
		if err := sb.memberSites.Put(k, binary.BigEndian.AppendUint32(nil, uint32(old+n))); err != nil {
			return fmt.Errorf("story %q: %w", target, err)
		}
	}
	if err := sb.members.Put([]byte(target), th.encode()); err != nil {
		return fmt.Errorf("story %q: %w", target, err)
	}
	for r, l := range levels {
		if rec := recs[r]; l > rec.level {
			rec.level, dirty[r] = l, true
		}
	}
	return writeRecords(sb, recs, dirty)
}

// rootAfterDateChange updates the header of self's story when self's
// date moved it before the root, or when self is the root and its date
// changed (then every member is read to find the earliest).
func rootAfterDateChange(sb storyBuckets, self string, rec *storyRecord, stories map[string]*storyHeader, load func(string) (*storyRecord, error)) error {
	if rec.storyKey == nil {
		return nil
	}
	h := stories[string(rec.storyKey)]
	switch {
	case string(h.root) == self && !rec.date.Equal(h.rootDate):
		h.root = nil
		for _, m := range storyRefs(sb, rec.storyKey) {
			mr, err := load(m)
			if err != nil {
				return err
			}
			if h.root == nil || earlier(m, mr.date, string(h.root), h.rootDate) {
				h.root, h.rootDate = []byte(m), mr.date
			}
		}
	case earlier(self, rec.date, string(h.root), h.rootDate):
		h.root, h.rootDate = []byte(self), rec.date
	}
	return nil
}

// dropStory calls fn with each member of the story key and deletes the
// story: its header, member refs and site counts.
func dropStory(sb storyBuckets, key []byte, fn func(ref string) error) error {
	for _, r := range storyRefs(sb, key) {
		if err := fn(r); err != nil {
			return err
		}
		if err := sb.memberRefs.Delete(memberKey(key, r)); err != nil {
			return fmt.Errorf("story %q: %w", key, err)
		}
	}
	prefix := memberKey(key, "")
	var sites [][]byte
	c := sb.memberSites.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		sites = append(sites, bytes.Clone(k))
	}
	for _, k := range sites {
		if err := sb.memberSites.Delete(k); err != nil {
			return fmt.Errorf("story %q: %w", key, err)
		}
	}
	if err := sb.members.Delete(key); err != nil {
		return fmt.Errorf("story %q: %w", key, err)
	}
	return nil
}

// writeRecords writes the records marked dirty, in ref order.
func writeRecords(sb storyBuckets, recs map[string]*storyRecord, dirty map[string]bool) error {
	refs := make([]string, 0, len(dirty))
	for r := range dirty {
		refs = append(refs, r)
	}
	slices.Sort(refs)
	for _, r := range refs {
		if err := putStoryRecord(sb, []byte(r), recs[r]); err != nil {
			return err
		}
	}
	return nil
}
