package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize returns the normalised words of text joined by single spaces:
// lower case, letters, marks and digits only (see the package comment).
// Normalize(Normalize(s)) == Normalize(s) for every s.
func Normalize(text string) string {
	var sc scanner
	sc.keep = true
	sc.scan(text)
	return strings.Join(sc.text, " ")
}

// Words returns the normalised words of text.
func Words(text string) []string {
	var sc scanner
	sc.keep = true
	sc.scan(text)
	return sc.text
}

// scanner splits a text into normalised words, recording each word's hash,
// the sentence ends and the quoted spans. The zero value is ready; reset
// it between texts to reuse its buffers.
type scanner struct {
	keep   bool       // record the words' text too
	text   []string   // the words, when keep
	words  []uint64   // word hashes
	ends   []int32    // sentence ends: indexes into words (exclusive)
	quotes [][2]int32 // quoted spans [start, end) of words
	buf    []byte     // the word being read, lower case

	dotted  bool  // the word being read holds a joined dot (an initialism)
	abbrev  bool  // the last word was an abbreviation: a dot after it ends nothing
	quoteAt int32 // start of the open quote, or -1
}

func (sc *scanner) reset() {
	sc.text = sc.text[:0]
	sc.words = sc.words[:0]
	sc.ends = sc.ends[:0]
	sc.quotes = sc.quotes[:0]
	sc.buf = sc.buf[:0]
	sc.dotted, sc.abbrev = false, false
}

// scan reads text, appending to the scanner's slices.
func (sc *scanner) scan(text string) {
	sc.quoteAt = -1
	var prev rune // the previous rune, 0 at the start
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf { // ASCII fast path
			i++
			if lc := asciiWord(c); lc != 0 {
				sc.buf = append(sc.buf, lc)
				prev = rune(c)
				continue
			}
			r := rune(c)
			if len(sc.buf) > 0 && (c == '\'' || c == '.' || c == ',') && sc.joins(r, prev, text[i:]) {
				if c == '.' {
					sc.dotted = true
				}
				prev = r
				continue
			}
			sc.endWord()
			if c != ' ' {
				sc.punct(r)
			}
			prev = r
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if isWordRune(r) || (len(sc.buf) > 0 && unicode.IsMark(r)) {
			sc.appendLower(r)
			prev = r
			continue
		}
		if len(sc.buf) > 0 && sc.joins(r, prev, text[i:]) {
			prev = r
			continue
		}
		sc.endWord()
		sc.punct(r)
		prev = r
	}
	sc.endWord()
	sc.endSentence()
	sc.closeQuote()
}

// joins reports whether r, met inside a word after prev and before rest,
// is dropped without ending the word: an apostrophe or a dot between
// letters, a dot or comma between digits.
func (sc *scanner) joins(r, prev rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '\'', '’', 'ʼ':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case '.':
		return (unicode.IsLetter(prev) && unicode.IsLetter(next)) || (isDigit(prev) && isDigit(next))
	case ',':
		return isDigit(prev) && isDigit(next)
	}
	return false
}

// punct handles a separator rune outside a word.
func (sc *scanner) punct(r rune) {
	switch r {
	case '.':
		if !sc.abbrev {
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
		sc.abbrev = false
	}
}

func (sc *scanner) appendLower(r rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		sc.buf = append(sc.buf, byte(r))
		return
	}
	sc.buf = utf8.AppendRune(sc.buf, unicode.ToLower(r))
}

// endWord records the word being read, if any.
func (sc *scanner) endWord() {
	if len(sc.buf) == 0 {
		return
	}
	sc.words = append(sc.words, wordHash(sc.buf))
	if sc.keep {
		sc.text = append(sc.text, string(sc.buf))
	}
	sc.abbrev = sc.dotted || (len(sc.buf) <= maxAbbrev && isAbbrev(sc.buf))
	sc.buf = sc.buf[:0]
	sc.dotted = false
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

// asciiWord returns the lower-case form of an ASCII letter or digit, and 0
// for any other byte.
func asciiWord(c byte) byte {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return c
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	}
	return 0
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isDigit(r rune) bool {
	return ('0' <= r && r <= '9') || (r >= utf8.RuneSelf && unicode.IsDigit(r))
}

// maxAbbrev is the length of the longest word isAbbrev knows, in bytes
// (a single letter may take up to 4).
const maxAbbrev = 6

// isAbbrev reports whether a dot after the lower-case word w is part of an
// abbreviation rather than the end of a sentence: single letters (initials)
// and common titles, company suffixes and months.
func isAbbrev(w []byte) bool {
	if utf8.RuneCount(w) == 1 {
		return true
	}
	switch string(w) {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "sen", "rep", "gov", "gen", "lt", "col", "sgt",
		"capt", "prof", "rev", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "aug", "sept",
		"oct", "nov", "dec", "approx", "dept", "est", "fig", "mt", "ft":
		return true
	}
	return false
}
