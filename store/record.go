package store

import (
	gojson "github.com/goccy/go-json"

	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

// The fast paths below rely on how a record is encoded: every field before
// raw is a number, a string, null or an array of numbers, and a JSON string
// cannot hold an unescaped quote. So the first occurrence of `,"name":` in a
// record is the field itself, and deleted_at is the last field before raw.
var (
	rawField      = []byte(harvester.RawField)
	modifiedField = []byte(`,"modified_gmt":"`)
	versionField  = []byte(`,"version":`)
	deletedField  = []byte(`,"deleted_at":`)
	guidField     = []byte(`,"guid":`)
	jsonNull      = []byte("null")
)

// encoder turns posts into records. It uses github.com/goccy/go-json,
// which writes the same bytes as encoding/json for a Post (checked by
// TestGoccyEncodesRecordsLikeEncodingJSON) about four times faster; the
// record encoding was a fifth of a backfill's CPU. It is not safe for
// concurrent use.
type encoder struct {
	buf bytes.Buffer
	enc *gojson.Encoder
}

func newEncoder() *encoder {
	e := &encoder{}
	e.enc = gojson.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// encode returns the record of p in a fresh slice (bbolt keeps the slice
// until the transaction ends).
//
// The raw object is spliced in as it came rather than through the JSON
// encoder, which would validate and compact it again (the harvester has
// already decoded it, so it is valid). Only a raw object holding line
// breaks (pretty-printed by the site) is compacted, so that a record
// always fits on one NDJSON line.
func (e *encoder) encode(p *harvester.Post) ([]byte, error) {
	e.buf.Reset()
	raw := p.Raw
	p.Raw = nil
	err := e.enc.Encode(p)
	p.Raw = raw
	if err != nil {
		return nil, fmt.Errorf("encode %s %d: %w", p.Type, p.ID, err)
	}
	b := bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))
	if len(raw) == 0 {
		return bytes.Clone(b), nil
	}
	if bytes.ContainsAny(raw, "\r\n") {
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			return nil, fmt.Errorf("encode %s %d: raw: %w", p.Type, p.ID, err)
		}
		raw = c.Bytes()
	}
	out := make([]byte, 0, len(b)+len(rawField)+len(raw))
	out = append(out, b[:len(b)-1]...) // without the closing brace
	out = append(out, rawField...)
	out = append(out, raw...)
	return append(out, '}'), nil
}

// rawCut returns the offset of the raw field in rec, or -1 when rec has
// none.
//
// A plain bytes.Index(rec, rawField) is slow on prose, where its first byte
// (a comma) is everywhere. Instead it finds deleted_at, the field just
// before raw, through the one underscore in `,"deleted_at":` (underscores
// are rare in text and HTML), steps over its value (null or a time) and
// checks what follows. Scanning underscores in order finds the first
// occurrence of the field name, which is the field itself. Records of
// another shape fall back to bytes.Index.
func rawCut(rec []byte) int {
	const under = 9 // offset of '_' in deletedField
	for i := 0; ; {
		j := bytes.IndexByte(rec[i:], '_')
		if j < 0 {
			break
		}
		j += i
		i = j + 1
		if j < under || !bytes.HasPrefix(rec[j-under:], deletedField) {
			continue
		}
		v := j - under + len(deletedField) // start of the value
		switch {
		case bytes.HasPrefix(rec[v:], jsonNull):
			v += len(jsonNull)
		case v < len(rec) && rec[v] == '"':
			k := bytes.IndexByte(rec[v+1:], '"')
			if k < 0 {
				return bytes.Index(rec, rawField)
			}
			v += k + 2
		default:
			return bytes.Index(rec, rawField)
		}
		switch {
		case bytes.HasPrefix(rec[v:], rawField):
			return v
		case len(rec)-v == 1 && rec[v] == '}':
			return -1
		}
		break
	}
	return bytes.Index(rec, rawField)
}

// head returns rec without its raw field and without the closing brace.
// cut is rawCut(rec).
func head(rec []byte, cut int) []byte {
	if cut >= 0 {
		return rec[:cut]
	}
	return bytes.TrimSuffix(rec, []byte("}"))
}

