package htmltext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// addSeeds adds every golden sample and a few tricky fragments to the corpus.
func addSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		f.Fatalf("glob testdata: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatalf("read seed: %v", err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "<", "&", "&amp;#8217;", "<script/>x", "<xmp><script>", "<p>a<li>b<td>c",
		"<table><td><table><td>x</table>y", "<ol start=-9999999999999><li>x", "<pre>\n\n x",
		"<div class=reactions><div class=reactions>", "<p>Read Time: 2 Minute",
		"<img class=emoji alt='<script>'>", "\xff<\xfe>", "<!--", "<p/><br/></br>",
	} {
		f.Add(s)
	}
}

// FuzzText checks that Text never panics, always returns valid UTF-8 in the
// documented layout, and never lets markup through as text.
func FuzzText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		checkInvariants(t, in, out)
		if strings.Contains(strings.ToLower(out), "<script") && textLTCount(in) == 0 {
			t.Errorf("output contains <script: %q", out)
		}
	})
}

// FuzzInline checks that Inline never panics and returns one trimmed line of
// valid UTF-8 without runs of spaces.
func FuzzInline(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		out := Inline(in)
		if !utf8.ValidString(out) {
			t.Errorf("output is not valid UTF-8: %q", out)
		}
		if strings.ContainsAny(out, "\n\r\t") || strings.Contains(out, "  ") || out != strings.TrimSpace(out) {
			t.Errorf("output is not one collapsed line: %q", out)
		}
		checkNoMarkup(t, in, out)
	})
}
