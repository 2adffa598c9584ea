package harvester

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"

	"github.com/wpharvest/wpharvest/harvester/htmltext"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// wpPost is the part of a WordPress REST post object that we read. Fields
// WordPress may send as null are pointers or tolerate null.
type wpPost struct {
	ID          int64    `json:"id"`
	Date        string   `json:"date"`
	DateGMT     *string  `json:"date_gmt"`
	GUID        rendered `json:"guid"`
	Modified    string   `json:"modified"`
	ModifiedGMT *string  `json:"modified_gmt"`
	Slug        string   `json:"slug"`
	Status      string   `json:"status"`
	Type        string   `json:"type"`
	Link        string   `json:"link"`
	Title       rendered `json:"title"`
	Content     rendered `json:"content"`
	Excerpt     rendered `json:"excerpt"`
	Author      int64    `json:"author"`
	Categories  []int64  `json:"categories"`
	Tags        []int64  `json:"tags"`
}

type rendered struct {
	Rendered string `json:"rendered"`
}

// wpTimeLayout is how WordPress writes date_gmt and modified_gmt: no zone
// suffix, to be read as UTC.
const wpTimeLayout = "2006-01-02T15:04:05"

// ParseGMT parses a WordPress *_gmt time as UTC. Values with an explicit
// zone (some plugins add one) are accepted and converted to UTC.
func ParseGMT(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(wpTimeLayout, s, time.UTC); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// decodePosts turns a listing answer into records. body must be a JSON
// array of post objects; anything else is an error saying what came instead.
func decodePosts(site string, body []byte, fetchedAt time.Time, f *story.Fingerprinter) ([]Post, error) {
	if err := expectJSONArray(body); err != nil {
		return nil, err
	}
	if !utf8.Valid(body) {
		// Sites with latin1 tables, or broken plugins, send bytes that are
		// not UTF-8; the archive and its NDJSON are UTF-8 throughout, raw
		// included, so each bad run of bytes becomes U+FFFD.
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	if err := validJSON(body); err != nil {
		return nil, fmt.Errorf("invalid JSON (truncated answer?): %w", err)
	}
	items, err := splitJSONArray(body)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	posts := make([]Post, 0, len(items))
	var sigs []story.Signature // the page's signatures and their probes, a few allocations
	var probes []uint32
	if f != nil {
		sigs = make([]story.Signature, len(items))
	}
	for i, raw := range items {
		p, err := decodePost(site, raw, fetchedAt)
		if err != nil {
			return nil, fmt.Errorf("post %d of the page: %w", i+1, err)
		}
		if f != nil { // while the text is in the cache
			sigs[i], probes = f.AppendSignature(probes, p.Text)
			p.Signature = &sigs[i]
		}
		posts = append(posts, p)
	}
	return posts, nil
}

// expectJSONArray rejects HTML pages and JSON objects where a list of posts
// should be, with a message that says what arrived.
func expectJSONArray(body []byte) error {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(b) == 0:
		return fmt.Errorf("empty answer where a JSON list was expected")
	case b[0] == '[':
		return nil
	case b[0] == '<':
		return ErrNotJSON
	case b[0] == '{':
		if e := parseAPIError(0, b); e != nil {
			return e
		}
		return fmt.Errorf("answered a JSON object where a list of posts was expected")
	default:
		return fmt.Errorf("answered something that is not JSON (starts with %q)", string(b[:min(len(b), 16)]))
	}
}

// parseAPIError reads a WordPress error object ({"code":…,"message":…}); it
// returns nil when body is not one.
func parseAPIError(status int, body []byte) *APIError {
	var e struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Data    struct {
			Status int `json:"status"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &e) != nil || e.Code == "" {
		return nil
	}
	if status == 0 {
		status = e.Data.Status
	}
	return &APIError{Status: status, Code: e.Code, Message: htmltext.Inline(e.Message)}
}

func decodePost(site string, raw json.RawMessage, fetchedAt time.Time) (Post, error) {
	var w wpPost
	if err := gojson.Unmarshal(raw, &w); err != nil {
		return Post{}, fmt.Errorf("not a post object: %w", err)
	}
	if w.ID <= 0 {
		return Post{}, fmt.Errorf("post without an id")
	}
	p := Post{
		Site:        site,
		GUID:        strings.TrimSpace(html.UnescapeString(w.GUID.Rendered)),
		ID:          w.ID,
		Type:        w.Type,
		Status:      w.Status,
		Link:        w.Link,
		Slug:        w.Slug,
		Title:       htmltext.Inline(w.Title.Rendered),
		Excerpt:     htmltext.Inline(w.Excerpt.Rendered),
		Text:        htmltext.Text(w.Content.Rendered),
		ContentHTML: w.Content.Rendered,
		Author:      w.Author,
		Categories:  nonNil(w.Categories),
		Tags:        nonNil(w.Tags),
		FetchedAt:   fetchedAt.UTC().Truncate(time.Second),
		Raw:         raw,
	}
	if p.Type == "" {
		p.Type = "post"
	}
	var err error
	if p.DateGMT, p.ModifiedGMT, err = postTimes(&w); err != nil {
		return Post{}, fmt.Errorf("post %d: %w", w.ID, err)
	}
	return p, nil
}

// postTimes works out date_gmt and modified_gmt. WordPress sends both for
// every published post; when a plugin or a cache dropped one (missing, null
// or WordPress's zero date), it is derived from its site-local twin (date,
// modified) with the site's UTC offset learned from the other, complete
// pair. A local time is never taken for UTC: on a site east of Greenwich
// that would invent a later modified_gmt, and with it a new version of a
// post already stored. A modified_gmt that cannot be derived falls back to
// date_gmt, which is never later than the truth; a post with neither is
// rejected.
func postTimes(w *wpPost) (date, modified time.Time, err error) {
	date, hasDate, err := gmtField("date_gmt", w.DateGMT)
	if err != nil {
		return date, modified, err
	}
	modified, hasModified, err := gmtField("modified_gmt", w.ModifiedGMT)
	if err != nil {
		return date, modified, err
	}
	dateLocal, hasDateLocal := localField(w.Date)
	modLocal, hasModLocal := localField(w.Modified)
	var offset time.Duration
	hasOffset := true
	switch {
	case hasDate && hasDateLocal:
		offset = dateLocal.Sub(date)
	case hasModified && hasModLocal:
		offset = modLocal.Sub(modified)
	default:
		hasOffset = false
	}
	if !hasDate && hasDateLocal && hasOffset {
		date, hasDate = dateLocal.Add(-offset), true
	}
	if !hasModified && hasModLocal && hasOffset {
		modified, hasModified = modLocal.Add(-offset), true
	}
	switch {
	case !hasDate && !hasModified:
		return date, modified, errors.New("date_gmt and modified_gmt are both missing: the post's times in UTC are unknown")
	case !hasDate:
		return date, modified, errors.New("date_gmt is missing and the site's UTC offset is unknown")
	case !hasModified:
		modified = date
	}
	return date, modified, nil
}

// gmtField parses a *_gmt field; ok is false when WordPress sent null,
// nothing, or its zero date.
func gmtField(name string, gmt *string) (t time.Time, ok bool, err error) {
	if gmt == nil || *gmt == "" || strings.HasPrefix(*gmt, "0000-00-00") {
		return time.Time{}, false, nil
	}
	t, err = ParseGMT(*gmt)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s: %w", name, err)
	}
	return t, true, nil
}

// localField parses a site-local time (date, modified) as a wall time.
func localField(v string) (time.Time, bool) {
	if v == "" || strings.HasPrefix(v, "0000-00-00") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(wpTimeLayout, v, time.UTC)
	return t, err == nil
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
