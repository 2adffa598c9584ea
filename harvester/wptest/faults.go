package wptest

import (
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Fault is a failure injected into a posts-listing answer, standing for
// what sits in front of real WordPress sites: rate limiters, proxies, CDNs
// and security plugins.
type Fault int

// Faults.
const (
	FaultNone            Fault = iota // the normal answer
	Fault429                          // 429 Too Many Requests with Retry-After
	Fault429NoRetryAfter              // 429 without Retry-After
	Fault500                          // 500 with WordPress's critical-error JSON
	Fault502                          // 502 Bad Gateway HTML from the proxy
	Fault503                          // 503 Service Unavailable with Retry-After
	Fault504                          // 504 Gateway Timeout HTML from the proxy
	FaultTruncatedJSON                // 200 JSON whose body stops half-way
	FaultHTML200                      // 200 text/html challenge page ("Just a moment...")
	FaultSlow                         // sleeps Options.SlowDelay (or until the client gives up), then answers normally
	FaultReset                        // the connection is closed (reset) without an answer
	FaultObject                       // 200 JSON object instead of a list
	FaultForbidden                    // 403 HTML page from a security plugin
)

var faultNames = [...]string{"none", "429", "429-no-retry-after", "500", "502", "503", "504",
	"truncated-json", "html-200", "slow", "reset", "object", "forbidden"}

// String returns a short name of the fault.
func (f Fault) String() string {
	if f < 0 || int(f) >= len(faultNames) {
		if name, ok := extraFaultName(f); ok {
			return name
		}
		return "fault(" + strconv.Itoa(int(f)) + ")"
	}
	return faultNames[f]
}

// FaultFunc chooses the fault of a posts-listing request; n is the 1-based
// index of the request among the listing requests made since the function
// was installed (or since the last ResetCounters).
type FaultFunc func(n int64, r *http.Request) Fault

// faultState is an installed fault function and its request count.
type faultState struct {
	f FaultFunc
	n atomic.Int64
}

// SetFaults installs f (nil removes faults) and restarts its count, so
// that Sequence(Fault503) fails the very next listing request. Faults apply
// only to requests to the posts collection, before authentication and
// parameter checks.
func (s *Site) SetFaults(f func(n int64, r *http.Request) Fault) {
	if f == nil {
		s.faults.Store(nil)
		return
	}
	s.faults.Store(&faultState{f: f})
}

// fault returns the fault of the next listing request.
func (s *Site) fault(r *http.Request) Fault {
	fs := s.faults.Load()
	if fs == nil {
		return FaultNone
	}
	return fs.f(fs.n.Add(1), r)
}

// EveryNth returns a fault function under which every nth listing request
// fails with the next fault of faults in turn (cycling): request n gets
// faults[0], request 2n faults[1], and so on. Other requests succeed.
func EveryNth(n int, faults ...Fault) func(int64, *http.Request) Fault {
	return func(i int64, _ *http.Request) Fault {
		if n <= 0 || len(faults) == 0 || i%int64(n) != 0 {
			return FaultNone
		}
		k := i/int64(n) - 1
		return faults[k%int64(len(faults))]
	}
}

// Always returns a fault function that fails every listing request with f.
func Always(f Fault) func(int64, *http.Request) Fault {
	return func(int64, *http.Request) Fault { return f }
}

// Sequence returns a fault function that fails listing request i with
// faults[i-1] and lets every later request succeed.
func Sequence(faults ...Fault) func(int64, *http.Request) Fault {
	return func(i int64, _ *http.Request) Fault {
		if i >= 1 && i <= int64(len(faults)) {
			return faults[i-1]
		}
		return FaultNone
	}
}

// applyFault answers the request according to f. It reports whether the
// request was answered (or dropped); when it returns false the normal
// answer follows (FaultNone, or FaultSlow after its delay).
// body renders the normal answer, for faults that distort it.
func (s *Site) applyFault(f Fault, w *countingWriter, r *http.Request, rc *renderCtx, body func() ([]byte, bool)) bool {
	h := w.Header()
	switch f {
	case FaultNone:
		return false
	case Fault429, Fault503:
		h.Set("Retry-After", s.opts.RetryAfter)
		if f == Fault429 {
			s.writeHTML(w, r, nil, http.StatusTooManyRequests, tooManyPage)
		} else {
			s.writeHTML(w, r, nil, http.StatusServiceUnavailable, unavailablePage)
		}
	case Fault429NoRetryAfter:
		s.writeHTML(w, r, nil, http.StatusTooManyRequests, tooManyPage)
	case Fault500:
		s.writeJSON(w, r, rc, http.StatusInternalServerError, append(errCrit.body()[:len(errCrit.body())-1], `,"additional_errors":[]}`...))
	case Fault502:
		s.writeHTML(w, r, nil, http.StatusBadGateway, nginxPage("502 Bad Gateway"))
	case Fault504:
		s.writeHTML(w, r, nil, http.StatusGatewayTimeout, nginxPage("504 Gateway Time-out"))
	case FaultHTML200:
		h.Set("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")
		s.writeHTML(w, r, nil, http.StatusOK, challengePage)
	case FaultForbidden:
		s.writeHTML(w, r, nil, http.StatusForbidden, blockedPage)
	case FaultTruncatedJSON, FaultObject:
		b, ok := body()
		if !ok || len(b) < 2 {
			return false
		}
		if f == FaultTruncatedJSON {
			b = b[:len(b)/2]
		} else {
			b = phpObject(b)
		}
		s.restHeaders(w, rc)
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(b)
		}
	case FaultSlow:
		if !sleepCtx(r, s.opts.SlowDelay) {
			w.status = 0
			return true
		}
		return false
	case FaultReset:
		reset(w.ResponseWriter)
		w.status = 0
	default:
		return s.applyExtraFault(f, w, r, rc)
	}
	return true
}

// reset drops the connection under w, with SO_LINGER 0 so that the client
// sees a reset rather than a clean close where possible.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// sleepCtx waits d or until the request is cancelled; it reports whether
// the whole delay passed.
func sleepCtx(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// phpObject turns a JSON list of objects into what PHP encodes when an
// array has lost its sequential keys: an object keyed "0", "2", "3", ...
// (the second element is dropped, as a buggy array_filter would).
func phpObject(list []byte) []byte {
	items := splitTopLevel(list)
	out := []byte{'{'}
	k := 0
	for i, it := range items {
		if i == 1 && len(items) > 2 {
			continue
		}
		if k > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = strconv.AppendInt(out, int64(i), 10)
		out = append(out, '"', ':')
		out = append(out, it...)
		k++
	}
	return append(out, '}')
}

// splitTopLevel splits a JSON array into its elements without decoding them.
func splitTopLevel(list []byte) [][]byte {
	var items [][]byte
	depth, start, inStr := 0, -1, false
	for i := 0; i < len(list); i++ {
		c := list[i]
		if inStr {
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '[', '{':
			depth++
			if depth == 2 {
				start = i
			}
		case ']', '}':
			if depth == 2 && start >= 0 {
				items = append(items, list[start:i+1])
				start = -1
			}
			depth--
		}
	}
	return items
}
