package harvester

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestDecodeStamps(t *testing.T) {
	got, err := decodeStamps([]byte(`[{"id":7,"guid":{"rendered":"https://x.example/?post_type=post&#038;p=7"},"modified_gmt":"2025-11-28T04:54:00"},{"id":8}]`))
	want := []Stamp{
		{Type: "post", ID: 7, GUID: "https://x.example/?post_type=post&p=7", ModifiedGMT: time.Date(2025, 11, 28, 4, 54, 0, 0, time.UTC)},
		{Type: "post", ID: 8},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeStamps = %+v, %v", got, err)
	}
	for body, check := range map[string]func(error) bool{
		`<html>blocked</html>`:                     func(err error) bool { return errors.Is(err, ErrNotJSON) },
		`[{"id":0}]`:                               func(err error) bool { return err != nil },
		`[{"id":1,"modified_gmt":"yesterday"}]`:    func(err error) bool { return err != nil },
		`{"code":"rest_forbidden","message":"no"}`: func(err error) bool { var e *APIError; return errors.As(err, &e) },
		`[{"id":1}`:                                func(err error) bool { return err != nil },
	} {
		if _, err := decodeStamps([]byte(body)); !check(err) {
			t.Errorf("%s: err = %v", body, err)
		}
	}
}

func TestBatches(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5}
	if got := batches(ids, 2); !reflect.DeepEqual(got, [][]int64{{1, 2}, {3, 4}, {5}}) {
		t.Fatalf("batches = %v", got)
	}
	if got := batches(nil, 100); got != nil {
		t.Fatalf("batches(nil) = %v", got)
	}
	q := includeQuery([]int64{3, 1, 2}, "").values()
	if q.Get("include") != "3,1,2" || q.Get("orderby") != "include" || q.Get("per_page") != "3" {
		t.Fatalf("include query %v", q)
	}
}
