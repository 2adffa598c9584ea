package story

import "slices"

// Fingerprint parameters.
const (
	// ShingleSize is the number of words in a shingle.
	ShingleSize = 3
	// MinWords is the fewest words a text needs to be fingerprinted:
	// shorter texts (captions, embeds) match too easily.
	MinWords = 25
	// MinSentenceWords is the fewest words of a long sentence.
	MinSentenceWords = 10
	// MinQuoteWords is the fewest words of a long quote.
	MinQuoteWords = 6
	// MaxUnits bounds the units kept per text: the smallest hashes stay.
	MaxUnits = 96
	// sentenceProbeMask selects the long sentences that go into the index
	// besides every long quote: those whose hash has these bits clear (a
	// quarter of them). The choice depends only on the unit, so two texts
	// sharing a sentence index it alike.
	sentenceProbeMask = 3
)

// Fingerprint is what tells whether two texts are copies or rewrites of
// one another (see Compare).
type Fingerprint struct {
	// Words is the number of normalised words of the text.
	Words int
	// SimHash is the 64-bit SimHash of the word shingles.
	SimHash uint64
	// MinHash is the bottom-k sketch of the shingle hashes (top 32 bits),
	// ascending, at most MinHashSize values.
	MinHash []uint32
	// Units are the hashes of the long sentences and long quotes,
	// ascending and distinct, at most MaxUnits.
	Units []uint32
	// Probes are the units the store indexes, ascending: every long quote
	// (rewrites keep quotes word for word) and a fixed quarter of the long
	// sentences, chosen by hash.
	Probes []uint32
}

// Usable reports whether the text was long enough to be compared.
func (fp *Fingerprint) Usable() bool { return fp.Words >= MinWords }

// Bands returns the SimHash bands the store indexes.
func (fp *Fingerprint) Bands() [Bands]uint16 { return BandsOf(fp.SimHash) }

// Equal reports whether two fingerprints are identical.
func (fp *Fingerprint) Equal(o *Fingerprint) bool {
	return fp.Words == o.Words && fp.SimHash == o.SimHash &&
		slices.Equal(fp.MinHash, o.MinHash) && slices.Equal(fp.Units, o.Units) && slices.Equal(fp.Probes, o.Probes)
}

// Fingerprinter computes fingerprints, reusing its buffers between texts.
// The zero value is ready. It is not safe for concurrent use.
type Fingerprinter struct {
	sc          scanner
	shingles    []uint64
	prefix      []uint64 // the polynomials of the words' prefixes (see spanHash)
	unitHashes  []uint64 // the long sentences' and quotes' hashes
	quoteHashes []uint64 // the long quotes' hashes
	mins        []uint32
	units       []uint32
	quotes      []uint32
	probes      []uint32
}

// Compute returns the fingerprint of text with a fresh Fingerprinter.
func Compute(text string) Fingerprint {
	var f Fingerprinter
	return f.Fingerprint(text)
}

// Fingerprint returns the fingerprint of text. Its slices are fresh (they
// do not alias the Fingerprinter's buffers).
func (f *Fingerprinter) Fingerprint(text string) Fingerprint {
	f.sc.reset()
	f.sc.scan(text)
	words := f.sc.words
	fp := Fingerprint{Words: len(words)}
	limit := minhashLimit(max(len(words)-ShingleSize+1, 1), MinHashSize)
	n := f.hashWords(words, limit)
	fp.SimHash = simhash(f.shingles)
	f.mins = finishBottomK(f.mins, n, f.shingles, limit, MinHashSize)
	candidates := f.findUnits()
	// The three lists share one allocation. Each is nil when empty, but
	// for Probes when the text had probes that MaxUnits dropped, as has
	// always been.
	m, u, p := len(f.mins), len(f.units), len(f.probes)
	if m+u+p == 0 && !candidates {
		return fp
	}
	all := make([]uint32, m+u+p)
	if m > 0 {
		fp.MinHash = all[:m:m]
		copy(fp.MinHash, f.mins)
	}
	if u > 0 {
		fp.Units = all[m : m+u : m+u]
		copy(fp.Units, f.units)
	}
	if p > 0 || candidates {
		fp.Probes = all[m+u:]
		copy(fp.Probes, f.probes)
	}
	return fp
}

// hashWords sets f.shingles to the hashes of the ShingleSize-word windows
// of words (one window, the hash of all the words, for a shorter text)
// and f.prefix to the polynomials of their prefixes (see spanHash). It
// also writes the top 32 bits of the shingles under limit to the start of
// f.mins, grown to twice as many values as shingles for bottomK (see
// finishBottomK), and returns how many it wrote.
func (f *Fingerprinter) hashWords(words []uint64, limit uint64) int {
	n := len(words)
	f.prefix = prefixes(f.prefix, words)
	shingles := f.shingles[:0]
	if n >= ShingleSize {
		// The loop below sets every shingle: no need to clear them first.
		shingles = slices.Grow(shingles, n-ShingleSize+1)[:n-ShingleSize+1]
	} else if n > 0 {
		shingles = append(shingles, finishSeq(f.prefix[n], n))
	}
	mins := slices.Grow(f.mins[:0], 2*len(shingles))[:2*len(shingles)]
	kept := 0
	if n >= ShingleSize {
		for i := range shingles {
			w := words[i : i+ShingleSize]
			s := shingleHash(w[0], w[1], w[2])
			shingles[i] = s
			mins[kept] = uint32(s >> 32)
			kept += keeps(s>>32, limit)
		}
	} else {
		kept = keepTops(mins, shingles, limit)
	}
	f.shingles, f.mins = shingles, mins
	return kept
}

// prefixes returns dst set to the polynomials of the prefixes of words
// (see spanHash), len(words)+1 of them. It steps two words at a time, the
// polynomial of words[:i+2] being that of words[:i] times unitPrime^2
// plus words[i]*unitPrime + words[i+1], so that one multiplication and
// one addition separate the polynomials it chains rather than two of
// each.
func prefixes(dst, words []uint64) []uint64 {
	const p = unitPrime
	p2 := unitPowers[2]
	n := len(words)
	dst = slices.Grow(dst[:0], n+1)[:n+1]
	dst[0] = 0
	var h uint64 // the polynomial of words[:i]
	i := 0
	for ; i+1 < n; i += 2 {
		a, b := words[i], words[i+1]
		dst[i+1] = h*p + a
		h = h*p2 + (a*p + b)
		dst[i+2] = h
	}
	if i < n {
		dst[i+1] = h*p + words[i]
	}
	return dst
}