// recordInfo is what the store needs to know about a stored record.
type recordInfo struct {
	Modified time.Time  `json:"modified_gmt"`
	Version  int        `json:"version"`
	Deleted  *time.Time `json:"deleted_at"`
}

// peek reads modified_gmt, version and whether deleted_at is set, without
// decoding the record when it has the usual shape.
func peek(rec []byte, cut int) (recordInfo, error) {
	var info recordInfo
	h := head(rec, cut)
	mod, ok := modifiedOf(rec)
	if ok {
		info.Modified = mod
		d := bytes.LastIndex(h, deletedField)
		v := bytes.LastIndex(h, versionField)
		if d >= 0 && v >= 0 && v < d {
			if !bytes.Equal(h[d+len(deletedField):], jsonNull) {
				info.Deleted = &time.Time{} // set; the time itself is not needed
			}
			n, err := strconv.Atoi(string(numberAt(h[v+len(versionField):])))
			if err == nil {
				info.Version = n
				return info, nil
			}
		}
	}
	info = recordInfo{}
	if err := json.Unmarshal(rec, &info); err != nil {
		return recordInfo{}, fmt.Errorf("decode stored record: %w", err)
	}
	return info, nil
}

// numberAt returns the leading JSON integer of b.
func numberAt(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == '-' || (b[i] >= '0' && b[i] <= '9')) {
		i++
	}
	return b[:i]
}

// deleted reports whether the record's deleted_at is set.
func deleted(rec []byte, cut int) (bool, error) {
	h := head(rec, cut)
	if d := bytes.LastIndex(h, deletedField); d >= 0 {
		return !bytes.Equal(h[d+len(deletedField):], jsonNull), nil
	}
	var info recordInfo
	if err := json.Unmarshal(rec, &info); err != nil {
		return false, fmt.Errorf("decode stored record: %w", err)
	}
	return info.Deleted != nil, nil
}

// modifiedOf finds and parses modified_gmt near the start of rec.
func modifiedOf(rec []byte) (time.Time, bool) {
	i := bytes.Index(rec, modifiedField)
	if i < 0 {
		return time.Time{}, false
	}
	s := rec[i+len(modifiedField):]
	j := bytes.IndexByte(s, '"')
	if j < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(s[:j]))
	return t, err == nil
}

// modified returns the record's modified_gmt, decoding it when the fast path
// fails.
func modified(rec []byte) (time.Time, error) {
	if t, ok := modifiedOf(rec); ok {
		return t, nil
	}
	var info recordInfo
	if err := json.Unmarshal(rec, &info); err != nil {
		return time.Time{}, fmt.Errorf("decode stored record: %w", err)
	}
	return info.Modified, nil
}

// owner is the identity of the post a record belongs to.
type owner struct {
	Type string `json:"type"`
	ID   int64  `json:"id"`
}

// ownerOf decodes the type and id of a record (a rare path: GUID collisions).
func ownerOf(rec []byte) (owner, error) {
	var o owner
	if err := json.Unmarshal(rec, &o); err != nil {
		return owner{}, fmt.Errorf("decode stored record: %w", err)
	}
	return o, nil
}

// guidMarker returns the text `,"guid":"<guid>",` as the encoder writes it.
func guidMarker(guid string) ([]byte, error) {
	e := newEncoder()
	if err := e.enc.Encode(guid); err != nil {
		return nil, fmt.Errorf("encode guid: %w", err)
	}
	m := append([]byte(nil), guidField...)
	m = append(m, bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))...)
	return append(m, ','), nil
}

// hasGUID reports whether the record's guid field is the one marker encodes.
func hasGUID(rec, marker []byte) bool {
	i := bytes.Index(rec, guidField)
	return i >= 0 && bytes.HasPrefix(rec[i:], marker)
}

// decodePost decodes a record into a Post that owns its memory.
func decodePost(rec []byte) (harvester.Post, error) {
	var p harvester.Post
	if err := json.Unmarshal(rec, &p); err != nil {
		return harvester.Post{}, fmt.Errorf("decode stored record: %w", err)
	}
	return p, nil
}
