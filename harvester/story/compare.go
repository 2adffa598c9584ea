package story

import "fmt"

// Level is how strongly two texts are the same story.
type Level uint8

// The levels, weakest first.
const (
	// None: different stories.
	None Level = iota
	// Shared: a rewrite that reuses whole sentences or quotes.
	Shared
	// Copy: near-identical text.
	Copy
)

// Thresholds of Compare.
const (
	// CopyJaccard is the least estimated shingle Jaccard of a copy.
	CopyJaccard = 0.5
	// SharedUnits is the fewest long sentences or quotes in common of a
	// shared rewrite.
	SharedUnits = 3
	// SharedJaccard lets a rewrite with one unit fewer than SharedUnits in
	// common count as shared when its shingle Jaccard is at least this:
	// about three times the most that different stories on the same event
	// reach in the labelled corpus (0.03).
	SharedJaccard = 0.1
)

// String returns "none", "shared" or "copy".
func (l Level) String() string {
	switch l {
	case None:
		return "none"
	case Shared:
		return "shared"
	case Copy:
		return "copy"
	}
	return fmt.Sprintf("level(%d)", uint8(l))
}

// ParseLevel is the inverse of Level.String.
func ParseLevel(s string) (Level, error) {
	switch s {
	case "none":
		return None, nil
	case "shared":
		return Shared, nil
	case "copy":
		return Copy, nil
	}
	return None, fmt.Errorf("unknown story level %q", s)
}

// Match is the comparison of two fingerprints.
type Match struct {
	// Level is the verdict.
	Level Level
	// Jaccard is the estimated Jaccard resemblance of the shingle sets.
	Jaccard float64
	// Units is the number of long sentences and quotes in common.
	Units int
}

// Compare compares two fingerprints. Texts too short to fingerprint (see
// Fingerprint.Usable) match nothing.
func Compare(a, b *Fingerprint) Match {
	if !a.Usable() || !b.Usable() {
		return Match{}
	}
	m := Match{
		Jaccard: resemblance(a.MinHash, b.MinHash, MinHashSize),
		Units:   intersect(a.Units, b.Units),
	}
	switch {
	case m.Jaccard >= CopyJaccard:
		m.Level = Copy
	case m.Units >= SharedUnits, m.Units == SharedUnits-1 && m.Jaccard >= SharedJaccard:
		m.Level = Shared
	}
	return m
}
