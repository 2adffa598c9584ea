//go:build !purego

package story

// alnumBlocks sets in[b] to the bitmap of the ASCII letters and digits of
// the block of 64 bytes text[64*b:64*b+64] and sp[b] to that of its
// spaces, for every b < len(in), as blockAlnums and blockSpaces do, with
// SSE2 (which every amd64 processor has). The text must hold 64*len(in)
// bytes or more, and sp as many words as in; alnumBlocks checks it.
func alnumBlocks(in, sp []uint64, text string) {
	if len(text) < 64*len(in) || len(sp) < len(in) {
		panic("story: alnumBlocks past the end of its arguments")
	}
	alnumBlocksSSE2(in, sp, text)
}

// alnumBlocksSSE2 is alnumBlocks, in alnum_amd64.s.
//
//go:noescape
func alnumBlocksSSE2(in, sp []uint64, text string)
