package story

import (
	"math/bits"
	"slices"
)

// classify sets the bitmaps of the runs of text, 64 bytes to a word: in
// edges, bit i is set when a run starts at byte i or ends there (byte i-1
// is the run's last); in ends, when a run that is a break ends there (see
// runs.breaks). They have a bit for every byte and one more, for a run
// that ends with the text.
func (r *runs) classify(text string) {
	nb := len(text)/64 + 1
	edges := slices.Grow(r.edges[:0], nb)[:nb]
	spaces := slices.Grow(r.spaces[:0], nb)[:nb]
	ends := slices.Grow(r.ends[:0], nb)[:nb]
	// Set edges to the bitmaps of the bytes in runs first, and spaces to
	// those of the spaces: those of the full blocks all at once, those of
	// the last block, padded with zero bytes (neither), alone.
	full := len(text) / 64
	alnumBlocks(edges[:full], spaces[:full], text)
	var pad [64]byte
	copy(pad[:], text[64*full:])
	edges[full], spaces[full] = blockAlnums(pad[:]), blockSpaces(pad[:])
	var carry uint64 // whether the last byte of the previous block is in a run
	for b, in := range edges {
		after := in<<1 | carry // the bytes after a byte in a run
		before := in >> 1      // the bytes before a byte in a run
		if b+1 < nb {
			before |= edges[b+1] << 63 // not yet turned into edges
		}
		joining := spaces[b] & after & before
		ends[b] = after &^ in &^ joining
		edges[b] = in ^ after // where a byte's state differs from the one before
		carry = in >> 63
	}
	r.edges, r.spaces, r.ends = edges, spaces, ends
}

// runsEndingAt appends to dst the index of the run that ends at each bit
// set in ends, given the bitmap of the runs' edges: the run whose end has
// 2k+1 edges before it is run k.
func runsEndingAt(dst []int32, ends, edges []uint64) []int32 {
	edges = edges[:len(ends)]
	before := 0 // the edges of the blocks before
	for b, w := range ends {
		e := edges[b]
		for ; w != 0; w &= w - 1 {
			n := before + bits.OnesCount64(e&(w&-w-1))
			dst = append(dst, int32(n/2))
		}
		before += bits.OnesCount64(e)
	}
	return dst
}

// blockAlnums returns the bitmap of the ASCII letters and digits of a
// block of 64 bytes.
func blockAlnums[T string | []byte](block T) uint64 {
	block = block[:64]
	var in uint64
	for k := 0; k < 64; k += 8 {
		in |= packHighBits(alnums(load64(block[k:k+8]))) << k
	}
	return in
}

// blockSpaces returns the bitmap of the spaces of a block of 64 bytes.
func blockSpaces[T string | []byte](block T) uint64 {
	block = block[:64]
	var in uint64
	for k := 0; k < 64; k += 8 {
		in |= packHighBits(spaces(load64(block[k:k+8]))) << k
	}
	return in
}

// appendBits appends to dst the index of every bit set in bitmap. It
// writes the indexes eight at a time, whether the word has that many bits
// left or not, and then counts those it had, so that its loop ends less
// often at a branch the processor did not foresee.
func appendBits(dst []int32, bitmap []uint64) []int32 {
	total := 0
	for _, w := range bitmap {
		total += bits.OnesCount64(w)
	}
	n := len(dst)
	dst = slices.Grow(dst, total+8)[:n+total+8]
	for b, w := range bitmap {
		next := n + bits.OnesCount64(w)
		base := int32(b * 64)
		for ; w != 0; n += 8 {
			s := dst[n : n+8]
			s[0] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[1] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[2] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[3] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[4] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[5] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[6] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[7] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
		}
		n = next
	}
	return dst[:n]
}

// packHighBits returns the high bits of the eight bytes of x as the eight
// low bits of a byte: the multiplier moves the bit of byte k (bit 8k once
// shifted) to bit 56+k, and no two of the partial products overlap.
func packHighBits(x uint64) uint64 {
	return (x >> 7) * 0x0102040810204080 >> 56
}

// alnums returns the high bit of each byte of x that is an ASCII letter or
// digit. It compares the bytes with the ends of each range by adding to
// them the distance of the range's end to 0x80, with the high bits cleared
// first so that no sum carries into the next byte.
func alnums(x uint64) uint64 {
	low := x &^ msbs
	lower := low | 0x20*lsbs // the letters in lower case, no other byte among them
	letters := (lower + (0x80-'a')*lsbs) &^ (lower + (0x80-'z'-1)*lsbs)
	digits := (low + (0x80-'0')*lsbs) &^ (low + (0x80-'9'-1)*lsbs)
	return (letters | digits) &^ x & msbs
}

// spaces returns the high bit of each byte of x that is a space: of each
// byte that is zero once xored with spaces, whose low bits do not carry
// into the high bit when 0x7f is added to them.
func spaces(x uint64) uint64 {
	t := x ^ 0x20*lsbs
	return ^((t&^msbs + 0x7f*lsbs) | t) & msbs
}
