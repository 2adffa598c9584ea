package harvester

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter caps how long a single Retry-After answer can make a run
// wait; longer requests are shortened to it.
const MaxRetryAfter = 5 * time.Minute

// Backoff returns how long to wait before retry number attempt (0-based).
// A 429 or 503 answer with a Retry-After header is honoured (capped at
// MaxRetryAfter); otherwise the wait grows exponentially from min, capped at
// max, with full jitter in its upper half so that parallel clients spread.
// It has the signature of go-retryablehttp's Backoff.
func Backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	return jitteredExponential(min, max, attempt)
}

func jitteredExponential(min, max time.Duration, attempt int) time.Duration {
	if min <= 0 {
		return 0
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + rand.N(half+1)
}

// ParseRetryAfter reads a Retry-After header value, in seconds or as an
// HTTP date, relative to now. The result is capped at MaxRetryAfter.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(secs) * time.Second
		if secs > int64(MaxRetryAfter/time.Second) {
			d = MaxRetryAfter
		}
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d < 0 {
			d = 0
		}
	} else {
		return 0, false
	}
	if d > MaxRetryAfter {
		d = MaxRetryAfter
	}
	return d, true
}
