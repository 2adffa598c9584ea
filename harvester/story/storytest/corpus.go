package storytest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// Roles of a document in the corpus.
const (
	// Original is a wire story as its first site published it.
	Original = "original"
	// Copy is a copy of an original on another site, with edits.
	Copy = "copy"
	// Rewrite is another site's rewrite of a story around its quotes.
	Rewrite = "rewrite"
	// Distinct is a different story on the same event.
	Distinct = "distinct"
)

// Doc is one post of the corpus.
type Doc struct {
	// Site is the publishing site's name.
	Site string
	// GUID is the post's GUID, unique in the corpus.
	GUID string
	// ID is the post's id on its site.
	ID int64
	// Story is the label: docs with the same label are the same story.
	Story string
	// Role is Original, Copy, Rewrite or Distinct.
	Role string
	// Date is the publication time.
	Date time.Time
	// Title and Text are the post's title and text.
	Title, Text string
	// Edits are the edits applied to make a copy.
	Edits []string
}

// Truth returns the level two documents should be matched at: Copy for
// two copies (or the original) of one story, Shared when one of them is a
// rewrite of the same story, else None.
func Truth(a, b *Doc) story.Level {
	switch {
	case a.Story != b.Story:
		return story.None
	case a.Role == Rewrite || b.Role == Rewrite:
		return story.Shared
	}
	return story.Copy
}

// Load reads the corpus in dir (harvester/story/testdata): the articles,
// then a copy for each line of copies.txt. Docs come in that order.
func Load(dir string) ([]Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "articles", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	slices.Sort(files)
	var docs []Doc
	byStory := map[string]*Doc{}
	for _, f := range files {
		d, err := readArticle(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	for i := range docs {
		if docs[i].Role == Original {
			byStory[docs[i].Story] = &docs[i]
		}
	}
	boiler, err := readBoilerplate(filepath.Join(dir, "boilerplate.txt"))
	if err != nil {
		return nil, err
	}
	copies, err := readCopies(filepath.Join(dir, "copies.txt"), byStory, boiler)
	if err != nil {
		return nil, err
	}
	docs = append(docs, copies...)
	ids := map[string]int64{}
	for i := range docs {
		ids[docs[i].Site]++
		docs[i].ID = 100 + ids[docs[i].Site]
		docs[i].GUID = fmt.Sprintf("https://%s.example/?p=%d", docs[i].Site, docs[i].ID)
	}
	return docs, nil
}

// readArticle reads a file of "key: value" header lines, a "---" line and
// the text.
func readArticle(path string) (Doc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Doc{}, fmt.Errorf("load corpus: %w", err)
	}
	head, text, ok := strings.Cut(string(b), "\n---\n")
	if !ok {
		return Doc{}, fmt.Errorf("load corpus: %s: no --- line", path)
	}
	d := Doc{Text: strings.TrimSpace(text)}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "story":
			d.Story = v
		case "role":
			d.Role = v
		case "site":
			d.Site = v
		case "title":
			d.Title = v
		case "date":
			if d.Date, err = time.Parse(time.RFC3339, v); err != nil {
				return Doc{}, fmt.Errorf("load corpus: %s: %w", path, err)
			}
		}
	}
	if d.Story == "" || d.Site == "" || d.Date.IsZero() || !slices.Contains([]string{Original, Rewrite, Distinct}, d.Role) {
		return Doc{}, fmt.Errorf("load corpus: %s: incomplete header", path)
	}
	return d, nil
}

// boilerplate is one site's header and footer paragraphs.
type boilerplate struct{ header, footer []string }

func readBoilerplate(path string) (map[string]*boilerplate, error) {
	out := map[string]*boilerplate{}
	var cur *boilerplate
	err := eachLine(path, func(line string) error {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("line %q: want key: value", line)
		}
		v = strings.TrimSpace(v)
		switch k {
		case "site":
			cur = &boilerplate{}
			out[v] = cur
		case "header", "footer":
			if cur == nil {
				return fmt.Errorf("line %q before any site", line)
			}
			if k == "header" {
				cur.header = append(cur.header, v)
			} else {
				cur.footer = append(cur.footer, v)
			}
		default:
			return fmt.Errorf("line %q: unknown key", line)
		}
		return nil
	})
	return out, err
}

func readCopies(path string, byStory map[string]*Doc, boiler map[string]*boilerplate) ([]Doc, error) {
	var out []Doc
	err := eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 3 {
			return fmt.Errorf("line %q: want story site delay edits", line)
		}
		orig := byStory[f[0]]
		if orig == nil {
			return fmt.Errorf("line %q: no original of story %q", line, f[0])
		}
		delay, err := time.ParseDuration(f[2])
		if err != nil {
			return fmt.Errorf("line %q: %w", line, err)
		}
		d := Doc{Site: f[1], Story: orig.Story, Role: Copy, Date: orig.Date.Add(delay), Title: orig.Title, Text: orig.Text, Edits: f[3:]}
		if err := apply(&d, boiler[d.Site]); err != nil {
			return fmt.Errorf("line %q: %w", line, err)
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load corpus: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("load corpus: %s: %w", path, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("load corpus: %s: %w", path, err)
	}
	return nil
}
