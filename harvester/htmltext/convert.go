package htmltext

import (
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// converter holds everything one conversion needs. Converters are reused
// through a sync.Pool so that a conversion allocates only its result.
type converter struct {
	w  writer
	p  walker
	s  scanner
	in []byte // the scanner's copy of the input, changed in place
}

var converters = sync.Pool{New: func() any { return new(converter) }}

// maxPooledBuf bounds the buffers a pooled converter keeps, so that one huge
// post does not pin its memory.
const maxPooledBuf = 1 << 20

// convert runs one pass over rendered; flat selects Inline output.
func convert(rendered string, flat bool) string {
	c := converters.Get().(*converter)
	out := c.convert(rendered, flat)
	if cap(c.in) <= maxPooledBuf && cap(c.w.buf) <= maxPooledBuf && cap(c.s.spill) <= maxPooledBuf && cap(c.p.scratch) <= maxPooledBuf {
		converters.Put(c)
	}
	return out
}

func (c *converter) convert(rendered string, flat bool) string {
	c.w.reset(flat)
	c.p.reset(&c.w)
	c.in = append(c.in[:0], rendered...)
	if strings.IndexByte(rendered, '<') < 0 {
		// Plain text with entities (most titles and GUIDs): no tokenizer.
		c.w.text(redecodeInto(unescapeText(c.in, &c.s.spill), &c.p.scratch), false)
		return c.w.String()
	}
	c.s.reset(c.in)
	if c.p.run(&c.s) {
		return c.w.String()
	}
	// The scanner met markup it does not reproduce: start over with the
	// x/net tokenizer.
	c.w.reset(flat)
	c.p.reset(&c.w)
	c.p.runTokenizer(html.NewTokenizer(strings.NewReader(rendered)))
	return c.w.String()
}

// run converts the scanner's input. It returns false, leaving the output
// half written, when the scanner bails out.
func (p *walker) run(s *scanner) bool {
	for {
		switch s.next() {
		case tokEOF:
			p.popTo(0)
			return true
		case tokText:
			if !p.skipping() {
				p.onText(s.textBytes())
			}
		case tokStart:
			p.onStart(s.name, false, &s.at)
		case tokSelfClosing:
			p.onStart(s.name, true, &s.at)
		case tokEnd:
			p.onEnd(s.name)
		case tokBail:
			return false
		}
	}
}

// runTokenizer converts with the golang.org/x/net/html tokenizer.
func (p *walker) runTokenizer(z *html.Tokenizer) {
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			p.popTo(0)
			return
		case html.TextToken:
			p.onText(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			var at attrs
			if hasAttr {
				readAttrs(z, &at)
			}
			p.onStart(name, tt == html.SelfClosingTagToken, &at)
		case html.EndTagToken:
			name, _ := z.TagName()
			p.onEnd(name)
		}
	}
}
