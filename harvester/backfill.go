package harvester

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wpharvest/wpharvest/config"
)

// Backfill harvests every post of a site in ascending id order, storing
// each page in its own transaction together with the resume cursor. A run
// that was interrupted resumes where the cursor says; a site whose last
// backfill completed is harvested again in full (unchanged posts cost no
// writes). Every post type of the site's types is harvested so, one after
// the other, each with its own cursor; then the site's terms and authors
// are refreshed.
func (h *Harvester) Backfill(ctx context.Context, site config.Site) Result {
	return h.eachKind(ctx, site, "backfill", (*Harvester).backfillKind)
}

// backfillKind backfills the post type h.kind.
func (h *Harvester) backfillKind(ctx context.Context, site config.Site) Result {
	start := time.Now()
	res := Result{Site: site.Name, Kind: "backfill"}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	client, err := NewClient(ctx, site, h.Fetch)
	if err != nil {
		res.Err = err
		return res
	}
	r := &siteRun{ctx: ctx, h: h, site: site, client: client, log: h.Logger.With().Str("site", site.Name).Logger()}
	b := &backfill{siteRun: r, progress: nopProgress{}}
	if h.Progress != nil {
		b.progress = h.Progress(site.Name)
	}
	err = b.run()
	b.progress.Finish()

	res.Stats, res.Pages = b.stats, b.pages
	b.close(&res, start, err)
	b.saveRun(start, res)
	return res
}

// backfill is one backfill run: the pages in flight and the cursor.
type backfill struct {
	*siteRun
	progress Progress

	mu      sync.Mutex // guards everything below; held across SavePage
	loaded  bool
	state   SiteState
	perPage int
	done    map[int]int64 // pages stored beyond the cursor → their last id
	stats   PageStats
	pages   int
}

func (b *backfill) run() error {
	st, err := b.h.Store.SiteState(b.site.Name)
	if err != nil {
		return fmt.Errorf("load state: %w", err)
	}
	b.state, b.loaded = st, true
	b.done = map[int]int64{}
	if b.state.Backfill.Complete {
		b.state.Backfill = BackfillCursor{} // a new full pass
	}
	if err := b.discover(false); err != nil {
		return err
	}
	b.perPage = b.site.PerPage
	if b.perPage <= 0 || b.perPage > 100 {
		b.perPage = 100
	}
	if st.PerPage > 0 && st.PerPage < b.perPage {
		b.perPage = st.PerPage // the site refused more before
	}

	first, startPage, err := b.firstPage()
	if err != nil {
		return err
	}
	done := (startPage - 1) * b.perPage
	b.progress.Start(first.Total, done)
	if first.End {
		return b.complete(first.Total)
	}
	if err := b.store(first); err != nil {
		return err
	}
	if first.TotalPages >= 0 {
		lastLen := len(first.Posts)
		if first.TotalPages > startPage {
			if lastLen, err = b.pagesParallel(startPage+1, first.TotalPages); err != nil {
				return err
			}
		}
		if lastLen == b.perPage {
			// Posts published during the run land after the last page
			// the site announced: follow them until a short page.
			if err := b.pagesSequential(max(first.TotalPages, startPage) + 1); err != nil {
				return err
			}
		}
	} else {
		// No paging headers: page until an empty page or WordPress's
		// "invalid page number", several pages in flight.
		if _, err := b.pagesParallel(startPage+1, math.MaxInt); err != nil {
			return err
		}
	}
	return b.complete(first.Total)
}

// discover sets the API root, from the saved state unless forced.
func (b *backfill) discover(force bool) error {
	if b.state.APIRoot != "" && !force {
		b.root = b.state.APIRoot
		return nil
	}
	root, err := Discover(b.client, b.site.URL)
	if err != nil {
		return err
	}
	b.root, b.state.APIRoot = root, root
	b.log.Debug().Str("api_root", root).Msg("discovered REST API")
	return nil
}

// firstPage fetches the page the run starts at, stepping per_page down when
// the site refuses it and discovering the API again when a saved root no
// longer answers.
func (b *backfill) firstPage() (Page, int, error) {
	cur := b.state.Backfill
	startPage := func() int {
		if cur.Page <= 0 || cur.PerPage <= 0 {
			return 1
		}
		// Start again at the last stored page: one page of overlap.
		return (cur.Page-1)*cur.PerPage/b.perPage + 1
	}
	rediscovered := false
	for {
		sp := startPage()
		page, err := b.fetchPage(PageQuery{Page: sp, PerPage: b.perPage})
		var apiErr *APIError
		switch {
		case err == nil:
			b.state.PerPage = b.perPage
			b.state.Backfill.PerPage = b.perPage
			b.state.Backfill.Page = sp - 1
			return page, sp, nil
		case errors.Is(err, errPerPageRejected) && stepDown(b.perPage) > 0:
			b.log.Info().Int("per_page", b.perPage).Int("next", stepDown(b.perPage)).Msg("site refuses per_page, stepping down")
			b.perPage = stepDown(b.perPage)
		case !rediscovered && b.state.APIRoot != "" && (errors.As(err, &apiErr) && apiErr.Status == 404 || errors.Is(err, ErrNotJSON)):
			rediscovered = true
			if derr := b.discover(true); derr != nil {
				return Page{}, 0, fmt.Errorf("page %d: %w", sp, err)
			}
		default:
			return Page{}, 0, fmt.Errorf("page %d: %w", sp, err)
		}
	}
}

