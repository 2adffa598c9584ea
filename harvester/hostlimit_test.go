package harvester

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHostLimitsShareParallelismAcrossClients(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	limits := &HostLimits{}
	// Two "sites" on the same host, each with its own transport, as two
	// runs of the daemon would have.
	clients := []*http.Client{
		{Transport: &politeTransport{next: http.DefaultTransport, limits: limits, parallelism: 2}},
		{Transport: &politeTransport{next: http.DefaultTransport, limits: limits, parallelism: 2}},
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := clients[i%2].Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Fatalf("peak of %d requests in flight on one host, want the shared limit of 2", p)
	}
}

func TestHostLimitsSpaceRequestsAtTheRate(t *testing.T) {
	limits := &HostLimits{}
	l := limits.limit("example.test:8080", 4, 50) // 20 ms apart
	var starts []time.Time
	for range 6 {
		release, err := l.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
		release()
	}
	if total := starts[5].Sub(starts[0]); total < 95*time.Millisecond {
		t.Fatalf("6 requests at 50/s took %v, want at least 100 ms", total)
	}
	// A stricter site on the same host tightens the limit; another host is separate.
	if limits.limit("EXAMPLE.test:8080", 1, 10) != l || cap(l.sem) != 1 || l.interval != 100*time.Millisecond {
		t.Fatalf("limit not tightened: cap %d interval %v", cap(l.sem), l.interval)
	}
	if limits.limit("example.test:8081", 1, 10) == l {
		t.Fatal("a host with another port shares the limit")
	}
}
