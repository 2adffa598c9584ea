package story

// This file keeps a verbatim copy of the original scanner, with its
// identifiers prefixed by "ref", so that the differential tests can check
// that the optimised code returns exactly the same normalised words,
// sentences and quotes (Normalize, Words, Units). It also computes the
// fingerprint the plain way from the normalised words the reference
// scanner returns (see refFromWords), which the optimised code must match
// for every text.

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// refNormalize returns the normalised words of text joined by single spaces:
// lower case, letters, marks and digits only (see the package comment).
// refNormalize(refNormalize(s)) == refNormalize(s) for every s.
func refNormalize(text string) string {
	var sc refScanner
	sc.keep = true
	sc.scan(text)
	return strings.Join(sc.text, " ")
}

// refWords returns the normalised words of text.
func refWords(text string) []string {
	var sc refScanner
	sc.keep = true
	sc.scan(text)
	return sc.text
}

// refScanner splits a text into normalised words, recording each word's hash,
// the sentence ends and the quoted spans. The zero value is ready; reset
// it between texts to reuse its buffers.
type refScanner struct {
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

func (sc *refScanner) reset() {
	sc.text = sc.text[:0]
	sc.words = sc.words[:0]
	sc.ends = sc.ends[:0]
	sc.quotes = sc.quotes[:0]
	sc.buf = sc.buf[:0]
	sc.dotted, sc.abbrev = false, false
}

// scan reads text, appending to the refScanner's slices.
func (sc *refScanner) scan(text string) {
	sc.quoteAt = -1
	var prev rune // the previous rune, 0 at the start
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf { // ASCII fast path
			i++
			if lc := refASCIIWord(c); lc != 0 {
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
		if refIsWordRune(r) || (len(sc.buf) > 0 && unicode.IsMark(r)) {
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
func (sc *refScanner) joins(r, prev rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '\'', '’', 'ʼ':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case '.':
		return (unicode.IsLetter(prev) && unicode.IsLetter(next)) || (refIsDigit(prev) && refIsDigit(next))
	case ',':
		return refIsDigit(prev) && refIsDigit(next)
	}
	return false
}

// punct handles a separator rune outside a word.
func (sc *refScanner) punct(r rune) {
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

func (sc *refScanner) appendLower(r rune) {
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
func (sc *refScanner) endWord() {
	if len(sc.buf) == 0 {
		return
	}
	sc.words = append(sc.words, refWordHash(sc.buf))
	if sc.keep {
		sc.text = append(sc.text, string(sc.buf))
	}
	sc.abbrev = sc.dotted || (len(sc.buf) <= refMaxAbbrev && refIsAbbrev(sc.buf))
	sc.buf = sc.buf[:0]
	sc.dotted = false
}

func (sc *refScanner) endSentence() {
	n := int32(len(sc.words))
	if n > 0 && (len(sc.ends) == 0 || sc.ends[len(sc.ends)-1] != n) {
		sc.ends = append(sc.ends, n)
	}
}

func (sc *refScanner) closeQuote() {
	if sc.quoteAt < 0 {
		return
	}
	if n := int32(len(sc.words)); n > sc.quoteAt {
		sc.quotes = append(sc.quotes, [2]int32{sc.quoteAt, n})
	}
	sc.quoteAt = -1
}

// refASCIIWord returns the lower-case form of an ASCII letter or digit, and 0
// for any other byte.
func refASCIIWord(c byte) byte {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return c
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	}
	return 0
}

func refIsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func refIsDigit(r rune) bool {
	return ('0' <= r && r <= '9') || (r >= utf8.RuneSelf && unicode.IsDigit(r))
}

// refMaxAbbrev is the length of the longest word refIsAbbrev knows, in bytes
// (a single letter may take up to 4).
const refMaxAbbrev = 6

// refIsAbbrev reports whether a dot after the lower-case word w is part of an
// abbreviation rather than the end of a sentence: single letters (initials)
// and common titles, company suffixes and months.
func refIsAbbrev(w []byte) bool {
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

// refFingerprinter computes fingerprints with the reference scanner,
// reusing it between texts.
type refFingerprinter struct {
	sc refScanner
}

// refCompute returns the fingerprint of text with a fresh refFingerprinter.
func refCompute(text string) Fingerprint {
	var f refFingerprinter
	return f.Fingerprint(text)
}

// Fingerprint returns the fingerprint of text.
func (f *refFingerprinter) Fingerprint(text string) Fingerprint {
	f.sc.reset()
	f.sc.keep = true
	f.sc.scan(text)
	return refFromWords(f.sc.text, f.sc.ends, f.sc.quotes)
}

// refFromWords returns the fingerprint of a text from its normalised
// words, its sentence ends and its quotes, the plain way: each word hashed
// on its own, each shingle and unit hashed from its words.
func refFromWords(words []string, ends []int32, quotes [][2]int32) Fingerprint {
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = refWordHash([]byte(w))
	}
	var shingles []uint64
	switch {
	case len(hashes) >= ShingleSize:
		for i := 0; i+ShingleSize <= len(hashes); i++ {
			w := hashes[i : i+ShingleSize]
			hi, lo := bits.Mul64(w[0]^bits.RotateLeft64(w[1], 21), w[2]^0x94d049bb133111eb)
			shingles = append(shingles, hi^lo)
		}
	case len(hashes) > 0:
		shingles = append(shingles, refSeqHash(hashes))
	}
	fp := Fingerprint{Words: len(words), SimHash: refSimhash(shingles)}
	fp.MinHash = slices.Clone(refBottomK(shingles, nil, MinHashSize))
	units, probes := refAppendUnits(hashes, ends, quotes, nil, nil)
	fp.Units, fp.Probes = slices.Clone(units), slices.Clone(probes)
	return fp
}

// refAppendUnits appends the hashes of the long sentences and long quotes
// of a text of word hashes words to units, ascending, distinct, at most
// MaxUnits, and the probes among them to probes, ascending and distinct.
func refAppendUnits(words []uint64, ends []int32, quotes [][2]int32, units, probes []uint32) ([]uint32, []uint32) {
	start := int32(0)
	for _, end := range ends {
		if end-start >= MinSentenceWords {
			u := uint32(refSeqHash(words[start:end]) >> 32)
			units = append(units, u)
			if u&sentenceProbeMask == 0 {
				probes = append(probes, u)
			}
		}
		start = end
	}
	for _, q := range quotes {
		if q[1]-q[0] >= MinQuoteWords {
			u := uint32(refSeqHash(words[q[0]:q[1]]) >> 32)
			units = append(units, u)
			probes = append(probes, u)
		}
	}
	slices.Sort(units)
	units = slices.Compact(units)
	units = units[:min(len(units), MaxUnits)]
	slices.Sort(probes)
	probes = slices.Compact(probes)
	kept := probes[:0]
	for _, p := range probes {
		if _, ok := slices.BinarySearch(units, p); ok {
			kept = append(kept, p)
		}
	}
	return units, kept
}

// refUnits returns the normalised text of the long sentences and long quotes
// of text, in text order (sentences first, then quotes), for inspection.
func refUnits(text string) []string {
	var sc refScanner
	sc.keep = true
	sc.scan(text)
	var out []string
	join := func(s, e int32) string {
		b := []byte{}
		for i, w := range sc.text[s:e] {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, w...)
		}
		return string(b)
	}
	start := int32(0)
	for _, end := range sc.ends {
		if end-start >= MinSentenceWords {
			out = append(out, join(start, end))
		}
		start = end
	}
	for _, q := range sc.quotes {
		if q[1]-q[0] >= MinQuoteWords {
			out = append(out, join(q[0], q[1]))
		}
	}
	return out
}

// refWordHash returns the hash of a normalised word: its bytes, zero-padded
// to a multiple of eight, read as little-endian 64-bit chunks; every chunk
// but the last folded into a running value with a multiplication and a
// rotation, the last one xored in and the result multiplied by a constant
// into 128 bits, whose halves are xored.
func refWordHash(w []byte) uint64 {
	padded := make([]byte, len(w)/8*8+8)
	copy(padded, w)
	h := uint64(0x243f6a8885a308d3)
	for len(padded) > 8 {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(padded))*0x9e3779b97f4a7c15, 29)
		padded = padded[8:]
	}
	hi, lo := bits.Mul64(h^binary.LittleEndian.Uint64(padded), 0xbf58476d1ce4e5b9)
	return hi ^ lo
}

// refMix is the SplitMix64 finaliser: a bijection with good avalanche.
func refMix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// refSeqHash returns an order-sensitive hash of a sequence of word hashes:
// the polynomial of the hashes with base 0xff51afd7ed558ccd modulo 2^64,
// evaluated by Horner's rule, plus the length times 0xc4ceb9fe1a85ec53,
// finished with refMix.
func refSeqHash(words []uint64) uint64 {
	var h uint64
	for _, w := range words {
		h = h*0xff51afd7ed558ccd + w
	}
	return refMix(h + uint64(len(words))*0xc4ceb9fe1a85ec53)
}

// refSimhash returns the 64-bit SimHash of shingle hashes: bit b is set when
// more than half of the hashes have bit b set. The per-bit counts are kept
// bit-sliced (planes[i] holds bit i of the 64 counters), so adding a hash
// costs a few word operations rather than 64 increments.
func refSimhash(shingles []uint64) uint64 {
	var planes [17]uint64
	n := min(len(shingles), 1<<17-1)
	for _, h := range shingles[:n] {
		carry := h
		for i := 0; carry != 0; i++ {
			t := planes[i] & carry
			planes[i] ^= carry
			carry = t
		}
	}
	var out uint64
	for b := range 64 {
		c := 0
		for i, p := range planes {
			c |= int(p>>b&1) << i
		}
		if 2*c > n {
			out |= 1 << b
		}
	}
	return out
}

// refBottomK returns the k smallest distinct 32-bit values of the shingle
// hashes (their top 32 bits), ascending, reusing buf. The hashes are
// uniform, so it first keeps only the values under a threshold expected to
// let about 2k through, and sorts those; when too few pass (repeated
// shingles) it sorts them all.
func refBottomK(shingles []uint64, buf []uint32, k int) []uint32 {
	limit := uint64(1) << 32
	if n := len(shingles); n > 2*k {
		limit = limit * uint64(2*k) / uint64(n)
	}
	for {
		buf = buf[:0]
		for _, h := range shingles {
			if v := h >> 32; v < limit {
				buf = append(buf, uint32(v))
			}
		}
		slices.Sort(buf)
		buf = slices.Compact(buf)
		if len(buf) >= k || limit == 1<<32 {
			return buf[:min(len(buf), k)]
		}
		limit = 1 << 32
	}
}
