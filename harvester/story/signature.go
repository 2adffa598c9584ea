package story

import "slices"

// Signature is the part of a Fingerprint that a store keeps for every
// post: enough to find candidates (the SimHash bands and the probe units)
// and to tell that a text changed. It is about a fifth of a Fingerprint.
// Candidates are confirmed with whole Fingerprints, computed again from
// the two texts: a harvest fingerprints every post, but only the few
// posts that look alike are ever compared.
type Signature struct {
	// Words is the number of normalised words of the text.
	Words int
	// SimHash is the 64-bit SimHash of the word shingles.
	SimHash uint64
	// Probes are the units the store indexes, ascending (see Fingerprint).
	Probes []uint32
}

// Usable reports whether the text was long enough to be compared.
func (s *Signature) Usable() bool { return s.Words >= MinWords }

// Equal reports whether two signatures are identical.
func (s *Signature) Equal(o *Signature) bool {
	return s.Words == o.Words && s.SimHash == o.SimHash && slices.Equal(s.Probes, o.Probes)
}

// Signature returns the signature of fp; it shares fp's Probes.
func (fp *Fingerprint) Signature() Signature {
	return Signature{Words: fp.Words, SimHash: fp.SimHash, Probes: fp.Probes}
}

// Signature returns the signature of text, as Fingerprint(text).Signature()
// would, without building the MinHash sketch and the units list. Its Probes
// are fresh (nil when there are none).
func (f *Fingerprinter) Signature(text string) Signature {
	sig, _ := f.AppendSignature(nil, text)
	return sig
}

// AppendSignature returns the signature of text, as Signature does, with
// its Probes appended to probes (and capped there), and probes with them:
// the signatures of a page's posts can share one array of probes.
func (f *Fingerprinter) AppendSignature(probes []uint32, text string) (Signature, []uint32) {
	f.sc.reset()
	f.sc.scan(text)
	words := f.sc.words
	sig := Signature{Words: len(words)}
	sig.SimHash = f.simhashWords(words)
	f.findProbes()
	if len(f.probes) > 0 {
		start := len(probes)
		probes = append(probes, f.probes...)
		sig.Probes = probes[start:len(probes):len(probes)]
	}
	return sig, probes
}

// simhashWords sets f.prefix to the polynomials of the prefixes of words
// (see spanHash) and returns the SimHash of their shingles, as simhash of
// the shingles of hashWords would, adding the shingles to the counts
// sixteen at a time as it hashes them rather than storing them.
func (f *Fingerprinter) simhashWords(words []uint64) uint64 {
	f.prefix = prefixes(f.prefix, words)
	n := len(words)
	if n < ShingleSize {
		if n == 0 {
			return 0
		}
		return simhash([]uint64{finishSeq(f.prefix[n], n)})
	}
	m := min(n-ShingleSize+1, maxSimhashed)
	var c bitCounts
	var sums csaSums
	var group [16]uint64
	i := 0
	for ; i+16 <= m; i += 16 {
		w := words[i : i+16+ShingleSize-1]
		for k := range group {
			group[k] = shingleHash(w[k], w[k+1], w[k+2])
		}
		sums.add16(&c, &group)
	}
	k := 0
	for ; i < m; i++ {
		group[k] = shingleHash(words[i], words[i+1], words[i+2])
		k++
	}
	sums.finish(&c, group[:k])
	return c.over(uint64(m / 2)) // 2*count > m is count > m/2, rounded down
}
