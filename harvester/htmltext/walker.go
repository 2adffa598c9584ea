package htmltext

import "golang.org/x/net/html/atom"

// maxDepth bounds the stack of open elements. Deeper elements are treated as
// inline, which keeps pathological nesting linear.
const maxDepth = 512

// ctxKind is the layout context that decides what a block boundary becomes.
type ctxKind uint8

const (
	ctxNormal ctxKind = iota // blank line
	ctxItem                  // inside a list item: line break
	ctxCell                  // inside a table cell: space
)

// frame is one open element.
type frame struct {
	tag     atom.Atom
	name    string // the tag name when tag == 0 (custom elements)
	kind    kind
	prevCtx ctxKind
	mark    mark     // output position at the start tag, for shape rules
	row     rowState // the enclosing row's cell state, saved by tables
}

// listState numbers the items of an open list.
type listState struct {
	ordered bool
	next    int
	step    int
}

// walker converts one document at a time; reset prepares it for the next.
type walker struct {
	w       *writer
	stack   []frame
	lists   []listState
	ctx     ctxKind
	openP   int // open <p> elements on the stack
	openLI  int // open <li> elements on the stack (list item nesting)
	pre     int // open pre-like elements
	literal int // open elements where entities are not decoded twice

	// skipping: the dropped element's tag and how many of its kind are open.
	skipTag  atom.Atom
	skipName string
	skipNest int

	scratch []byte // output of the second entity decode
}

// reset prepares p for a new document written to w, keeping its buffers.
func (p *walker) reset(w *writer) {
	*p = walker{w: w, stack: p.stack[:0], lists: p.lists[:0], scratch: p.scratch[:0]}
}

func (p *walker) skipping() bool { return p.skipNest > 0 }

// onText writes character data unless it is inside a dropped element.
func (p *walker) onText(b []byte) {
	if p.skipping() {
		return
	}
	if p.literal == 0 {
		b = redecodeInto(b, &p.scratch)
	}
	p.w.text(b, p.pre > 0 && !p.w.flat)
}

// sameTag compares two tags, by name for custom elements.
func sameTag(a atom.Atom, name []byte, b atom.Atom, bname string) bool {
	if a != 0 || b != 0 {
		return a == b
	}
	return string(name) == bname
}

// onStart handles a start or self-closing tag with its (lower-case) name
// and the attributes the rules read.
func (p *walker) onStart(name []byte, selfClosing bool, at *attrs) {
	a := atom.Lookup(name)
	k := kindOf(a)
	if p.skipping() {
		switch {
		case p.skipTag == atom.P && closesP(k):
			p.endSkip() // a <p> cannot hold blocks: the dropped one ended
		case !selfClosing && sameTag(a, name, p.skipTag, p.skipName):
			p.skipNest++
			return
		default:
			return
		}
	}
	if k == kDrop || at.decoration() {
		if k != kVoid && (!selfClosing || isRawText(a)) {
			p.skipTag, p.skipNest = a, 1
			if a == 0 {
				p.skipName = string(name)
			}
		}
		return
	}
	if k == kVoid {
		p.void(a, at)
		return
	}
	if len(p.stack) >= maxDepth {
		return
	}
	// Implicit end tags, as the HTML parser would insert them.
	if closesP(k) {
		p.closeP()
	}
	switch k {
	case kItem, kDefItem:
		p.closeItem(a)
	case kRow:
		p.closeOpen(atom.Tr, atom.Tr, atom.Table)
	case kCell:
		p.closeOpen(atom.Td, atom.Th, atom.Tr)
	}
	f := frame{tag: a, kind: k, prevCtx: p.ctx}
	if a == 0 {
		f.name = string(name)
	}
	switch k {
	case kCode:
		p.literal++
	case kBlock:
		f.mark = p.w.mark()
		p.boundary()
	case kPre:
		p.boundary()
		p.pre++
		p.literal++
	case kList:
		f.mark = p.w.mark()
		p.boundary()
		p.lists = append(p.lists, newList(a, at))
	case kItem, kDefItem:
		p.lineBoundary()
		if p.ctx != ctxCell { // items inside a table cell stay on the row's line
			if k == kItem {
				p.w.setItem(p.marker(at))
			}
			p.ctx = ctxItem
		}
	case kTable:
		p.boundary()
		f.row = p.w.saveRow()
		p.w.startRow()
	case kRow:
		p.lineBoundary()
		p.w.startRow()
	case kCell:
		p.w.startCell()
		p.ctx = ctxCell
	}
	if selfClosing && !isRawText(a) {
		p.closeFrame(&f)
		return
	}
	switch a {
	case atom.P:
		p.openP++
	case atom.Li:
		p.openLI++
	}
	p.stack = append(p.stack, f)
}

// endSkip leaves a dropped element.
func (p *walker) endSkip() {
	p.skipTag, p.skipName, p.skipNest = 0, "", 0
}

// onEnd handles an end tag with its (lower-case) name.
func (p *walker) onEnd(name []byte) {
	a := atom.Lookup(name)
	if p.skipping() {
		if sameTag(a, name, p.skipTag, p.skipName) {
			p.skipNest--
			if p.skipNest == 0 {
				p.endSkip()
			}
		}
		return
	}
	if a == atom.Br {
		p.br() // </br> is a <br>, as in browsers
		return
	}
	if i := p.find(a, name); i >= 0 {
		p.popTo(i)
	} else if a == atom.P {
		p.boundary() // a stray </p> is an empty paragraph
	}
}

// boundary is what a block start or end becomes in the current context.
func (p *walker) boundary() {
	switch {
	case p.ctx == ctxCell:
		p.w.space()
	case p.ctx == ctxItem:
		p.w.line()
	default:
		p.w.block()
	}
}

// lineBoundary separates list items and table rows.
func (p *walker) lineBoundary() {
	if p.ctx == ctxCell {
		p.w.space()
		return
	}
	p.w.line()
}
