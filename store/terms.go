package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// Buckets of the names behind ids, per site:
//
//	sites/<site>/terms  taxonomy "/" 8-byte big-endian id → harvester.Term JSON
//	                    0x00 "tax/" taxonomy               → harvester.Taxonomy JSON
//	sites/<site>/users  8-byte big-endian id              → harvester.User JSON
//	sites/<site>/media  8-byte big-endian id              → harvester.Media JSON
var (
	bucketTerms = []byte("terms")
	bucketUsers = []byte("users")
	bucketMedia = []byte("media")
)

// taxPrefix starts the keys of the taxonomies in the terms bucket.
var taxPrefix = []byte("\x00tax/")

// termKey is the terms bucket key of a term.
func termKey(taxonomy string, id int64) []byte {
	return idKey(taxonomy, id)
}

func idBytes(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

// siteBucket returns (creating) the nested bucket name of site.
func siteBucket(tx *bbolt.Tx, site string, name []byte) (*bbolt.Bucket, error) {
	if _, err := writeSite(tx, site); err != nil {
		return nil, err
	}
	b, err := tx.Bucket(bucketSites).Bucket([]byte(site)).CreateBucketIfNotExists(name)
	if err != nil {
		return nil, fmt.Errorf("bucket %s of site %q: %w", name, site, err)
	}
	return b, nil
}

// readSiteBucket returns the nested bucket name of site, or nil.
func readSiteBucket(tx *bbolt.Tx, site string, name []byte) *bbolt.Bucket {
	root := tx.Bucket(bucketSites)
	if root == nil {
		return nil
	}
	sb := root.Bucket([]byte(site))
	if sb == nil {
		return nil
	}
	return sb.Bucket(name)
}

// SaveTerms replaces the stored terms of one taxonomy of site.
func (db *DB) SaveTerms(site string, tax harvester.Taxonomy, terms []harvester.Term) error {
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		b, err := siteBucket(tx, site, bucketTerms)
		if err != nil {
			return err
		}
		prefix := idPrefix(tax.Slug)
		c := b.Cursor()
		var old [][]byte
		for k, _ := c.Seek(prefix); k != nil && len(k) == len(prefix)+8 && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
			old = append(old, append([]byte(nil), k...))
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		for _, t := range terms {
			if err := putJSON(b, termKey(tax.Slug, t.ID), t); err != nil {
				return err
			}
		}
		return putJSON(b, append(append([]byte(nil), taxPrefix...), tax.Slug...), tax)
	})
	if err != nil {
		return fmt.Errorf("save %s terms of site %q: %w", tax.Slug, site, err)
	}
	return nil
}

// SaveUsers stores users of site, replacing the stored ones when replace.
func (db *DB) SaveUsers(site string, users []harvester.User, replace bool) error {
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		if replace {
			if sb := readSiteBucket(tx, site, bucketUsers); sb != nil {
				if err := tx.Bucket(bucketSites).Bucket([]byte(site)).DeleteBucket(bucketUsers); err != nil {
					return err
				}
			}
		}
		b, err := siteBucket(tx, site, bucketUsers)
		if err != nil {
			return err
		}
		for _, u := range users {
			if err := putJSON(b, idBytes(u.ID), u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save users of site %q: %w", site, err)
	}
	return nil
}

// SaveMedia adds or updates featured media of site.
func (db *DB) SaveMedia(site string, media []harvester.Media) error {
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		b, err := siteBucket(tx, site, bucketMedia)
		if err != nil {
			return err
		}
		for _, m := range media {
			if err := putJSON(b, idBytes(m.ID), m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save media of site %q: %w", site, err)
	}
	return nil
}

// KnownRefs returns which of the user and media ids site has names for.
func (db *DB) KnownRefs(site string, users, media []int64) (map[int64]bool, map[int64]bool, error) {
	ku, km := map[int64]bool{}, map[int64]bool{}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		for _, x := range []struct {
			name []byte
			ids  []int64
			out  map[int64]bool
		}{{bucketUsers, users, ku}, {bucketMedia, media, km}} {
			b := readSiteBucket(tx, site, x.name)
			if b == nil {
				continue
			}
			for _, id := range x.ids {
				if b.Get(idBytes(id)) != nil {
					x.out[id] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read names of site %q: %w", site, err)
	}
	return ku, km, nil
}

// UnknownTerms counts the term ids, by taxonomy, that the archive has no
// name for.
func (db *DB) UnknownTerms(site string, terms map[string][]int64) (int, error) {
	n := 0
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		b := readSiteBucket(tx, site, bucketTerms)
		for tax, ids := range terms {
			for _, id := range ids {
				if b == nil || b.Get(termKey(tax, id)) == nil {
					n++
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read names of site %q: %w", site, err)
	}
	return n, nil
}

// putJSON stores v as compact JSON without HTML escaping ("&" stays "&"),
// ready to be spliced into export lines.
func putJSON(b *bbolt.Bucket, k []byte, v any) error {
	j, err := marshalPlain(v)
	if err != nil {
		return err
	}
	return b.Put(k, j)
}

func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
