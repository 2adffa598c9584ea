package story

import "slices"

// Most words are runs of ASCII letters and digits between spaces and
// punctuation. runs finds them all before the scanner reads the text:
// classify marks where runs start and end 64 bytes at a time (see
// bitmap.go), and every run is hashed as wordHash hashes its normalised
// form (ASCII letters and digits all become their normalised form by
// setting their 0x20 bit), in one loop with no branch on the run's length
// for all but the longest runs. The scanner then takes the runs that are
// whole words as they are, from break to break (see scanner.scan).

const (
	lsbs = 0x0101010101010101 // the lowest bit of each byte
	msbs = 0x8080808080808080 // the highest bit of each byte
)

// runs holds the runs of ASCII letters and digits of a text.
type runs struct {
	bounds []int32  // the runs' starts and ends (the byte after the last), ascending
	hash   []uint64 // the runs' hashes as words
	breaks []int32  // the runs not followed by a single space and the next run, ascending
	edges  []uint64 // bitmap of the runs' starts and ends, 64 bytes to a word
	ends   []uint64 // bitmap of the ends of the runs of breaks
	spaces []uint64 // bitmap of the spaces, for classify
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
	bounds := r.bounds[:2*n]
	long16 := hashShort(hash, bounds, text, safe)
	from := safe
	if long16 >= 16 {
		from = 0
	}
	for k := from; k < len(hash); k++ {
		if start, end := r.span(k); k >= safe || end-start >= 16 {
			hash[k] = hashRun(text, start, end)
		}
	}
	r.breaks = runsEndingAt(r.breaks[:0], r.ends, r.edges)
	r.hash = hash
}

// hashShort sets hash[k] to the hash of run k for the first n runs of
// bounds, which start sixteen bytes or more before the end of text, as
// hashRun does for those shorter than sixteen bytes. It returns the or of
// their lengths, whose bit 4 tells whether a run was longer.
func hashShort(hash []uint64, bounds []int32, text string, n int) (long16 int) {
	hash, bounds = hash[:n], bounds[:2*n]
	for i := 0; i+1 < len(bounds); i += 2 {
		start, end := int(bounds[i]), int(bounds[i+1])
		n := end - start
		s := text[start : start+16]
		first := load64(s[:8]) | 0x20*lsbs
		second := load64(s[8:16]) | 0x20*lsbs
		// The compiler selects the chunks with conditional moves.
		h, last, fold := uint64(wordSeed), first, foldChunk(wordSeed, first)
		if n >= 8 {
			h, last = fold, second
		}
		hash[i/2] = finishWord(h ^ last&lowBytes[n&7])
		long16 |= n
	}
	return long16
}

// lowBytes[n] has the n low bytes of a word set.
var lowBytes = [8]uint64{0, 1<<8 - 1, 1<<16 - 1, 1<<24 - 1, 1<<32 - 1, 1<<40 - 1, 1<<48 - 1, 1<<56 - 1}

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
