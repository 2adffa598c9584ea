package story

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestGeneralPunctuationHasNoWordRunes checks the premise of
// isGeneralPunctuation against the Unicode tables.
func TestGeneralPunctuationHasNoWordRunes(t *testing.T) {
	for r := rune(0x2000); r <= 0x206f; r++ {
		if !isGeneralPunctuation(r) || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			t.Fatalf("U+%04X: a letter, digit or mark in General Punctuation", r)
		}
	}
	for _, r := range []rune{0x1fff, 0x2070} {
		if isGeneralPunctuation(r) {
			t.Fatalf("U+%04X is not in General Punctuation", r)
		}
	}
}

// TestGeneralPunctuationAt checks generalPunctuationAt and isSpace against
// utf8 and unicode over every rune of three bytes and some broken ones.
func TestGeneralPunctuationAt(t *testing.T) {
	for r := rune(0x800); r <= 0xffff; r++ {
		s := "a" + string(r) + "b"
		got, ok := generalPunctuationAt(s, 1)
		if ok != isGeneralPunctuation(r) || (ok && got != r) {
			t.Fatalf("U+%04X: got %U, %v", r, got, ok)
		}
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(U+%04X) = %v", r, isSpace(r))
		}
	}
	for _, s := range []string{"\xe2\x80", "\xe2\x80\x20", "\xe2\x80\xc0", "\xe2\x81\xb0", "\xe2\x82\x80", "\xe3\x80\x80"} {
		if _, ok := generalPunctuationAt(s, 0); ok {
			t.Fatalf("%q read as General Punctuation", s)
		}
	}
}

// TestTwoByteRuneAt checks twoByteRuneAt against utf8 over every pair of
// bytes, and what it says of each rune, with isWordRune, isLetter and
// isDigit, against unicode.
func TestTwoByteRuneAt(t *testing.T) {
	for c0 := 0; c0 < 256; c0++ {
		for c1 := 0; c1 < 256; c1++ {
			s := string([]byte{byte(c0), byte(c1)})
			r, ri, ok := twoByteRuneAt(s, 0)
			want, n := utf8.DecodeRuneInString(s)
			if wantOK := n == 2 && want != utf8.RuneError; ok != wantOK || (ok && r != want) {
				t.Fatalf("%q: got %U, %v; utf8 decodes %U of %d bytes", s, r, ok, want, n)
			}
			if !ok {
				continue
			}
			if got := rune(ri.lower); got != unicode.ToLower(r) {
				t.Fatalf("%U: lower case %U, want %U", r, got, unicode.ToLower(r))
			}
			letter, digit, mark := unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r)
			if ri.isWordOrMark() != (letter || digit || mark) || isWordRune(r) != (letter || digit) ||
				isLetter(r) != letter || isDigit(r) != digit {
				t.Fatalf("%U: kind %d, isWordRune %v, isLetter %v, isDigit %v", r, ri.kind, isWordRune(r), isLetter(r), isDigit(r))
			}
			if got := string(ri.appendLower(nil)); got != string(unicode.ToLower(r)) {
				t.Fatalf("%U: appendLower gives %q", r, got)
			}
		}
	}
	if _, _, ok := twoByteRuneAt("\xd0", 0); ok {
		t.Fatal("a lone first byte read as a rune")
	}
}

// TestWideRuneAt checks wideRuneAt against utf8 and unicode over every
// rune of three bytes and broken sequences, and isWordRune, isLetter and
// isDigit against unicode over every rune.
func TestWideRuneAt(t *testing.T) {
	for r := rune(0x800); r <= 0xffff; r++ {
		// Encoded by hand: string(r) would replace a surrogate.
		s := string([]byte{0xe0 | byte(r>>12), 0x80 | byte(r>>6)&0x3f, 0x80 | byte(r)&0x3f, 'x'})
		got, n, ri, ok := wideRuneAt(s, 0)
		if !utf8.ValidRune(r) {
			if ok {
				t.Fatalf("%q (surrogate %U) read as a rune", s, r)
			}
			continue
		}
		if !ok || got != r || n != 3 {
			t.Fatalf("%U: got %U, %d bytes, %v", r, got, n, ok)
		}
		if rune(ri.lower) != unicode.ToLower(r) || string(ri.appendLower(nil)) != string(unicode.ToLower(r)) {
			t.Fatalf("%U: lower case %U", r, rune(ri.lower))
		}
		if want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r); ri.isWordOrMark() != want {
			t.Fatalf("%U: isWordOrMark %v", r, ri.isWordOrMark())
		}
	}
	for _, s := range []string{"\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xe4\xb8", "\xe4\xb8x", "\xe4x\x80", "\xf0\x9f\x98\x80", "\xc0\x80"} {
		if r, n, _, ok := wideRuneAt(s, 0); ok {
			t.Fatalf("%q read as %U of %d bytes", s, r, n)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		letter, digit := unicode.IsLetter(r), unicode.IsDigit(r)
		if isWordRune(r) != (letter || digit) || isLetter(r) != letter || isDigit(r) != digit {
			t.Fatalf("%U: isWordRune %v, isLetter %v, isDigit %v", r, isWordRune(r), isLetter(r), isDigit(r))
		}
	}
}
