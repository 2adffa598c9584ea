package story

import (
	"math/rand/v2"
	"testing"
)

// TestAlnumBlocksMatchesSWAR checks alnumBlocks, in assembly on amd64,
// against blockAlnums and blockSpaces, and those against byteClass, on
// random bytes of every value and on runs of letters, digits and spaces.
func TestAlnumBlocksMatchesSWAR(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	const alphabet = "azAZ09 @[`{/:\x00\x7f\x80\xff"
	for round := range 200 {
		b := make([]byte, 64*(1+round%7)+round%64)
		for i := range b {
			if round%2 == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		text := string(b)
		n := len(text) / 64
		in, sp := make([]uint64, n), make([]uint64, n)
		alnumBlocks(in, sp, text)
		for k := range n {
			block := text[64*k : 64*k+64]
			if got, want := in[k], blockAlnums(block); got != want {
				t.Fatalf("alnums of block %d of %q: got %#x, want %#x", k, text, got, want)
			}
			if got, want := sp[k], blockSpaces(block); got != want {
				t.Fatalf("spaces of block %d of %q: got %#x, want %#x", k, text, got, want)
			}
			var alnum, space uint64
			for i := range 64 {
				if isWordByte(byteClass[block[i]]) {
					alnum |= 1 << i
				}
				if block[i] == ' ' {
					space |= 1 << i
				}
			}
			if in[k] != alnum || sp[k] != space {
				t.Fatalf("block %d of %q: alnums %#x spaces %#x, want %#x %#x", k, text, in[k], sp[k], alnum, space)
			}
		}
	}
}
