package story

import (
	"unicode"
	"unicode/utf8"
)

// Byte classes of byteClass. A word byte's class is its lower-case form,
// which is at least '0', so it cannot be mistaken for these.
const (
	// classSep is an ASCII byte that always separates words.
	classSep = 0
	// classJoin is a byte that may continue a word: the apostrophe, dot
	// and comma (see joins) and the first byte of every multi-byte rune.
	classJoin = 1
)

// byteClass gives for each byte the lower-case form of an ASCII letter or
// digit, classJoin or classSep.
var byteClass = func() (t [256]byte) {
	for c := range t {
		switch b := byte(c); {
		case 'a' <= b && b <= 'z', '0' <= b && b <= '9':
			t[c] = b
		case 'A' <= b && b <= 'Z':
			t[c] = b + 'a' - 'A'
		case b == '\'', b == '.', b == ',', b >= utf8.RuneSelf:
			t[c] = classJoin
		}
	}
	return t
}()

// isWordByte reports whether the class of a byte is a word byte's.
func isWordByte(class byte) bool { return class > classJoin }

// isWordRune reports whether r starts or continues a word: a letter or a
// digit.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byteClass[r])
	}
	if ri, ok := wideInfo(r); ok {
		return ri.kind&(runeLetter|runeDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isGeneralPunctuation reports whether r is in the Unicode block General
// Punctuation (U+2000–U+206F: spaces, dashes, curly quotes, ellipsis,
// invisible formatting), which holds no letter, digit or mark, and is
// where news texts' non-ASCII characters mostly come from: a fast answer
// for unicode.IsLetter, IsDigit and IsMark.
func isGeneralPunctuation(r rune) bool { return 0x2000 <= r && r <= 0x206f }

// isLetter is unicode.IsLetter with fast paths for ASCII and the runes of
// two and three bytes.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return byteClass[r] >= 'a'
	}
	if ri, ok := wideInfo(r); ok {
		return ri.kind == runeLetter
	}
	return unicode.IsLetter(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	if ri, ok := wideInfo(r); ok {
		return ri.kind == runeDigit
	}
	return unicode.IsDigit(r)
}

// appendWord appends to dst the normalised form of w, the text of one word
// as the scanner read it: its letters, digits and marks in lower case,
// without the apostrophes, dots and commas it joined.
func appendWord(dst []byte, w string) []byte {
	for i := 0; i < len(w); {
		if c := w[i]; c < utf8.RuneSelf {
			if class := byteClass[c]; isWordByte(class) {
				dst = append(dst, class)
			}
			i++
			continue
		}
		if _, n, ri, ok := wideRuneAt(w, i); ok {
			i += n
			if ri.isWordOrMark() {
				dst = ri.appendLower(dst)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:]) // a rune of four bytes, or invalid
		i += n
		if isWordRune(r) || unicode.IsMark(r) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}
