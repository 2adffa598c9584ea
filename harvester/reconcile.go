package harvester

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// reconcileDue reports whether the site's reconcile_every has passed since
// its last reconcile.
func (s *syncRun) reconcileDue(now time.Time) bool {
	every := time.Duration(s.site.ReconcileEvery)
	if every <= 0 {
		every = 24 * time.Hour
	}
	last := s.state.LastReconcile
	return last.IsZero() || now.Sub(last) >= every
}

// errEmptyListing stops a reconcile that would mark every stored post
// deleted because the site lists none.
var errEmptyListing = errors.New("the site lists no posts at all: not marking the archive deleted (a glitch or a blocked API?)")

// reconcile compares every id the site lists (a light _fields=id listing,
// all pages, in id order) with the stored ids:
//
//   - listed but not stored, or stored as deleted: fetched with include=
//     (new posts become version 1; deleted ones come back as a new
//     version with deleted_at cleared);
//   - stored but no longer listed: asked for once more with include=
//     (an id listing that shifted under a deletion may skip a post that
//     is still there), and those still missing are marked deleted, their
//     records kept.
func (s *syncRun) reconcile() error {
	now := s.now().UTC()
	listed, err := s.listIDs()
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	stored, err := s.h.Store.IDs(s.site.Name, s.kind().Slug)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if len(listed) == 0 && len(stored) > 0 {
		return fmt.Errorf("reconcile: %w", errEmptyListing)
	}
	isListed := make(map[int64]bool, len(listed))
	for _, id := range listed {
		isListed[id] = true
	}
	isStored := make(map[int64]bool, len(stored))
	var missing []int64
	for _, id := range stored {
		isStored[id] = true
		if !isListed[id] {
			missing = append(missing, id)
		}
	}
	var fetch []int64
	for _, id := range listed {
		if !isStored[id] {
			if _, ok := s.seen[id]; !ok {
				fetch = append(fetch, id)
			}
		}
	}
	s.log.Debug().Int("listed", len(listed)).Int("stored", len(stored)).Int("missing", len(missing)).Int("fetch", len(fetch)).Msg("reconcile")
	if err := s.fetchInclude(fetch); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	gone, err := s.stillMissing(missing)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if len(gone) > 0 {
		n, err := s.h.Store.MarkDeleted(s.site.Name, s.kind().Slug, gone, now)
		if err != nil {
			return fmt.Errorf("reconcile: %w", err)
		}
		s.stats.Deleted += n
	}
	s.state.LastReconcile, s.dirty = now, true
	s.reconciled = true
	return nil
}

// stillMissing asks for ids with include= (id only) and returns those the
// site does not answer.
func (s *syncRun) stillMissing(ids []int64) ([]int64, error) {
	var gone []int64
	for _, batch := range batches(ids, s.perPage) {
		page, err := s.fetchPage(includeQuery(batch, idFields))
		if err != nil {
			return nil, fmt.Errorf("check %d missing posts: %w", len(batch), err)
		}
		s.pages++
		present := make(map[int64]bool, len(page.Stamps))
		for _, st := range page.Stamps {
			present[st.ID] = true
		}
		for _, id := range batch {
			if !present[id] {
				gone = append(gone, id)
			}
		}
	}
	return gone, nil
}

// listIDs returns every id of the site's posts listing, ascending, with the
// site's parallelism once the number of pages is known.
func (s *syncRun) listIDs() ([]int64, error) {
	query := func(n int) PageQuery { return lightQuery(n, s.perPage, idFields, "id", "asc") }
	first, err := s.fetchPage(query(1))
	if err != nil {
		return nil, fmt.Errorf("id listing page 1: %w", err)
	}
	s.pages++
	if first.End {
		return nil, nil
	}
	pages := [][]Stamp{first.Stamps}
	next := 2
	if first.TotalPages > 1 {
		more, err := s.lightPagesParallel(2, first.TotalPages, query)
		if err != nil {
			return nil, err
		}
		pages = append(pages, more...)
		next = first.TotalPages + 1
	}
	// Without paging headers, or when the last page was full (posts
	// published meanwhile), go on until a short or empty page.
	for last := pages[len(pages)-1]; len(last) == s.perPage; next++ {
		page, err := s.fetchPage(query(next))
		if err != nil {
			return nil, fmt.Errorf("id listing page %d: %w", next, err)
		}
		s.pages++
		if page.End {
			break
		}
		pages = append(pages, page.Stamps)
		last = page.Stamps
	}
	var ids []int64
	for _, p := range pages {
		for _, st := range p {
			ids = append(ids, st.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// lightPagesParallel fetches light pages from..to with the site's
// parallelism and returns their stamps in page order.
func (s *syncRun) lightPagesParallel(from, to int, query func(int) PageQuery) ([][]Stamp, error) {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	out := make([][]Stamp, to-from+1)
	var (
		next     atomic.Int64
		fetched  atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	next.Store(int64(from) - 1)
	for range max(s.site.Parallelism, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n := int(next.Add(1))
				if n > to {
					return
				}
				page, err := s.fetchPage(query(n))
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("id listing page %d: %w", n, err); cancel() })
					return
				}
				fetched.Add(1)
				out[n-from] = page.Stamps
			}
		}()
	}
	wg.Wait()
	s.pages += int(fetched.Load())
	if firstErr != nil {
		return nil, firstErr
	}
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
