package oracle

// Text converts a post's content.rendered HTML into article text: paragraphs
// separated by one blank line, entities decoded, decorations dropped. See the
// package documentation for the exact format. The result is valid UTF-8.
func Text(rendered string) string {
	return convert(rendered, false)
}

// Inline converts title.rendered, excerpt.rendered or guid.rendered into a
// single line of text: entities decoded (twice for double-escaped input),
// tags stripped, decorations such as "Continue reading" links dropped,
// whitespace collapsed to single spaces and trimmed.
func Inline(rendered string) string {
	return convert(rendered, true)
}
