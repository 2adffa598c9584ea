package harvester

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// HostLimits is the politeness of one process towards each host: at most
// parallelism requests in flight and at most rate requests per second,
// shared by every site and every run on that host. (colly's LimitRule
// belongs to one collector, and a collector lives for one run of one site,
// so it cannot be shared; this is.) Hosts are keyed with their port.
// When sites on one host ask for different limits, the strictest applies.
// The zero value is ready to use and safe for concurrent use.
type HostLimits struct {
	mu    sync.Mutex
	hosts map[string]*hostLimit
}

// hostLimit is the limit of one host.
type hostLimit struct {
	sem chan struct{}

	mu       sync.Mutex
	interval time.Duration // between request starts; 0 = no rate limit
	next     time.Time     // earliest start of the next request
}

// limit returns the limit of host, creating it or tightening it to
// parallelism and rate (requests per second, 0 = unlimited).
func (h *HostLimits) limit(host string, parallelism int, rate float64) *hostLimit {
	host = strings.ToLower(host)
	parallelism = max(parallelism, 1)
	var interval time.Duration
	if rate > 0 {
		interval = time.Duration(float64(time.Second) / rate)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.hosts == nil {
		h.hosts = map[string]*hostLimit{}
	}
	l, ok := h.hosts[host]
	if !ok {
		l = &hostLimit{sem: make(chan struct{}, parallelism), interval: interval}
		h.hosts[host] = l
		return l
	}
	if parallelism < cap(l.sem) {
		// A stricter site joined: swap in a smaller semaphore. Requests
		// holding a slot of the old one release it there.
		l.sem = make(chan struct{}, parallelism)
	}
	l.mu.Lock()
	if interval > l.interval {
		l.interval = interval
	}
	l.mu.Unlock()
	return l
}

// acquire waits for a slot and for the host's next start time.
func (l *hostLimit) acquire(ctx context.Context) (release func(), err error) {
	sem := l.sem
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = sync.OnceFunc(func() { <-sem })
	l.mu.Lock()
	now := time.Now()
	start := l.next
	if start.Before(now) {
		start = now
	}
	l.next = start.Add(l.interval)
	l.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}

// politeTransport holds each request to its host's limit until its body is
// closed.
type politeTransport struct {
	next        http.RoundTripper
	limits      *HostLimits
	parallelism int
	rate        float64
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	release, err := t.limits.limit(req.URL.Host, t.parallelism, t.rate).acquire(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody gives the host's slot back when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
