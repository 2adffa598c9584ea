package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// benchText makes records of about 4 KB: text and content_html of 1700
// bytes each, raw and the other fields about 600.
const benchText = 1700

// freelists are the bbolt freelist settings compared by the benchmarks.
var freelists = []struct {
	name string
	tune func(*bbolt.Options)
}{
	{"map-synced", nil}, // what Open uses
	{"map-nosync", func(o *bbolt.Options) { o.NoFreelistSync = true }},
	{"array-synced", func(o *bbolt.Options) { o.FreelistType = bbolt.FreelistArrayType }},
}

// reportCPU reports the process CPU time per operation of the rest of the
// benchmark as cpu-ns/op.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	})
}

func benchOpen(b *testing.B, path string, tune func(*bbolt.Options)) *DB {
	b.Helper()
	db, err := open(path, Options{}, tune)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkSavePage saves pages of 100 posts of about 4 KB: new posts, then
// the same page again (all unchanged), per freelist setting.
func BenchmarkSavePage(b *testing.B) {
	page := make([]harvester.Post, 100)
	for i := range page {
		page[i] = mkPost(int64(i+1), "", t0, benchText)
	}
	for _, fl := range freelists {
		b.Run("new/"+fl.name, func(b *testing.B) {
			db := benchOpen(b, filepath.Join(b.TempDir(), "b.db"), fl.tune)
			defer db.Close()
			id := int64(0)
			b.SetBytes(int64(len(page)) * 4096)
			b.ReportAllocs()
			for b.Loop() {
				for i := range page {
					id++
					page[i].ID = id
					page[i].GUID = fmt.Sprintf("https://news.example/?p=%d", id)
				}
				if _, err := db.SavePage("news", page, harvester.SiteState{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("unchanged", func(b *testing.B) {
		db := benchOpen(b, filepath.Join(b.TempDir(), "b.db"), nil)
		defer db.Close()
		if _, err := db.SavePage("news", page, harvester.SiteState{}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			st, err := db.SavePage("news", page, harvester.SiteState{})
			if err != nil || st.Unchanged != len(page) {
				b.Fatal(st, err)
			}
		}
	})
}

// benchArchive fills a database with n posts of about 4 KB (no fsync) and
// returns it with the total size of the stored records.
func benchArchive(b *testing.B, path string, n int, tune func(*bbolt.Options)) (*DB, int64) {
	b.Helper()
	db := benchOpen(b, path, tune)
	db.bolt.NoSync = true
	page := make([]harvester.Post, 0, 1000)
	for id := 1; id <= n; id++ {
		page = append(page, mkPost(int64(id), fmt.Sprintf("https://news.example/?p=%d", id), t0, benchText))
		if len(page) == cap(page) || id == n {
			if _, err := db.SavePage("news", page, harvester.SiteState{}); err != nil {
				b.Fatal(err)
			}
			page = page[:0]
		}
	}
	db.bolt.NoSync = false
	if err := db.bolt.Sync(); err != nil {
		b.Fatal(err)
	}
	var size int64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		sb, _ := readSite(tx, "news")
		return sb.posts.ForEach(func(_, v []byte) error { size += int64(len(v)); return nil })
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, size
}

// BenchmarkExport exports 20k posts of about 4 KB to io.Discard. Compare
// with BenchmarkRawScan for the cost over reading the stored bytes.
func BenchmarkExport(b *testing.B) {
	db, size := benchArchive(b, filepath.Join(b.TempDir(), "e.db"), 20000, nil)
	defer db.Close()
	for _, c := range []struct {
		name string
		opts ExportOptions
	}{
		{"raw", ExportOptions{Raw: true, IncludeDeleted: true}},
		{"noraw", ExportOptions{}},
		{"noraw-since-versions", ExportOptions{Since: t0, Versions: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			reportCPU(b)
			for b.Loop() {
				n, err := db.Export(context.Background(), io.Discard, c.opts)
				if err != nil || n != 20000 {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// BenchmarkRawScan is the floor for BenchmarkExport: one read transaction
// and a cursor over the same 20k records, only taking their lengths
// ("cursor") or also copying them out through a 1 MiB buffer ("copy").
func BenchmarkRawScan(b *testing.B) {
	db, size := benchArchive(b, filepath.Join(b.TempDir(), "r.db"), 20000, nil)
	defer db.Close()
	for _, copyOut := range []bool{false, true} {
		b.Run(map[bool]string{false: "cursor", true: "copy"}[copyOut], func(b *testing.B) {
			b.SetBytes(size)
			buf := make([]byte, 0, 1<<20)
			reportCPU(b)
			for b.Loop() {
				var total int64
				err := db.bolt.View(func(tx *bbolt.Tx) error {
					sb, _ := readSite(tx, "news")
					c := sb.posts.Cursor()
					for k, v := c.First(); k != nil; k, v = c.Next() {
						total += int64(len(v))
						if copyOut {
							if len(buf)+len(v) > cap(buf) {
								_, _ = io.Discard.Write(buf)
								buf = buf[:0]
							}
							buf = append(buf, v...)
						}
					}
					return nil
				})
				if err != nil || total != size {
					b.Fatal(total, err)
				}
			}
		})
	}
}

// BenchmarkOpen opens and closes a 20k-post file read-write: with
// NoFreelistSync bbolt rebuilds the freelist by walking the tree.
func BenchmarkOpen(b *testing.B) {
	for _, fl := range freelists {
		b.Run(fl.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "o.db")
			db, _ := benchArchive(b, path, 20000, fl.tune)
			_ = db.Close()
			for b.Loop() {
				db := benchOpen(b, path, fl.tune)
				_ = db.Close()
			}
		})
	}
}

// BenchmarkCutRaw compares harvester.WithoutRaw with the export's cut on a
// 4 KB record.
func BenchmarkCutRaw(b *testing.B) {
	p := mkPost(1, "https://news.example/?p=1", t0, benchText)
	rec, err := newEncoder().encode(&p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("WithoutRaw", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		for b.Loop() {
			_ = harvester.WithoutRaw(rec)
		}
	})
	b.Run("rawCut", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		for b.Loop() {
			if rawCut(rec) < 0 {
				b.Fatal("no raw")
			}
		}
	})
	b.Run("bytes.Index", func(b *testing.B) {
		b.SetBytes(int64(len(rec)))
		for b.Loop() {
			if bytes.Index(rec, rawField) < 0 {
				b.Fatal("no raw")
			}
		}
	})
}
