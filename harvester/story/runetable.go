package story

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

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
