package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/store"
)

// archiveWords make up the text of generated posts.
var archiveWords = strings.Fields(`the council harbour market ward election budget school
road festival museum river bridge train weather season report residents
museum library station project plan vote share community local summer
winter storm repair funding minister mayor board meeting announced said
“quoted” café naïve résumé – — 2025 £12m 40% night morning week`)

// archivePost returns a generated post of about 4–6 KB as stored (text,
// content_html and raw), deterministic in seed and id.
func archivePost(seed uint64, id int64) harvester.Post {
	r := rand.New(rand.NewPCG(seed, uint64(id)))
	var text, html strings.Builder
	paras := 4 + r.IntN(3)
	for p := range paras {
		var para strings.Builder
		for s := range 3 + r.IntN(3) {
			if s > 0 {
				para.WriteByte(' ')
			}
			n := 8 + r.IntN(10)
			for w := range n {
				word := archiveWords[r.IntN(len(archiveWords))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				} else {
					para.WriteByte(' ')
				}
				para.WriteString(word)
			}
			para.WriteByte('.')
		}
		if p > 0 {
			text.WriteString("\n\n")
		}
		text.WriteString(para.String())
		html.WriteString("<p>" + strings.ReplaceAll(para.String(), "’", "&#8217;") + "</p>\n")
	}
	// Ids grow with publication time, as on a real site, with some jitter
	// (drafts published late, imports): about 40 posts a day.
	date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(id*36*60+int64(r.IntN(6*3600))) * time.Second)
	modified := date.Add(time.Duration(r.IntN(72*3600)) * time.Second)
	link := fmt.Sprintf("https://news.example/%d/%02d/post-%d/", date.Year(), date.Month(), id)
	guid := fmt.Sprintf("https://news.example/?p=%d", id)
	title := fmt.Sprintf("Post %d – “%s”", id, archiveWords[r.IntN(len(archiveWords))])
	raw, err := json.Marshal(map[string]any{
		"id": id, "date": date.Format("2006-01-02T15:04:05"), "date_gmt": date.Format("2006-01-02T15:04:05"),
		"guid":     map[string]string{"rendered": guid},
		"modified": modified.Format("2006-01-02T15:04:05"), "modified_gmt": modified.Format("2006-01-02T15:04:05"),
		"slug": fmt.Sprintf("post-%d", id), "status": "publish", "type": "post", "link": link,
		"title":   map[string]string{"rendered": strings.ReplaceAll(title, "–", "&#8211;")},
		"content": map[string]any{"rendered": html.String(), "protected": false},
		"excerpt": map[string]any{"rendered": "<p>" + text.String()[:120] + " [&hellip;]</p>\n", "protected": false},
		"author":  1 + r.IntN(5), "categories": []int{1 + r.IntN(9)}, "tags": []int{},
		"_links": map[string]any{"self": []map[string]string{{"href": fmt.Sprintf("https://news.example/wp-json/wp/v2/posts/%d", id)}}},
	})
	if err != nil {
		panic(err)
	}
	return harvester.Post{
		GUID: guid, ID: id, Type: "post", Status: "publish", Link: link, Slug: fmt.Sprintf("post-%d", id),
		DateGMT: date, ModifiedGMT: modified, Title: title, Excerpt: text.String()[:120] + " […]",
		Text: text.String(), ContentHTML: html.String(), Author: int64(1 + r.IntN(5)),
		Categories: []int64{int64(1 + r.IntN(9))}, Tags: []int64{},
		FetchedAt: modified.Add(time.Hour), Raw: raw,
	}
}

// buildArchive writes n generated posts of site "news" to a new database
// at path with store.SavePage, in pages of 100, and returns the stored
// records' total size.
func buildArchive(tb testing.TB, path string, n int) {
	tb.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	page := make([]harvester.Post, 0, 100)
	for id := int64(1); id <= int64(n); id++ {
		page = append(page, archivePost(7, id))
		if len(page) == cap(page) || id == int64(n) {
			if _, err := db.SavePage("news", page, harvester.SiteState{}); err != nil {
				tb.Fatal(err)
			}
			page = page[:0]
		}
	}
}
