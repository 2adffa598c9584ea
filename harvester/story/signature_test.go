package story_test

import (
	"slices"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// TestAppendSignatureSharesOneArray signs the corpus texts into one array
// of probes: each signature equals Signature's, and growing one's Probes
// leaves the next one's alone.
func TestAppendSignatureSharesOneArray(t *testing.T) {
	texts := corpusTexts(t)
	var f story.Fingerprinter
	var probes []uint32
	sigs := make([]story.Signature, len(texts))
	withProbes := 0
	for i, s := range texts {
		sigs[i], probes = f.AppendSignature(probes, s)
		if len(sigs[i].Probes) > 0 {
			withProbes++
		}
	}
	if withProbes < len(texts)/4 {
		t.Fatalf("only %d of %d texts have probes: the test shows nothing", withProbes, len(texts))
	}
	for i, s := range texts {
		want := f.Signature(s)
		if !sigs[i].Equal(&want) {
			t.Fatalf("text %d: got %+v, want %+v", i, sigs[i], want)
		}
		if i+1 < len(texts) {
			next := append([]uint32(nil), sigs[i+1].Probes...)
			_ = append(sigs[i].Probes, 1, 2, 3)
			if !slices.Equal(sigs[i+1].Probes, next) {
				t.Fatalf("appending to signature %d changed signature %d", i, i+1)
			}
		}
	}
}
