package story

import "slices"

// MinHashSize is the number of values kept in a bottom-k MinHash sketch.
const MinHashSize = 64

// bottomK returns the k smallest distinct 32-bit values of the shingle
// hashes (their top 32 bits), ascending, reusing buf. The hashes are
// uniform, so it first keeps only the values under a threshold expected to
// let about 2k through, and sorts those; when too few pass (repeated
// shingles) it sorts them all.
func bottomK(shingles []uint64, buf []uint32, k int) []uint32 {
	limit := uint64(1) << 32
	if n := len(shingles); n > 2*k {
		limit = limit * uint64(2*k) / uint64(n)
	}
	for {
		buf = slices.Compact(sortTops(buf, shingles, limit))
		if len(buf) >= k || limit == 1<<32 {
			return buf[:min(len(buf), k)]
		}
		limit = 1 << 32
	}
}

// resemblance estimates the Jaccard resemblance of two shingle sets from
// their bottom-k sketches a and b (ascending): among the k smallest values
// of the union, the fraction found in both. It is exact when both sets have
// at most k shingles.
func resemblance(a, b []uint32, k int) float64 {
	i, j, seen, both := 0, 0, 0, 0
	for seen < k && (i < len(a) || j < len(b)) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			i++
		case i == len(a) || b[j] < a[i]:
			j++
		default:
			both++
			i++
			j++
		}
		seen++
	}
	if seen == 0 {
		return 0
	}
	return float64(both) / float64(seen)
}

// intersect counts the values common to two ascending lists.
func intersect(a, b []uint32) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case b[j] < a[i]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
