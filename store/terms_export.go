package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// exportNames splices the names behind a record's ids into export lines:
//
//	"terms":{"category":[{"id":3,"name":"Politics","slug":"politics","parent":0}],"post_tag":[…]},
//	"author_name":"…","featured_media":{"id":…,"url":"…","alt":"…"}
//
// after deleted_at, before story and raw. They are read at export time from
// the site's terms, users and media buckets, so a renamed category shows its
// current name. A site without those buckets exports exactly as before.
type exportNames struct {
	terms, users, media *bbolt.Bucket
	taxes               []harvester.Taxonomy // the stored taxonomies, key order
	key                 []byte
}

// load reads the names buckets of site in tx; it reports whether there are
// any.
func (n *exportNames) load(tx *bbolt.Tx, site string) bool {
	n.terms = readSiteBucket(tx, site, bucketTerms)
	n.users = readSiteBucket(tx, site, bucketUsers)
	n.media = readSiteBucket(tx, site, bucketMedia)
	n.taxes = n.taxes[:0]
	if n.terms != nil {
		c := n.terms.Cursor()
		for k, v := c.Seek(taxPrefix); k != nil && bytes.HasPrefix(k, taxPrefix); k, v = c.Next() {
			var t harvester.Taxonomy
			if json.Unmarshal(v, &t) == nil && t.Slug != "" {
				n.taxes = append(n.taxes, t)
			}
		}
	}
	return n.terms != nil || n.users != nil || n.media != nil
}

// appendFields appends the names fields of rec (cut is rawCut(rec)) to dst.
func (n *exportNames) appendFields(dst, rec []byte, cut int) []byte {
	head, raw := rec, []byte(nil)
	if cut >= 0 {
		head, raw = rec[:cut], rec[cut:]
	}
	if len(n.taxes) > 0 {
		dst = append(dst, `,"terms":{`...)
		first := true
		for _, t := range n.taxes {
			var ids []byte
			var ok bool
			// The ids are the post object's field named after the
			// taxonomy's rest base; a record without raw has only
			// categories and tags.
			switch {
			case raw != nil:
				ids, ok = arrayAfter(raw, `"`+t.RestBase+`":[`)
			case t.Slug == "category":
				ids, ok = arrayAfter(head, `,"categories":[`)
			case t.Slug == "post_tag":
				ids, ok = arrayAfter(head, `,"tags":[`)
			}
			if !ok {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = append(dst, '"')
			dst = append(dst, t.Slug...)
			dst = append(dst, `":[`...)
			for i, id := range ids2(ids) {
				if i > 0 {
					dst = append(dst, ',')
				}
				n.key = idKey(t.Slug, id)
				if v := n.terms.Get(n.key); v != nil {
					dst = append(dst, v...)
				} else {
					dst = strconv.AppendInt(append(dst, `{"id":`...), id, 10)
					dst = append(dst, '}')
				}
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	if n.users != nil {
		if id, ok := intAfter(head, `,"author":`); ok && id > 0 {
			if v := n.users.Get(binary.BigEndian.AppendUint64(n.key[:0], uint64(id))); v != nil {
				var u harvester.User
				if json.Unmarshal(v, &u) == nil && u.Name != "" {
					if s, err := jsonString(u.Name); err == nil {
						dst = append(dst, `,"author_name":`...)
						dst = append(dst, s...)
					}
				}
			}
		}
	}
	if n.media != nil && raw != nil {
		if id, ok := intAfter(raw, `"featured_media":`); ok && id > 0 {
			if v := n.media.Get(binary.BigEndian.AppendUint64(n.key[:0], uint64(id))); v != nil {
				dst = append(dst, `,"featured_media":`...)
				dst = append(dst, v...)
			}
		}
	}
	return dst
}

// arrayAfter returns the contents of the array of numbers that follows the
// first occurrence of field (which ends with '[') in b. An unescaped quote
// never occurs inside a JSON string, so the first occurrence of a field
// name in quotes is a key.
func arrayAfter(b []byte, field string) ([]byte, bool) {
	i := bytes.Index(b, []byte(field))
	if i < 0 {
		return nil, false
	}
	rest := b[i+len(field):]
	j := bytes.IndexByte(rest, ']')
	if j < 0 {
		return nil, false
	}
	return rest[:j], true
}

// ids2 parses a comma-separated list of ids; anything else is skipped.
func ids2(b []byte) []int64 {
	var out []int64
	for _, p := range bytes.Split(b, []byte(",")) {
		if id, err := strconv.ParseInt(string(bytes.TrimSpace(p)), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// intAfter parses the integer that follows the first occurrence of field.
func intAfter(b []byte, field string) (int64, bool) {
	i := bytes.Index(b, []byte(field))
	if i < 0 {
		return 0, false
	}
	rest := bytes.TrimLeft(b[i+len(field):], " ")
	k := 0
	for k < len(rest) && (rest[k] >= '0' && rest[k] <= '9' || k == 0 && rest[k] == '-') {
		k++
	}
	id, err := strconv.ParseInt(string(rest[:k]), 10, 64)
	return id, err == nil
}
