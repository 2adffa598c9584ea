package story

import "slices"

// MinHashSize is the number of values kept in a bottom-k MinHash sketch.
const MinHashSize = 64

// bottomK returns the k smallest distinct 32-bit values of the shingle
// hashes (their top 32 bits), ascending, reusing buf. The hashes are
// uniform, so it first keeps only the values under a threshold expected to
// let about 2k through (see minhashLimit), and sorts those; when too few
// distinct values pass (repeated shingles) it tries again with a higher
// threshold (see finishBottomK).
func bottomK(shingles []uint64, buf []uint32, k int) []uint32 {
	limit := minhashLimit(len(shingles), k)
	buf = slices.Grow(buf[:0], 2*len(shingles))[:2*len(shingles)]
	return finishBottomK(buf, keepTops(buf, shingles, limit), shingles, limit, k)
}

// minhashLimit returns the threshold under which the top 32 bits of n
// uniform hashes are kept for the k smallest: it lets 2k through on
// average, or all of them.
func minhashLimit(n, k int) uint64 {
	limit := uint64(1) << 32
	if n > 2*k {
		limit = limit * uint64(2*k) / uint64(n)
	}
	return limit
}

// finishBottomK returns the k smallest distinct values of the shingle
// hashes given buf, of length 2*len(shingles), whose first n values are
// those of the hashes under limit (see keepTops). When fewer than k
// distinct values are under limit, the shingles repeat: it raises the
// limit in proportion, to let 2k distinct values through were the
// repeats as frequent above it, and sorts again.
func finishBottomK(buf []uint32, n int, shingles []uint64, limit uint64, k int) []uint32 {
	vals := smallestBelow(buf[:n], buf[n:2*n], limit, k)
	for len(vals) < k && limit < 1<<32 {
		limit = min(limit*uint64(2*k)/uint64(max(len(vals), 1)), 1<<32)
		vals = sortTops(buf, shingles, limit)
	}
	return vals[:min(len(vals), k)]
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
