package story

import (
	"math/bits"
	"slices"
)

// Most words are runs of ASCII letters and digits between spaces and
// punctuation. runs finds them all before the scanner reads the text:
// classify marks where runs start and end eight bytes at a time, and
// every run is hashed as wordHash hashes its normalised form (ASCII
// letters and digits all become their normalised form by setting their
// 0x20 bit), in one loop with no branch on the run's length for all
// but the longest runs. The scanner then takes the runs that are whole
// words as they are (see scanner.scan).

const (
	lsbs = 0x0101010101010101 // the lowest bit of each byte
	msbs = 0x8080808080808080 // the highest bit of each byte
)

// runs holds the runs of ASCII letters and digits of a text.
type runs struct {
	bounds []int32  // the runs' starts and ends (the byte after the last), ascending
	hash   []uint64 // the runs' hashes as words
	edges  []uint64 // bitmap of the runs' starts and ends, 64 bytes to a word
}

// span returns the byte span [start, end) of run k.
func (r *runs) span(k int) (start, end int) {
	return int(r.bounds[2*k]), int(r.bounds[2*k+1])
}

// find sets the runs of text.
func (r *runs) find(text string) {
	r.classify(text)
	r.bounds = appendBits(r.bounds[:0], r.edges)
	n := len(r.bounds) / 2
	hash := slices.Grow(r.hash[:0], n)[:n]
	// The runs that start 16 bytes or more before the end of the text
	// are read sixteen bytes at a time, with no branch: a run shorter
	// than sixteen bytes is a chunk and a last one, which may be empty,
	// or just a last one. The longer runs and the last few are hashed
	// again below.
	safe := n
	for safe > 0 && int(r.bounds[2*safe-2])+16 > len(text) {
		safe--
	}
	bounds := r.bounds[:2*safe]
	var long16 int // has bit 4 set if a run is sixteen bytes long or more
	for k := range hash[:safe] {
		start, n := int(bounds[2*k]), int(bounds[2*k+1]-bounds[2*k])
		s := text[start : start+16]
		first := load64(s[:8]) | 0x20*lsbs
		second := load64(s[8:16]) | 0x20*lsbs
		long := -uint64(n >> 3 & 1) // all ones when n >= 8
		h := wordSeed ^ long&(foldChunk(wordSeed, first)^wordSeed)
		last := first ^ long&(first^second)
		hash[k] = finishWord(h ^ last&(1<<(8*(n&7))-1))
		long16 |= n
	}
	from := safe
	if long16 >= 16 {
		from = 0
	}
	for k := from; k < len(hash); k++ {
		if start, end := r.span(k); k >= safe || end-start >= 16 {
			hash[k] = hashRun(text, start, end)
		}
	}
	r.hash = hash
}

// classify sets the bitmap of the edges of the runs of text: bit i is set
// when a run starts at byte i or ends there (byte i-1 is the run's last).
// It has a bit for every byte and one more, for a run that ends with the
// text.
func (r *runs) classify(text string) {
	nb := len(text)/64 + 1
	edges := slices.Grow(r.edges[:0], nb)[:nb]
	var carry uint64 // whether the last byte of the previous block is in a run
	for b := range edges {
		var in uint64 // the bytes of the block in runs
		if lo := b * 64; lo+64 <= len(text) {
			in = blockAlnums(text[lo : lo+64])
		} else {
			var pad [64]byte // zero bytes are in no run
			copy(pad[:], text[lo:])
			in = blockAlnums(pad[:])
		}
		edges[b] = in ^ (in<<1 | carry) // where a byte's state differs from the one before
		carry = in >> 63
	}
	r.edges = edges
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

// appendBits appends to dst the index of every bit set in bitmap. It
// writes the indexes four at a time, whether the word has that many bits
// left or not, and then counts those it had, so that its loop ends less
// often at a branch the processor did not foresee.
func appendBits(dst []int32, bitmap []uint64) []int32 {
	total := 0
	for _, w := range bitmap {
		total += bits.OnesCount64(w)
	}
	n := len(dst)
	dst = slices.Grow(dst, total+4)[:n+total+4]
	for b, w := range bitmap {
		next := n + bits.OnesCount64(w)
		base := int32(b * 64)
		for ; w != 0; n += 4 {
			s := dst[n : n+4]
			s[0] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[1] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[2] = base + int32(bits.TrailingZeros64(w))
			w &= w - 1
			s[3] = base + int32(bits.TrailingZeros64(w))
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

// hashRun returns the hash of the run text[start:end], reading no byte
// past the text.
func hashRun(text string, start, end int) uint64 {
	h := uint64(wordSeed)
	for ; end-start >= 8; start += 8 {
		h = foldChunk(h, load64(text[start:start+8])|0x20*lsbs)
	}
	var last uint64
	for k := end - 1; k >= start; k-- {
		last = last<<8 | uint64(text[k]|0x20)
	}
	return finishWord(h ^ last)
}

// load64 returns the eight bytes of s as a little-endian word.
func load64[T string | []byte](s T) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
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
