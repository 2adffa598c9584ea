package wptest

import (
	"net/url"
	"strings"
)

// Top-level fields of a post object, in WordPress's order.
const (
	fID = iota
	fDate
	fDateGMT
	fGUID
	fModified
	fModifiedGMT
	fSlug
	fStatus
	fType
	fLink
	fTitle
	fContent
	fExcerpt
	fAuthor
	fFeaturedMedia
	fCommentStatus
	fPingStatus
	fSticky
	fTemplate
	fFormat
	fMeta
	fCategories
	fTags
	fClassList
	fLinks
	numFields
)

var fieldNames = [numFields]string{
	"id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status",
	"type", "link", "title", "content", "excerpt", "author", "featured_media",
	"comment_status", "ping_status", "sticky", "template", "format", "meta",
	"categories", "tags", "class_list", "_links",
}

// selection is the parsed _fields parameter. Like WordPress, a field may be
// included whole ("title") or through some of its keys ("title.rendered");
// keys of keys are treated as their parent key.
type selection struct {
	all   bool
	whole uint32
	parts [numFields][]string
}

// want reports whether top-level field f appears in the output.
func (s *selection) want(f int) bool {
	return s.all || s.whole&(1<<f) != 0 || s.parts[f] != nil
}

// wantSub reports whether key k of object field f appears in the output.
func (s *selection) wantSub(f int, k string) bool {
	if s.all || s.whole&(1<<f) != 0 {
		return true
	}
	for _, p := range s.parts[f] {
		if p == k {
			return true
		}
	}
	return false
}

// parseFields reads _fields (comma lists, repeated) and _fields[] from q.
// An absent or empty parameter selects everything, as in WordPress.
func parseFields(q url.Values) selection {
	var list []string
	for _, key := range []string{"_fields", "_fields[]"} {
		for _, v := range q[key] {
			for _, f := range strings.Split(v, ",") {
				if f = strings.TrimSpace(f); f != "" {
					list = append(list, f)
				}
			}
		}
	}
	if len(list) == 0 {
		return selection{all: true}
	}
	var s selection
	for _, f := range list {
		top, sub, nested := strings.Cut(f, ".")
		idx := fieldIndex(top)
		if idx < 0 {
			continue
		}
		if !nested {
			s.whole |= 1 << idx
			s.parts[idx] = nil
			continue
		}
		if s.whole&(1<<idx) != 0 {
			continue
		}
		sub, _, _ = strings.Cut(sub, ".")
		s.parts[idx] = append(s.parts[idx], sub)
	}
	return s
}

func fieldIndex(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
}

// objw writes a JSON object key by key. An object that ends up with no key
// is written as [] because that is how PHP encodes an empty array.
type objw struct {
	b     []byte
	open  int
	count int
}

func (o *objw) begin() {
	o.open = len(o.b)
	o.count = 0
	o.b = append(o.b, '{')
}

func (o *objw) key(k string) {
	if o.count > 0 {
		o.b = append(o.b, ',')
	}
	o.count++
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

func (o *objw) end() {
	if o.count == 0 {
		o.b = append(o.b[:o.open], '[', ']')
		return
	}
	o.b = append(o.b, '}')
}
