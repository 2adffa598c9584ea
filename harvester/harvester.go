package harvester

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
)

// Harvester harvests WordPress sites into a Store.
type Harvester struct {
	Store  Store
	Fetch  FetchOptions
	Logger zerolog.Logger
	// Progress, when set, is asked for a progress reporter per site run.
	Progress func(site string) Progress
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// SyncOptions tune Sync.
	SyncOptions SyncOptions
	// Names makes runs harvest the names behind the ids of the posts they
	// store, when the Store is a TermStore: terms of the taxonomies the
	// harvested types use, authors (from /wp/v2/users, or _embed=author
	// when a site blocks it) and featured media (URL and alt text).
	Names bool
	// FeaturedMedia, with Names, also fetches the URL and alt text of the
	// featured images of the posts a run stores (/wp/v2/media?include=,
	// about one request per hundred new posts).
	FeaturedMedia bool
	// Fingerprints makes the fetch workers compute each post's syndication
	// signature (Post.Signature) as they decode a page, in parallel,
	// so that a Store keeping a story index does not have to on its single
	// writer.
	Fingerprints bool

	// kind is the post type a per-type copy of the Harvester runs over;
	// the zero value means posts.
	kind PostKind
}

// Progress receives a run's progress, e.g. to draw a bar on a terminal.
type Progress interface {
	// Start is called once the expected number of posts is known (-1 when
	// the site does not say) and how many were already done.
	Start(total, done int)
	// Add reports n more posts stored.
	Add(n int)
	// Finish is called at the end of the run.
	Finish()
}

type nopProgress struct{}

func (nopProgress) Start(int, int) {}
func (nopProgress) Add(int)        {}
func (nopProgress) Finish()        {}

// Result is the outcome of one run over one site.
type Result struct {
	Site     string
	Kind     string
	Stats    PageStats
	Pages    int
	Requests int64
	Bytes    int64
	Duration time.Duration
	Err      error
	// Fallback is set when a sync used the light listing because the site
	// ignores modified_after; Reconciled when it compared every id.
	Fallback, Reconciled bool
}

// siteRun is the state of one run over one site.
type siteRun struct {
	ctx    context.Context
	h      *Harvester
	site   config.Site
	client *Client
	root   string
	log    zerolog.Logger
}

func (r *siteRun) now() time.Time {
	if r.h.Now != nil {
		return r.h.Now()
	}
	return time.Now()
}

// kind returns the post type the run is over.
func (r *siteRun) kind() PostKind {
	if r.h.kind.Slug == "" {
		return postsKind
	}
	return r.h.kind
}

func (r *siteRun) waitMin() time.Duration {
	if r.h.Fetch.RetryWaitMin > 0 {
		return r.h.Fetch.RetryWaitMin
	}
	return time.Second
}

func (r *siteRun) waitMax() time.Duration {
	if r.h.Fetch.RetryWaitMax > 0 {
		return r.h.Fetch.RetryWaitMax
	}
	return time.Minute
}

// close fills in what every run reports at its end: the client's request
// and byte counts, the duration, and err (nil for success) named after the
// site, saying "interrupted" when the run's context was canceled.
func (r *siteRun) close(res *Result, start time.Time, err error) {
	res.Requests, res.Bytes = r.client.Requests(), r.client.Bytes()
	res.Duration = time.Since(start)
	if err == nil {
		return
	}
	if r.ctx.Err() != nil && errors.Is(err, context.Canceled) {
		err = fmt.Errorf("interrupted: %w", err)
	}
	res.Err = fmt.Errorf("site %s: %w", r.site.Name, err)
}
