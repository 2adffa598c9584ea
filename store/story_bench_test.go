package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/story"
)

// proseGen writes distinct news-like texts: sentences of 6 to 30 words
// from a vocabulary of 5000 made-up words, three sentences a paragraph,
// some of them quoted.
type proseGen struct {
	r     *rand.Rand
	vocab []string
}

func newProseGen(seed uint64) *proseGen {
	g := &proseGen{r: rand.New(rand.NewPCG(seed, 7))}
	syl := []string{"ka", "lo", "mi", "ran", "te", "vos", "pul", "der", "si", "an", "mor", "ex", "tu", "bel", "nor", "ga"}
	for range 5000 {
		var b strings.Builder
		for range 1 + g.r.IntN(3) {
			b.WriteString(syl[g.r.IntN(len(syl))])
		}
		g.vocab = append(g.vocab, b.String())
	}
	return g
}

// text returns about size bytes of prose.
func (g *proseGen) text(size int) string {
	var b strings.Builder
	for b.Len() < size {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		for s := range 3 {
			if s > 0 {
				b.WriteByte(' ')
			}
			quoted := g.r.IntN(5) == 0
			if quoted {
				b.WriteString("“")
			}
			n := 6 + g.r.IntN(25)
			for w := range n {
				word := g.vocab[g.r.IntN(len(g.vocab))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(word)
			}
			b.WriteByte('.')
			if quoted {
				b.WriteString("” said Sen. Kamor")
			}
		}
	}
	return b.String()
}

// BenchmarkStoryIndex compares SavePage without the story index
// (Options.NoStories) and with it, the fingerprints computed beforehand as
// the fetch workers do, on pages of 100 new posts of about 3.4 KB of
// distinct prose into an archive that already holds 3000 posts. Each op is
// one page. Indexing (IndexStories, after the run) is measured by
// BenchmarkIndexStories.
func BenchmarkStoryIndex(b *testing.B) {
	const prefill, pageSize = 3000, 100
	g := newProseGen(1)
	mk := func(id int64) harvester.Post {
		p := mkPost(id, fmt.Sprintf("https://news.example/?p=%d", id), t0, 10)
		p.Text = g.text(benchText * 2)
		p.ContentHTML = "<p>" + p.Text + "</p>"
		var f story.Fingerprinter
		sig := f.Signature(p.Text)
		p.Signature = &sig
		return p
	}
	for _, v := range []struct {
		name      string
		noStories bool
	}{{"savepage", true}, {"savepage+stories", false}} {
		b.Run(v.name, func(b *testing.B) {
			db := benchOpen(b, filepath.Join(b.TempDir(), "b.db"), nil)
			defer db.Close()
			db.noStories = v.noStories
			save := func(site string, page []harvester.Post) {
				if _, err := db.SavePage(site, page, harvester.SiteState{}); err != nil {
					b.Fatal(err)
				}
			}
			db.bolt.NoSync = true
			id := int64(0)
			page := make([]harvester.Post, pageSize)
			for id < prefill {
				for i := range page {
					id++
					page[i] = mk(id)
				}
				save(fmt.Sprintf("site%d", id/1000), page)
			}
			if _, err := db.IndexStories(context.Background()); err != nil {
				b.Fatal(err)
			}
			db.bolt.NoSync = false
			var cpu time.Duration
			reportPageWrites(b, db, 1)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				for i := range page {
					id++
					page[i] = mk(id)
				}
				b.StartTimer()
				start := cpuTime()
				save("bench", page)
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// reportPageWrites reports the pages bbolt wrote per op divided by per.
func reportPageWrites(b *testing.B, db *DB, per int) {
	pageWrites := func() (int64, time.Duration) {
		st := db.bolt.Stats()
		return st.TxStats.GetWrite(), st.TxStats.GetWriteTime()
	}
	start, startTime := pageWrites()
	b.Cleanup(func() {
		if b.N > 0 {
			n, d := pageWrites()
			b.ReportMetric(float64(n-start)/float64(b.N*per), "pagewrites/op")
			b.ReportMetric(float64(d-startTime)/float64(b.N*per), "writes-ns/op")
		}
	})
}

// BenchmarkIndexStories measures bringing the story index up to date after
// a harvest: each op indexes 1000 fingerprinted posts (matching them
// against an archive of 3000 indexed posts plus the posts of earlier ops,
// writing a segment and merging), in IndexStories' transactions. Divide
// by 1000 for the cost per post.
func BenchmarkIndexStories(b *testing.B) {
	const prefill, batch = 3000, 1000
	g := newProseGen(2)
	db := benchOpen(b, filepath.Join(b.TempDir(), "b.db"), nil)
	defer db.Close()
	id := int64(0)
	queue := func(n int) {
		page := make([]harvester.Post, 0, 100)
		for range n {
			id++
			p := mkPost(id, fmt.Sprintf("https://news.example/?p=%d", id), t0, 10)
			p.Text = g.text(benchText * 2)
			page = append(page, p)
			if len(page) == cap(page) {
				if _, err := db.SavePage(fmt.Sprintf("site%d", id/500), page, harvester.SiteState{}); err != nil {
					b.Fatal(err)
				}
				page = page[:0]
			}
		}
	}
	db.bolt.NoSync = true
	queue(prefill)
	if _, err := db.IndexStories(context.Background()); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	var writes int64
	pageWrites := func() int64 { st := db.bolt.Stats(); return st.TxStats.GetWrite() }
	for b.Loop() {
		b.StopTimer()
		queue(batch)
		db.bolt.NoSync = false
		b.StartTimer()
		start, w := cpuTime(), pageWrites()
		n, err := db.IndexStories(context.Background())
		if err != nil || n != batch {
			b.Fatal(n, err)
		}
		cpu += cpuTime() - start
		writes += pageWrites() - w
		b.StopTimer()
		db.bolt.NoSync = true
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(b.N*batch), "cpu-ns/post")
	b.ReportMetric(float64(writes)/float64(b.N*batch), "pagewrites/post")
}
