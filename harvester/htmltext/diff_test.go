package htmltext

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The differential tests prove that the hand-written scanner changes
// nothing: the output equals this package's x/net tokenizer path, and the
// scanner's token stream equals the x/net tokenizer's as far as the walker
// reads it.

// diffSeeds are inputs aimed at the corners of the x/net tokenizer.
var diffSeeds = []string{
	"<p a=/>x", "<br a=1 a=/>x", "<br/ >x<br / >y<br a/>z", "<p a='/'/>x", "<p ==x>y",
	"<script><!--</script>-->x</script>y", "<script>a</SCRIPT >b", "<script/>x</script>y",
	"<xmp>a\x00b&amp;</xmp>c", "<title>&amp;</title>x", "<textarea>a</textarea", "<plaintext>a<b>&amp;",
	"a\r\nb\rc", "<pre>a\r\n\r\nb</pre>", "<img class=emoji alt='&#x1F600;'>", "<img class='emoji' alt=\"a&amp;b\">",
	"<p class='a&amp;b reactions'>x</p>y", "<p class='x&notit;'>z", "<p id='a&b=c'>q", "<p class=\"a\x00\">x",
	"&notit; &amp &AMP; &#0; &#x110000; &#128; &#xD800; &nGt; AT&T Q&A &", "&amp;#8217; &amp;hellip; &amp;#59;",
	"<!---->x<!-- -- -->y<!--->z<!-->w<!-- --!>v<!-- --!-->u", "<!DOCTYPE html>x<!doctype>y<!>z<!x", "<?xml?>y</ x>z</>q</",
	"<a\x00b>x</a\x00b>", "<P CLASS=Reactions>x</P>y<DIV HIDDEN>z</DIV>w", "<ol start=' 3 ' reversed><li value=7>a<li>b</ol>",
	"<p style='display :\r\nnone'>x</p>y", "<my-el class=sharedaddy>x</my-el>y<my-el>z", "<td>a<td><td>c", "<p class=a class=reactions>x",
	"x<", "x<a", "x</a", "x<!--", "<p\n\tclass\n=\n'sd-like'\n>hidden</p>shown", "<a b='x>y'>z", "<a b=x>y</a b=c>",
}

// addDiffSeeds adds the golden samples, the invariant seeds and diffSeeds.
func addDiffSeeds(f *testing.F) {
	addSeeds(f)
	for _, s := range diffSeeds {
		f.Add(s)
	}
}

// convertSlow converts with the x/net tokenizer only.
func convertSlow(in string, flat bool) string {
	var c converter
	c.w.reset(flat)
	c.p.reset(&c.w)
	c.p.runTokenizer(html.NewTokenizer(strings.NewReader(in)))
	return c.w.String()
}

// convertFast converts with the scanner only; ok is false when it bails.
func convertFast(in string, flat bool) (string, bool) {
	var c converter
	c.w.reset(flat)
	c.p.reset(&c.w)
	c.s.reset([]byte(in))
	if !c.p.run(&c.s) {
		return "", false
	}
	return c.w.String(), true
}

func FuzzDiff(f *testing.F) {
	addDiffSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		checkSame(t, in)
	})
}

// checkSame compares the fast path (our scanner) with the x/net
// tokenizer path through the same walker, for Text and Inline.
func checkSame(t *testing.T, in string) {
	t.Helper()
	for _, flat := range []bool{false, true} {
		want := convertSlow(in, flat)
		if got := convert(in, flat); got != want {
			t.Fatalf("flat=%v: convert(%q) = %q, x/net path %q", flat, in, got, want)
		}
		if got, ok := convertFast(in, flat); ok && got != want {
			t.Fatalf("flat=%v: scanner path (%q) = %q, x/net path %q", flat, in, got, want)
		}
	}
}

func TestDiffSeeds(t *testing.T) {
	for _, s := range diffSeeds {
		checkSame(t, s)
		checkTokens(t, s)
	}
}

// TestScannerCoversSamples checks that the golden samples, which look like
// real WordPress output, never need the x/net tokenizer.
func TestScannerCoversSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatalf("glob testdata: %v", err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("read sample: %v", err)
		}
		if _, ok := convertFast(string(src), false); !ok {
			t.Errorf("%s: the scanner bailed out", name)
		}
		checkSame(t, string(src))
		checkTokens(t, string(src))
	}
}

func FuzzScannerTokens(f *testing.F) {
	addDiffSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		checkTokens(t, in)
	})
}

// checkTokens compares the scanner's tokens with the x/net tokenizer's
// until the end or until the scanner bails out.
func checkTokens(t *testing.T, in string) {
	t.Helper()
	var s scanner
	s.reset([]byte(in))
	z := html.NewTokenizer(strings.NewReader(in))
	for n := 0; ; n++ {
		got := s.next()
		if got == tokBail {
			return
		}
		tt := z.Next()
		for tt == html.CommentToken || tt == html.DoctypeToken {
			tt = z.Next()
		}
		want := map[html.TokenType]tokType{
			html.ErrorToken: tokEOF, html.TextToken: tokText, html.StartTagToken: tokStart,
			html.SelfClosingTagToken: tokSelfClosing, html.EndTagToken: tokEnd,
		}[tt]
		if got != want {
			t.Fatalf("%q token %d: scanner %d, x/net %v", in, n, got, tt)
		}
		switch got {
		case tokEOF:
			return
		case tokText:
			if g, w := s.textBytes(), z.Text(); !bytes.Equal(g, w) {
				t.Fatalf("%q token %d: scanner text %q, x/net %q", in, n, g, w)
			}
		case tokStart, tokSelfClosing, tokEnd:
			name, hasAttr := z.TagName()
			if !bytes.Equal(s.name, name) {
				t.Fatalf("%q token %d: scanner tag %q, x/net %q", in, n, s.name, name)
			}
			var at attrs
			if hasAttr && got != tokEnd {
				readAttrs(z, &at)
			}
			if got != tokEnd && !sameAttrs(&s.at, &at) {
				t.Fatalf("%q token %d: scanner attrs %+v, x/net %+v", in, n, s.at, at)
			}
		}
	}
}

func sameAttrs(a, b *attrs) bool {
	return bytes.Equal(a.class, b.class) && bytes.Equal(a.id, b.id) && bytes.Equal(a.style, b.style) &&
		bytes.Equal(a.alt, b.alt) && bytes.Equal(a.start, b.start) && bytes.Equal(a.value, b.value) &&
		a.hidden == b.hidden && a.reversed == b.reversed
}
