package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// sortMatches sorts matches by ref.
func sortMatches(ms []storyMatch) {
	slices.SortFunc(ms, func(a, b storyMatch) int { return bytes.Compare(a.ref, b.ref) })
}

// encodeMembers encodes member refs as uvarint length and bytes each.
func encodeMembers(refs []string) []byte {
	var b []byte
	for _, r := range refs {
		b = binary.AppendUvarint(b, uint64(len(r)))
		b = append(b, r...)
	}
	return b
}

// decodeMembers decodes what encodeMembers wrote.
func decodeMembers(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return nil, errBadRecord
		}
		out = append(out, string(b[w:w+int(n)]))
		b = b[w+int(n):]
	}
	return out, nil
}

// storyMembers returns the member refs of the story whose root is root.
func storyMembers(sb storyBuckets, root []byte) ([]string, error) {
	refs, err := decodeMembers(sb.members.Get(root))
	if err != nil {
		return nil, fmt.Errorf("members of story %q: %w", root, err)
	}
	return refs, nil
}

// earlier reports whether post a (with record ra) sorts before post b: by
// date_gmt, then by ref, so the root is the same in any harvest order.
func earlier(a string, ra *storyRecord, b string, rb *storyRecord) bool {
	if !ra.date.Equal(rb.date) {
		return ra.date.Before(rb.date)
	}
	return a < b
}

// joinStories joins the post ref with the posts it matches: their stories
// (and ref's own) become one, whose root is its earliest member. It also
// recomputes the root when ref's date changed. Levels only go up: a post's
// level is its strongest match.
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
	members := map[string]bool{}
	oldRoots := map[string]bool{}
	join := func(r string) error {
		rec, err := load(r)
		if err != nil {
			return err
		}
		members[r] = true
		if rec.root == nil || oldRoots[string(rec.root)] {
			return nil
		}
		oldRoots[string(rec.root)] = true
		refs, err := storyMembers(sb, rec.root)
		if err != nil {
			return err
		}
		for _, m := range refs {
			members[m] = true
		}
		return nil
	}
	if err := join(string(ref)); err != nil {
		return err
	}
	levels := map[string]story.Level{}
	for _, m := range matches {
		if err := join(string(m.ref)); err != nil {
			return err
		}
		levels[string(m.ref)] = max(levels[string(m.ref)], m.match.Level)
		levels[string(ref)] = max(levels[string(ref)], m.match.Level)
	}
	list := make([]string, 0, len(members))
	for m := range members {
		list = append(list, m)
	}
	slices.Sort(list)
	if len(list) < 2 {
		return nil
	}
	root := ""
	for _, m := range list {
		rec, err := load(m)
		if err != nil {
			return err
		}
		if root == "" || earlier(m, rec, root, recs[root]) {
			root = m
		}
	}
	for _, m := range list {
		rec := recs[m]
		lvl := max(rec.level, levels[m])
		if string(rec.root) == root && rec.level == lvl {
			continue
		}
		rec.root, rec.level = []byte(root), lvl
		if err := putStoryRecord(sb, []byte(m), rec); err != nil {
			return err
		}
	}
	for r := range oldRoots {
		if r != root {
			if err := sb.members.Delete([]byte(r)); err != nil {
				return fmt.Errorf("story %q: %w", r, err)
			}
		}
	}
	if err := sb.members.Put([]byte(root), encodeMembers(list)); err != nil {
		return fmt.Errorf("story %q: %w", root, err)
	}
	return nil
}
