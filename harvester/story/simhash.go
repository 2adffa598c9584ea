package story

import "math/bits"

// Bands is how many bands a SimHash is cut into for the index; BandBits is
// the width of each. Two SimHashes within Bands-1 bits of each other share
// at least one band exactly.
const (
	Bands    = 4
	BandBits = 64 / Bands
)

// maxSimhashed is the most shingles simhash counts: the first ones.
const maxSimhashed = 1<<17 - 1

// simhash returns the 64-bit SimHash of shingle hashes: bit b is set when
// more than half of the hashes have bit b set.
func simhash(shingles []uint64) uint64 {
	n := min(len(shingles), maxSimhashed)
	var c bitCounts
	c.addAll(shingles[:n])
	return c.over(uint64(n / 2)) // 2*count > n is count > n/2, rounded down
}

// bitCounts counts, for each of the 64 bit positions, how many of the
// words added have that bit set. The counts are kept bit-sliced: planes[i]
// holds bit i of the 64 counts, so that adding a word costs a few word
// operations rather than 64 increments.
type bitCounts struct {
	planes [17]uint64 // enough for maxSimhashed
}

// add adds w<<level to the counts: it adds to each count of a bit set in w
// 1<<level.
func (c *bitCounts) add(w uint64, level int) {
	for i := level; w != 0; i++ {
		carry := c.planes[i] & w
		c.planes[i] ^= w
		w = carry
	}
}

// csa is a carry-save adder: it adds three words bit by bit and returns the
// sum bits and the carry bits.
func csa(a, b, c uint64) (sum, carry uint64) {
	u := a ^ b
	return u ^ c, a&b | u&c
}

// addAll adds the words ws (see csaSums).
func (c *bitCounts) addAll(ws []uint64) {
	var s csaSums
	for ; len(ws) >= 16; ws = ws[16:] {
		s.add16(c, (*[16]uint64)(ws))
	}
	s.finish(c, ws)
}

// csaSums adds words to bitCounts sixteen at a time with a tree of
// carry-save adders (Harley and Seal's method), keeping partial sums of
// weight 1, 2, 4 and 8 across groups so that only the words of weight 16
// go into the counts. The zero value is ready.
type csaSums struct {
	ones, twos, fours, eights uint64
}

// add16 adds sixteen words.
func (s *csaSums) add16(c *bitCounts, ws *[16]uint64) {
	ones, twos, fours, eights := s.ones, s.twos, s.fours, s.eights
	var twosA, twosB, foursA, foursB, eightsA, eightsB, sixteens uint64
	ones, twosA = csa(ones, ws[0], ws[1])
	ones, twosB = csa(ones, ws[2], ws[3])
	twos, foursA = csa(twos, twosA, twosB)
	ones, twosA = csa(ones, ws[4], ws[5])
	ones, twosB = csa(ones, ws[6], ws[7])
	twos, foursB = csa(twos, twosA, twosB)
	fours, eightsA = csa(fours, foursA, foursB)
	ones, twosA = csa(ones, ws[8], ws[9])
	ones, twosB = csa(ones, ws[10], ws[11])
	twos, foursA = csa(twos, twosA, twosB)
	ones, twosA = csa(ones, ws[12], ws[13])
	ones, twosB = csa(ones, ws[14], ws[15])
	twos, foursB = csa(twos, twosA, twosB)
	fours, eightsB = csa(fours, foursA, foursB)
	eights, sixteens = csa(eights, eightsA, eightsB)
	c.add(sixteens, 4)
	s.ones, s.twos, s.fours, s.eights = ones, twos, fours, eights
}

// finish adds the partial sums and the last words ws (fewer than sixteen)
// to the counts.
func (s *csaSums) finish(c *bitCounts, ws []uint64) {
	c.add(s.eights, 3)
	c.add(s.fours, 2)
	c.add(s.twos, 1)
	c.add(s.ones, 0)
	for _, w := range ws {
		c.add(w, 0)
	}
}

// over returns the word whose bit b is set when count b is over t,
// comparing all 64 counts with t at once, from the highest plane down.
func (c *bitCounts) over(t uint64) uint64 {
	var gt uint64
	eq := ^uint64(0) // the counts equal to t in the planes seen so far
	for i := len(c.planes) - 1; i >= 0; i-- {
		p := c.planes[i]
		if t>>i&1 != 0 {
			eq &= p
		} else {
			gt |= eq & p
			eq &^= p
		}
	}
	return gt
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
