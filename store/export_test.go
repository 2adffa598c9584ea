package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

func TestExportRaw(t *testing.T) {
	db := openTemp(t)
	given := map[int64]harvester.Post{}
	for i := range int64(5) {
		p := mkPost(i+1, fmt.Sprintf("https://news.example/?p=%d", i+1), t0, 500)
		if i == 3 {
			p.Raw = nil // a post stored without raw
		}
		given[p.ID] = p
		save(t, db, "news", p)
	}
	for _, raw := range []bool{false, true} {
		var buf bytes.Buffer
		n, err := db.Export(context.Background(), &buf, ExportOptions{Raw: raw})
		if err != nil || n != 5 {
			t.Fatalf("raw=%v: %d lines, %v", raw, n, err)
		}
		for _, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			var rec struct {
				harvester.Post
				Raw *json.RawMessage `json:"raw"`
			}
			if err := json.Unmarshal(line, &rec); err != nil {
				t.Fatalf("raw=%v: line is not JSON: %v: %s", raw, err, line)
			}
			want := given[rec.ID]
			if rec.Title != want.Title || rec.Text != want.Text || rec.GUID != want.GUID || rec.Version != 1 || rec.Site != "news" {
				t.Fatalf("raw=%v: record differs from the post given: %s", raw, line)
			}
			switch {
			case !raw || want.Raw == nil:
				if rec.Raw != nil {
					t.Fatalf("raw=%v: line has a raw field: %s", raw, line)
				}
			case rec.Raw == nil || !bytes.Equal(*rec.Raw, want.Raw):
				t.Fatalf("raw differs:\n got %s\nwant %s", *rec.Raw, want.Raw)
			}
		}
	}
}

func TestExportFilters(t *testing.T) {
	db := openTemp(t)
	h := time.Hour
	// news: post 1 has versions at t0, t0+1h, current t0+2h; post 2 at t0+1h; post 3 deleted.
	for i := range 3 {
		save(t, db, "news", mkPost(1, "n1", t0.Add(time.Duration(i)*h), 50))
	}
	save(t, db, "news", mkPost(2, "n2", t0.Add(h), 50), mkPost(3, "n3", t0, 50))
	if _, err := db.MarkDeleted("news", "post", []int64{3}, t0.Add(5*h)); err != nil {
		t.Fatal(err)
	}
	save(t, db, "blog", mkPost(1, "b1", t0.Add(3*h), 50))
	save(t, db, "another", mkPost(1, "a1", t0, 50))

	cases := []struct {
		name string
		opts ExportOptions
		want []string
	}{
		{"default", ExportOptions{}, []string{
			"another a1 1 v1", "blog b1 1 v1", "news n1 1 v3", "news n2 2 v1"}},
		{"deleted", ExportOptions{IncludeDeleted: true, Sites: []string{"news"}}, []string{
			"news n1 1 v3", "news n2 2 v1", "news n3 3 v1"}},
		{"versions", ExportOptions{Versions: true, Sites: []string{"news", "blog", "news"}}, []string{
			"blog b1 1 v1", "news n1 1 v1", "news n1 1 v2", "news n1 1 v3", "news n2 2 v1"}},
		{"since", ExportOptions{Versions: true, Since: t0.Add(h)}, []string{
			"blog b1 1 v1", "news n1 1 v2", "news n1 1 v3", "news n2 2 v1"}},
		{"until", ExportOptions{Versions: true, IncludeDeleted: true, Until: t0.Add(h)}, []string{
			"another a1 1 v1", "news n1 1 v1", "news n3 3 v1"}},
		{"window", ExportOptions{Since: t0.Add(h), Until: t0.Add(3 * h)}, []string{
			"news n1 1 v3", "news n2 2 v1"}},
		{"raw+deleted filter", ExportOptions{Raw: true, Sites: []string{"news"}}, []string{
			"news n1 1 v3", "news n2 2 v1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			equalStrings(t, "export", summary(export(t, db, c.opts)), c.want)
		})
	}
	if _, err := db.Export(context.Background(), &bytes.Buffer{}, ExportOptions{Sites: []string{"nope"}}); !errors.Is(err, ErrUnknownSite) {
		t.Fatalf("unknown site: %v", err)
	}
	if sites, err := db.Sites(); err != nil || fmt.Sprint(sites) != "[another blog news]" {
		t.Fatalf("Sites: %v %v", sites, err)
	}
}

