package story

import (
	"testing"
	"unicode"
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
