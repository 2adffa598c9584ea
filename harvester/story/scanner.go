package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// scanner splits a text into normalised words, recording each word's hash,
// the sentence ends and the quoted spans. The zero value is ready; reset
// it between texts to reuse its buffers.
//
// A word is a run of letters and digits, with the marks that follow them
// and the apostrophes, dots and commas that joins lets through. Most
// words are runs of ASCII letters and digits between spaces and
// punctuation, which the scanner finds and hashes all at once before
// reading the text (see runs). It builds the normalised bytes of any
// other word in buf and hashes them with wordHash, which gives the same
// hash for the same normalised word (see slowWord). It records where each
// word lies in the text so that appendWord can normalise it when the text
// is needed (see keep). The runs taken as words are copied to words only
// when a word read rune by rune follows them or the text ends (see
// flush), so that counting the words needs no copy.
type scanner struct {
	keep   bool       // record the words' spans in spans
	spans  [][2]int   // the words' byte spans [start, end) in the text, when keep
	words  []uint64   // word hashes
	ends   []int32    // sentence ends: indexes into words (exclusive)
	quotes [][2]int32 // quoted spans [start, end) of words
	buf    []byte     // the normalised bytes of the word slowWord reads
	runs   runs       // the runs of ASCII letters and digits of the text

	text    string // the text being scanned
	quoteAt int32  // start of the open quote, or -1
	from    int    // the first run taken as a word but not yet in words
	to      int    // the end of the runs taken as words: [from, to) are pending

	// The last word read, which decides whether a dot after it ends a
	// sentence (see abbrev).
	last       [2]int // its span
	lastDotted bool   // it holds a joined dot (an initialism)
	lastRun    bool   // it is a run of ASCII letters and digits
	lastLive   bool   // no separator but white space followed it yet
	norm       []byte // buffer of abbrev
}

func (sc *scanner) reset() {
	sc.spans = sc.spans[:0]
	sc.words = sc.words[:0]
	sc.ends = sc.ends[:0]
	sc.quotes = sc.quotes[:0]
	sc.lastLive = false
}

// count returns the number of words read so far, pending runs included.
func (sc *scanner) count() int32 { return int32(len(sc.words) + sc.to - sc.from) }

// flush appends the pending runs to the words.
func (sc *scanner) flush() {
	if sc.from == sc.to {
		return
	}
	r := &sc.runs
	sc.words = append(sc.words, r.hash[sc.from:sc.to]...)
	if sc.keep {
		for k := sc.from; k < sc.to; k++ {
			start, end := r.span(k)
			sc.spans = append(sc.spans, [2]int{start, end})
		}
	}
	sc.from = sc.to
}

// scan reads text, appending to the scanner's slices.
//
// It reads the text from run to run of ASCII letters and digits (see
// runs). Runs followed by a single space and the next run are whole
// words, and taken in bulk up to the next run that is not (a break, see
// runs.breaks); the text is read rune by rune only from the end of that
// run on: its separators go through punct, its words of other runes (or
// runs joined by an apostrophe, dot or comma) through slowWord.
func (sc *scanner) scan(text string) {
	sc.text = text
	sc.quoteAt = -1
	r := &sc.runs
	r.find(text)
	nr, bounds, breaks := len(r.hash), r.bounds, r.breaks
	sc.from, sc.to = 0, 0
	for i, k, j := 0, 0, 0; ; {
		// Read the text up to run k, skipping the runs that words read
		// rune by rune held.
		for {
			p := len(text)
			if k < nr {
				p = int(bounds[2*k])
			}
			if i == p {
				break
			}
			if i > p {
				k++
				continue
			}
			i = sc.gap(i, p)
		}
		if k == nr {
			break
		}
		if k > sc.to { // the runs before k were read rune by rune
			sc.from, sc.to = k, k
		}
		// Runs k to d-1 are words followed by a space and the next run.
		for int(breaks[j]) < k {
			j++
		}
		d := int(breaks[j])
		// Run d ends a word, or starts one that joins more runs or
		// other runes (read by slowWord).
		start, end := r.span(d)
		last, dotted, ok := d, false, endsWord(text, end)
		if !ok {
			var wend int
			if last, wend, dotted, ok = r.joinedWord(text, d); ok {
				end = wend
			}
		}
		switch {
		case !ok:
			sc.to = d
			i = sc.slowWord(start, end)
		case last == d:
			sc.to = d + 1
			sc.last = [2]int{start, end}
			sc.lastDotted, sc.lastLive, sc.lastRun = false, true, true
			i = end
		default:
			sc.to = d
			sc.endWord(sc.joinedHash(d, last), start, end, dotted)
			i = end
		}
		k = d + 1
	}
	sc.flush()
	sc.endSentence()
	sc.closeQuote()
	if !sc.keep {
		sc.text = "" // not to keep a long text alive
	}
}

