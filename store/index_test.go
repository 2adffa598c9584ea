package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/harvester"
)

// indexEntries returns the bydate entries of site as "date key" strings.
func indexEntries(t *testing.T, db *DB, site string) []string {
	t.Helper()
	var out []string
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		ix := readIndex(tx, site)
		if ix == nil {
			return nil
		}
		return ix.ForEach(func(k, _ []byte) error {
			sec := int64(binary.BigEndian.Uint64(k[:dateLen]) ^ 1<<63)
			d := time.Unix(sec, 0).UTC()
			out = append(out, d.Format(time.RFC3339)+" "+string(k[dateLen:]))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIndexFollowsDateChanges(t *testing.T) {
	db := openTemp(t)
	h := time.Hour
	a, b, c := mkPost(1, "a", t0, 10), mkPost(2, "b", t0, 10), mkPost(3, "c", t0, 10)
	a.DateGMT, b.DateGMT, c.DateGMT = t0.Add(2*h), t0.Add(h), time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC)
	save(t, db, "news", a, b, c)
	equalStrings(t, "index", indexEntries(t, db, "news"), []string{
		"1969-07-20T20:17:00Z c", "2025-11-28T05:54:00Z b", "2025-11-28T06:54:00Z a"})

	// A new version with a new date moves the entry; one with the same
	// date, an unchanged post and a deletion leave it alone.
	a2 := mkPost(1, "a", t0.Add(h), 10)
	a2.DateGMT = t0
	b2 := mkPost(2, "b", t0.Add(h), 10)
	b2.DateGMT = b.DateGMT
	save(t, db, "news", a2, b2, c)
	if _, err := db.MarkDeleted("news", "post", []int64{3}, t0); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "index", indexEntries(t, db, "news"), []string{
		"1969-07-20T20:17:00Z c", "2025-11-28T04:54:00Z a", "2025-11-28T05:54:00Z b"})
	equalStrings(t, "export", summary(export(t, db, ExportOptions{Versions: true, IncludeDeleted: true})), []string{
		"news c 3 v1", "news a 1 v1", "news a 1 v2", "news b 2 v1", "news b 2 v2"})
}

// TestIndexBuiltForOldFiles drops the index of a file, as written before
// the index existed: a read-only export refuses with ErrNoIndex, a
// read-write one builds it first, and so does the next SavePage.
func TestIndexBuiltForOldFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var page []harvester.Post
	for i := range int64(30) {
		p := mkPost(i+1, fmt.Sprintf("g%02d", i+1), t0, 10)
		p.DateGMT = t0.Add(-time.Duration(i) * time.Hour) // newest id first in date order
		page = append(page, p)
	}
	save(t, db, "news", page...)
	save(t, db, "blog", page[:2]...)
	want := summary(export(t, db, ExportOptions{}))
	if want[0] != "blog g02 2 v1" || want[2] != "news g30 30 v1" || want[31] != "news g01 1 v1" {
		t.Fatalf("not in date order: %v", want)
	}
	dropIndex := func() {
		t.Helper()
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			for _, s := range []string{"news", "blog"} {
				if err := tx.Bucket(bucketSites).Bucket([]byte(s)).DeleteBucket(bucketByDate); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	dropIndex()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if need, err := ro.NeedsIndex(); err != nil || !need {
		t.Fatalf("NeedsIndex = %v, %v", need, err)
	}
	var buf bytes.Buffer
	if n, err := ro.Export(t.Context(), &buf, ExportOptions{}); !errors.Is(err, ErrNoIndex) || n != 0 || buf.Len() != 0 {
		t.Fatalf("read-only export of an old file: %d lines, %d bytes, %v", n, buf.Len(), err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	equalStrings(t, "export after building", summary(export(t, db, ExportOptions{})), want)
	if need, err := db.NeedsIndex(); err != nil || need {
		t.Fatalf("NeedsIndex after export = %v, %v", need, err)
	}
	tx := db.TxID()
	if err := db.BuildIndex(); err != nil || db.TxID() != tx {
		t.Fatalf("BuildIndex of an indexed file wrote: %v", err)
	}

	// SavePage of one post builds the whole index of its site.
	dropIndex()
	save(t, db, "news", mkPost(99, "g99", t0, 10))
	if got := len(indexEntries(t, db, "news")); got != 31 {
		t.Fatalf("index of news has %d entries after SavePage, want 31", got)
	}
	if err := db.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	if got := len(indexEntries(t, db, "blog")); got != 2 {
		t.Fatalf("index of blog has %d entries, want 2", got)
	}
}
