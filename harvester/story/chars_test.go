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
