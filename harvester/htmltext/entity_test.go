package htmltext

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"strings"
	"testing"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

func TestRedecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"no entities", "no entities"},
		{"AT&T R&D & x", "AT&T R&D & x"},
		{"&#8217;", "’"},
		{"&#x2019;&#X2019;", "’’"},
		{"&amp; &lt; &hellip; &nbsp;", "& < … \u00a0"},
		{"&#038;", "&"},
		{"&#8217", "&#8217"},
		{"&unknown; &copyright;", "&unknown; &copyright;"},
		{"&semi;", ";"},
		{"&#99999999999;", "&#99999999999;"},
		{"&#; &#x; &;", "&#; &#x; &;"},
		{"&&amp;", "&&"},
		{"tail &", "tail &"},
	}
	for _, tt := range tests {
		if got := string(redecode([]byte(tt.in))); got != tt.want {
			t.Errorf("redecode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedecodeDoesNotCopyPlainText(t *testing.T) {
	in := []byte("Tom & Jerry")
	if out := redecode(in); &out[0] != &in[0] {
		t.Errorf("redecode copied text without references")
	}
}

// TestCommonEntities checks the fast table against both decoders it stands
// in for, and that decoding in place can never grow the text.
func TestCommonEntities(t *testing.T) {
	for name, r := range commonEntities {
		ref := "&" + name
		if got := xhtml.UnescapeString(ref); got != string(r) {
			t.Errorf("x/net decodes %s to %q, table has %q", ref, got, r)
		}
		if got := stdhtml.UnescapeString(ref); got != string(r) {
			t.Errorf("std decodes %s to %q, table has %q", ref, got, r)
		}
		if utf8.RuneLen(r) > len(ref) {
			t.Errorf("%s decodes to more bytes than it has", ref)
		}
	}
}

// TestUnescapeMatchesXNet compares the in-place decoder with the x/net one
// on every numeric reference form near the interesting ranges and on named
// references, in text and (where the decoder does not give up) attributes.
func TestUnescapeMatchesXNet(t *testing.T) {
	var ins []string
	for _, x := range []int{0, 1, 9, 10, 59, 127, 128, 140, 159, 160, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xffff, 0x10000, 0x10ffff, 0x110000, 1 << 40} {
		ins = append(ins, fmt.Sprintf("a&#%d;b", x), fmt.Sprintf("&#%d", x), fmt.Sprintf("&#x%X;", x), fmt.Sprintf("&#X%xz", x))
	}
	ins = append(ins, "&", "&#", "&#x", "&#;", "&#xg", "&;", "&amp", "&amp;x", "&ampx", "&amp=", "&amp;=",
		"&notit;", "&nGt;", "&hellip;&hellip", "x&y=z", "&AMP;", "a & b", "&&amp;&")
	for _, in := range ins {
		want := xhtml.UnescapeString(in)
		var spill []byte
		if got := string(unescapeText([]byte(in), &spill)); got != want {
			t.Errorf("unescapeText(%q) = %q, x/net %q", in, got, want)
		}
		z := xhtml.NewTokenizer(strings.NewReader("<p a=\"" + strings.ReplaceAll(in, `"`, "") + "\">"))
		z.Next()
		_, wantAttr, _ := z.TagAttr()
		if got, ok := unescapeAttr([]byte(strings.ReplaceAll(in, `"`, ""))); ok && string(got) != string(wantAttr) {
			t.Errorf("unescapeAttr(%q) = %q, x/net %q", in, got, wantAttr)
		}
	}
}

func TestCommonEntityNamesAllKept(t *testing.T) {
	if len(commonEntities) != len(commonEntityNames) {
		t.Errorf("%d of %d common entity names are usable", len(commonEntities), len(commonEntityNames))
	}
}

// TestHasClassMatchesFields checks the allocation-free class token scan
// against bytes.Fields, whose splitting it reproduces.
func TestHasClassMatchesFields(t *testing.T) {
	for _, class := range []string{"", "emoji", " emoji ", "a emoji", "emojix", "x\u00a0emoji", "emoji\u2003wp-smiley",
		"\vemoji\f", "\xffemoji", "emoji\xff", "wp-smiley\u0085", "a  b\t\nemoji"} {
		for _, want := range []string{"emoji", "wp-smiley"} {
			fields := false
			for _, f := range bytes.Fields([]byte(class)) {
				fields = fields || string(f) == want
			}
			if got := hasClass([]byte(class), want); got != fields {
				t.Errorf("hasClass(%q, %q) = %v, bytes.Fields says %v", class, want, got, fields)
			}
		}
	}
}
