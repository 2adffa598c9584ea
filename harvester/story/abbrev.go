package story

import "unicode/utf8"

// maxAbbrev is the length of the longest word isAbbrev knows, in bytes
// (a single letter may take up to 4).
const maxAbbrev = 6

// isAbbrev reports whether a dot after the lower-case word w is part of an
// abbreviation rather than the end of a sentence: single letters (initials)
// and common titles, company suffixes and months.
func isAbbrev(w []byte) bool {
	if utf8.RuneCount(w) == 1 {
		return true
	}
	switch string(w) {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "sen", "rep", "gov", "gen", "lt", "col", "sgt",
		"capt", "prof", "rev", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "aug", "sept",
		"oct", "nov", "dec", "approx", "dept", "est", "fig", "mt", "ft":
		return true
	}
	return false
}
