// Package story finds the same news story in texts of different sites: a
// wire story republished verbatim or lightly edited (a copy), or rewritten
// around the same sentences and quotes (shared).
//
// It is pure: text in, fingerprints and comparisons out, no I/O. The store
// keeps a Signature of every post (word count, SimHash, probe units) and an
// index of its bands and probes (see BandsOf and Fingerprint.Probes) so
// that finding candidates is a few lookups, and confirms candidates with
// Compare on the Fingerprints of the two texts, computed again from them.
//
// # Normalisation
//
// Texts are compared as sequences of normalised words (see Normalize):
// lower case, letters and digits only, with apostrophes inside words and
// dots inside initialisms dropped ("U.S." and "US" are both "us", "don’t"
// is "dont"), digit groups joined ("1,000" is "1000") and every other
// character a separator. Curly and straight quotes are equal.
//
// Words are told apart by separators, which scripts written without spaces
// (Chinese, Japanese, Thai) do not have: there a whole clause between two
// punctuation marks is one word, a text of a few paragraphs has fewer than
// MinWords of them, and such texts are not fingerprinted (Usable is
// false). Segmenting them, or shingling their characters, is left to do.
//
// # Fingerprint
//
// A Fingerprint holds a 64-bit SimHash of the text's word shingles
// (ShingleSize words each), a bottom-k MinHash sketch of the same shingles
// (MinHashSize values) whose comparison estimates their Jaccard
// resemblance, and the hashes of the text's units: long sentences
// (MinSentenceWords words or more) and long quotes (MinQuoteWords or more).
//
// # Levels
//
// Compare calls two texts copies when the estimated shingle Jaccard is at
// least CopyJaccard, and shared when they are not copies but have at least
// SharedUnits units in common (or one fewer with a Jaccard of at least
// SharedJaccard). Stories are the connected groups of such
// pairs (UnionFind), named after their earliest post.
package story