// pagesParallel fetches pages from..to (to may be MaxInt: until the end)
// with the site's parallelism. Fetching and decoding run in the workers;
// one writer stores the pages as they arrive, so the next pages are on the
// wire while a page is being committed. It returns the number of posts on
// page `to`, or -1 when the listing ended before it.
func (b *backfill) pagesParallel(from, to int) (int, error) {
	if from > to {
		return -1, nil
	}
	ctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	var (
		next     atomic.Int64
		endAt    atomic.Int64
		lastLen  atomic.Int64
		errOnce  sync.Once
		firstErr error
	)
	fail := func(n int, err error) {
		errOnce.Do(func() { firstErr = fmt.Errorf("page %d: %w", n, err); cancel() })
	}
	next.Store(int64(from) - 1)
	endAt.Store(int64(to))
	lastLen.Store(-1)
	workers := max(b.site.Parallelism, 1)
	fetched := make(chan Page, workers)

	var writer sync.WaitGroup
	writer.Add(1)
	go func() {
		defer writer.Done()
		for page := range fetched {
			if ctx.Err() != nil {
				continue // drain
			}
			if err := b.store(page); err != nil {
				fail(page.Number, err)
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n := int(next.Add(1))
				if int64(n) > endAt.Load() {
					return
				}
				page, err := b.fetchPage(PageQuery{Page: n, PerPage: b.perPage})
				if err != nil {
					fail(n, err)
					return
				}
				if page.End {
					for cur := endAt.Load(); int64(n) < cur && !endAt.CompareAndSwap(cur, int64(n)); cur = endAt.Load() {
					}
					return
				}
				if n == to {
					lastLen.Store(int64(len(page.Posts)))
				}
				select {
				case fetched <- page:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	close(fetched)
	writer.Wait()
	if firstErr != nil {
		return -1, firstErr
	}
	if err := b.ctx.Err(); err != nil {
		return -1, err
	}
	return int(lastLen.Load()), nil
}

// pagesSequential fetches pages from `from` on, one at a time, until a
// short or empty page.
func (b *backfill) pagesSequential(from int) error {
	for n := from; ; n++ {
		page, err := b.fetchPage(PageQuery{Page: n, PerPage: b.perPage})
		if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if page.End {
			return nil
		}
		if err := b.store(page); err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if len(page.Posts) < b.perPage {
			return nil
		}
	}
}

// store writes one page and advances the cursor over every page stored
// without a gap, in one transaction.
func (b *backfill) store(page Page) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Work on a copy: b.state only moves on once the page is stored, so a
	// failed write never leaves a cursor that claims the page.
	next := b.state
	var lastID int64
	for _, p := range page.Posts {
		lastID = max(lastID, p.ID)
		if p.ModifiedGMT.After(next.HighWater) {
			next.HighWater = p.ModifiedGMT
		}
	}
	done := maps.Clone(b.done)
	done[page.Number] = lastID
	cur := &next.Backfill
	for {
		id, ok := done[cur.Page+1]
		if !ok {
			break
		}
		delete(done, cur.Page+1)
		cur.Page++
		if id > 0 {
			cur.LastID = id
		}
	}
	if page.Total >= 0 {
		cur.Total = page.Total
	}
	stats, err := b.h.Store.SavePage(b.site.Name, page.Posts, next)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	b.state, b.done = next, done
	b.stats = b.stats.Add(stats)
	b.pages++
	b.progress.Add(len(page.Posts))
	return nil
}

// complete marks the backfill done.
func (b *backfill) complete(total int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.state.Backfill.Complete = true
	if total >= 0 {
		b.state.Backfill.Total = total
	}
	return nil // saved with the run record by saveRun
}

// saveRun records the run (and the final cursor) in the site's state. It
// writes even after a failure so that status can show the error.
func (b *backfill) saveRun(start time.Time, res Result) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.loaded {
		// The state could not be read: writing one now could clobber it.
		b.log.Error().Msg("run not recorded: the site's state could not be read")
		return
	}
	rec := &RunRecord{Kind: res.Kind, Started: start.UTC(), Finished: time.Now().UTC(), Requests: res.Requests, Bytes: res.Bytes, Stats: res.Stats, Duration: res.Duration}
	if res.Err != nil {
		rec.Error = res.Err.Error()
	}
	b.state.LastRun = rec
	if _, err := b.h.Store.SavePage(b.site.Name, nil, b.state); err != nil {
		b.log.Error().Err(err).Msg("could not record the run")
	}
}
