package harvester

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
)

// FetchOptions are the run-wide settings of the HTTP layer; site settings
// come from config.Site.
type FetchOptions struct {
	// UserAgent is sent with every request; empty means DefaultUserAgent().
	UserAgent string
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// retries (Retry-After answers are honoured regardless). Zero means
	// 1 s and 60 s.
	RetryWaitMin, RetryWaitMax time.Duration
	// Logger receives debug lines about retries.
	Logger zerolog.Logger
	// Hosts is the politeness shared by every client of the process:
	// parallelism and rate per host (with port). Nil gives each client
	// limits of its own.
	Hosts *HostLimits
}

// Response is one answer of a site.
type Response struct {
	URL    string
	Status int
	Header http.Header
	Body   []byte
}

// Client fetches from one site during one run. It wraps a colly collector,
// one per run because colly keeps per-collector state (limits, robots.txt),
// whose transport is go-retryablehttp so that network errors, 429 and 5xx
// answers are retried with capped, jittered exponential backoff honouring
// Retry-After.
type Client struct {
	site     config.Site
	col      *colly.Collector
	maxBody  int64
	requests atomic.Int64
	bytes    atomic.Int64
	auth     string
}

const respKey = "wpharvest.response"

// NewClient builds the client of one run over a site. Requests stop when
// ctx is done.
func NewClient(ctx context.Context, site config.Site, opts FetchOptions) (*Client, error) {
	u, err := url.Parse(site.URL)
	if err != nil {
		return nil, fmt.Errorf("site %s: url: %w", site.Name, err)
	}
	c := &Client{site: site, maxBody: site.MaxBodyBytes}
	if c.maxBody <= 0 {
		c.maxBody = 64 << 20
	}
	if site.Auth != nil && site.Auth.User != "" {
		c.auth = basicAuth(site.Auth.User, site.Auth.Password)
	}

	col := colly.NewCollector()
	// Options are set after NewCollector so COLLY_* environment variables
	// cannot override them.
	col.Context = ctx
	col.UserAgent = opts.UserAgent
	if col.UserAgent == "" {
		col.UserAgent = DefaultUserAgent()
	}
	col.AllowURLRevisit = true // retries of decode failures revisit a URL
	col.IgnoreRobotsTxt = !site.RespectRobots
	col.ParseHTTPErrorResponse = true // status codes are ours to judge
	col.MaxBodySize = int(c.maxBody) + 1
	col.MaxDepth = 0
	col.Async = false
	col.DetectCharset = false
	col.DisableCookies()
	col.SetRequestTimeout(0) // per attempt, in the retrying transport
	col.WithTransport(&retryablehttp.RoundTripper{Client: c.retryClient(site, opts)})
	col.SetRedirectHandler(redirectPolicy(u, site.AllowRedirectHosts))
	col.OnResponse(func(r *colly.Response) { r.Ctx.Put(respKey, r) })
	c.col = col
	return c, nil
}

func (c *Client) retryClient(site config.Site, opts FetchOptions) *retryablehttp.Client {
	hosts := opts.Hosts
	if hosts == nil {
		hosts = &HostLimits{} // this client's alone
	}
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = max(site.Parallelism, 1) + 1
	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{
		// Every attempt, retries included, waits for the host's politeness
		// (shared by all sites and runs on that host) and is counted.
		Transport: &countingTransport{n: &c.requests, next: &politeTransport{
			limits: hosts, parallelism: site.Parallelism, rate: site.Rate,
			next: &decodingTransport{next: transport},
		}},
		Timeout: time.Duration(site.Timeout),
		// Redirects are followed by colly's client, under our policy.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	rc.Logger = nil
	rc.RetryMax = max(site.Retries, 0)
	rc.RetryWaitMin, rc.RetryWaitMax = opts.RetryWaitMin, opts.RetryWaitMax
	if rc.RetryWaitMin <= 0 {
		rc.RetryWaitMin = time.Second
	}
	if rc.RetryWaitMax <= 0 {
		rc.RetryWaitMax = time.Minute
	}
	rc.Backoff = Backoff
	log := opts.Logger
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if attempt > 0 {
			log.Debug().Str("site", site.Name).Str("url", req.URL.Redacted()).Int("attempt", attempt+1).Msg("retrying")
		}
	}
	rc.ErrorHandler = func(resp *http.Response, err error, attempts int) (*http.Response, error) {
		if err == nil && resp != nil {
			return resp, nil // the caller judges the final status (429, 503…)
		}
		if resp != nil {
			resp.Body.Close()
		}
		return nil, &GaveUpError{Attempts: attempts, Err: err}
	}
	return rc
}

