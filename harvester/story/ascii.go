package story

import (
	"math/bits"
	"unicode/utf8"
)

// Most words are a few ASCII letters and digits followed by a space. The
// scanner finds where such a word ends eight bytes at a time, with no
// branch on its length, and leaves its hash to hashShort, which hashes
// the short words length by length: a loop over a word's bytes ends at a
// different, unpredictable, byte for each word of a text, but at the same
// one for each word of a length.

const (
	lsbs = 0x0101010101010101 // the lowest bit of each byte
	msbs = 0x8080808080808080 // the highest bit of each byte
)

// maxShort is the length of the longest short word.
const maxShort = 7

// shortWord is a short word waiting for its hash.
type shortWord struct {
	text uint64 // its bytes, little-endian, and those after it
	at   int32  // its index in scanner.words
}

// shortWordAt returns the length of the short word at text[i], or 0 if
// text[i:] does not start with one: ASCII letters and digits, at most
// maxShort of them, ending the word (followed by a byte of class
// classSep, or by an apostrophe, dot or comma that does not join, the
// byte after it being neither a letter nor a digit). It returns the next
// eight bytes too.
func shortWordAt(text string, i int) (n int, x uint64) {
	if i+maxShort+2 > len(text) {
		return 0, 0
	}
	x = load64(text, i)
	n = bits.TrailingZeros64(^alnums(x)&msbs) / 8
	if n > maxShort {
		return 0, 0
	}
	switch c := text[i+n]; {
	case byteClass[c] == classSep:
		return n, x
	case c < utf8.RuneSelf && byteClass[text[i+n+1]] == classSep:
		return n, x
	}
	return 0, 0
}

// hashShort sets the hashes of the short words read.
func (sc *scanner) hashShort() {
	for n := 1; n <= maxShort; n++ {
		for _, w := range sc.short[n] {
			// Letters and digits all have the 0x20 bit set in lower case.
			x, h := w.text|0x20*lsbs, uint64(fnvOffset)
			for range n {
				h = fnvByte(h, byte(x))
				x >>= 8
			}
			sc.words[w.at] = mix(h)
		}
		sc.short[n] = sc.short[n][:0]
	}
}

// load64 returns the eight bytes of s from i on as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// alnums returns the high bit of each byte of x that is an ASCII letter or
// digit. It compares the bytes with the ends of each range by adding to
// them the distance of the range's end to 0x80, with the high bits cleared
// first so that no sum carries into the next byte.
func alnums(x uint64) uint64 {
	low := x &^ msbs
	lower := low | 0x20*lsbs // the letters in lower case, no other byte among them
	letters := (lower + (0x80-'a')*lsbs) &^ (lower + (0x80-'z'-1)*lsbs)
	digits := (low + (0x80-'0')*lsbs) &^ (low + (0x80-'9'-1)*lsbs)
	return (letters | digits) &^ x & msbs
}
