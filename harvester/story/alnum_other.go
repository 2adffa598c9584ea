//go:build !amd64 || purego

package story

// alnumBlocks sets in[b] to the bitmap of the ASCII letters and digits of
// the block of 64 bytes text[64*b:64*b+64] and sp[b] to that of its
// spaces, for every b < len(in) (see blockAlnums and blockSpaces). The
// text must hold 64*len(in) bytes or more, and sp as many words as in.
func alnumBlocks(in, sp []uint64, text string) {
	sp = sp[:len(in)]
	for b := range in {
		in[b] = blockAlnums(text[64*b : 64*b+64])
		sp[b] = blockSpaces(text[64*b : 64*b+64])
	}
}
