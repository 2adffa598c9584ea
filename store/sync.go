package store

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// Stale returns, in the order given, the stamps whose post needs fetching
// and storing: not stored at all, marked deleted, or stored with an older
// modified_gmt (compared at second precision, like SavePage). A deleted
// post listed with an older modified_gmt than stored is not stale, since
// SavePage would ignore it. A stamp with a zero ModifiedGMT (an id-only
// listing) is stale only when its post is missing or deleted. A stamp
// without a Type is a "post". Stale only reads: it lets a sync skip
// SavePage, and so every write, when nothing changed.
func (db *DB) Stale(site string, stamps []harvester.Stamp) ([]harvester.Stamp, error) {
	var out []harvester.Stamp
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, ok := readSite(tx, site)
		if !ok || sb.ids == nil || sb.posts == nil {
			out = append(out, stamps...)
			return nil
		}
		for _, st := range stamps {
			stale, err := staleStamp(sb, st)
			if err != nil {
				return err
			}
			if stale {
				out = append(out, st)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compare listing with site %q: %w", site, err)
	}
	return out, nil
}

// staleStamp reports whether the post of one stamp needs storing.
func staleStamp(sb siteBuckets, st harvester.Stamp) (bool, error) {
	typ := st.Type
	if typ == "" {
		typ = "post"
	}
	key := sb.ids.Get(idKey(typ, st.ID))
	if key == nil {
		return true, nil
	}
	rec := sb.posts.Get(key)
	if rec == nil {
		return true, nil
	}
	info, err := peek(rec, rawCut(rec))
	if err != nil {
		return false, fmt.Errorf("%s %d: %w", typ, st.ID, err)
	}
	if st.ModifiedGMT.IsZero() {
		return info.Deleted != nil, nil
	}
	was, now := info.Modified.UTC().Truncate(time.Second), st.ModifiedGMT.UTC().Truncate(time.Second)
	if info.Deleted != nil {
		return !now.Before(was), nil // SavePage restores it
	}
	return now.After(was), nil
}

// freeVersionKey returns the versions key for the superseded record of the
// post stored under key. It is versionKey(key, modified) unless that key is
// taken, which happens when a post deleted and restored more than once
// without an edit supersedes several records with one modified_gmt; then
// the record's version number is appended ("~" and ten digits), which sorts
// after the plain key and before any later modified_gmt, so the versions of
// a post still sort in version order.
func freeVersionKey(versions *bbolt.Bucket, key []byte, modified time.Time, version int) []byte {
	k := versionKey(key, modified)
	if versions.Get(k) == nil {
		return k
	}
	return fmt.Appendf(k, "~%010d", version)
}
