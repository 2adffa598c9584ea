package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"slices"
	"strconv"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// ErrUnknownPost is wrapped by Similar's error when no post has the GUID.
var ErrUnknownPost = errors.New("no post with that GUID in the archive")

// storyField returns the export's story member for the post stored under
// key in site: `,"story":{"id":…,"level":…,"sites":N,"first":…}`, with its
// leading comma, ready to splice in before the record's closing brace (or
// before its `,"raw":`). id is the GUID of the story's first post, level
// the post's strongest match ("copy" or "shared"), sites the number of
// sites that published the story and first whether this post is the first.
// It returns false for a post that is in no story of two posts or more.
func storyField(tx *bbolt.Tx, site string, key []byte) ([]byte, bool) {
	sb, ok := readStories(tx)
	if !ok {
		return nil, false
	}
	ref := storyRef(site, key)
	rec, ok, err := getStoryRecord(sb, ref)
	if err != nil || !ok || rec.storyKey == nil {
		return nil, false
	}
	v := sb.members.Get(rec.storyKey)
	if v == nil {
		return nil, false
	}
	h, err := decodeHeader(v)
	if err != nil {
		return nil, false
	}
	root, ok, err := getStoryRecord(sb, h.root)
	if err != nil || !ok {
		return nil, false
	}
	id, err := jsonString(root.guid)
	if err != nil {
		return nil, false
	}
	b := make([]byte, 0, 64+len(id))
	b = append(b, `,"story":{"id":`...)
	b = append(b, id...)
	b = append(b, `,"level":"`...)
	b = append(b, rec.level.String()...)
	b = append(b, `","sites":`...)
	b = strconv.AppendInt(b, int64(h.sites), 10)
	b = append(b, `,"first":`...)
	b = strconv.AppendBool(b, bytes.Equal(h.root, ref))
	return append(b, '}'), true
}

// appendWithStory appends the record rec (an export line, without its
// newline) to dst with the story member field spliced in: before the raw
// field when keepRaw and rec has one, else before the closing brace, with
// the raw field cut off when !keepRaw. cut is rawCut(rec), -1 when rec has
// no raw field.
func appendWithStory(dst, rec []byte, cut int, field []byte, keepRaw bool) []byte {
	switch {
	case cut >= 0:
		dst = append(dst, rec[:cut]...)
		dst = append(dst, field...)
		if keepRaw {
			return append(dst, rec[cut:]...)
		}
		return append(dst, '}')
	default:
		dst = append(dst, rec[:len(rec)-1]...)
		dst = append(dst, field...)
		return append(dst, '}')
	}
}

// jsonString encodes s as a JSON string without HTML escaping, like the
// records.
func jsonString(s string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode %q: %w", s, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// StoryPost is one post of a story.
type StoryPost struct {
	// Site, GUID and Title name the post.
	Site, GUID, Title string
	// Date is its date_gmt.
	Date time.Time
	// Level is its strongest match in the story: "copy" or "shared".
	Level string
	// First is true for the story's first post.
	First bool
	// Delay is how long after the first post it was published.
	Delay time.Duration
}

// Story is the same story across sites.
type Story struct {
	// ID is the GUID of the first post.
	ID string
	// Sites are the sites that published it, in name order.
	Sites []string
	// Posts are its posts, first post first, then by date_gmt.
	Posts []StoryPost
}

// Stories returns the stories published by at least minSites sites with
// a post dated at or after since (zero: any), ordered by their first
// post's date_gmt, then ID.
func (db *DB) Stories(minSites int, since time.Time) ([]Story, error) {
	var out []Story
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readStories(tx)
		if !ok {
			return nil
		}
		// Titles are read from the posts' records: hand their pages back
		// now and then, as the export does.
		read := 0
		step := func() {
			if read++; read%trimEvery == 0 {
				db.trimDuring(tx)
			}
		}
		c := sb.members.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			h, err := decodeHeader(v)
			if err != nil {
				return fmt.Errorf("story %q: %w", k, err)
			}
			if h.sites < max(minSites, 1) {
				continue
			}
			s, latest, err := loadStory(sb, h.root, storyRefs(sb, k), step)
			if err != nil {
				return err
			}
			if !since.IsZero() && latest.Before(since) {
				continue
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Story) int {
		if c := a.Posts[0].Date.Compare(b.Posts[0].Date); c != 0 {
			return c
		}
		return bytes.Compare([]byte(a.ID), []byte(b.ID))
	})
	return out, nil
}

