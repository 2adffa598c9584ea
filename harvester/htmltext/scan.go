package htmltext

import (
	"bytes"

	"golang.org/x/net/html/atom"
)

// scanner is a hand-written tokenizer that yields exactly the token stream
// of golang.org/x/net/html's Tokenizer, as far as the walker can observe it
// (text, start, self-closing and end tags with the attributes of attrs;
// comments and doctypes are skipped), without allocating. It works in place
// on its own copy of the input. For the rare constructs whose exact handling
// it does not reproduce (NUL bytes in tags, "<!--" inside script, entities
// outside commonEntities in the attributes it reads, ...) it reports
// tokBail and the caller starts over with the x/net tokenizer.
// diff_test.go proves the equivalence by fuzzing.
type scanner struct {
	b      []byte
	pos    int
	done   bool
	rawTag atom.Atom // the element whose raw text comes next, or 0

	// The current text token.
	ts, te    int
	rawText   bool // from a raw text element: NUL becomes U+FFFD
	textIsRaw bool // no character references are decoded

	// The current tag token.
	name []byte
	at   attrs

	spill []byte // output of unescapeText for uncommon references
}

// tokType is the kind of token the scanner produced.
type tokType uint8

const (
	tokEOF tokType = iota // end of input, or an unterminated tag
	tokText
	tokStart
	tokSelfClosing
	tokEnd
	tokBail // the input needs the x/net tokenizer
)

// reset prepares s for a new input, which it takes over.
func (s *scanner) reset(b []byte) {
	*s = scanner{b: b, spill: s.spill[:0]}
}

// next advances to the next token.
func (s *scanner) next() tokType {
	if s.done {
		return tokEOF
	}
	if s.rawTag != 0 {
		if t, ok := s.rawTextToken(); ok {
			return t
		}
	}
	b, start := s.b, s.pos
	for i := start; ; {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 || i+j+1 >= len(b) {
			break // a '<' as the last byte is text
		}
		i += j
		c := b[i+1]
		switch {
		case isLetter(c), c == '/', c == '!', c == '?':
		default:
			i++
			continue
		}
		if i > start {
			return s.text(start, i, false)
		}
		switch {
		case isLetter(c):
			return s.startTag(i)
		case c == '/':
			if i+2 >= len(b) {
				return s.text(i, len(b), false) // "</" at the end is text
			}
			switch c := b[i+2]; {
			case c == '>':
				s.pos = i + 3 // "</>" is an empty comment
			case isLetter(c):
				return s.endTag(i)
			default:
				s.pos = closeAngle(b, i+2) // a bogus comment
			}
		case c == '!':
			s.pos = markupDeclEnd(b, i)
		default: // '?'
			s.pos = closeAngle(b, i+1)
		}
		start, i = s.pos, s.pos
	}
	if start < len(b) {
		return s.text(start, len(b), false)
	}
	s.done = true
	return tokEOF
}

// text makes b[from:to] the current text token.
func (s *scanner) text(from, to int, raw bool) tokType {
	s.ts, s.te, s.pos = from, to, to
	s.rawText, s.textIsRaw = raw, raw
	return tokText
}

// rawTextToken reads the content of a raw text element (script, style,
// textarea, xmp, ...) up to its end tag. ok is false when it is empty.
func (s *scanner) rawTextToken() (tokType, bool) {
	tag := s.rawTag
	s.rawTag = 0
	from, end := s.pos, len(s.b)
	if tag != atom.Plaintext {
		end = rawEnd(s.b, from, tag.String())
		if tag == atom.Script && bytes.Contains(s.b[from:end], []byte("<!--")) {
			return tokBail, true // the escaped script states are not reproduced
		}
	}
	if end == from {
		return 0, false
	}
	t := s.text(from, end, true)
	s.textIsRaw = tag != atom.Textarea && tag != atom.Title
	return t, true
}

// rawEnd returns the index of the end tag "</tag" (any case, followed by
// white space, '/' or '>') at or after from, or len(b).
func rawEnd(b []byte, from int, tag string) int {
	for i := from; ; i++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return len(b)
		}
		i += j
		k := i + 2 + len(tag)
		if k >= len(b) {
			return len(b)
		}
		if b[i+1] != '/' || !equalLower(b[i+2:k], tag) {
			continue
		}
		switch b[k] {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return i
		}
	}
}

// equalLower reports whether b equals the lower-case ASCII word s, ignoring
// the case of b.
func equalLower(b []byte, s string) bool {
	for i := range len(s) {
		if b[i]|0x20 != s[i] {
			return false
		}
	}
	return true
}

// closeAngle returns the index just past the first '>' at or after from,
// or len(b).
func closeAngle(b []byte, from int) int {
	if j := bytes.IndexByte(b[from:], '>'); j >= 0 {
		return from + j + 1
	}
	return len(b)
}

// markupDeclEnd returns the end of a comment, doctype or bogus comment that
// starts with "<!" at b[i].
func markupDeclEnd(b []byte, i int) int {
	if i+3 >= len(b) {
		return len(b)
	}
	if b[i+2] == '-' && b[i+3] == '-' {
		return commentEnd(b, i+4)
	}
	return closeAngle(b, i+2)
}

// commentEnd finds the end of a "<!--" comment whose data starts at from,
// with the x/net tokenizer's rules ("-->", "--!>", "<!-->", "<!--->").
func commentEnd(b []byte, from int) int {
	dashes, beginning := 0, true
	for j := from; j < len(b); {
		c := b[j]
		j++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return j
			}
		case '!':
			if dashes >= 2 {
				if j >= len(b) {
					return len(b)
				}
				c = b[j]
				j++
				if c == '>' {
					return j
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(b)
}

var (
	nul         = []byte("\x00")
	replacement = []byte("\ufffd")
)

// textBytes decodes the current text token as the x/net tokenizer's Text
// method does. The result aliases the scanner's buffers and is valid until
// the next token.
func (s *scanner) textBytes() []byte {
	t := convertNewlines(s.b[s.ts:s.te])
	if s.rawText && bytes.IndexByte(t, 0) >= 0 {
		t = bytes.ReplaceAll(t, nul, replacement)
	}
	if !s.textIsRaw {
		t = unescapeText(t, &s.spill)
	}
	return t
}
