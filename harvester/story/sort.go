package story

import (
	"math/bits"
	"slices"
)

// sortTops sets dst to the top 32 bits of those hashes that are under
// limit (shifted down), in ascending order with repeats, and returns it.
//
// The hashes are uniform, so the values spread evenly over [0, limit): it
// distributes them into about as many buckets as values, by their leading
// bits, which leaves few of them out of order, and an insertion sort puts
// those right. This costs a few operations per value and few mispredicted
// branches, where a comparison sort of random values mispredicts at about
// every other comparison. Should the buckets be uneven (a text crafted for
// it), it sorts with slices.Sort instead.
func sortTops(dst []uint32, hashes []uint64, limit uint64) []uint32 {
	// Keep the values under limit, with no branch to mispredict, at the
	// start of dst; the rest of dst holds the buckets.
	dst = slices.Grow(dst[:0], 2*len(hashes))[:2*len(hashes)]
	n := 0
	for _, h := range hashes {
		v := h >> 32
		dst[n] = uint32(v)
		// v-limit wraps around, setting its top bit, when v < limit: v
		// and limit are at most 1<<32.
		n += int((v - limit) >> 63)
	}
	vals, sorted := dst[:n], dst[n:2*n]
	if n <= 16 {
		insertionSort(vals)
		return vals
	}

	const maxBuckets = 256 // keeps at small
	nb := min(1<<bits.Len(uint(n)), maxBuckets)
	// The bucket of v is v*scale>>32, under nb for every v under limit:
	// v*scale < limit*scale <= nb<<32, which cannot overflow.
	scale := uint64(nb) << 32 / limit
	var at [maxBuckets]int
	for _, v := range vals {
		at[uint64(v)*scale>>32]++
	}
	// Turn the counts into the start of each bucket.
	start, largest := 0, 0
	for b, c := range at[:nb] {
		at[b] = start
		start += c
		largest = max(largest, c)
	}
	for _, v := range vals {
		b := uint64(v) * scale >> 32
		sorted[at[b]] = v
		at[b]++
	}
	if largest > 32 {
		slices.Sort(sorted)
	} else {
		insertionSort(sorted)
	}
	copy(vals, sorted)
	return vals
}

// insertionSort sorts s, quickly when few of its values are out of order.
func insertionSort(s []uint32) {
	for i := 1; i < len(s); i++ {
		v, j := s[i], i
		for ; j > 0 && s[j-1] > v; j-- {
			s[j] = s[j-1]
		}
		s[j] = v
	}
}
