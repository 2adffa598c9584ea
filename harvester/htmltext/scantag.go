package htmltext

import (
	"bytes"

	"golang.org/x/net/html/atom"
)

// Tags for the scanner, following golang.org/x/net/html's readTag,
// readTagAttrKey and readTagAttrVal step by step.

// The attributes the walker reads, as bits of a "seen" mask: only the first
// occurrence of an attribute counts, as in the x/net tokenizer.
const (
	seenClass = 1 << iota
	seenID
	seenStyle
	seenAlt
	seenStart
	seenValue
)

// tagScan is the result of scanning a tag.
type tagScan struct {
	end      int  // index just past the closing '>'
	lastKey  bool // the last attribute has a non-empty name
	lastVEnd int  // the end of the last attribute's value span
	nAttrs   int  // attributes read, including empty-named ones
}

// startTag scans the start tag at b[i] == '<'.
func (s *scanner) startTag(i int) tokType {
	t, ok, bail := s.readTag(i+1, true)
	if bail {
		return tokBail
	}
	if !ok {
		s.done = true
		return tokEOF
	}
	s.pos = t.end
	a := atom.Lookup(s.name)
	if isRawText(a) {
		s.rawTag = a
	}
	if s.b[t.end-2] != '/' {
		return tokStart
	}
	if t.lastKey && t.lastVEnd-1 == t.end-2 {
		// "<p a=/>" is not self-closing, unless that last attribute was a
		// duplicate the tokenizer did not save: not worth reproducing.
		if t.nAttrs > 1 {
			return tokBail
		}
		return tokStart
	}
	return tokSelfClosing
}

// endTag scans the end tag at b[i] == '<', b[i+1] == '/'.
func (s *scanner) endTag(i int) tokType {
	t, ok, bail := s.readTag(i+2, false)
	if bail {
		return tokBail
	}
	if !ok {
		s.done = true
		return tokEOF
	}
	s.pos = t.end
	return tokEnd
}

// readTag scans a tag whose name starts at b[from]. It lower-cases the name
// in place into s.name and, for start tags (attrs true), fills s.at. ok is
// false when the input ends inside the tag.
func (s *scanner) readTag(from int, attrs bool) (t tagScan, ok, bail bool) {
	b := s.b
	j := from
	for j < len(b) && !nameStop[b[j]] {
		j++
	}
	if j >= len(b) {
		return t, false, false
	}
	s.name = lowerInPlace(b[from:j])
	if bytes.IndexByte(s.name, 0) >= 0 {
		return t, false, true
	}
	s.at = attrs0
	seen := 0
	if j = skipSpace(b, j); j >= len(b) {
		return t, false, false
	}
	for b[j] != '>' {
		// The attribute name: up to '=' (not as its first byte), white
		// space, '/' or '>'.
		ks := j
		for ; ; j++ {
			if j >= len(b) {
				return t, false, false
			}
			c := b[j]
			if c == '=' && j == ks {
				continue
			}
			if c == '=' || nameStop[c] {
				break
			}
		}
		ke := j
		// The value.
		vs, ve := j, j
		if j = skipSpace(b, j); j >= len(b) {
			return t, false, false
		}
		switch b[j] {
		case '/':
			j++
		case '=':
			if j = skipSpace(b, j+1); j >= len(b) {
				return t, false, false
			}
			switch q := b[j]; q {
			case '>':
			case '"', '\'':
				k := bytes.IndexByte(b[j+1:], q)
				if k < 0 {
					return t, false, false
				}
				vs, ve = j+1, j+1+k
				j = ve + 1
			default:
				vs = j
				for j++; ; j++ {
					if j >= len(b) {
						return t, false, false
					}
					if isSpace(b[j]) {
						ve = j
						j++
						break
					}
					if b[j] == '>' {
						ve = j
						break
					}
				}
			}
		}
		t.nAttrs++
		t.lastKey, t.lastVEnd = ke > ks, ve
		if attrs && ke > ks {
			if !s.keepAttr(lowerInPlace(b[ks:ke]), b[vs:ve], &seen) {
				return t, false, true
			}
		}
		if j = skipSpace(b, j); j >= len(b) {
			return t, false, false
		}
	}
	t.end = j + 1
	return t, true, false
}

// nameStop marks the bytes that end a tag or attribute name: HTML white
// space, '/' and '>'.
var nameStop = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '/': true, '>': true}

// attrs0 is the empty attribute set.
var attrs0 attrs

// keepAttr stores an attribute the walker reads, decoded as the x/net
// tokenizer's TagAttr does. It returns false when the value needs decoding
// the scanner does not reproduce.
func (s *scanner) keepAttr(key, val []byte, seen *int) bool {
	var bit int
	var dst *[]byte
	switch string(key) {
	case "class":
		bit, dst = seenClass, &s.at.class
	case "id":
		bit, dst = seenID, &s.at.id
	case "style":
		bit, dst = seenStyle, &s.at.style
	case "alt":
		bit, dst = seenAlt, &s.at.alt
	case "start":
		bit, dst = seenStart, &s.at.start
	case "value":
		bit, dst = seenValue, &s.at.value
	case "hidden":
		s.at.hidden = true
		return true
	case "reversed":
		s.at.reversed = true
		return true
	default:
		return true
	}
	if *seen&bit != 0 {
		return true // a duplicate, which the tokenizer drops
	}
	*seen |= bit
	if bytes.IndexByte(val, 0) >= 0 {
		return false
	}
	val, ok := unescapeAttr(convertNewlines(val))
	*dst = val
	return ok
}

// lowerInPlace lower-cases the ASCII letters of b.
func lowerInPlace(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// skipSpace returns the index of the first byte at or after j that is not
// HTML white space.
func skipSpace(b []byte, j int) int {
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	return j
}
