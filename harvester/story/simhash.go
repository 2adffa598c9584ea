package story

import "math/bits"

// Bands is how many bands a SimHash is cut into for the index; BandBits is
// the width of each. Two SimHashes within Bands-1 bits of each other share
// at least one band exactly.
const (
	Bands    = 4
	BandBits = 64 / Bands
)

// simhash returns the 64-bit SimHash of shingle hashes: bit b is set when
// more than half of the hashes have bit b set. The per-bit counts are kept
// bit-sliced (planes[i] holds bit i of the 64 counters), so adding a hash
// costs a few word operations rather than 64 increments.
func simhash(shingles []uint64) uint64 {
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

// Hamming returns the number of bits that differ between a and b.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// BandsOf cuts a SimHash into its Bands bands, lowest bits first.
func BandsOf(simhash uint64) [Bands]uint16 {
	var out [Bands]uint16
	for i := range out {
		out[i] = uint16(simhash >> (i * BandBits))
	}
	return out
}
