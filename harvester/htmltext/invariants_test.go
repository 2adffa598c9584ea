package htmltext

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// checkInvariants asserts the properties every Text output has.
func checkInvariants(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("output is not valid UTF-8: %q", out)
	}
	if out != strings.TrimRight(out, " \t\n") || strings.HasPrefix(out, "\n") {
		t.Errorf("output has a leading blank line or trailing whitespace: %q", out)
	}
	if out != strings.TrimLeft(out, " \t") && !hasPreLike(in) {
		t.Errorf("output starts with whitespace outside of pre: %q", out)
	}
	if strings.Contains(out, "\n\n\n") {
		t.Errorf("output has more than one blank line in a row: %q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if line != strings.TrimRight(line, " \t") {
			t.Errorf("line has trailing whitespace: %q", line)
		}
	}
	checkNoMarkup(t, in, out)
}

// checkNoMarkup asserts that no markup leaks into the output: every "<" in
// out must come from character data, so out has at most as many as the
// input's text tokens hold after decoding (twice, as double-escaped text is).
// In particular an input whose text has no "<" never yields "<script".
func checkNoMarkup(t *testing.T, in, out string) {
	t.Helper()
	got := strings.Count(out, "<")
	if got == 0 {
		return
	}
	if limit := textLTCount(in); got > limit {
		t.Errorf("output has %d '<' but the input's text has only %d: %q", got, limit, out)
	}
}

// textLTCount counts the "<" in the decoded character data of in, as the
// tokenizer sees it, including image alt texts.
func textLTCount(in string) int {
	n := 0
	z := html.NewTokenizer(strings.NewReader(in))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.TextToken:
			b := append([]byte(nil), z.Text()...)
			n += bytes.Count(redecode(b), []byte("<"))
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				key, val, more := z.TagAttr()
				if string(key) == "alt" {
					n += bytes.Count(val, []byte("<"))
				}
				if !more {
					break
				}
			}
		}
	}
}

// hasPreLike reports whether the input may hold an element whose leading
// whitespace is kept.
func hasPreLike(in string) bool {
	l := strings.ToLower(in)
	for _, tag := range []string{"<pre", "<xmp", "<plaintext", "<listing"} {
		if strings.Contains(l, tag) {
			return true
		}
	}
	return false
}