// redirectPolicy allows at most 10 redirects, and only to the site's own
// host or to hosts the site's config allows, so that requests never wander
// off to another host. Credentials never leave the site's host: on a
// redirect to an allowed other host, Authorization and Cookie are dropped
// (Go's client keeps them when only the port differs).
func redirectPolicy(site *url.URL, allowed []string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects (a redirect loop?), last to %s", ErrRedirect, req.URL.Redacted())
		}
		if strings.EqualFold(req.URL.Host, site.Host) {
			return nil
		}
		for _, h := range allowed {
			if strings.EqualFold(req.URL.Host, h) || strings.EqualFold(req.URL.Hostname(), h) {
				req.Header.Del("Authorization")
				req.Header.Del("Cookie")
				return nil
			}
		}
		return fmt.Errorf("%w: %s redirects to another host, %s (allow it with allow_redirect_hosts)", ErrRedirect, site.Host, req.URL.Host)
	}
}

// Get fetches u. A non-nil error means no usable answer arrived: the
// network failed after every retry, the answer was over the size limit, or
// the request was refused (robots.txt, redirect policy). HTTP error statuses
// come back as a Response for the caller to judge.
func (c *Client) Get(u string) (*Response, error) {
	return c.do(http.MethodGet, u)
}

// Head sends a HEAD request to u.
func (c *Client) Head(u string) (*Response, error) {
	return c.do(http.MethodHead, u)
}

func (c *Client) do(method, u string) (*Response, error) {
	hdr := http.Header{}
	hdr.Set("User-Agent", c.col.UserAgent)
	hdr.Set("Accept", "application/json, */*;q=0.5")
	if c.auth != "" {
		hdr.Set("Authorization", c.auth)
	}
	ctx := colly.NewContext()
	err := c.col.Request(method, u, nil, ctx, hdr)
	if urlErr, ok := err.(*url.Error); ok {
		err = urlErr.Err // "Get URL:" again would only repeat the URL
	}
	if isTimeout(err) {
		err = fmt.Errorf("timed out after %v (the site's timeout): %w", time.Duration(c.site.Timeout), err)
	}
	if err != nil {
		if errors.Is(err, colly.ErrRobotsTxtBlocked) {
			return nil, fmt.Errorf("%s %s: robots.txt disallows it (set respect_robots: false to override): %w", method, u, err)
		}
		return nil, fmt.Errorf("%s %s: %w", method, u, err)
	}
	r, ok := ctx.GetAny(respKey).(*colly.Response)
	if !ok {
		return nil, fmt.Errorf("%s %s: no response", method, u)
	}
	c.bytes.Add(int64(len(r.Body)))
	if int64(len(r.Body)) > c.maxBody {
		return nil, fmt.Errorf("%s %s: %w (%d bytes)", method, u, ErrBodyTooLarge, c.maxBody)
	}
	resp := &Response{URL: r.Request.URL.String(), Status: r.StatusCode, Body: r.Body}
	if r.Headers != nil {
		resp.Header = *r.Headers
	}
	return resp, nil
}

// isTimeout reports whether err is a request that ran out of time, as
// opposed to one cancelled because the run stops.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// Requests returns how many HTTP requests went out, retries included.
func (c *Client) Requests() int64 { return c.requests.Load() }

// Bytes returns how many body bytes arrived (after decompression).
func (c *Client) Bytes() int64 { return c.bytes.Load() }

// countingTransport counts every request that goes out on the wire.
type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(req)
}
