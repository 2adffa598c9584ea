package wptest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Route is the kind of a request, for per-route counts.
type Route int

// Routes of a look-alike site.
const (
	RouteHome    Route = iota // the home page (discovery by header or <link>)
	RouteRobots               // /robots.txt
	RouteIndex                // the API index, /wp-json/ or /?rest_route=/
	RouteListing              // the posts collection, /wp/v2/posts
	RoutePost                 // one post, /wp/v2/posts/ID
	RouteOther                // anything else (404s, other REST routes)
	numRoutes
)

// Request is one logged request.
type Request struct {
	Time          time.Time
	Method        string
	URL           string // path and query as received
	Route         Route
	Status        int // 0 when the connection was reset
	Bytes         int64
	Authorization string
	UserAgent     string
}

// logSize is how many requests the log keeps.
const logSize = 10000

// counters are the request statistics of a site.
type counters struct {
	requests atomic.Int64
	bytes    atomic.Int64
	routes   [numRoutes]atomic.Int64

	mu   sync.Mutex
	ring []Request
	next int
	full bool
}

func (c *counters) record(q Request) {
	c.bytes.Add(q.Bytes)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ring == nil {
		c.ring = make([]Request, logSize)
	}
	c.ring[c.next] = q
	c.next++
	if c.next == logSize {
		c.next, c.full = 0, true
	}
}

// Requests returns the number of HTTP requests served since the last
// ResetCounters, whatever their route or answer.
func (s *Site) Requests() int64 { return s.ctr.requests.Load() }

// Bytes returns the number of response body bytes written since the last
// ResetCounters.
func (s *Site) Bytes() int64 { return s.ctr.bytes.Load() }

// RouteRequests returns the number of requests of one route since the last
// ResetCounters.
func (s *Site) RouteRequests(r Route) int64 {
	if r < 0 || r >= numRoutes {
		return 0
	}
	return s.ctr.routes[r].Load()
}

// ListingRequests returns the number of requests to the posts collection.
func (s *Site) ListingRequests() int64 { return s.RouteRequests(RouteListing) }

// ResetCounters zeroes every counter (including the n of the fault
// function) and empties the log.
func (s *Site) ResetCounters() {
	if fs := s.faults.Load(); fs != nil {
		fs.n.Store(0)
	}
	c := &s.ctr
	c.requests.Store(0)
	c.bytes.Store(0)
	for i := range c.routes {
		c.routes[i].Store(0)
	}
	c.mu.Lock()
	c.ring, c.next, c.full = nil, 0, false
	c.mu.Unlock()
}

// Log returns the most recent requests (up to 10,000), oldest first. A
// request is logged when its answer is complete.
func (s *Site) Log() []Request {
	c := &s.ctr
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.full {
		return append([]Request(nil), c.ring[:c.next]...)
	}
	out := make([]Request, 0, logSize)
	out = append(out, c.ring[c.next:]...)
	return append(out, c.ring[:c.next]...)
}

// LastAuthorization returns the Authorization header of the most recent
// logged request that had one, or "".
func (s *Site) LastAuthorization() string {
	log := s.Log()
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Authorization != "" {
			return log[i].Authorization
		}
	}
	return ""
}

// countingWriter counts the body bytes of an answer and remembers its status.
type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (cw *countingWriter) WriteHeader(code int) {
	if cw.status == 0 {
		cw.status = code
	}
	cw.ResponseWriter.WriteHeader(code)
}

func (cw *countingWriter) Write(p []byte) (int, error) {
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	n, err := cw.ResponseWriter.Write(p)
	cw.bytes += int64(n)
	return n, err
}

// Flush lets slow answers reach the client early.
func (cw *countingWriter) Flush() {
	if f, ok := cw.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
