package harvester

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gocolly/colly/v2"
)

// ErrNotJSON is returned when a site answers 200 with something that is not
// JSON, typically a firewall or bot-challenge HTML page. It never counts as
// an empty listing.
var ErrNotJSON = errors.New("answered HTML instead of JSON (a firewall, challenge or maintenance page?)")

// ErrBodyTooLarge is returned when an answer is larger than the configured
// limit; the answer is rejected rather than silently truncated.
var ErrBodyTooLarge = errors.New("answer larger than the size limit")

// ErrRedirect is wrapped by the errors of redirects the client refuses to
// follow: a redirect loop, or a redirect to a host the site's config does
// not allow.
var ErrRedirect = errors.New("redirect refused")

// ErrNoAPI is returned when no WordPress REST API can be found for a site.
var ErrNoAPI = errors.New("no WordPress REST API found")

// APIError is an error answer of the WordPress REST API, e.g.
// {"code":"rest_invalid_param","message":"…","data":{"status":400}}.
type APIError struct {
	Status  int
	Code    string
	Message string
}

// Error describes the answer, adding a hint for the answers that usually
// mean a security plugin blocks the REST API.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		msg += " (the REST API is blocked for us: a security plugin, or credentials are needed)"
	}
	return msg
}

// GaveUpError is returned when a request still failed after every retry.
type GaveUpError struct {
	Attempts int
	Err      error
}

// Error says how many attempts were made and why the last one failed.
func (e *GaveUpError) Error() string {
	err := e.Err
	if urlErr, ok := err.(*url.Error); ok {
		err = urlErr.Err // the caller names the URL
	}
	return fmt.Sprintf("gave up after %d attempt(s): %s", e.Attempts, err.Error())
}

// Unwrap returns the last attempt's error.
func (e *GaveUpError) Unwrap() error { return e.Err }

// isPermanent reports whether a Client error cannot pass by trying the
// same request again: the transport already retried (GaveUpError), the
// answer is over the size limit, or a redirect or robots.txt forbids the
// request. Other errors, such as a body cut off mid-read, may pass.
func isPermanent(err error) bool {
	var gaveUp *GaveUpError
	return errors.As(err, &gaveUp) || errors.Is(err, ErrBodyTooLarge) ||
		errors.Is(err, ErrRedirect) || errors.Is(err, colly.ErrRobotsTxtBlocked)
}

// ThrottledError is returned when a site still answered 429 or 5xx after
// every retry. Wait is what its last Retry-After asked (zero if none); the
// daemon waits at least that long before trying the site again.
type ThrottledError struct {
	Status   int
	Attempts int
	Wait     time.Duration
}

// Error says which status outlasted the retries.
func (e *ThrottledError) Error() string {
	msg := fmt.Sprintf("HTTP %d after %d attempt(s)", e.Status, e.Attempts)
	if e.Wait > 0 {
		msg += fmt.Sprintf(" (the site asks to wait %v)", e.Wait)
	}
	return msg
}

// RetryAfter returns the delay the site asked for; it makes
// ThrottledError a RetryAfterError.
func (e *ThrottledError) RetryAfter() time.Duration { return e.Wait }
