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
	f.sc.reset()
	f.sc.scan(text)
	words := f.sc.words
	sig := Signature{Words: len(words)}
	f.hashWords(words, 0) // limit 0: no value kept for the sketch
	sig.SimHash = simhash(f.shingles)
	f.findUnits()
	if len(f.probes) > 0 {
		sig.Probes = slices.Clone(f.probes)
	}
	return sig
}
