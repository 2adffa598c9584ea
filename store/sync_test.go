package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

func TestStale(t *testing.T) {
	db := openTemp(t)
	stamps := []harvester.Stamp{
		{ID: 1, ModifiedGMT: t0},                             // as stored
		{ID: 2, ModifiedGMT: t0.Add(time.Hour)},              // changed
		{ID: 3, ModifiedGMT: t0},                             // deleted
		{ID: 4, ModifiedGMT: t0},                             // never stored
		{ID: 5, ModifiedGMT: t0.Add(-time.Hour)},             // older than stored: a stale answer
		{ID: 6, ModifiedGMT: t0.Add(500 * time.Millisecond)}, // same second
		{ID: 1},               // id-only: stored
		{ID: 3},               // id-only: deleted
		{ID: 1, Type: "page"}, // another type
	}
	if got, err := db.Stale("news", stamps); err != nil || len(got) != len(stamps) {
		t.Fatalf("unknown site: %v %v", got, err)
	}
	save(t, db, "news", mkPost(1, "a", t0, 50), mkPost(2, "b", t0, 50), mkPost(3, "c", t0, 50), mkPost(5, "e", t0, 50), mkPost(6, "f", t0, 50))
	if _, err := db.MarkDeleted("news", "post", []int64{3}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	tx := db.TxID()
	got, err := db.Stale("news", stamps)
	if err != nil {
		t.Fatal(err)
	}
	want := []harvester.Stamp{stamps[1], stamps[2], stamps[3], stamps[7], stamps[8]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Stale = %+v, want %+v", got, want)
	}
	if db.TxID() != tx {
		t.Fatal("Stale wrote")
	}
	// What Stale calls stale is exactly what SavePage writes.
	posts := []harvester.Post{mkPost(1, "a", t0, 50), mkPost(2, "b", t0.Add(time.Hour), 50), mkPost(3, "c", t0, 50), mkPost(4, "d", t0, 50), mkPost(5, "e", t0.Add(-time.Hour), 50)}
	if st := save(t, db, "news", posts...); st != (harvester.PageStats{New: 1, Updated: 1, Restored: 1, Unchanged: 2}) {
		t.Fatalf("SavePage: %+v", st)
	}
}

func TestRestoredTwiceKeepsEveryVersion(t *testing.T) {
	db := openTemp(t)
	save(t, db, "news", mkPost(1, "a", t0, 50))
	for i := range 2 {
		if n, err := db.MarkDeleted("news", "post", []int64{1}, t0.Add(time.Duration(i+1)*time.Hour)); n != 1 || err != nil {
			t.Fatalf("mark %d: %d %v", i, n, err)
		}
		if st := save(t, db, "news", mkPost(1, "a", t0, 50)); st.Restored != 1 {
			t.Fatalf("restore %d: %+v", i, st)
		}
	}
	save(t, db, "news", mkPost(1, "a", t0.Add(time.Minute), 50))
	h, err := db.History("news", "a")
	if err != nil || len(h) != 4 {
		t.Fatalf("history: %d records, %v", len(h), err)
	}
	for i, p := range h {
		if p.Version != i+1 || (p.DeletedAt != nil) != (i < 2) {
			t.Fatalf("record %d: version %d, deleted_at %v", i, p.Version, p.DeletedAt)
		}
	}
}
