package story

// The external tests (package story_test) may import storytest, which the
// internal ones cannot, so the reference implementation of
// reference_test.go is exported to them here.
var (
	RefCompute   = refCompute
	RefNormalize = refNormalize
	RefWords     = refWords
	RefUnits     = refUnits
)

// RefFingerprinter is the reference Fingerprinter, reusing its buffers
// between texts like the real one.
type RefFingerprinter = refFingerprinter
