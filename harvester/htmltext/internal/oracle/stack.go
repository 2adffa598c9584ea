package oracle

import "golang.org/x/net/html/atom"

// The stack of open elements: finding, implicit closing and end-tag effects.

// find returns the stack index of the innermost open element with the tag, or -1.
func (p *walker) find(a atom.Atom, name []byte) int {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if sameTag(a, name, p.stack[i].tag, p.stack[i].name) {
			return i
		}
	}
	return -1
}

// popTo closes the elements from the top of the stack down to index i.
func (p *walker) popTo(i int) {
	for j := len(p.stack) - 1; j >= i; j-- {
		f := p.stack[j]
		p.stack = p.stack[:j]
		switch f.tag {
		case atom.P:
			p.openP--
		case atom.Li:
			p.openLI--
		}
		p.closeFrame(&f)
	}
}

// closeP closes an open <p> that a block start tag implicitly ends.
func (p *walker) closeP() {
	if p.openP == 0 {
		return
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		t := p.stack[i].tag
		if t == atom.P {
			p.popTo(i)
			return
		}
		if pScopeBarrier(t) {
			return
		}
	}
}

// closeItem closes an open list item (li, or dt/dd) before a new one.
func (p *walker) closeItem(a atom.Atom) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		f := &p.stack[i]
		if a == atom.Li && f.tag == atom.Li || a != atom.Li && (f.tag == atom.Dt || f.tag == atom.Dd) {
			p.popTo(i)
			return
		}
		switch f.kind {
		case kList, kTable, kRow, kCell:
			return
		case kBlock:
			if f.tag != atom.P && f.tag != atom.Div && f.tag != atom.Address {
				return
			}
		}
	}
}

// closeOpen closes the innermost open t1 or t2 unless stop is open above it.
func (p *walker) closeOpen(t1, t2, stop atom.Atom) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		t := p.stack[i].tag
		if t == t1 || t == t2 {
			p.popTo(i)
			return
		}
		if t == stop || t == atom.Table {
			return
		}
	}
}

// closeFrame applies the end-tag effects of an element.
func (p *walker) closeFrame(f *frame) {
	switch f.kind {
	case kCode:
		p.literal--
	case kBlock:
		p.applyShapeRules(f)
		p.boundary()
	case kPre:
		p.pre--
		p.literal--
		p.boundary()
	case kList:
		p.lists = p.lists[:len(p.lists)-1]
		p.applyShapeRules(f)
		p.boundary()
	case kItem, kDefItem:
		p.ctx = f.prevCtx
		p.lineBoundary()
	case kTable:
		p.w.restoreRow(f.row)
		p.boundary()
	case kRow:
		p.lineBoundary()
	case kCell:
		p.ctx = f.prevCtx
	}
}

// applyShapeRules rolls a short block back when its text has the shape of a
// decoration (rules.go).
func (p *walker) applyShapeRules(f *frame) {
	t := p.w.tail(f.mark)
	if len(t) == 0 || len(t) > maxShapeLen {
		return
	}
	for _, r := range shapeRules {
		if r.match(t) {
			p.w.rollback(f.mark)
			return
		}
	}
}
