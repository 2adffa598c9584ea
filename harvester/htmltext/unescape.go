package htmltext

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Character reference decoding with the exact semantics of the
// golang.org/x/net/html tokenizer, done in place and without allocating for
// the references WordPress actually emits. References outside the small
// table below are handed to html.UnescapeString, which is exact but slower.

// commonEntityNames are the named references that WordPress content uses
// most: markup and typography, and the Latin-1 letters and signs.
var commonEntityNames = strings.Fields(`
	amp lt gt quot apos nbsp hellip mdash ndash lsquo rsquo sbquo ldquo rdquo
	bdquo laquo raquo lsaquo rsaquo bull middot prime Prime dagger Dagger permil
	trade euro larr rarr uarr darr harr rArr lArr hArr check hearts spades clubs
	diams zwj zwnj lrm rlm thinsp ensp emsp minus le ge ne asymp infin hyphen
	OElig oelig Scaron scaron Yuml fnof circ tilde
	iexcl cent pound curren yen brvbar sect uml copy ordf not shy reg macr deg
	plusmn sup2 sup3 acute micro para cedil sup1 ordm frac14 frac12 frac34
	iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc
	Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml
	times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc
	atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc
	iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute
	ucirc uuml yacute thorn yuml`)

// commonEntities maps each of commonEntityNames, with its semicolon, to its
// rune as golang.org/x/net/html decodes it. Every value is shorter than its
// reference, so decoding in place is safe (entity_test.go checks that, and
// that the standard library agrees). It is built once and only read.
var commonEntities = buildEntities(commonEntityNames)

func buildEntities(names []string) map[string]rune {
	m := make(map[string]rune, len(names))
	for _, name := range names {
		ref := "&" + name + ";"
		dec := html.UnescapeString(ref)
		r, size := utf8.DecodeRuneInString(dec)
		if dec == ref || size != len(dec) || size > len(ref) {
			continue // not a single-rune entity: leave it to the slow path
		}
		m[name+";"] = r
	}
	return m
}

// refLiteral is what decodeRef returns for an '&' that starts no reference.
const refLiteral = -1

// decodeRef decodes the character reference at the start of s (s[0] ==
// '&') as golang.org/x/net/html does in text (attr false) or in attribute
// values (attr true). It returns the rune and the bytes consumed, refLiteral
// and 1 for an '&' that stays as it is, or ok false for a named reference
// that is not in commonEntities.
func decodeRef(s []byte, attr bool) (r rune, n int, ok bool) {
	if len(s) <= 1 {
		return refLiteral, 1, true
	}
	if s[1] == '#' {
		return decodeNumeric(s)
	}
	i := 1
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	switch {
	case i == 1:
		return refLiteral, 1, true // "&" followed by no name
	case i < len(s) && s[i] == ';':
		if r, ok := commonEntities[string(s[1:i+1])]; ok {
			return r, i + 1, true
		}
	case attr && i < len(s) && s[i] == '=':
		return refLiteral, 1, true // "&name=" in an attribute value
	}
	return 0, 0, false
}

// decodeNumeric decodes "&#123;" or "&#x7b;" (the semicolon is optional) at
// the start of s, as golang.org/x/net/html does.
func decodeNumeric(s []byte) (rune, int, bool) {
	if len(s) <= 2 {
		return refLiteral, 1, true
	}
	i := 2
	hex := s[i] == 'x' || s[i] == 'X'
	if hex {
		i++
	}
	i0 := i
	x := rune(0)
	for ; i < len(s); i++ {
		c := s[i]
		var d rune
		switch {
		case isDigit(c):
			d = rune(c - '0')
		case hex && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case hex && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			goto done
		}
		if x <= utf8.MaxRune {
			if hex {
				x = 16*x + d
			} else {
				x = 10*x + d
			}
		}
	}
done:
	if i == i0 {
		return refLiteral, 1, true
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	switch {
	case 0x80 <= x && x <= 0x9f:
		x = windows1252[x-0x80]
	case x == 0 || 0xd800 <= x && x <= 0xdfff || x > utf8.MaxRune:
		x = utf8.RuneError
	}
	return x, i, true
}

// windows1252 replaces the C1 range in numeric references, as HTML does.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

// unescapeText decodes the character references of a text token in place,
// exactly as the x/net/html tokenizer's Text method does. When it meets a
// reference that is not in commonEntities it finishes with
// html.UnescapeString into *spill and returns that instead.
func unescapeText(b []byte, spill *[]byte) []byte {
	out, ok, at, dst := unescapeInPlace(b, false)
	if ok {
		return out
	}
	// Decoding is left to right and each reference depends only on the
	// bytes from its '&' on, so the rest can be decoded on its own.
	s := append((*spill)[:0], b[:dst]...)
	s = append(s, html.UnescapeString(string(b[at:]))...)
	*spill = s
	return s
}

// unescapeAttr decodes an attribute value in place, as the x/net/html
// tokenizer's TagAttr method does. ok is false for a named reference that is
// not in commonEntities.
func unescapeAttr(b []byte) ([]byte, bool) {
	out, ok, _, _ := unescapeInPlace(b, true)
	return out, ok
}

// unescapeInPlace decodes b in place. When it stops at an unknown named
// reference it returns ok false, the reference's index in b and the length
// of the output written so far (at the start of b).
func unescapeInPlace(b []byte, attr bool) (out []byte, ok bool, at, dst int) {
	src := bytes.IndexByte(b, '&')
	if src < 0 {
		return b, true, 0, 0
	}
	dst = src
	for src < len(b) {
		r, n, known := decodeRef(b[src:], attr)
		if !known {
			return nil, false, src, dst
		}
		if r == refLiteral {
			b[dst] = '&'
			dst++
		} else {
			dst += utf8.EncodeRune(b[dst:], r)
		}
		src += n
		next := bytes.IndexByte(b[src:], '&')
		if next < 0 {
			next = len(b) - src
		}
		dst += copy(b[dst:], b[src:src+next])
		src += next
	}
	return b[:dst], true, 0, 0
}

// convertNewlines turns "\r\n" and "\r" into "\n" in place, as the x/net/html
// tokenizer does for text and attribute values.
func convertNewlines(s []byte) []byte {
	i := bytes.IndexByte(s, '\r')
	if i < 0 {
		return s
	}
	dst := i
	for src := i; src < len(s); src++ {
		c := s[src]
		if c == '\r' {
			if src+1 < len(s) && s[src+1] == '\n' {
				src++
			}
			c = '\n'
		}
		s[dst] = c
		dst++
	}
	return s[:dst]
}
