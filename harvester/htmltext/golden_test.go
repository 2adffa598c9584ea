package htmltext

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.txt golden files")

// TestGolden converts every testdata/NAME.html and compares the result with
// testdata/NAME.txt. Run with -update to regenerate the golden files.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatalf("glob testdata: %v", err)
	}
	if len(files) < 6 {
		t.Fatalf("want at least 6 golden samples, found %d", len(files))
	}
	for _, in := range files {
		name := strings.TrimSuffix(filepath.Base(in), ".html")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatalf("read sample: %v", err)
			}
			got := Text(string(src))
			golden := strings.TrimSuffix(in, ".html") + ".txt"
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatalf("write golden: %v", err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("Text(%s) differs from %s\n--- got ---\n%s\n--- want ---\n%s", in, golden, got, want)
			}
			checkInvariants(t, string(src), got)
		})
	}
}
