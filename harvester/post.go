package harvester

import (
	"encoding/json"
	"time"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// Post is one archived WordPress item in the shape of an NDJSON export line
// (see DESIGN.md, "NDJSON record"). The store keeps records in exactly this
// shape, so exporting is mostly a copy. Raw is the object exactly as the site
// served it; it is always the last field so that an export without --raw can
// cut it off without decoding the record.
type Post struct {
	Site        string          `json:"site"`
	GUID        string          `json:"guid"`
	ID          int64           `json:"id"`
	Type        string          `json:"type"`
	Status      string          `json:"status"`
	Link        string          `json:"link"`
	Slug        string          `json:"slug"`
	DateGMT     time.Time       `json:"date_gmt"`
	ModifiedGMT time.Time       `json:"modified_gmt"`
	Title       string          `json:"title"`
	Excerpt     string          `json:"excerpt"`
	Text        string          `json:"text"`
	ContentHTML string          `json:"content_html"`
	Author      int64           `json:"author"`
	Categories  []int64         `json:"categories"`
	Tags        []int64         `json:"tags"`
	Version     int             `json:"version"`
	FetchedAt   time.Time       `json:"fetched_at"`
	DeletedAt   *time.Time      `json:"deleted_at"`
	Raw         json.RawMessage `json:"raw,omitempty"`

	// Signature is the syndication signature of Text, computed by the
	// fetch workers (in parallel, off the store's single writer); nil lets
	// the store compute it. It is not part of the record.
	Signature *story.Signature `json:"-"`
}

// RawField is the JSON text that introduces the raw object in an encoded
// Post. Because Raw is the last field and every earlier field is a scalar, a
// string or an array of numbers, the first occurrence of RawField in an
// encoded record is always the raw field itself.
const RawField = `,"raw":`

// WithoutRaw returns an encoded record with its raw field cut off. The
// result shares memory with rec when rec has no raw field.
func WithoutRaw(rec []byte) []byte {
	i := indexOf(rec, RawField)
	if i < 0 {
		return rec
	}
	out := make([]byte, 0, i+1)
	out = append(out, rec[:i]...)
	return append(out, '}')
}

func indexOf(b []byte, s string) int {
	n := len(s)
	for i := 0; i+n <= len(b); i++ {
		if string(b[i:i+n]) == s {
			return i
		}
	}
	return -1
}
