package oracle

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attrs are the attributes of a start tag the walker cares about. The
// slices are only valid until the tokenizer moves on.
type attrs struct {
	class, id, style, alt, start, value []byte
	hidden, reversed                    bool
}

// readAttrs collects the attributes the walker and the rules look at.
func readAttrs(z *html.Tokenizer, at *attrs) {
	for {
		key, val, more := z.TagAttr()
		switch string(key) {
		case "class":
			at.class = val
		case "id":
			at.id = val
		case "style":
			at.style = val
		case "alt":
			at.alt = val
		case "start":
			at.start = val
		case "value":
			at.value = val
		case "hidden":
			at.hidden = true
		case "reversed":
			at.reversed = true
		}
		if !more {
			return
		}
	}
}

// decoration applies the class/id table and the structural rules of rules.go.
func (at *attrs) decoration() bool {
	return at.hidden ||
		len(at.class) > 0 && decorations.matchClass(at.class) ||
		len(at.id) > 0 && decorations.matchID(at.id) ||
		len(at.style) > 0 && hidesDisplay(at.style)
}

// void handles elements without content.
func (p *walker) void(a atom.Atom, at *attrs) {
	switch a {
	case atom.Br:
		p.br()
	case atom.Hr:
		p.closeP()
		p.boundary()
	case atom.Img:
		if isEmojiAlt(at.alt) && (hasClass(at.class, "emoji") || hasClass(at.class, "wp-smiley")) {
			p.w.text(at.alt, false)
		}
	}
}

// br is a line break, or a space in a table cell and in Inline output.
func (p *walker) br() {
	if p.ctx == ctxCell || p.w.flat {
		p.w.space()
		return
	}
	p.w.newline()
}

// maxEmojiAlt bounds the alt text taken from an emoji image; the longest
// emoji sequences (families, flags with tags) stay well below it.
const maxEmojiAlt = 40

// isEmojiAlt reports whether an emoji image's alt text looks like an emoji or
// a smiley (":)", ":mrgreen:") rather than arbitrary text.
func isEmojiAlt(alt []byte) bool {
	return len(alt) > 0 && len(alt) <= maxEmojiAlt && bytes.IndexAny(alt, "<>") < 0
}

// hasClass reports whether a class attribute holds the token want.
func hasClass(class []byte, want string) bool {
	for _, f := range bytes.Fields(class) {
		if string(f) == want {
			return true
		}
	}
	return false
}

// newList starts the numbering of a ul/ol from its attributes.
func newList(a atom.Atom, at *attrs) listState {
	l := listState{ordered: a == atom.Ol, next: 1, step: 1}
	if n, err := strconv.Atoi(string(bytes.TrimSpace(at.start))); err == nil && len(at.start) > 0 {
		l.next = n
		if at.reversed {
			l.step = -1
		}
	}
	return l
}

// marker returns the list marker for a new item and advances the numbering.
func (p *walker) marker(at *attrs) string {
	depth := len(p.lists)
	indent := ""
	if p.openLI > 0 {
		indent = strings.Repeat("  ", min(p.openLI, 8))
	}
	if depth == 0 || !p.lists[depth-1].ordered {
		return indent + "- "
	}
	l := &p.lists[depth-1]
	if n, err := strconv.Atoi(string(bytes.TrimSpace(at.value))); err == nil && len(at.value) > 0 {
		l.next = n
	}
	s := indent + strconv.Itoa(l.next) + ". "
	l.next += l.step
	return s
}
