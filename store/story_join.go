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

// storyHeader is the start of a story's members value: its root's date
// (so that a joining post is compared with the root without reading the
// root's record) and how many sites published it (for the export's story
// field, without reading the member list).
type storyHeader struct {
	rootDate time.Time
	sites    int
}

// encodeMembers encodes a story's members value: the root's date (8 bytes,
// Unix seconds, big-endian), the site count as a uvarint, then the member
// refs as uvarint length and bytes each.
func encodeMembers(h storyHeader, refs []string) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(h.rootDate.Unix()))
	b = binary.AppendUvarint(b, uint64(h.sites))
	for _, r := range refs {
		b = binary.AppendUvarint(b, uint64(len(r)))
		b = append(b, r...)
	}
	return b
}

// decodeHeader decodes the header of a members value and returns the rest.
func decodeHeader(b []byte) (storyHeader, []byte, error) {
	if len(b) < 9 {
		return storyHeader{}, nil, errBadRecord
	}
	h := storyHeader{rootDate: time.Unix(int64(binary.BigEndian.Uint64(b)), 0).UTC()}
	n, w := binary.Uvarint(b[8:])
	if w <= 0 {
		return storyHeader{}, nil, errBadRecord
	}
	h.sites = int(n)
	return h, b[8+w:], nil
}

// decodeMembers decodes what encodeMembers wrote.
func decodeMembers(b []byte) (storyHeader, []string, error) {
	h, b, err := decodeHeader(b)
	if err != nil {
		return h, nil, err
	}
	var out []string
	for len(b) > 0 {
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return h, nil, errBadRecord
		}
		out = append(out, string(b[w:w+int(n)]))
		b = b[w+int(n):]
	}
	return h, out, nil
}

// storyMembers returns the header and member refs of the story whose root
// is root.
func storyMembers(sb storyBuckets, root []byte) (storyHeader, []string, error) {
	h, refs, err := decodeMembers(sb.members.Get(root))
	if err != nil {
		return h, nil, fmt.Errorf("members of story %q: %w", root, err)
	}
	return h, refs, nil
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
// only go up: a post's level is its strongest match.
//
// The work is proportional to the posts that change: the joining posts,
// and the members of the stories whose root changes (each story's members
// value holds its root's date, so finding the new root reads no member's
// record). A story's root changes only when an earlier post joins, so a
// story harvested in any order has its members rewritten a few times, not
// once per joining post. When ref is itself a story's root and its date
// changed, the root is found again among all members.
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
	// The stories involved, by root, and the posts in none yet.
	type involved struct {
		header storyHeader
		refs   []string
	}
	stories := map[string]*involved{}
	var loners []string
	dirty := map[string]bool{} // records to write
	join := func(r string) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		if rec.root == nil {
			if !slices.Contains(loners, r) {
				loners = append(loners, r)
			}
			return nil
		}
		root := string(rec.root)
		if stories[root] != nil {
			return nil
		}
		h, refs, err := storyMembers(sb, rec.root)
		if err != nil {
			return err
		}
		stories[root] = &involved{h, refs}
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
	// ref's date may have changed since its story's root was chosen.
	selfRec := recs[self]
	if root := selfRec.root; root != nil && stories[string(root)] != nil {
		st := stories[string(root)]
		switch {
		case string(root) == self && !selfRec.date.Equal(st.header.rootDate):
			if err := rechooseRoot(sb, self, st.refs, load, dirty); err != nil {
				return err
			}
			delete(stories, self) // its members now hang off the new root, as loners would
			for _, m := range st.refs {
				if !slices.Contains(loners, m) {
					loners = append(loners, m)
				}
			}
		case string(root) != self && earlier(self, selfRec.date, string(root), st.header.rootDate):
			loners = append(loners, self) // ref is now the earliest: it roots the story below
		}
	}
	// The new root: the earliest of the stories' roots and the loners.
	root, rootDate := "", time.Time{}
	consider := func(r string, d time.Time) {
		if root == "" || earlier(r, d, root, rootDate) {
			root, rootDate = r, d
		}
	}
	for r, st := range stories {
		consider(r, st.header.rootDate)
	}
	for _, r := range loners {
		rec, err := load(r)
		if err != nil {
			return err
		}
		consider(r, rec.date)
	}
	members := map[string]bool{}
	for _, r := range loners {
		members[r] = true
	}
	for r, st := range stories {
		for _, m := range st.refs {
			members[m] = true
		}
		if r == root {
			continue
		}
		for _, m := range st.refs { // a story whose root changes: all its members
			rec, err := load(m)
			if err != nil {
				return err
			}
			rec.root = []byte(root)
			dirty[m] = true
		}
		if err := sb.members.Delete([]byte(r)); err != nil {
			return fmt.Errorf("story %q: %w", r, err)
		}
	}
	if len(members) < 2 {
		return writeRecords(sb, recs, dirty)
	}
	for _, r := range loners {
		rec := recs[r]
		if string(rec.root) != root {
			rec.root = []byte(root)
			dirty[r] = true
		}
	}
	for r, l := range levels {
		if rec := recs[r]; l > rec.level {
			rec.level = l
			dirty[r] = true
		}
	}
	list := make([]string, 0, len(members))
	for m := range members {
		list = append(list, m)
	}
	slices.Sort(list)
	if err := sb.members.Put([]byte(root), encodeMembers(storyHeader{rootDate: rootDate, sites: countSites(list)}, list)); err != nil {
		return fmt.Errorf("story %q: %w", root, err)
	}
	return writeRecords(sb, recs, dirty)
}

// rechooseRoot handles a story root whose date changed: its members (refs)
// are loaded, so that the caller treats them as loners and picks the
// earliest again, and its members value is dropped.
func rechooseRoot(sb storyBuckets, root string, refs []string, load func(string) (*storyRecord, error), dirty map[string]bool) error {
	for _, m := range refs {
		rec, err := load(m)
		if err != nil {
			return err
		}
		rec.root = nil
		dirty[m] = true
	}
	if err := sb.members.Delete([]byte(root)); err != nil {
		return fmt.Errorf("story %q: %w", root, err)
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
