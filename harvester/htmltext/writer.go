package htmltext

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// wstate is the pending layout state of a writer: everything that is decided
// lazily, when the next visible character arrives. Keeping it apart from the
// buffer lets a block be rolled back (see mark and rollback).
type wstate struct {
	brk      int8   // pending line breaks: 0, 1 (newline) or 2 (blank line)
	space    bool   // a collapsible space is pending
	cellOpen bool   // a table cell started and has printed nothing yet
	dirty    bool   // any of the fields above, item or preWS is set
	item     string // pending list marker ("- ", "2. ")
	cell     int    // index of the current cell in its row, -1 before the first
	textCell int    // index of the last cell of the row that printed text, -1 if none
}

// mark is a position in the output that a block can be rolled back to.
type mark struct {
	n  int
	st wstate
}

// writer accumulates the output text. It never writes leading or trailing
// whitespace: breaks and spaces are only materialised in front of a visible
// character.
type writer struct {
	buf   []byte
	preWS []byte // whitespace pending inside <pre> on the current line
	flat  bool   // Inline mode: every break is a single space
	st    wstate
}

// reset prepares w for a new document, keeping its buffers.
func (w *writer) reset(flat bool) {
	*w = writer{buf: w.buf[:0], preWS: w.preWS[:0], flat: flat, st: wstate{cell: -1, textCell: -1}}
}

// String returns the text written so far.
func (w *writer) String() string { return string(w.buf) }

// block requests a blank line before the next text.
func (w *writer) block() {
	w.st.brk = 2
	w.st.space = false
	w.st.dirty = true
	w.preWS = w.preWS[:0]
}

// line requests a line break before the next text.
func (w *writer) line() {
	if w.st.brk < 1 {
		w.st.brk = 1
	}
	w.st.space = false
	w.st.dirty = true
	w.preWS = w.preWS[:0]
}

// newline adds one line break (a <br> or a newline inside <pre>); two in a
// row make a blank line, never more.
func (w *writer) newline() {
	if w.st.brk < 2 {
		w.st.brk++
	}
	w.st.space = false
	w.st.dirty = true
	w.preWS = w.preWS[:0]
}

// space requests a collapsible space before the next text.
func (w *writer) space() {
	w.st.space = true
	w.st.dirty = true
}

// setItem sets the list marker written in front of the next text.
func (w *writer) setItem(marker string) {
	if w.flat {
		return
	}
	w.st.item = marker
	w.st.dirty = true
}

// startRow resets the cell bookkeeping for a new table row.
func (w *writer) startRow() {
	w.st.cell, w.st.textCell, w.st.cellOpen = -1, -1, false
}

// rowState is the cell bookkeeping of a table row.
type rowState struct {
	cell, textCell int
	cellOpen       bool
}

// saveRow returns the current row state (tables nest).
func (w *writer) saveRow() rowState {
	return rowState{w.st.cell, w.st.textCell, w.st.cellOpen}
}

// restoreRow brings back a row state saved by saveRow.
func (w *writer) restoreRow(r rowState) {
	w.st.cell, w.st.textCell, w.st.cellOpen = r.cell, r.textCell, r.cellOpen
}

// startCell opens the next cell of the current row.
func (w *writer) startCell() {
	w.st.cell++
	w.st.cellOpen = true
	w.st.dirty = true
}

// mark returns the current position for a later rollback.
func (w *writer) mark() mark { return mark{n: len(w.buf), st: w.st} }

// rollback discards everything written since m.
func (w *writer) rollback(m mark) {
	w.buf = w.buf[:m.n]
	w.st = m.st
	w.preWS = w.preWS[:0]
}

// flush materialises the pending breaks, separators and markers in front of
// the next visible character.
func (w *writer) flush() {
	st := &w.st
	if len(w.buf) > 0 {
		sep := st.cellOpen && st.textCell >= 0
		switch {
		case w.flat:
			if st.brk > 0 || st.space || sep {
				w.buf = append(w.buf, ' ')
			}
		case st.brk == 2:
			w.buf = append(w.buf, '\n', '\n')
		case st.brk == 1:
			w.buf = append(w.buf, '\n')
		case sep:
			w.buf = append(w.buf, " | "...)
			for i := st.textCell + 1; i < st.cell; i++ {
				w.buf = append(w.buf, "| "...)
			}
		case st.space:
			w.buf = append(w.buf, ' ')
		}
	}
	if st.item != "" {
		item := st.item
		if len(w.buf) == 0 {
			item = strings.TrimLeft(item, " ") // no indentation on the first line
		}
		w.buf = append(w.buf, item...)
		st.item = ""
	}
	if st.cellOpen {
		st.textCell = st.cell
		st.cellOpen = false
	}
	if len(w.preWS) > 0 {
		w.buf = append(w.buf, w.preWS...)
		w.preWS = w.preWS[:0]
	}
	st.brk, st.space, st.dirty = 0, false, false
}

// text writes a run of decoded character data. Outside pre, whitespace
// (including U+00A0) collapses; inside pre it is kept. Control characters
// count as spaces and invalid UTF-8 becomes U+FFFD.
func (w *writer) text(b []byte, pre bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c > ' ' && c < 0x7f {
			j := i + 1
			for j < len(b) && b[j] > ' ' && b[j] < 0x7f {
				j++
			}
			if w.st.dirty || len(w.preWS) > 0 {
				w.flush()
			}
			w.buf = append(w.buf, b[i:j]...)
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\n', '\r', '\f':
				w.whitespace(c, pre)
			default:
				// Other C0 controls and DEL count as a space: dropping them
				// could join the text around them into something new.
				w.whitespace(' ', pre)
			}
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.visible("\uFFFD")
		case r == '\u00a0':
			w.whitespace(' ', pre)
		case r < 0xa0:
			w.whitespace(' ', pre) // C1 control character
		default:
			if w.st.dirty || len(w.preWS) > 0 {
				w.flush()
			}
			w.buf = append(w.buf, b[i:i+size]...)
		}
		i += size
	}
}

// textString is text for a string.
func (w *writer) textString(s string, pre bool) {
	w.text([]byte(s), pre)
}

func (w *writer) visible(s string) {
	if w.st.dirty || len(w.preWS) > 0 {
		w.flush()
	}
	w.buf = append(w.buf, s...)
}

func (w *writer) whitespace(c byte, pre bool) {
	if !pre {
		w.space()
		return
	}
	if c == '\n' || c == '\r' || c == '\f' {
		w.newline()
		return
	}
	w.preWS = append(w.preWS, c)
}

// tail returns the text written since m without surrounding whitespace and
// without the breaks, cell separator and list marker that were pending at m.
// The slice aliases the buffer and is valid until the next write.
func (w *writer) tail(m mark) []byte {
	if m.n > len(w.buf) {
		return nil
	}
	b := bytes.TrimLeft(w.buf[m.n:], "\n |")
	if item := strings.TrimLeft(m.st.item, " "); item != "" {
		b = bytes.TrimPrefix(b, []byte(item))
	}
	return bytes.TrimSpace(b)
}
