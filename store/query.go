package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"html"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// Sites returns the names of the archived sites in name order.
func (db *DB) Sites() ([]string, error) {
	var names []string
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		names = siteNames(tx)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	return names, nil
}

// SiteStatus summarizes one site of the archive.
type SiteStatus struct {
	// Site is the site's name.
	Site string
	// Posts counts current records, deleted ones included.
	Posts int
	// Deleted counts current records whose deleted_at is set.
	Deleted int
	// Versions counts superseded records.
	Versions int
	// LastRun is the site's most recent run, nil when none was saved.
	LastRun *harvester.RunRecord
	// Backfill is the site's backfill cursor.
	Backfill harvester.BackfillCursor
}

// Status returns a summary of every site, in name order. It reads every
// current record's tail (to count deleted posts), one site per read
// transaction.
func (db *DB) Status() ([]SiteStatus, error) {
	names, err := db.Sites()
	if err != nil {
		return nil, err
	}
	out := make([]SiteStatus, 0, len(names))
	for _, name := range names {
		st := SiteStatus{Site: name}
		err := db.bolt.View(func(tx *bbolt.Tx) error {
			sb, ok := readSite(tx, name)
			if !ok {
				return nil
			}
			if sb.meta != nil {
				if v := sb.meta.Get(keyState); v != nil {
					var s harvester.SiteState
					if err := json.Unmarshal(v, &s); err != nil {
						return fmt.Errorf("decode state: %w", err)
					}
					st.LastRun, st.Backfill = s.LastRun, s.Backfill
				}
			}
			if sb.versions != nil {
				st.Versions = sb.versions.Stats().KeyN
			}
			if sb.posts == nil {
				return nil
			}
			c := sb.posts.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				st.Posts++
				del, err := deleted(v, rawCut(v))
				if err != nil {
					return fmt.Errorf("post %q: %w", k, err)
				}
				if del {
					st.Deleted++
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("status of site %q: %w", name, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// History returns every record of the posts whose GUID is guid: for each
// post its superseded versions oldest first, then its current record. With
// site "" every site is searched. guid may also be a stored key (such as
// GUID#post/12 for a post whose GUID another post had first) or still hold
// HTML entities. Several posts may share a GUID; they come in site and key
// order. No match gives an empty result, not an error.
func (db *DB) History(site, guid string) ([]harvester.Post, error) {
	sites := []string{site}
	if site == "" {
		var err error
		if sites, err = db.Sites(); err != nil {
			return nil, err
		}
	}
	guids := []string{guid}
	if u := html.UnescapeString(guid); u != guid {
		guids = append(guids, u)
	}
	var out []harvester.Post
	for _, s := range sites {
		err := db.bolt.View(func(tx *bbolt.Tx) error {
			sb, ok := readSite(tx, s)
			if !ok || sb.posts == nil {
				return nil
			}
			for _, g := range guids {
				keys, err := matchingKeys(sb.posts, g)
				if err != nil {
					return err
				}
				for _, k := range keys {
					if out, err = appendHistory(out, sb, k); err != nil {
						return err
					}
				}
				if len(keys) > 0 {
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("history of %q in site %q: %w", guid, s, err)
		}
	}
	return out, nil
}

// matchingKeys returns the keys of the posts whose key is guid or whose
// guid field is guid, copied. It looks at guid and its collision keys
// first and scans the whole bucket only when they give nothing (a post
// whose GUID changed keeps its first key).
func matchingKeys(posts *bbolt.Bucket, guid string) ([][]byte, error) {
	marker, err := guidMarker(guid)
	if err != nil {
		return nil, err
	}
	var keys [][]byte
	c := posts.Cursor()
	prefix := []byte(guid)
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) == len(prefix) || (k[len(prefix)] == '#' && hasGUID(v, marker)) {
			keys = append(keys, bytes.Clone(k))
		}
	}
	if len(keys) > 0 {
		return keys, nil
	}
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if hasGUID(v, marker) {
			keys = append(keys, bytes.Clone(k))
		}
	}
	return keys, nil
}

// appendHistory appends the versions and the current record of the post
// stored under key.
func appendHistory(out []harvester.Post, sb siteBuckets, key []byte) ([]harvester.Post, error) {
	if sb.versions != nil {
		prefix := versionPrefix(nil, key)
		c := sb.versions.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			p, err := decodePost(v)
			if err != nil {
				return nil, fmt.Errorf("version %q: %w", k, err)
			}
			out = append(out, p)
		}
	}
	p, err := decodePost(sb.posts.Get(key))
	if err != nil {
		return nil, fmt.Errorf("post %q: %w", key, err)
	}
	return append(out, p), nil
}

// Post returns the current record of the post of site with type typ and
// id, and false when there is none.
func (db *DB) Post(site, typ string, id int64) (harvester.Post, bool, error) {
	var p harvester.Post
	var found bool
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.ids == nil || sb.posts == nil {
			return nil
		}
		key := sb.ids.Get(idKey(typ, id))
		if key == nil {
			return nil
		}
		rec := sb.posts.Get(key)
		if rec == nil {
			return nil
		}
		var err error
		p, err = decodePost(rec)
		found = err == nil
		return err
	})
	if err != nil {
		return harvester.Post{}, false, fmt.Errorf("post %s %d of site %q: %w", typ, id, site, err)
	}
	return p, found, nil
}

// IDs returns, in ascending order, the ids of the stored posts of site with
// type typ that are not marked deleted: what reconciliation compares with
// the site's listing.
func (db *DB) IDs(site, typ string) ([]int64, error) {
	var ids []int64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.ids == nil || sb.posts == nil {
			return nil
		}
		prefix := idPrefix(typ)
		c := sb.ids.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+8 {
				continue
			}
			rec := sb.posts.Get(v)
			if rec == nil {
				continue
			}
			del, err := deleted(rec, rawCut(rec))
			if err != nil {
				return fmt.Errorf("post %q: %w", v, err)
			}
			if !del {
				ids = append(ids, int64(binary.BigEndian.Uint64(k[len(prefix):])))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ids of %s in site %q: %w", typ, site, err)
	}
	return ids, nil
}
