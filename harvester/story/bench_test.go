package story_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/story"
	"github.com/wpharvest/wpharvest/harvester/story/storytest"
)

// benchTexts returns the corpus texts joined two by two: about 3 KB each,
// the size of a typical post's text.
func benchTexts(b *testing.B) []string {
	docs, err := storytest.Load("testdata")
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for i := 0; i+1 < len(docs); i += 2 {
		out = append(out, docs[i].Text+"\n\n"+docs[i+1].Text)
	}
	return out
}

// reportCPU reports the process CPU time per operation as cpu-ns/op.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	})
}

func bytesOf(texts []string) int64 {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return int64(n / len(texts))
}

// BenchmarkFingerprint measures fingerprinting one post's text with a
// reused Fingerprinter (as the store's indexing does per page).
func BenchmarkFingerprint(b *testing.B) {
	benchFingerprint(b, benchTexts(b))
}

// BenchmarkSignature measures signing one post's text (what the fetch
// workers compute for every post) with a reused Fingerprinter.
func BenchmarkSignature(b *testing.B) {
	benchSign(b, benchTexts(b))
}

// benchFingerprint fingerprints texts in turn with one Fingerprinter,
// reporting bytes, allocations and CPU time per text.
func benchFingerprint(b *testing.B, texts []string) {
	benchEach(b, texts, func(f *story.Fingerprinter, s string) { _ = f.Fingerprint(s) })
}

// benchSign is benchFingerprint for Signature.
func benchSign(b *testing.B, texts []string) {
	benchEach(b, texts, func(f *story.Fingerprinter, s string) { _ = f.Signature(s) })
}

// benchEach calls fn with one Fingerprinter on texts in turn.
func benchEach(b *testing.B, texts []string, fn func(*story.Fingerprinter, string)) {
	b.SetBytes(bytesOf(texts))
	b.ReportAllocs()
	reportCPU(b)
	var f story.Fingerprinter
	i := 0
	for b.Loop() {
		fn(&f, texts[i%len(texts)])
		i++
	}
}

// BenchmarkNormalize measures Normalize on one post's text.
func BenchmarkNormalize(b *testing.B) {
	texts := benchTexts(b)
	b.SetBytes(bytesOf(texts))
	b.ReportAllocs()
	reportCPU(b)
	i := 0
	for b.Loop() {
		_ = story.Normalize(texts[i%len(texts)])
		i++
	}
}

// BenchmarkCompare measures confirming one candidate.
func BenchmarkCompare(b *testing.B) {
	texts := benchTexts(b)
	x, y := story.Compute(texts[0]), story.Compute(strings.ToUpper(texts[0]))
	b.ReportAllocs()
	for b.Loop() {
		if story.Compare(&x, &y).Level != story.Copy {
			b.Fatal("not a copy")
		}
	}
}

// BenchmarkSignatureLanguages measures signing news texts in languages
// other than English (testdata/languages: German, French, Spanish,
// Russian, Greek, Arabic, Hindi, Chinese, Japanese), whose words hold
// runes beyond ASCII.
func BenchmarkSignatureLanguages(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("testdata", "languages", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no texts in testdata/languages: %v", err)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(b *testing.B) {
			benchSign(b, []string{string(text)})
		})
	}
}
