package story

import "math/bits"

// A word is hashed eight bytes at a time over its normalised UTF-8 bytes
// (see wordHash): every full chunk of eight bytes, read little-endian, is
// folded into a running value with one multiplication, and the last chunk
// (the zero to seven bytes left, zero-padded) is xored in and the result
// finished with a folded multiplication (see foldMul). Normalised bytes
// are never zero, so the padding cannot be mistaken for a byte of the
// word. The runs of ASCII letters and digits are hashed eight bytes at a
// time straight from the text (see runs.find), which gives the same hash.
const (
	wordSeed   = 0x243f6a8885a308d3 // the running value before the first chunk
	chunkMul   = 0x9e3779b97f4a7c15 // the odd multiplier of the chunks
	chunkRot   = 29                 // brings a chunk's high bits down for the next one
	unitPrime  = 0xff51afd7ed558ccd // the odd base of the units' polynomial hash
	unitLen    = 0xc4ceb9fe1a85ec53 // weighs a unit's length into its hash
	wordMul    = 0xbf58476d1ce4e5b9 // finishes a word's hash
	shingleXor = 0x94d049bb133111eb // keeps a shingle's last word away from zero
)

// foldChunk folds a full eight-byte chunk of a word into h.
func foldChunk(h, chunk uint64) uint64 {
	return bits.RotateLeft64((h^chunk)*chunkMul, chunkRot)
}

// wordHash returns the hash of the normalised word w.
func wordHash(w []byte) uint64 {
	h := uint64(wordSeed)
	for ; len(w) >= 8; w = w[8:] {
		h = foldChunk(h, load64(w))
	}
	var last uint64
	for i, c := range w {
		last |= uint64(c) << (8 * i)
	}
	return finishWord(h ^ last)
}

// finishWord returns the hash of a word from its running value with the
// last chunk xored in.
func finishWord(h uint64) uint64 { return foldMul(h, wordMul) }

// foldMul returns the xor of the high and low halves of the 128-bit
// product of x and y: every bit of it depends on most bits of both, for
// a single multiplication.
func foldMul(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// mix is the SplitMix64 finaliser: a bijection with good avalanche.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// shingleHash returns the hash of the three words of a shingle, in order:
// the folded product of the first two (the second rotated, so that
// swapping them changes the hash) and the third.
func shingleHash(a, b, c uint64) uint64 {
	return foldMul(a^bits.RotateLeft64(b, 21), c^shingleXor)
}

// A sequence of words (a unit, or a text shorter than a shingle) is
// hashed as the polynomial w[0]*P^(n-1) + ... + w[n-1] modulo 2^64, P
// being unitPrime, with its length n weighed in and finished by mix (see
// seqHash). Being a polynomial, the hash of any run of words follows from
// the hashes of the text's prefixes: that of words[s:e] is
// prefix[e] - prefix[s]*P^(e-s) (see spanHash), so that the fingerprinter
// reads every word once for all its sentences and quotes. The word
// hashes are random, which makes accidental collisions as rare as for
// any 64-bit hash; a text crafted for it could make two of its own long
// runs collide, which only merges two of its units.

// seqHash returns the order-sensitive hash of a sequence of word hashes.
func seqHash(words []uint64) uint64 {
	var h uint64
	for _, w := range words {
		h = h*unitPrime + w
	}
	return finishSeq(h, len(words))
}

// finishSeq returns the hash of a sequence of n words of polynomial h.
func finishSeq(h uint64, n int) uint64 { return mix(h + uint64(n)*unitLen) }

// spanHash returns the hash of words[s:e] given prefix, where prefix[i] is
// the polynomial of words[:i].
func spanHash(prefix []uint64, s, e int32) uint64 {
	return finishSeq(prefix[e]-prefix[s]*unitPower(uint(e-s)), int(e-s))
}

// unitPowers[n] is unitPrime^n modulo 2^64, for the spans of most units.
var unitPowers = func() (p [256]uint64) {
	p[0] = 1
	for n := 1; n < len(p); n++ {
		p[n] = p[n-1] * unitPrime
	}
	return p
}()

// unitPower returns unitPrime^n modulo 2^64.
func unitPower(n uint) uint64 {
	if n < uint(len(unitPowers)) {
		return unitPowers[n]
	}
	return power(unitPrime, n)
}

// power returns x^n modulo 2^64.
func power(x uint64, n uint) uint64 {
	p := uint64(1)
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p *= x
		}
		x *= x
	}
	return p
}
