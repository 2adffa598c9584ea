package story

import (
	"unicode"
	"unicode/utf8"
)

// News texts join ASCII words with apostrophes ("council’s", "don't"),
// dots and commas ("6.5", "12,400", "p.m."), and end them with General
// Punctuation runes (curly quotes, dashes, non-breaking hyphens,
// ellipses). The functions of this file read such words and separators
// from their bytes, without decoding runes, where slowWord and gap would
// decode them: the scanner falls back to those for anything else.

// generalPunctuationAt returns the General Punctuation rune (U+2000 to
// U+206F) encoded at text[i], and false when there is none there. Such
// a rune is three bytes long: 0xE2, then 0x80 or 0x81, then a
// continuation byte (at most 0xAF after 0x81, above which lie the
// superscripts).
func generalPunctuationAt(text string, i int) (rune, bool) {
	if i+2 >= len(text) || text[i] != 0xe2 {
		return 0, false
	}
	b1, b2 := text[i+1], text[i+2]
	if b2&0xc0 != 0x80 || (b1 != 0x80 && (b1 != 0x81 || b2 > 0xaf)) {
		return 0, false
	}
	return 0x2000 | rune(b1&0x3f)<<6 | rune(b2&0x3f), true
}

// isSpace is unicode.IsSpace with a fast answer for General Punctuation,
// whose white space is U+2000 to U+200A, U+2028, U+2029, U+202F and
// U+205F.
func isSpace(r rune) bool {
	if isGeneralPunctuation(r) {
		return r <= 0x200a || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f
	}
	return unicode.IsSpace(r)
}

// isLetterByte and isDigitByte report whether an ASCII byte is a letter
// or a digit.
func isLetterByte(c byte) bool { return byteClass[c] >= 'a' }
func isDigitByte(c byte) bool  { return '0' <= c && c <= '9' }

// joinedWord reads the word that starts with run d, when its end can be
// told from bytes alone: the word is runs d to last joined by
// apostrophes (' or ’), dots and commas as joins lets them through, and
// ends at end, where the text ends or a separator starts (a byte of
// class classSep, an apostrophe, dot or comma that joins nothing, or a
// General Punctuation rune but the apostrophe ’). dotted reports a joined
// dot. It returns ok false when it would have to decode a rune to tell,
// which slowWord then does: a rune after a joiner, or a rune after a run
// that is not General Punctuation.
func (r *runs) joinedWord(text string, d int) (last, end int, dotted, ok bool) {
	last = d
	_, end = r.span(d)
	for {
		if end == len(text) {
			return last, end, dotted, true
		}
		c, n := text[end], 1
		switch {
		case byteClass[c] == classSep:
			return last, end, dotted, true
		case c >= utf8.RuneSelf:
			if c == 0xe2 && end+2 < len(text) && text[end+1] == 0x80 && text[end+2] == 0x99 {
				c, n = '\'', 3 // ’ joins as ' does
			} else if _, gp := generalPunctuationAt(text, end); gp {
				return last, end, dotted, true
			} else {
				return last, end, dotted, false
			}
		}
		// c is an apostrophe, dot or comma: it joins when the runes on
		// both sides allow it (see joins). The one before is the last
		// byte of run last.
		if end+n == len(text) {
			return last, end, dotted, true
		}
		prev, next := text[end-1], text[end+n]
		if next >= utf8.RuneSelf {
			return last, end, dotted, false
		}
		var join bool
		switch c {
		case '\'':
			join = isLetterByte(prev) && isLetterByte(next)
		case '.':
			join = (isLetterByte(prev) && isLetterByte(next)) || (isDigitByte(prev) && isDigitByte(next))
		case ',':
			join = isDigitByte(prev) && isDigitByte(next)
		}
		if !join {
			return last, end, dotted, true
		}
		// next, an ASCII letter or digit after a byte that is not one,
		// starts the next run.
		dotted = dotted || c == '.'
		last++
		_, end = r.span(last)
	}
}

// joinedHash returns the hash of the word of runs d to last joined (see
// joinedWord): that of their letters and digits in lower case, one after
// the other.
func (sc *scanner) joinedHash(d, last int) uint64 {
	buf := sc.buf[:0]
	for k := d; k <= last; k++ {
		start, end := sc.runs.span(k)
		for _, c := range []byte(sc.text[start:end]) {
			buf = append(buf, c|0x20) // the lower case of an ASCII letter or digit
		}
	}
	sc.buf = buf
	return wordHash(buf)
}