// endsWord reports whether a run of ASCII letters and digits that ends at
// text[end] is a whole word: the byte there cannot join (it is of class
// classSep, or an apostrophe, dot or comma followed by one or by the end
// of the text).
func endsWord(text string, end int) bool {
	if end >= len(text) {
		return true
	}
	c := text[end]
	return byteClass[c] == classSep ||
		c < utf8.RuneSelf && (end+1 == len(text) || byteClass[text[end+1]] == classSep)
}

// gap reads the text from i to p, where no run of ASCII letters and
// digits starts: it passes separators to punct, and reads a word of other
// runes with slowWord. It returns p, or the end of the first word it
// read, which may lie before p or after it.
func (sc *scanner) gap(i, p int) int {
	text := sc.text
	for i < p {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if quietBytes[c] {
				sc.lastLive = false // as punct would
			} else if c != ' ' {
				sc.punct(rune(c))
			}
			continue
		}
		if r, ok := generalPunctuationAt(text, i); ok {
			i += 3
			sc.punct(r)
			continue
		}
		if r, n, ri, ok := wideRuneAt(text, i); ok {
			if ri.kind&(runeLetter|runeDigit) != 0 {
				return sc.slowWord(i, i)
			}
			i += n
			sc.punct(r)
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			return sc.slowWord(i, i)
		}
		i += n
		sc.punct(r)
	}
	return i
}

// slowWord reads the word that starts at start, knowing that the bytes
// from start to from are ASCII letters and digits, records it and returns
// its end, a byte that is neither an ASCII letter nor a digit (or the end
// of the text). Its ASCII letters and digits, and its letters, digits and
// marks of two and three bytes, are appended to the normalised word in the
// loops; inWord handles any other rune.
func (sc *scanner) slowWord(start, from int) int {
	text, buf := sc.text, sc.buf[:0]
	for _, c := range []byte(text[start:from]) {
		buf = append(buf, c|0x20) // the lower case of an ASCII letter or digit
	}
	i, dotted := from, false
	for {
		for ; i < len(text); i++ {
			class := byteClass[text[i]]
			if !isWordByte(class) {
				break
			}
			buf = append(buf, class)
		}
		j := i
		for j < len(text) {
			// wideRuneAt, with its common case inlined.
			_, ri, ok := twoByteRuneAt(text, j)
			n := 2
			if !ok {
				_, ri, ok = threeByteRuneAt(text, j)
				n = 3
			}
			if !ok || !ri.isWordOrMark() {
				break
			}
			buf = ri.appendLower(buf)
			j += n
		}
		if j > i {
			i = j
			continue
		}
		if i == len(text) || byteClass[text[i]] == classSep {
			break
		}
		next, b, dot := inWord(text, start, i, buf)
		if next == i {
			break
		}
		i, buf, dotted = next, b, dotted || dot
	}
	sc.buf = buf
	sc.endWord(wordHash(buf), start, i, dotted)
	return i
}

// inWord reads the rune at text[i], inside the word that starts at start
// and whose normalised bytes so far are buf, when it is not an ASCII
// letter or digit. If the rune continues the word, it returns the index
// after it and buf with it (a letter, digit or mark, in lower case) or
// without it (a dropped apostrophe, dot or comma; dot reports a dot). If
// the rune ends the word, it returns i and buf.
func inWord(text string, start, i int, buf []byte) (next int, _ []byte, dot bool) {
	r, n := rune(text[i]), 1
	if r >= utf8.RuneSelf {
		if r2, n2, ri, ok := wideRuneAt(text, i); ok {
			if ri.isWordOrMark() {
				return i + n2, ri.appendLower(buf), false
			}
			r, n = r2, n2
		} else {
			r, n = utf8.DecodeRuneInString(text[i:]) // a rune of four bytes, or invalid
			if isWordRune(r) || unicode.IsMark(r) {
				return i + n, utf8.AppendRune(buf, unicode.ToLower(r)), false
			}
		}
	}
	// The word holds only whole runes, so decoding it backwards finds the
	// rune before i.
	prev, _ := utf8.DecodeLastRuneInString(text[start:i])
	if joins(r, prev, text[i+n:]) {
		return i + n, buf, r == '.'
	}
	return i, buf, false
}

