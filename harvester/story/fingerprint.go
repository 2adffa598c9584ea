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

// Fingerprint is what the store keeps of a text to find its copies and
// rewrites.
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
	f.hashWords(words)
	fp.SimHash = simhash(f.shingles)
	f.mins = bottomK(f.shingles, f.mins, MinHashSize)
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
// and f.prefix to the polynomials of their prefixes (see spanHash), in one
// pass so that the multiplications of the one overlap with the other's.
func (f *Fingerprinter) hashWords(words []uint64) {
	n := len(words)
	prefix := append(f.prefix[:0], make([]uint64, n+1)...)
	shingles := f.shingles[:0]
	if n >= ShingleSize {
		shingles = append(shingles, make([]uint64, n-ShingleSize+1)...)
		// The first windows of prefix and words are read once more per
		// word, but cost nothing to keep in registers.
		var h uint64
		for i := 0; i+ShingleSize <= n; i++ {
			w := words[i : i+ShingleSize]
			shingles[i] = shingleHash(w[0], w[1], w[2])
			h = h*unitPrime + w[0]
			prefix[i+1] = h
		}
		for i := n - ShingleSize + 1; i < n; i++ {
			h = h*unitPrime + words[i]
			prefix[i+1] = h
		}
	} else {
		var h uint64
		for i, w := range words {
			h = h*unitPrime + w
			prefix[i+1] = h
		}
		if n > 0 {
			shingles = append(shingles, finishSeq(h, n))
		}
	}
	f.prefix, f.shingles = prefix, shingles
}