func TestExportBatchesAndCancel(t *testing.T) {
	db := openTemp(t)
	const n = 2*exportBatchPosts + 17
	var page []harvester.Post
	for i := range int64(n) {
		page = append(page, mkPost(i+1, fmt.Sprintf("g%05d", i+1), t0, 20))
	}
	save(t, db, "news", page...)
	lines := export(t, db, ExportOptions{})
	if len(lines) != n {
		t.Fatalf("%d lines, want %d", len(lines), n)
	}
	for i, l := range lines { // key order, each post once
		if want := fmt.Sprintf("g%05d", i+1); l["guid"] != want {
			t.Fatalf("line %d: guid %v, want %s", i, l["guid"], want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &cancelAfter{n: 1, cancel: cancel}
	got, err := db.Export(ctx, w, ExportOptions{})
	if !errors.Is(err, context.Canceled) || got != w.lines || got == 0 || got > exportBatchPosts {
		t.Fatalf("cancelled export: %d lines, %v", got, err)
	}
	werr := errors.New("disk full")
	if _, err := db.Export(context.Background(), failWriter{werr}, ExportOptions{}); !errors.Is(err, werr) {
		t.Fatalf("write error: %v", err)
	}
}

// cancelAfter cancels a context after n writes, counting the lines.
type cancelAfter struct {
	n      int
	lines  int
	cancel context.CancelFunc
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte("\n"))
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return len(p), nil
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// TestWithoutRawAgreesWithExport checks harvester.WithoutRaw against the
// export's cut on records whose text holds `"raw":` look-alikes.
func TestWithoutRawAgreesWithExport(t *testing.T) {
	enc := newEncoder()
	for _, p := range []harvester.Post{
		mkPost(1, `g,"raw":x`, t0, 300),
		func() harvester.Post { p := mkPost(2, "g", t0, 10); p.Raw = nil; return p }(),
		func() harvester.Post { p := mkPost(3, "g", t0, 10); p.Text = `,"raw":{"a":1}`; return p }(),
	} {
		rec, err := enc.encode(&p)
		if err != nil {
			t.Fatal(err)
		}
		e := &exporter{}
		if err := e.line(rec, -2); err != nil {
			t.Fatal(err)
		}
		got := bytes.TrimSuffix(e.out, []byte("\n"))
		if want := harvester.WithoutRaw(rec); !bytes.Equal(got, want) {
			t.Fatalf("post %d:\nexport     %s\nWithoutRaw %s", p.ID, got, want)
		}
		var back harvester.Post
		if err := json.Unmarshal(got, &back); err != nil || back.Raw != nil || back.Text != p.Text || back.GUID != p.GUID {
			t.Fatalf("post %d: cut record %v %+v", p.ID, err, back)
		}
	}
}

// TestRawCut checks the underscore-anchored cut against a plain search.
func TestRawCut(t *testing.T) {
	enc := newEncoder()
	del := t0.Add(time.Hour)
	var posts []harvester.Post
	for i, text := range []string{"", "snake_case_words and deleted_at", `,"deleted_at":null,"raw":{}`, "_", `"_"`} {
		p := mkPost(int64(i+1), "https://x.example/?p_id="+text, t0, 10)
		p.Text = text
		posts = append(posts, p)
		q := p
		q.DeletedAt = &del
		posts = append(posts, q)
		r := p
		r.Raw = nil
		posts = append(posts, r)
	}
	for _, p := range posts {
		rec, err := enc.encode(&p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rawCut(rec), bytes.Index(rec, rawField); got != want {
			t.Fatalf("rawCut %d, want %d in %s", got, want, rec)
		}
		d, err := deleted(rec, rawCut(rec))
		if err != nil || d != (p.DeletedAt != nil) {
			t.Fatalf("deleted %v %v in %s", d, err, rec)
		}
	}
	// Another shape falls back to a plain search.
	for _, rec := range []string{`{"a_b":1,"raw":{}}`, `{"deleted_at":null,"raw":{}}`, `{"x":1}`, `{"x":1,"deleted_at":nul`} {
		if got, want := rawCut([]byte(rec)), bytes.Index([]byte(rec), rawField); got != want {
			t.Fatalf("rawCut(%s) = %d, want %d", rec, got, want)
		}
	}
}

// TestExportVersionsAcrossBatches checks the versions cursor that walks
// beside the posts: keys that prefix one another, a batch boundary, and
// posts without versions in between.
func TestExportVersionsAcrossBatches(t *testing.T) {
	db := openTemp(t)
	const n = exportBatchPosts + 200
	var want []string
	for round := range 3 {
		var page []harvester.Post
		for i := range int64(n) {
			if i%3 == 1 && round > 0 {
				continue // every third post keeps one version
			}
			page = append(page, mkPost(i+1, fmt.Sprintf("g%05d", i/2), t0.Add(time.Duration(round)*time.Hour), 10))
		}
		save(t, db, "news", page...)
	}
	// GUIDs g00000 (ids 1, 2), g00001 (ids 3, 4), ...: the second post of
	// each pair lives under "gNNNNN#post/ID", a key the first one prefixes.
	for i := range n {
		versions := 3
		if i%3 == 1 {
			versions = 1
		}
		for v := 1; v <= versions; v++ {
			want = append(want, fmt.Sprintf("news g%05d %d v%d", i/2, i+1, v))
		}
	}
	equalStrings(t, "export", summary(export(t, db, ExportOptions{Versions: true})), want)
}

// TestExportVersionsAfterSkippedPost checks that a deleted post skipped at
// the start of a transaction does not hide the next post's versions.
func TestExportVersionsAfterSkippedPost(t *testing.T) {
	db := openTemp(t)
	for i := range 2 {
		save(t, db, "news", mkPost(1, "a", t0.Add(time.Duration(i)*time.Hour), 10), mkPost(2, "b", t0.Add(time.Duration(i)*time.Hour), 10))
	}
	if _, err := db.MarkDeleted("news", "post", []int64{1}, t0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "export", summary(export(t, db, ExportOptions{Versions: true})), []string{"news b 2 v1", "news b 2 v2"})
	equalStrings(t, "export", summary(export(t, db, ExportOptions{Versions: true, IncludeDeleted: true})),
		[]string{"news a 1 v1", "news a 1 v2", "news b 2 v1", "news b 2 v2"})
}
