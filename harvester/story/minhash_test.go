package story

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBottomKMatchesFullSort checks the thresholded selection against
// sorting everything, with repeated values and short inputs.
func TestBottomKMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 63, 64, 65, 191, 192, 193, 500, 5000} {
		for _, distinct := range []int{1, 3, 70, 1 << 30} {
			hs := make([]uint64, n)
			for i := range hs {
				hs[i] = mix(uint64(r.IntN(distinct)))
			}
			var all []uint32
			for _, h := range hs {
				all = append(all, uint32(h>>32))
			}
			slices.Sort(all)
			all = slices.Compact(all)
			want := all[:min(len(all), MinHashSize)]
			if got := bottomK(hs, nil, MinHashSize); !slices.Equal(got, want) {
				t.Fatalf("n=%d distinct=%d: got %d values, want %d", n, distinct, len(got), len(want))
			}
		}
	}
}

func TestResemblance(t *testing.T) {
	a := []uint32{1, 2, 3, 4}
	if got := resemblance(a, a, MinHashSize); got != 1 {
		t.Fatalf("self: %v", got)
	}
	if got := resemblance(a, []uint32{3, 4, 5, 6}, MinHashSize); got != 2.0/6 {
		t.Fatalf("half overlap: %v, want exact 2/6 for small sets", got)
	}
	if got := resemblance(nil, nil, MinHashSize); got != 0 {
		t.Fatalf("empty: %v", got)
	}
}
