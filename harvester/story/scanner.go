package story

import (
	"unicode"
	"unicode/utf8"
)

// scanner splits a text into normalised words, recording each word's hash,
// the sentence ends and the quoted spans. The zero value is ready; reset
// it between texts to reuse its buffers.
//
// A word is a run of letters and digits, with the marks that follow them
// and the apostrophes, dots and commas that joins lets through. The
// scanner does not build the words' normalised text: it hashes their
// bytes with FNV-1a as it reads them (short ASCII words a little later,
// see hashShort), which gives the same hash as hashing the finished word,
// and records where each word lies in the text so that appendWord can
// normalise it when the text is needed (see keep).
type scanner struct {
	keep   bool                      // record the words' spans in spans
	spans  [][2]int                  // the words' byte spans [start, end) in the text, when keep
	words  []uint64                  // word hashes
	short  [maxShort + 1][]shortWord // the short words by length, waiting for their hashes
	ends   []int32                   // sentence ends: indexes into words (exclusive)
	quotes [][2]int32                // quoted spans [start, end) of words

	text    string // the text being scanned
	quoteAt int32  // start of the open quote, or -1

	// The last word read, which decides whether a dot after it ends a
	// sentence (see abbrev).
	last       [2]int // its span
	lastDotted bool   // it holds a joined dot (an initialism)
	lastLive   bool   // no separator but white space followed it yet
	norm       []byte // buffer of abbrev
}

func (sc *scanner) reset() {
	sc.spans = sc.spans[:0]
	sc.words = sc.words[:0]
	sc.ends = sc.ends[:0]
	sc.quotes = sc.quotes[:0]
	for n := range sc.short {
		sc.short[n] = sc.short[n][:0]
	}
	sc.lastLive = false
}

// scan reads text, appending to the scanner's slices.
func (sc *scanner) scan(text string) {
	sc.text = text
	sc.quoteAt = -1
	for i := 0; i < len(text); {
		// Outside a word: separators until a word starts.
		c := text[i]
		if !isWordByte(byteClass[c]) {
			if c < utf8.RuneSelf {
				i++
				if c != ' ' {
					sc.punct(rune(c))
				}
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += n
				sc.punct(r)
				continue
			}
		}
		// A word starts at i.
		if n, x := shortWordAt(text, i); n > 0 {
			sc.short[n] = append(sc.short[n], shortWord{x, int32(len(sc.words))})
			sc.endWord(0, i, i+n, false) // hashShort sets the hash
			i += n
			continue
		}
		// Any other word: its ASCII letters and digits are hashed in the
		// loop, inWord handles any other rune.
		start, h, dotted := i, uint64(fnvOffset), false
		for {
			for ; i < len(text); i++ {
				class := byteClass[text[i]]
				if !isWordByte(class) {
					break
				}
				h = fnvByte(h, class)
			}
			if i == len(text) || byteClass[text[i]] == classSep {
				break
			}
			next, hash, dot := inWord(text, start, i, h)
			if next == i {
				break
			}
			i, h, dotted = next, hash, dotted || dot
		}
		sc.endWord(mix(h), start, i, dotted)
	}
	sc.endSentence()
	sc.closeQuote()
	sc.hashShort()
	if !sc.keep {
		sc.text = "" // not to keep a long text alive
	}
}

// inWord reads the rune at text[i], inside the word that starts at start
// and whose hash so far is h, when it is not an ASCII letter or digit. If
// the rune continues the word, it returns the index after it and the hash
// with it (a letter, digit or mark, in lower case) or without it (a
// dropped apostrophe, dot or comma; dot reports a dot). If the rune ends
// the word, it returns i and h.
func inWord(text string, start, i int, h uint64) (next int, hash uint64, dot bool) {
	r, n := rune(text[i]), 1
	if r >= utf8.RuneSelf {
		r, n = utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) || unicode.IsMark(r) {
			var b [utf8.UTFMax]byte
			for _, c := range utf8.AppendRune(b[:0], unicode.ToLower(r)) {
				h = fnvByte(h, c)
			}
			return i + n, h, false
		}
	}
	// The word holds only whole runes, so decoding it backwards finds the
	// rune before i.
	prev, _ := utf8.DecodeLastRuneInString(text[start:i])
	if joins(r, prev, text[i+n:]) {
		return i + n, h, r == '.'
	}
	return i, h, false
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
	sc.words = append(sc.words, h)
	if sc.keep {
		sc.spans = append(sc.spans, [2]int{start, end})
	}
	sc.last = [2]int{start, end}
	sc.lastDotted, sc.lastLive = dotted, true
}

// abbrev reports whether a dot now read is part of an abbreviation rather
// than the end of a sentence: whether only white space separates it from
// the last word and that word is an initialism or an abbreviation (see
// isAbbrev).
func (sc *scanner) abbrev() bool {
	if !sc.lastLive {
		return false
	}
	if sc.lastDotted {
		return true
	}
	sc.norm = appendWord(sc.norm[:0], sc.text[sc.last[0]:sc.last[1]])
	return len(sc.norm) <= maxAbbrev && isAbbrev(sc.norm)
}

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
			sc.quoteAt = int32(len(sc.words))
		}
	case '“', '«', '„':
		sc.closeQuote()
		sc.quoteAt = int32(len(sc.words))
	case '”', '»':
		sc.closeQuote()
	}
	if !unicode.IsSpace(r) {
		sc.lastLive = false
	}
}

func (sc *scanner) endSentence() {
	n := int32(len(sc.words))
	if n > 0 && (len(sc.ends) == 0 || sc.ends[len(sc.ends)-1] != n) {
		sc.ends = append(sc.ends, n)
	}
}

func (sc *scanner) closeQuote() {
	if sc.quoteAt < 0 {
		return
	}
	if n := int32(len(sc.words)); n > sc.quoteAt {
		sc.quotes = append(sc.quotes, [2]int32{sc.quoteAt, n})
	}
	sc.quoteAt = -1
}
