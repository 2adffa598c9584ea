package wptest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFaultAnswers(t *testing.T) {
	srv := NewServer(Options{Posts: 30, RetryAfter: "0"})
	defer srv.Close()
	list := srv.URL + "/wp-json/wp/v2/posts"
	cases := []struct {
		f          Fault
		status     int
		ctype      string
		retryAfter string
		body       string
	}{
		{Fault429, 429, "text/html", "0", "Too Many Requests"},
		{Fault429NoRetryAfter, 429, "text/html", "", "Too Many Requests"},
		{Fault500, 500, "application/json", "", `"code":"internal_server_error"`},
		{Fault502, 502, "text/html", "", "502 Bad Gateway"},
		{Fault503, 503, "text/html", "0", "Service Unavailable"},
		{Fault504, 504, "text/html", "", "504 Gateway Time-out"},
		{FaultHTML200, 200, "text/html", "", "Just a moment..."},
		{FaultForbidden, 403, "text/html", "", "limited by the site owner"},
	}
	for _, c := range cases {
		srv.Site().SetFaults(Always(c.f))
		a := get(t, list)
		if a.status != c.status || !strings.HasPrefix(a.header.Get("Content-Type"), c.ctype) ||
			a.header.Get("Retry-After") != c.retryAfter || !strings.Contains(string(a.body), c.body) {
			t.Errorf("%v: %d %q Retry-After %q body %.120s", c.f, a.status, a.header.Get("Content-Type"), a.header.Get("Retry-After"), a.body)
		}
	}
	srv.Site().SetFaults(Always(FaultTruncatedJSON))
	a := get(t, list)
	var v any
	if a.status != 200 || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") || json.Unmarshal(a.body, &v) == nil || len(a.body) < 1000 {
		t.Errorf("truncated JSON: %d, %d bytes, decodes: %v", a.status, len(a.body), json.Unmarshal(a.body, &v) == nil)
	}
	srv.Site().SetFaults(Always(FaultObject))
	a = get(t, list+"?per_page=3&_fields=id")
	if a.status != 200 || string(a.body) != `{"0":{"id":30},"2":{"id":28}}` {
		t.Errorf("object: %d %s", a.status, a.body)
	}
	srv.Site().SetFaults(nil)
	if n := len(decodePosts(t, get(t, list))); n != 10 {
		t.Errorf("after SetFaults(nil): %d posts", n)
	}
	// Faults touch only the listing.
	srv.Site().SetFaults(Always(Fault503))
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts/1"); a.status != 200 {
		t.Errorf("single post under listing faults: %d", a.status)
	}
}

func TestFaultReset(t *testing.T) {
	srv := NewServer(Options{Posts: 5})
	defer srv.Close()
	srv.Site().SetFaults(Always(FaultReset))
	resp, err := http.Get(srv.URL + "/wp-json/wp/v2/posts")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("reset answered %d", resp.StatusCode)
	}
	// The client sees the reset before the handler has returned and
	// logged the request: wait for the log (bounded).
	var log []Request
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if log = srv.Site().Log(); len(log) > 0 {
			break
		}
	}
	if len(log) != 1 || log[0].Status != 0 || log[0].Route != RouteListing {
		t.Errorf("log %+v", log)
	}
}

func TestFaultSlow(t *testing.T) {
	srv := NewServer(Options{Posts: 5, SlowDelay: time.Hour})
	defer srv.Close()
	srv.Site().SetFaults(Sequence(FaultSlow))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/wp-json/wp/v2/posts", nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("slow answer arrived: %d", resp.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want a deadline", err)
	}
	// The next request is not faulted.
	if n := len(decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts"))); n != 5 {
		t.Errorf("after the slow one: %d posts", n)
	}

	quick := NewServer(Options{Posts: 5, SlowDelay: time.Millisecond})
	defer quick.Close()
	quick.Site().SetFaults(Always(FaultSlow))
	if n := len(decodePosts(t, get(t, quick.URL+"/wp-json/wp/v2/posts"))); n != 5 {
		t.Errorf("slow but patient: %d posts", n)
	}
}

func TestCloseCancelsSlowAnswers(t *testing.T) {
	srv := NewServer(Options{Posts: 5, SlowDelay: time.Hour})
	srv.Site().SetFaults(Always(FaultSlow))
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(srv.URL + "/wp-json/wp/v2/posts")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		done <- err
	}()
	for srv.Site().ListingRequests() == 0 {
		time.Sleep(time.Millisecond)
	}
	srv.Close()
	if err := <-done; err == nil {
		t.Errorf("request survived Close")
	}
}

func TestFaultFunctions(t *testing.T) {
	f := EveryNth(3, Fault429, Fault503)
	var got []Fault
	for n := int64(1); n <= 12; n++ {
		got = append(got, f(n, nil))
	}
	want := []Fault{FaultNone, FaultNone, Fault429, FaultNone, FaultNone, Fault503, FaultNone, FaultNone, Fault429, FaultNone, FaultNone, Fault503}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("EveryNth: %v, want %v", got, want)
		}
	}
	if Always(Fault502)(77, nil) != Fault502 {
		t.Errorf("Always")
	}
	s := Sequence(Fault500, FaultNone, Fault504)
	if s(1, nil) != Fault500 || s(2, nil) != FaultNone || s(3, nil) != Fault504 || s(4, nil) != FaultNone {
		t.Errorf("Sequence")
	}
	if Fault429.String() != "429" || FaultReset.String() != "reset" {
		t.Errorf("names %s %s", Fault429, FaultReset)
	}
}

func TestFaultCountsListingRequests(t *testing.T) {
	srv := NewServer(Options{Posts: 30})
	defer srv.Close()
	var mu sync.Mutex
	var seen []int64
	srv.Site().SetFaults(func(n int64, r *http.Request) Fault {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, n)
		if n == 2 {
			return Fault503
		}
		return FaultNone
	})
	get(t, srv.URL+"/")
	get(t, srv.URL+"/wp-json/")
	a1 := get(t, srv.URL+"/wp-json/wp/v2/posts")
	get(t, srv.URL+"/wp-json/wp/v2/posts/1")
	a2 := get(t, srv.URL+"/?rest_route=/wp/v2/posts")
	a3 := get(t, srv.URL+"/wp-json/wp/v2/posts?page=99")
	mu.Lock()
	defer mu.Unlock()
	if a1.status != 200 || a2.status != 503 || a3.status != 400 || !equalIDs(seen, []int64{1, 2, 3}) {
		t.Errorf("statuses %d %d %d, n %v", a1.status, a2.status, a3.status, seen)
	}
}
