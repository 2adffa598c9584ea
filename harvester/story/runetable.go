package story

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Most alphabets but Latin are written in runes of two UTF-8 bytes
// (U+0080 to U+07FF: Latin-1 and Latin Extended, Greek, Cyrillic,
// Armenian, Hebrew, Arabic, Syriac, Thaana, N'Ko). twoByteRunes says of
// each what unicode.IsLetter, IsDigit, IsMark and ToLower would, in one
// lookup: it makes reading Russian, Greek or Arabic news several times
// faster than asking the unicode package, whose tables are searched.

// twoByteEnd is the first rune of three UTF-8 bytes.
const twoByteEnd = 0x800

// The kinds of runeInfo.
const (
	runeLetter = 1 << iota
	runeDigit
	runeMark
)

// runeInfo is what the scanner needs to know of a rune.
type runeInfo struct {
	lower uint16 // unicode.ToLower of the rune
	kind  uint8  // runeLetter, runeDigit, runeMark, or none of them
}

// isWordOrMark reports whether the rune continues a word: a letter, a
// digit or a mark.
func (ri runeInfo) isWordOrMark() bool { return ri.kind != 0 }

// appendLower appends the UTF-8 bytes of the rune's lower case to buf.
func (ri runeInfo) appendLower(buf []byte) []byte {
	switch l := ri.lower; {
	case l < utf8.RuneSelf:
		return append(buf, byte(l))
	case l < twoByteEnd:
		return append(buf, 0xc0|byte(l>>6), 0x80|byte(l&0x3f))
	}
	return utf8.AppendRune(buf, rune(ri.lower))
}

var twoByteRunes = func() (t [twoByteEnd - utf8.RuneSelf]runeInfo) {
	for i := range t {
		r := rune(i + utf8.RuneSelf)
		lower := unicode.ToLower(r)
		if lower > 0xffff {
			panic("story: the lower case of a two-byte rune is beyond U+FFFF")
		}
		t[i] = runeInfo{lower: uint16(lower), kind: kindOf(r)}
	}
	return t
}()

// twoByteRuneAt returns the rune of two UTF-8 bytes that starts at
// text[i] and what twoByteRunes says of it, and false when no such rune
// starts there (an ASCII byte, a longer or an invalid sequence).
func twoByteRuneAt(text string, i int) (rune, runeInfo, bool) {
	if i+1 >= len(text) {
		return 0, runeInfo{}, false
	}
	c0, c1 := text[i], text[i+1]
	if c0 < 0xc2 || c0 > 0xdf || c1&0xc0 != 0x80 {
		return 0, runeInfo{}, false
	}
	r := rune(c0&0x1f)<<6 | rune(c1&0x3f)
	return r, twoByteRunes[r-utf8.RuneSelf], true
}

// kindOf returns the kind of r for runeInfo, from the unicode tables.
func kindOf(r rune) uint8 {
	switch {
	case unicode.IsLetter(r):
		return runeLetter
	case unicode.IsDigit(r):
		return runeDigit
	case unicode.IsMark(r):
		return runeMark
	}
	return 0
}

// threeByteRunes says of the runes of three UTF-8 bytes (U+0800 to U+FFFF:
// the scripts of India, Thai, Hangul, kana and the CJK ideographs among
// them) what twoByteRunes says of those of two. It is built on first use,
// in about 5 ms: the runes are grouped in blocks of 64 (all the runes of
// one first two bytes), a block is kept once however many blocks say the
// same of their runes, and a lower case is kept as its distance from the
// rune, so that the hundreds of blocks of CJK ideographs are one.
var threeByteRunes = sync.OnceValue(buildThreeByteRunes)

// runeBlocks is the table of threeByteRunes.
type runeBlocks struct {
	index  [0x10000 >> 6]uint16 // a rune's block: index[r>>6]
	blocks [][64]int32          // lower-case distance<<3 | kind, by r&63
}

func buildThreeByteRunes() *runeBlocks {
	t := &runeBlocks{}
	seen := make(map[[64]int32]uint16)
	for b := twoByteEnd >> 6; b < len(t.index); b++ {
		var blk [64]int32
		for k := range blk {
			r := rune(b<<6 | k)
			lower := unicode.ToLower(r)
			if lower > 0xffff {
				panic("story: the lower case of a three-byte rune is beyond U+FFFF")
			}
			blk[k] = (lower-r)<<3 | int32(kindOf(r))
		}
		i, ok := seen[blk]
		if !ok {
			i = uint16(len(t.blocks))
			seen[blk] = i
			t.blocks = append(t.blocks, blk)
		}
		t.index[b] = i
	}
	return t
}

// info returns what the table says of r, a rune of three bytes.
func (t *runeBlocks) info(r rune) runeInfo {
	e := t.blocks[t.index[r>>6]][r&63]
	return runeInfo{lower: uint16(r + e>>3), kind: uint8(e & 7)}
}

// wideRuneAt returns the rune of two or three UTF-8 bytes that starts at
// text[i], its length and what twoByteRunes or threeByteRunes says of it,
// and false when no such rune starts there (an ASCII byte, a rune of four
// bytes, or an invalid sequence).
func wideRuneAt(text string, i int) (rune, int, runeInfo, bool) {
	if r, ri, ok := twoByteRuneAt(text, i); ok {
		return r, 2, ri, true
	}
	r, ri, ok := threeByteRuneAt(text, i)
	return r, 3, ri, ok
}

// threeByteRuneAt returns the rune of three UTF-8 bytes that starts at
// text[i] and what threeByteRunes says of it, and false when no such rune
// starts there.
func threeByteRuneAt(text string, i int) (rune, runeInfo, bool) {
	if i+2 >= len(text) {
		return 0, runeInfo{}, false
	}
	c0, c1, c2 := text[i], text[i+1], text[i+2]
	if c0&0xf0 != 0xe0 || c1&0xc0 != 0x80 || c2&0xc0 != 0x80 {
		return 0, runeInfo{}, false
	}
	r := rune(c0&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
	if r < twoByteEnd || 0xd800 <= r && r <= 0xdfff { // overlong, or a surrogate
		return 0, runeInfo{}, false
	}
	return r, threeByteRunes().info(r), true
}

// wideInfo returns what twoByteRunes or threeByteRunes says of r, and
// false when r is ASCII or beyond U+FFFF.
func wideInfo(r rune) (runeInfo, bool) {
	switch {
	case r < utf8.RuneSelf || r > 0xffff:
		return runeInfo{}, false
	case r < twoByteEnd:
		return twoByteRunes[r-utf8.RuneSelf], true
	}
	return threeByteRunes().info(r), true
}
