package htmltext

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain text", "  hello   world \n", "hello world"},
		{"entities", "<p>It&#8217;s Tom &#038; Jerry&nbsp;&#8211; R&amp;D &amp; AT&T</p>", "It’s Tom & Jerry – R&D & AT&T"},
		{"nbsp is a plain space", "<p>a&nbsp;b\u00a0c</p>", "a b c"},
		{"nbsp-only paragraph vanishes", "<p>a</p><p>&nbsp;</p><p>b</p>", "a\n\nb"},
		{"double escaped", "<p>It&amp;#8217;s &amp;#8220;fine&amp;#8221; &amp;amp; done&amp;hellip;</p>", "It’s “fine” & done…"},
		{"double escape only on complete references", "<p>&amp;#8217 &amp;bogus; &amp;amp</p>", "&#8217 &bogus; &amp"},
		{"no second decode in code", "<p><code>&amp;#8217;</code> &amp;#8217;</p>", "&#8217; ’"},
		{"blocks", "<h2>Title</h2><p>One</p><div>Two</div><blockquote><p>Three</p></blockquote><section><article><header>Four</header></article></section><footer>Five</footer>", "Title\n\nOne\n\nTwo\n\nThree\n\nFour\n\nFive"},
		{"inline elements join", "<p>foo<b>bar</b> <i>baz</i><a href=x>qux</a></p>", "foobar bazqux"},
		{"br", "<p>a<br>b<br/>c<br />d</p>", "a\nb\nc\nd"},
		{"br runs cap at one blank line", "<p>a<br><br><br><br>b</p>", "a\n\nb"},
		{"trailing br", "<p>a<br></p><p>b</p>", "a\n\nb"},
		{"end tag br", "a</br>b", "a\nb"},
		{"lines trimmed", "<p>  a  <br>   b   </p>", "a\nb"},
		{"ul", "<ul><li>a</li><li>b</li></ul>", "- a\n- b"},
		{"ol with start", "<ol start=\"5\"><li>a<li>b</ol>", "5. a\n6. b"},
		{"ol reversed", "<ol reversed start=\"2\"><li>a<li>b</ol>", "2. a\n1. b"},
		{"li value", "<ol><li>a<li value=\"7\">b<li>c</ol>", "1. a\n7. b\n8. c"},
		{"nested lists", "<ul><li>a<ol><li>b</li><li>c<ul><li>d</li></ul></li></ol></li><li>e</li></ul>", "- a\n  1. b\n  2. c\n    - d\n- e"},
		{"list between paragraphs", "<p>x</p><ul><li>a</li></ul><p>y</p>", "x\n\n- a\n\ny"},
		{"paragraphs in items", "<ul><li><p>a</p><p>a2</p></li><li><p>b</p></li></ul>", "- a\na2\n- b"},
		{"empty items vanish", "<ul><li></li><li>a</li><li> </li></ul>", "- a"},
		{"table", "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>", "A | B\n1 | 2"},
		{"table empty cells", "<table><tr><td></td><td>a</td><td></td><td>b</td><td></td></tr><tr><td></td></tr></table>", "a | | b"},
		{"table blocks in cells", "<table><tr><td><p>a</p><p>b</p></td><td>c<br>d</td></tr></table>", "a b | c d"},
		{"lists in cells stay on the row", "<table><tr><td><ul><li><p>a</p></li><li>b</li></ul></td><td>c</td></tr></table>", "a b | c"},
		{"table in list item", "<ul><li>x<table><tr><td>a</td><td>b</td></tr></table></li></ul>", "- x\na | b"},
		{"table implicit ends", "<table><tr><td>a<td>b<tr><td>c</table>", "a | b\nc"},
		{"pre keeps whitespace", "<p>x</p><pre>  a  b\n\tc\n\n\n\nd   \n</pre><p>y</p>", "x\n\n  a  b\n\tc\n\nd\n\ny"},
		{"pre entities", "<pre>&lt;b&gt; &amp;amp;</pre>", "<b> &amp;"},
		{"dropped elements", "a<script>x()</script><style>p{}</style><iframe src=x>f</iframe><noscript>n</noscript><svg><text>s</text></svg><form><p>f</p></form><button>b</button><template>t</template><object>o</object><embed src=x>z", "az"},
		{"self-closing raw text element", "a<script src=x />alert('<script>')</script>b", "ab"},
		{"self-closing block is empty", "<p>a</p><div/><p>b</p>", "a\n\nb"},
		{"nested dropped element", "<div class=sharedaddy><div><div>x</div></div>y</div>z", "z"},
		{"comments", "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!-- x --><p>b</p>", "a\n\nb"},
		{"unclosed comment", "a<!-- b", "a"},
		{"whitespace between blocks", "\n\n<p>a</p>\n\n\t<p>b</p>\n\n", "a\n\nb"},
		{"p auto-closes", "<p>a<p>b<div>c</div>d", "a\n\nb\n\nc\n\nd"},
		{"stray p end tag", "a</p>b", "a\n\nb"},
		{"stray end tags ignored", "a</span></div>b", "ab"},
		{"emoji image alt", "<p>Hi <img class=\"emoji\" alt=\"🇺🇦\" src=x> there <img class=\"wp-smiley\" alt=\":)\"> <img alt=\"photo\" src=y></p>", "Hi 🇺🇦 there :)"},
		{"emoji kept", "<p>👩‍👩‍👧 🇺🇦</p>", "👩‍👩‍👧 🇺🇦"},
		{"invalid utf-8", "<p>a\xffb\xc3</p>", "a\ufffdb\ufffd"},
		{"control characters are spaces", "<p>a\x00b\x07c\u0085d\x01\x02e</p>", "a b c d e"},
		{"control characters do not make tags", "<\x17a0", "< a0"},
		{"numeric entity edge cases", "<p>&#0;&#x110000;&#150;</p>", "\ufffd\ufffd–"},
		{"hr", "a<hr>b", "a\n\nb"},
		{"definition list", "<dl><dt>T</dt><dd>D</dd></dl>", "T\nD"},
		{"custom elements are inline", "<p>a<my-el>b</my-el>c</p>", "abc"},
		{"dropped custom element nests", "<x-y class=reactions><x-y>a</x-y>b</x-y>c", "c"},
		{"xmp is literal", "<xmp><b>x</b></xmp>", "<b>x</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkInvariants(t, tt.in, got)
		})
	}
}

func TestTextDeepNesting(t *testing.T) {
	const n = 20000
	in := strings.Repeat("<div><span>", n) + "x" + strings.Repeat("</span></div>", n) + "<p>after</p>"
	got := Text(in)
	if !strings.HasPrefix(got, "x") || !strings.HasSuffix(got, "after") {
		t.Errorf("deep nesting: got %.40q...", got)
	}
	checkInvariants(t, in, got)
}

func TestTextUnclosedDecorationSwallowsRest(t *testing.T) {
	// A decoration that is never closed runs to the end of the document, as
	// it would in a browser.
	got := Text("<p>a</p><div class=sharedaddy><p>Share</p><p>b</p>")
	if got != "a" {
		t.Errorf("got %q, want %q", got, "a")
	}
}
