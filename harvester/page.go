package harvester

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wpharvest/wpharvest/harvester/story"
)

// Page is one page of a posts listing.
type Page struct {
	Number int
	Posts  []Post
	// Total and TotalPages come from X-WP-Total and X-WP-TotalPages; they
	// are -1 when the site does not send them.
	Total, TotalPages int
	// End is set when the listing is over: WordPress answered 400
	// rest_post_invalid_page_number, or the page was empty.
	End bool
	// Stamps are the items of a light listing (PageQuery.Light).
	Stamps []Stamp
}

// errPerPageRejected is returned when the site refuses our per_page (a
// hardened site capping it below 100); the caller steps down.
var errPerPageRejected = errors.New("site rejects this per_page")

// PageQuery says which listing page to fetch.
type PageQuery struct {
	Route   string // default "wp/v2/posts"
	Page    int
	PerPage int
	OrderBy string // default "id"
	Order   string // default "asc"
	Extra   url.Values
	// Light decodes the answer as a light listing (_fields) into
	// Page.Stamps instead of Page.Posts.
	Light bool
}

func (q PageQuery) values() url.Values {
	v := url.Values{}
	for k, vs := range q.Extra {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("page", strconv.Itoa(q.Page))
	v.Set("per_page", strconv.Itoa(q.PerPage))
	v.Set("orderby", cmp.Or(q.OrderBy, "id"))
	v.Set("order", cmp.Or(q.Order, "asc"))
	return v
}

// fetchPage fetches and decodes one listing page. Answers that are
// probably passing trouble (a truncated body, an HTML challenge page, a
// connection cut mid-body) are tried again with backoff, up to the site's
// retries; network errors, 429 and 5xx have already been retried by the
// transport and are final here.
func (r *siteRun) fetchPage(q PageQuery) (Page, error) {
	u, err := RouteURL(r.root, cmp.Or(q.Route, r.kind().Route()), q.values())
	if err != nil {
		return Page{}, err
	}
	var lastErr error
	for attempt := 0; attempt <= r.site.Retries; attempt++ {
		if attempt > 0 {
			if err := r.sleep(jitteredExponential(r.waitMin(), r.waitMax(), attempt-1)); err != nil {
				return Page{}, err
			}
			r.log.Debug().Str("site", r.site.Name).Int("page", q.Page).Err(lastErr).Int("attempt", attempt+1).Msg("retrying page")
		}
		page, err, retry := r.tryPage(u, q.Page, q.Light)
		if err == nil {
			return page, nil
		}
		if !retry {
			return Page{}, err
		}
		lastErr = err
	}
	return Page{}, fmt.Errorf("%w (after %d attempts)", lastErr, r.site.Retries+1)
}

// tryPage makes one attempt; retry says whether another may succeed.
func (r *siteRun) tryPage(u string, number int, light bool) (page Page, err error, retry bool) {
	resp, err := r.client.Get(u)
	if err != nil {
		if isPermanent(err) || r.ctx.Err() != nil {
			return Page{}, err, false
		}
		return Page{}, err, true // e.g. the body was cut off mid-read
	}
	switch {
	case resp.Status == http.StatusOK && light:
		return lightPage(resp, number, r.kind().Slug)
	case resp.Status == http.StatusOK:
		var f *story.Fingerprinter
		if r.h.Fingerprints {
			f = fingerprinters.Get().(*story.Fingerprinter)
			defer fingerprinters.Put(f)
		}
		posts, err := decodePosts(r.site.Name, resp.Body, r.now(), f)
		if err != nil {
			var apiErr *APIError
			return Page{}, err, !errors.As(err, &apiErr)
		}
		page = Page{Number: number, Posts: posts, Total: headerInt(resp.Header, "X-WP-Total"), TotalPages: headerInt(resp.Header, "X-WP-TotalPages")}
		page.End = len(posts) == 0
		return page, nil, false
	case resp.Status == http.StatusBadRequest:
		apiErr := parseAPIError(resp.Status, resp.Body)
		if apiErr == nil {
			return Page{}, fmt.Errorf("HTTP 400: %s", snippet(resp.Body)), false
		}
		switch {
		case apiErr.Code == "rest_post_invalid_page_number":
			return Page{Number: number, End: true, Total: -1, TotalPages: -1}, nil, false
		case apiErr.Code == "rest_invalid_param" && strings.Contains(apiErr.Message, "per_page"):
			return Page{}, fmt.Errorf("%w: %w", errPerPageRejected, apiErr), false
		}
		return Page{}, apiErr, false
	default:
		if apiErr := parseAPIError(resp.Status, resp.Body); apiErr != nil {
			return Page{}, apiErr, false
		}
		if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
			return Page{}, &APIError{Status: resp.Status, Message: "the answer is not from WordPress"}, false
		}
		if resp.Status == http.StatusTooManyRequests || resp.Status >= 500 {
			e := &ThrottledError{Status: resp.Status, Attempts: r.site.Retries + 1}
			e.Wait, _ = ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
			return Page{}, e, false
		}
		return Page{}, fmt.Errorf("HTTP %d: %s", resp.Status, snippet(resp.Body)), false
	}
}

func headerInt(h http.Header, key string) int {
	v := h.Get(key)
	if v == "" {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// snippet returns the start of a body for an error message.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b[:min(len(b), 120)])), " ")
	if len(b) > 120 {
		s += "…"
	}
	return strconv.Quote(s)
}

// stepDown returns the next smaller page size to try after a site refused
// per_page, or 0 when there is none.
func stepDown(perPage int) int {
	for _, n := range []int{50, 20, 10, 5, 1} {
		if n < perPage {
			return n
		}
	}
	return 0
}

func (r *siteRun) sleep(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.ctx.Done():
		return r.ctx.Err()
	case <-t.C:
		return nil
	}
}
