package harvester

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// ErrorKind sorts an error of a run into a small, stable set of kinds for
// metrics and status: "network", "throttled" (429/503 after retries),
// "http" (another status), "blocked" (401/403), "not_json", "too_large",
// "no_api", "canceled" or "other".
func ErrorKind(err error) string {
	var apiErr *APIError
	var netErr net.Error
	var ra RetryAfterError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, ErrNotJSON):
		return "not_json"
	case errors.Is(err, ErrBodyTooLarge):
		return "too_large"
	case errors.Is(err, ErrNoAPI):
		return "no_api"
	case errors.As(err, &ra):
		return "throttled"
	case errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden):
		return "blocked"
	case errors.As(err, &apiErr):
		return "http"
	case errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded):
		return "network"
	}
	var gaveUp *GaveUpError
	if errors.As(err, &gaveUp) {
		return "network"
	}
	return "other"
}