// joins reports whether r, met inside a word after prev and before rest,
// is dropped without ending the word: an apostrophe or a dot between
// letters, a dot or comma between digits.
func joins(r, prev rune, rest string) bool {
	switch r {
	case '\'', '’', 'ʼ', '.', ',':
	default:
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '.':
		return (isLetter(prev) && isLetter(next)) || (isDigit(prev) && isDigit(next))
	case ',':
		return isDigit(prev) && isDigit(next)
	}
	return isLetter(prev) && isLetter(next)
}

// endWord records the word of hash h at text[start:end].
func (sc *scanner) endWord(h uint64, start, end int, dotted bool) {
	sc.flush()
	sc.words = append(sc.words, h)
	if sc.keep {
		sc.spans = append(sc.spans, [2]int{start, end})
	}
	sc.last = [2]int{start, end}
	sc.lastDotted, sc.lastLive, sc.lastRun = dotted, true, false
}

// abbrev reports whether a dot now read is part of an abbreviation rather
// than the end of a sentence: whether only white space separates it from
// the last word and that word is an initialism or an abbreviation (see
// isAbbrev). A last word that is a run, as most are, is put in lower case
// on the stack; any other is normalised.
func (sc *scanner) abbrev() bool {
	if !sc.lastLive {
		return false
	}
	if sc.lastDotted {
		return true
	}
	w := sc.text[sc.last[0]:sc.last[1]]
	if sc.lastRun {
		if len(w) > maxAbbrev {
			return false
		}
		var lower [maxAbbrev]byte
		for i := range len(w) {
			lower[i] = w[i] | 0x20 // the lower case of an ASCII letter or digit
		}
		return isAbbrev(lower[:len(w)])
	}
	sc.norm = appendWord(sc.norm[:0], w)
	return len(sc.norm) <= maxAbbrev && isAbbrev(sc.norm)
}

// quietBytes holds the ASCII separators that punct does nothing with but
// end the liveness of the last word (see abbrev): all but the dot, the
// sentence ends, the line ends, the quote and the white space.
var quietBytes = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = !isWordByte(byteClass[c]) && !strings.ContainsRune(".!?;\n\r\"\t\v\f ", rune(c))
	}
	return t
}()

// punct handles a separator rune outside a word.
func (sc *scanner) punct(r rune) {
	switch r {
	case '.':
		if !sc.abbrev() {
			sc.endSentence()
		}
	case '!', '?', '…', ';':
		sc.endSentence()
	case '\n', '\r', '\u2029':
		sc.endSentence()
		sc.closeQuote() // a quote running over paragraphs reopens on the next
	case '"', '＂':
		if sc.quoteAt >= 0 {
			sc.closeQuote()
		} else {
			sc.quoteAt = sc.count()
		}
	case '“', '«', '„':
		sc.closeQuote()
		sc.quoteAt = sc.count()
	case '”', '»':
		sc.closeQuote()
	}
	if r >= utf8.RuneSelf {
		sc.lastLive = sc.lastLive && isSpace(r)
	} else if r < '\t' || '\r' < r && r != ' ' { // not ASCII white space
		sc.lastLive = false
	}
}

func (sc *scanner) endSentence() {
	n := sc.count()
	if n > 0 && (len(sc.ends) == 0 || sc.ends[len(sc.ends)-1] != n) {
		sc.ends = append(sc.ends, n)
	}
}

func (sc *scanner) closeQuote() {
	if sc.quoteAt < 0 {
		return
	}
	if n := sc.count(); n > sc.quoteAt {
		sc.quotes = append(sc.quotes, [2]int32{sc.quoteAt, n})
	}
	sc.quoteAt = -1
}
