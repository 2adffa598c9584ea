package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.etcd.io/bbolt"
)

// Bucket and key names of the layout described in the package comment.
var (
	bucketSites    = []byte("sites")
	bucketPosts    = []byte("posts")
	bucketVersions = []byte("versions")
	bucketIDs      = []byte("ids")
	bucketMeta     = []byte("meta")
	keyState       = []byte("state")
)

// ErrUnknownSite is wrapped by errors about a site the archive does not hold.
var ErrUnknownSite = errors.New("no such site in the archive")

// maxGUIDKey bounds a GUID used as a key; longer GUIDs (far beyond any real
// one) fall back to the urn key, leaving room under bbolt's key limit for
// the collision and version suffixes.
const maxGUIDKey = bbolt.MaxKeySize / 2

// idKey returns the ids bucket key of a post: type "/" 8-byte big-endian id.
func idKey(typ string, id int64) []byte {
	k := make([]byte, 0, len(typ)+9)
	k = append(k, typ...)
	k = append(k, '/')
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

// idPrefix returns the common prefix of the ids keys of one post type.
func idPrefix(typ string) []byte {
	return append([]byte(typ), '/')
}

// urnKey is the key, and the stored guid, of a post that has no GUID.
func urnKey(typ string, id int64) string {
	return "urn:wpharvest:" + typ + "/" + strconv.FormatInt(id, 10)
}

// collisionKey returns the n-th (from 1) alternative key for a post whose
// GUID key is taken by another post.
func collisionKey(base, typ string, id int64, n int) string {
	k := base + "#" + typ + "/" + strconv.FormatInt(id, 10)
	if n > 1 {
		k += "#" + strconv.Itoa(n)
	}
	return k
}

// versionFormat is the time layout in version keys: fixed width, so keys of
// one post sort chronologically.
const versionFormat = time.RFC3339

// versionPrefix returns buf with the prefix of all version keys of the post
// stored under key: key 0x00.
func versionPrefix(buf, key []byte) []byte {
	buf = append(buf[:0], key...)
	return append(buf, 0)
}

// versionKey returns the versions bucket key of the record of the post
// stored under key whose modified_gmt is modified.
func versionKey(key []byte, modified time.Time) []byte {
	k := versionPrefix(make([]byte, 0, len(key)+1+len(versionFormat)), key)
	return modified.UTC().AppendFormat(k, versionFormat)
}

// siteBuckets are the four buckets of one site.
type siteBuckets struct {
	posts, versions, ids, meta *bbolt.Bucket
}

// writeSite returns the buckets of site, creating them when needed.
func writeSite(tx *bbolt.Tx, site string) (siteBuckets, error) {
	if site == "" {
		return siteBuckets{}, errors.New("empty site name")
	}
	root, err := tx.CreateBucketIfNotExists(bucketSites)
	if err != nil {
		return siteBuckets{}, fmt.Errorf("bucket %s: %w", bucketSites, err)
	}
	sb, err := root.CreateBucketIfNotExists([]byte(site))
	if err != nil {
		return siteBuckets{}, fmt.Errorf("bucket for site %q: %w", site, err)
	}
	var out siteBuckets
	for _, b := range []struct {
		name []byte
		dst  **bbolt.Bucket
	}{{bucketPosts, &out.posts}, {bucketVersions, &out.versions}, {bucketIDs, &out.ids}, {bucketMeta, &out.meta}} {
		if *b.dst, err = sb.CreateBucketIfNotExists(b.name); err != nil {
			return siteBuckets{}, fmt.Errorf("bucket %s of site %q: %w", b.name, site, err)
		}
	}
	return out, nil
}

// readSite returns the buckets of site, and false when the site is unknown.
// Buckets missing from a site are nil.
func readSite(tx *bbolt.Tx, site string) (siteBuckets, bool) {
	root := tx.Bucket(bucketSites)
	if root == nil || site == "" {
		return siteBuckets{}, false
	}
	sb := root.Bucket([]byte(site))
	if sb == nil {
		return siteBuckets{}, false
	}
	return siteBuckets{
		posts:    sb.Bucket(bucketPosts),
		versions: sb.Bucket(bucketVersions),
		ids:      sb.Bucket(bucketIDs),
		meta:     sb.Bucket(bucketMeta),
	}, true
}

// siteNames returns the names of all sites in key (byte) order.
func siteNames(tx *bbolt.Tx) []string {
	root := tx.Bucket(bucketSites)
	if root == nil {
		return nil
	}
	var names []string
	c := root.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil { // nested bucket
			names = append(names, string(k))
		}
	}
	return names
}
