package htmltext

import (
	"bytes"
	"html"
	"unicode/utf8"
)

// maxEntityName bounds the length of a named character reference.
const maxEntityName = 32

// redecode performs the second decode of double-escaped text: b has already
// been decoded once, and every complete character reference still in it
// (&#8217; &#x2019; &amp; &hellip; ... always with the semicolon) is decoded
// again. Anything else, such as a bare "&" or "AT&T", is left alone. b is
// returned unchanged (and not copied) when it holds no such reference.
func redecode(b []byte) []byte {
	var scratch []byte
	return redecodeInto(b, &scratch)
}

// redecodeInto is redecode writing into the reusable buffer *scratch when b
// holds a reference. The result is valid until the next use of *scratch.
func redecodeInto(b []byte, scratch *[]byte) []byte {
	i := bytes.IndexByte(b, '&')
	if i < 0 {
		return b
	}
	var out []byte
	copied := false
	last := 0
	for ; i >= 0 && i < len(b); i = nextAmp(b, i+1) {
		end := entityEnd(b, i)
		if end < 0 {
			continue
		}
		ref := b[i:end]
		var runeBuf [utf8.UTFMax]byte
		var dec []byte
		if r, ok := completeRef(ref); ok {
			dec = runeBuf[:utf8.EncodeRune(runeBuf[:], r)]
		} else {
			dec = []byte(html.UnescapeString(string(ref)))
		}
		if bytes.Equal(dec, ref) || (bytes.HasSuffix(dec, []byte(";")) && string(ref) != "&semi;") {
			continue // unknown name, or only a prefix of it is an entity
		}
		if !copied {
			out, copied = (*scratch)[:0], true
		}
		out = append(out, b[last:i]...)
		out = append(out, dec...)
		last = end
		i = end - 1
	}
	if !copied {
		return b
	}
	out = append(out, b[last:]...)
	*scratch = out
	return out
}

// completeRef decodes a syntactically complete reference (see entityEnd)
// without allocating when it is numeric or in commonEntities. For these the
// standard library's html.UnescapeString gives the same rune.
func completeRef(ref []byte) (rune, bool) {
	if ref[1] == '#' {
		r, n, _ := decodeNumeric(ref)
		return r, n == len(ref) && r != refLiteral
	}
	r, ok := commonEntities[string(ref[1:])]
	return r, ok
}

func nextAmp(b []byte, from int) int {
	if from >= len(b) {
		return -1
	}
	j := bytes.IndexByte(b[from:], '&')
	if j < 0 {
		return -1
	}
	return from + j
}

// entityEnd returns the index just past a syntactically complete character
// reference starting at b[i] == '&', or -1.
func entityEnd(b []byte, i int) int {
	j := i + 1
	if j < len(b) && b[j] == '#' {
		j++
		hex := j < len(b) && (b[j] == 'x' || b[j] == 'X')
		if hex {
			j++
		}
		start := j
		for j < len(b) && j-start <= 8 && (isDigit(b[j]) || hex && isHexLetter(b[j])) {
			j++
		}
		if j == start || j-start > 8 || j >= len(b) || b[j] != ';' {
			return -1
		}
		return j + 1
	}
	start := j
	for j < len(b) && j-start <= maxEntityName && isAlnum(b[j]) {
		j++
	}
	if j == start || !isLetter(b[start]) || j-start > maxEntityName || j >= len(b) || b[j] != ';' {
		return -1
	}
	return j + 1
}

func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }
