package story

import "math/bits"

// Words are hashed with 64-bit FNV-1a over their normalised UTF-8 bytes,
// finished with mix so that every bit depends on every byte. The scanner
// hashes each byte as it reads it (see scanner.scan), which gives the same
// hash as hashing the finished word.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvByte adds the byte c to the FNV-1a hash h.
func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// mix is the SplitMix64 finaliser: a bijection with good avalanche.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// seqHash returns an order-sensitive hash of a sequence of word hashes.
func seqHash(words []uint64) uint64 {
	h := uint64(len(words))
	for _, w := range words {
		h = bits.RotateLeft64(h, 23) ^ w
		h *= 0x9e3779b97f4a7c15
	}
	return mix(h)
}
