package story_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/wpharvest/wpharvest/harvester/htmltext"
	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// lookAlikePosts is how many posts the look-alike site serves to the
// benchmark and the differential test.
const lookAlikePosts = 500

var lookAlike struct {
	once  sync.Once
	texts []string
	err   error
}

// lookAlikeTexts returns the texts of the posts of a look-alike WordPress
// site, fetched over loopback and extracted from content.rendered as the
// harvester extracts Post.Text: curly apostrophes inside words, curly
// quotes, non-breaking hyphens, ellipses and dashes, as in real news.
// They are fetched once per test binary.
func lookAlikeTexts(tb testing.TB) []string {
	lookAlike.once.Do(func() {
		lookAlike.texts, lookAlike.err = fetchLookAlike(lookAlikePosts)
	})
	if lookAlike.err != nil {
		tb.Fatal(lookAlike.err)
	}
	return lookAlike.texts
}

// fetchLookAlike serves a look-alike site of n posts and returns the text
// of every post it lists.
func fetchLookAlike(n int) ([]string, error) {
	srv := wptest.NewServer(wptest.Options{Posts: n, Seed: 1})
	defer srv.Close()
	var texts []string
	for page := 1; len(texts) < n; page++ {
		url := fmt.Sprintf("%s/wp-json/wp/v2/posts?per_page=100&page=%d", srv.URL, page)
		resp, err := http.Get(url)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s: %s", url, resp.Status)
		}
		var posts []struct {
			Content struct {
				Rendered string `json:"rendered"`
			} `json:"content"`
		}
		if err := json.Unmarshal(body, &posts); err != nil {
			return nil, fmt.Errorf("%s: %w", url, err)
		}
		if len(posts) == 0 {
			break
		}
		for _, p := range posts {
			texts = append(texts, htmltext.Text(p.Content.Rendered))
		}
	}
	return texts, nil
}

// BenchmarkFingerprintLookAlike measures fingerprinting the text of one
// look-alike post with a reused Fingerprinter, as the harvest does.
func BenchmarkFingerprintLookAlike(b *testing.B) {
	benchFingerprint(b, lookAlikeTexts(b))
}

// BenchmarkSignatureLookAlike measures signing the text of one look-alike
// post, as the fetch workers do.
func BenchmarkSignatureLookAlike(b *testing.B) {
	benchSign(b, lookAlikeTexts(b))
}

// TestMatchesReferenceLookAlike checks the look-alike posts' texts against
// the reference implementation.
func TestMatchesReferenceLookAlike(t *testing.T) {
	var d differ
	for _, s := range lookAlikeTexts(t) {
		d.check(t, s)
	}
}
