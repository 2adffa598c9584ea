package story_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// FuzzNormalize checks Normalize's invariants: idempotent, valid UTF-8,
// single spaces between words of letters, marks and digits, no upper case,
// Words agreeing with it, and Compute never failing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"The U.S. Senate", "don’t “stop” — now…", "1,000.5", "a.b.c. d", "\xff\xfe", "É\u0301x", "ǅ İ ß",
		"\"unclosed quote\n\nnext", "Mr. Smith went to Washington. He said \"no.\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := story.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8: %q", n)
		}
		if again := story.Normalize(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if n != strings.Join(strings.Fields(n), " ") {
			t.Fatalf("bad spacing: %q", n)
		}
		for _, r := range n {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				t.Fatalf("rune %q in %q", r, n)
			}
		}
		if w := story.Words(s); strings.Join(w, " ") != n {
			t.Fatalf("Words %q vs Normalize %q", w, n)
		}
		fp := story.Compute(s)
		if fp.Words != len(strings.Fields(n)) {
			t.Fatalf("Words %d, normalised words %d", fp.Words, len(strings.Fields(n)))
		}
		if m := story.Compare(&fp, &fp); fp.Usable() && m.Level != story.Copy {
			t.Fatalf("a text is not a copy of itself: %+v", m)
		}
	})
}
