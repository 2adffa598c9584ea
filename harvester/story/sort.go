package story

import (
	"math/bits"
	"slices"
)

// sortTops sets dst to the distinct top 32 bits of those hashes that are
// under limit (shifted down), in ascending order, and returns it.
//
// The hashes are uniform, so the values spread evenly over [0, limit): it
// distributes them into about as many buckets as values, by their leading
// bits, which leaves few of them out of order, and an insertion sort puts
// those right. This costs a few operations per value and few mispredicted
// branches, where a comparison sort of random values mispredicts at about
// every other comparison. Should the buckets be uneven (a text crafted for
// it), which makes the insertion sort long, it sorts with slices.Sort
// instead.
func sortTops(dst []uint32, hashes []uint64, limit uint64) []uint32 {
	// Keep the values under limit, with no branch to mispredict, at the
	// start of dst; the rest of dst holds the buckets.
	dst = slices.Grow(dst[:0], 2*len(hashes))[:2*len(hashes)]
	n := keepTops(dst, hashes, limit)
	return sortBelow(dst[:n], dst[n:2*n], limit)
}

// keepTops writes to dst the top 32 bits of those hashes that are under
// limit (shifted down), in order, and returns how many it wrote. The
// length of dst must be at least that of hashes.
func keepTops(dst []uint32, hashes []uint64, limit uint64) int {
	dst = dst[:len(hashes)]
	n := 0
	for _, h := range hashes {
		v := h >> 32
		dst[n] = uint32(v)
		n += keeps(v, limit)
	}
	return n
}

// keeps returns 1 when v is under limit and 0 otherwise, with no branch:
// v-limit wraps around, setting its top bit, when v < limit, v and limit
// being at most 1<<32.
func keeps(v, limit uint64) int { return int((v - limit) >> 63) }

// sortBelow sorts vals, whose values are all under limit, in ascending
// order, using sorted (as long as vals) for the buckets, and returns the
// start of vals holding its distinct values (see sortTops).
func sortBelow(vals, sorted []uint32, limit uint64) []uint32 {
	return smallestBelow(vals, sorted, limit, len(vals))
}

// smallestBelow is sortBelow when only the need smallest distinct values
// matter: it returns the start of vals holding the smallest distinct
// values of vals in ascending order, need of them or more, or all of them
// when vals holds fewer. Once the values are in their buckets, the
// buckets are in order, so it sorts them a few at a time, only as many as
// it takes to find need distinct values. The bottom-k sketch needs k
// values of the 2k or so it lets through.
func smallestBelow(vals, sorted []uint32, limit uint64, need int) []uint32 {
	n := len(vals)
	if n <= 16 {
		insertionSort(vals)
		return vals[:distinct(vals, vals)]
	}
	sorted = sorted[:n]

	const maxBuckets = 256 // keeps at small
	nb := min(1<<bits.Len(uint(n)), maxBuckets)
	// The bucket of v is v*scale>>32, under nb for every v under limit:
	// v*scale < limit*scale <= nb<<32, which cannot overflow. Masking it
	// changes nothing but spares the bounds checks.
	scale := uint64(nb) << 32 / limit
	var at [maxBuckets]int32
	for _, v := range vals {
		at[uint64(v)*scale>>32&(maxBuckets-1)]++
	}
	// Turn the counts into the start of each bucket.
	start := int32(0)
	for b, c := range at[:nb] {
		at[b] = start
		start += c
	}
	for _, v := range vals {
		b := uint64(v) * scale >> 32 & (maxBuckets - 1)
		sorted[at[b]] = v
		at[b]++
	}
	// Now at[b] is the end of bucket b. Sort the buckets from the first
	// on, each time as many as hold the distinct values still missing,
	// and copy their distinct values to vals.
	d, lo, b := 0, 0, 0
	for d < need && lo < n {
		hi := lo + need - d
		for b < nb-1 && int(at[b]) < hi {
			b++
		}
		hi = int(at[b])
		chunk := sorted[lo:hi]
		if !insertionSortUpTo(chunk, 4*len(chunk)) {
			slices.Sort(chunk)
		}
		d = appendDistinct(vals, d, chunk)
		lo = hi
	}
	return vals[:d]
}

// appendDistinct copies to dst[n:] the values of the sorted src that
// differ from the one before (from dst[n-1] for the first, when n > 0),
// with no branch to mispredict, and returns the new length of dst. The
// values of src must be at least dst[n-1].
func appendDistinct(dst []uint32, n int, src []uint32) int {
	if len(src) == 0 {
		return n
	}
	prev, i := src[0], 0
	if n == 0 || dst[n-1] != prev {
		dst[n] = prev
		n++
	}
	dst = dst[:n+len(src)-1]
	for i = 1; i < len(src); i++ {
		v := src[i]
		dst[n] = v
		if v != prev {
			n++
		}
		prev = v
	}
	return n
}

// distinct copies the distinct values of the sorted src to dst, which may
// be src itself, and returns how many it copied.
func distinct(dst, src []uint32) int {
	return appendDistinct(dst, 0, src)
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

// insertionSortUpTo sorts s like insertionSort, unless that takes more
// than budget moves of a value: then it reports false, leaving s
// unsorted but with the same values.
func insertionSortUpTo(s []uint32, budget int) bool {
	for i := 1; i < len(s); i++ {
		v, j := s[i], i
		for ; j > 0 && s[j-1] > v; j-- {
			s[j] = s[j-1]
		}
		s[j] = v
		if budget -= i - j; budget < 0 {
			return false
		}
	}
	return true
}