// loadStory reads the posts of the story rooted at root and returns it
// with its latest post's date, calling step before reading each post.
func loadStory(sb storyBuckets, root []byte, refs []string, step func()) (Story, time.Time, error) {
	var s Story
	var latest time.Time
	for _, r := range refs {
		rec, ok, err := getStoryRecord(sb, []byte(r))
		if err != nil {
			return s, latest, err
		}
		if !ok {
			continue
		}
		site, _ := splitRef([]byte(r))
		first := r == string(root)
		if first {
			s.ID = rec.guid
		}
		step()
		p, _, err := storedPost(sb.root.Tx(), []byte(r))
		if err != nil {
			return s, latest, err
		}
		s.Posts = append(s.Posts, StoryPost{Site: site, GUID: rec.guid, Title: p.Title, Date: rec.date, Level: rec.level.String(), First: first})
		if !slices.Contains(s.Sites, site) {
			s.Sites = append(s.Sites, site)
		}
		if rec.date.After(latest) {
			latest = rec.date
		}
	}
	slices.Sort(s.Sites)
	slices.SortStableFunc(s.Posts, func(a, b StoryPost) int {
		switch {
		case a.First != b.First:
			if a.First {
				return -1
			}
			return 1
		}
		return a.Date.Compare(b.Date)
	})
	if len(s.Posts) > 0 {
		for i := range s.Posts {
			s.Posts[i].Delay = s.Posts[i].Date.Sub(s.Posts[0].Date)
		}
	}
	return s, latest, nil
}

// Similar is a post that matches another one.
type Similar struct {
	// Of names the post matched against (Site and GUID), useful when
	// several posts share the GUID asked for.
	OfSite, OfGUID string
	// Site, GUID, Title and Date name the matching post.
	Site, GUID, Title string
	Date              time.Time
	// Level is "copy" or "shared".
	Level string
	// Jaccard is the estimated shingle Jaccard resemblance of the texts.
	Jaccard float64
	// Units is the number of long sentences and quotes they share.
	Units int
	// SameStory reports whether both posts are in one story.
	SameStory bool
}

// Similar returns the posts of other sites that match the post(s) whose
// GUID is guid (in site, or in any site when site is ""), best first. It
// compares with the posts the story index offers, as indexing did, so it
// reflects the archive as it is now. A GUID no post has gives an error
// wrapping ErrUnknownPost; a post too short to compare gives no match.
func (db *DB) Similar(site, guid string) ([]Similar, error) {
	sites := []string{site}
	if site == "" {
		var err error
		if sites, err = db.Sites(); err != nil {
			return nil, err
		}
	}
	var out []Similar
	found := false
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, hasIndex := readStories(tx)
		for _, s := range sites {
			ss, ok := readSite(tx, s)
			if !ok || ss.posts == nil {
				continue
			}
			keys, err := lookupKeys(ss.posts, guid)
			if err != nil {
				return err
			}
			for _, key := range keys {
				found = true
				if !hasIndex {
					continue
				}
				res, err := similarTo(sb, s, key)
				if err != nil {
					return err
				}
				out = append(out, res...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("similar %q: %w", guid, err)
	}
	if !found {
		return nil, fmt.Errorf("similar %q: %w", guid, ErrUnknownPost)
	}
	return out, nil
}

// lookupKeys returns the keys of the posts with GUID guid, as given or
// with its HTML entities decoded.
func lookupKeys(posts *bbolt.Bucket, guid string) ([][]byte, error) {
	keys, err := matchingKeys(posts, guid)
	if err != nil || len(keys) > 0 {
		return keys, err
	}
	if u := html.UnescapeString(guid); u != guid {
		return matchingKeys(posts, u)
	}
	return nil, nil
}

// similarTo returns the matches of the post stored under key in site.
func similarTo(sb storyBuckets, site string, key []byte) ([]Similar, error) {
	ref := storyRef(site, key)
	rec, ok, err := getStoryRecord(sb, ref)
	if err != nil || !ok {
		return nil, err
	}
	e, ok, err := getNumber(sb, rec.num)
	if err != nil || !ok || !e.usable {
		return nil, err
	}
	matches, err := probe(sb, site, ref, &rec, &e)
	if err != nil {
		return nil, err
	}
	out := make([]Similar, 0, len(matches))
	for _, m := range matches {
		o, _, err := getStoryRecord(sb, m.ref)
		if err != nil {
			return nil, err
		}
		p, _, err := storedPost(sb.root.Tx(), m.ref)
		if err != nil {
			return nil, err
		}
		s, _ := splitRef(m.ref)
		out = append(out, Similar{
			OfSite: site, OfGUID: rec.guid,
			Site: s, GUID: o.guid, Title: p.Title, Date: o.date,
			Level: m.match.Level.String(), Jaccard: m.match.Jaccard, Units: m.match.Units,
			SameStory: rec.storyKey != nil && bytes.Equal(rec.storyKey, o.storyKey),
		})
	}
	slices.SortStableFunc(out, func(a, b Similar) int {
		if a.Level != b.Level {
			if a.Level == story.Copy.String() {
				return -1
			}
			return 1
		}
		switch {
		case a.Jaccard > b.Jaccard:
			return -1
		case a.Jaccard < b.Jaccard:
			return 1
		}
		return b.Units - a.Units
	})
	return out, nil
}
