package htmltext

import "testing"

func TestInline(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"texturized title", "Hello &#8211; &#8220;world&#8221;", "Hello – “world”"},
		{"numeric ampersand", "Tom &#038; Jerry", "Tom & Jerry"},
		{"named ampersand", "R&amp;D", "R&D"},
		{"raw ampersand", "AT&T & friends", "AT&T & friends"},
		{"double escaped title", "It&amp;#8217;s &amp;#8220;ok&amp;#8221;", "It’s “ok”"},
		{"double escaped ampersand", "Tom &amp;#038; Jerry", "Tom & Jerry"},
		{"guid", "https://news.example/?p=12&#038;lang=en", "https://news.example/?p=12&lang=en"},
		{"title with markup", "<em>Breaking</em>: <strong>news</strong>", "Breaking: news"},
		{"excerpt with hellip", "<p>The council voted on the plan, ending a long debate [&hellip;]</p>\n", "The council voted on the plan, ending a long debate […]"},
		{"excerpt with more-link", `<p>First lines of the post&#8230; <a href="https://news.example/hello/" class="more-link">Continue reading<span class="screen-reader-text"> &#8220;Hello&#8221;</span> <span class="meta-nav">&rarr;</span></a></p>`, "First lines of the post…"},
		{"excerpt with reading time", `<p><span class="span-reading-time rt-reading-time"><span class="rt-label">Reading Time: </span> <span class="rt-time">2</span> minutes</span> Intro text [&hellip;]</p>`, "Intro text […]"},
		{"blocks become spaces", "<p>a</p><p>b<br>c</p><ul><li>d</li><li>e</li></ul><table><tr><td>f</td><td>g</td></tr></table><pre>h\n  i</pre>", "a b c d e f g h i"},
		{"whitespace collapsed and trimmed", " \n a \t\n b&nbsp;&nbsp;c \n", "a b c"},
		{"invalid utf-8", "a\xffb", "a\ufffdb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Inline(tt.in); got != tt.want {
				t.Errorf("Inline(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
