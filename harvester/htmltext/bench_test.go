package htmltext

import (
	"os"
	"path/filepath"
	"testing"
)

// benchPost is a realistic ~8 KB content.rendered: Gutenberg markup with
// lists, a table, an embed and Jetpack decorations, multilingual text with
// reaction widgets, and a double-escaped part.
func benchPost(b *testing.B) string {
	var post []byte
	for _, name := range []string{"gutenberg-news.html", "multilingual-reactions.html", "double-escaped.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatalf("read bench sample: %v", err)
		}
		post = append(post, data...)
	}
	return string(post)
}

func BenchmarkText(b *testing.B) {
	post := benchPost(b)
	b.SetBytes(int64(len(post)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Text(post)
	}
}

func BenchmarkInlineTitle(b *testing.B) {
	const title = "Hello &#8211; &#8220;world&#8221; &#038; friends"
	b.ReportAllocs()
	for b.Loop() {
		_ = Inline(title)
	}
}
