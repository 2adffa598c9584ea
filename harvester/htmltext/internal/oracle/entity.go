package oracle

import (
	"bytes"
	"html"
	"strings"
)

// maxEntityName bounds the length of a named character reference.
const maxEntityName = 32

// redecode performs the second decode of double-escaped text: b has already
// been decoded once, and every complete character reference still in it
// (&#8217; &#x2019; &amp; &hellip; ... always with the semicolon) is decoded
// again. Anything else, such as a bare "&" or "AT&T", is left alone. b is
// returned unchanged (and not copied) when it holds no such reference.
func redecode(b []byte) []byte {
	i := bytes.IndexByte(b, '&')
	if i < 0 {
		return b
	}
	var out []byte
	last := 0
	for ; i >= 0 && i < len(b); i = nextAmp(b, i+1) {
		end := entityEnd(b, i)
		if end < 0 {
			continue
		}
		ref := string(b[i:end])
		dec := html.UnescapeString(ref)
		if dec == ref || (strings.HasSuffix(dec, ";") && ref != "&semi;") {
			continue // unknown name, or only a prefix of it is an entity
		}
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		out = append(out, b[last:i]...)
		out = append(out, dec...)
		last = end
		i = end - 1
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
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
