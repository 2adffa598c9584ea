package harvester

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wpharvest/wpharvest/config"
)

// DefaultOverlap is how far before a site's high-water modified_gmt a sync
// looks by default. WordPress compares modified_after with site-local times
// at one-second resolution, and a site's UTC offset may have changed (DST,
// a new timezone setting) since a post was modified: 26 hours covers the
// widest possible gap between two UTC offsets (-12 to +14).
const DefaultOverlap = 26 * time.Hour

// zoneSlack is how much older than modified_after a post of a modified_after
// listing may be before the site counts as ignoring the parameter: the
// largest UTC offset, so that a site that compares in a confused timezone
// is not mistaken for one that ignores the parameter.
const zoneSlack = 14 * time.Hour

// SyncOptions tune Sync.
type SyncOptions struct {
	// Overlap is how far before the high-water mark a sync looks; zero
	// means DefaultOverlap. Less than DefaultOverlap risks missing edits on
	// sites whose timezone changed; tests use it to show that the
	// parameter is sent in UTC.
	Overlap time.Duration
	// Reconcile forces a reconcile pass, whatever the site's
	// reconcile_every says.
	Reconcile bool
}

// Sync runs one incremental pass over a site. A site whose backfill never
// completed is backfilled first (resuming its cursor). Then:
//
//   - on a site that honours modified_after (WordPress ≥ 5.7), the posts
//     modified after the high-water mark minus the overlap are listed in
//     full, oldest first, and those whose modified_gmt differs from the
//     stored one are stored (a changed post keeps its previous record as a
//     version);
//   - on a site that ignores it (noticed when such a listing answers older
//     posts, and remembered in the site's state), a light listing of ids
//     and modified_gmt, newest first, runs until it is older than the high
//     water mark minus the overlap, and the changed or unknown posts are
//     fetched with include=, up to per_page at a time;
//   - when the site's reconcile_every has passed since the last reconcile
//     (a completed backfill counts as one) or SyncOptions.Reconcile is set,
//     every id the site lists is compared with the stored ones (see
//     reconcile).
//
// A pass that finds nothing to store writes nothing at all, not even its
// run record (it is only logged); otherwise the run record is saved with
// the site's state at the end, also after a failure.
func (h *Harvester) Sync(ctx context.Context, site config.Site) Result {
	return h.eachKind(ctx, site, "sync", (*Harvester).syncKind)
}

// syncKind syncs the post type h.kind.
func (h *Harvester) syncKind(ctx context.Context, site config.Site) Result {
	start := time.Now()
	st, err := h.Store.SiteState(site.Name)
	if err != nil {
		return Result{Site: site.Name, Kind: "sync", Err: fmt.Errorf("site %s: load state: %w", site.Name, err), Duration: time.Since(start)}
	}
	var pre Result
	if !st.Backfill.Complete {
		h.Logger.Info().Str("site", site.Name).Msg("never fully backfilled: backfilling first")
		if pre = h.backfillKind(ctx, site); pre.Err != nil {
			return pre
		}
		if st, err = h.Store.SiteState(site.Name); err != nil {
			pre.Err = fmt.Errorf("site %s: load state: %w", site.Name, err)
			return pre
		}
	}
	res := h.sync(ctx, site, st)
	if pre.Kind != "" {
		res.Kind = "backfill+sync"
		res.Stats = pre.Stats.Add(res.Stats)
		res.Pages += pre.Pages
		res.Requests += pre.Requests
		res.Bytes += pre.Bytes
	}
	res.Duration = time.Since(start)
	return res
}

// syncRun is one incremental pass over one site.
type syncRun struct {
	*siteRun
	state   SiteState
	perPage int
	stats   PageStats
	pages   int                 // listing and include requests answered
	seen    map[int64]time.Time // posts found current or stored in this run → modified_gmt
	dirty   bool                // something was written, or the state must be
	// fallback: the light listing was used; reconciled: every id compared.
	fallback, reconciled bool
}

func (h *Harvester) sync(ctx context.Context, site config.Site, st SiteState) Result {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res := Result{Site: site.Name, Kind: "sync"}
	client, err := NewClient(ctx, site, h.Fetch)
	if err != nil {
		res.Err = fmt.Errorf("site %s: %w", site.Name, err)
		return res
	}
	s := &syncRun{
		siteRun: &siteRun{ctx: ctx, h: h, site: site, client: client, log: h.Logger.With().Str("site", site.Name).Logger()},
		state:   st,
		perPage: syncPerPage(site, st),
		seen:    map[int64]time.Time{},
	}
	err = s.run()
	res.Stats, res.Pages = s.stats, s.pages
	res.Fallback, res.Reconciled = s.fallback, s.reconciled
	s.close(&res, start, err)
	s.finish(start, res)
	return res
}

// syncPerPage is the page size of a sync: the site's per_page, lowered to
// what the site accepted during its backfill.
func syncPerPage(site config.Site, st SiteState) int {
	n := site.PerPage
	if n <= 0 || n > 100 {
		n = 100
	}
	if st.PerPage > 0 && st.PerPage < n {
		n = st.PerPage
	}
	return n
}

func (s *syncRun) run() error {
	if s.root = s.state.APIRoot; s.root == "" {
		root, err := Discover(s.client, s.site.URL)
		if err != nil {
			return err
		}
		s.root, s.state.APIRoot, s.dirty = root, root, true
	}
	now := s.now()
	if s.state.LastReconcile.IsZero() {
		// A completed backfill listed every id: it counts as a reconcile.
		if lr := s.state.LastRun; lr != nil && lr.Kind == "backfill" && lr.Error == "" {
			s.state.LastReconcile = lr.Finished
		}
	}
	since := s.since(now)
	if !s.state.IgnoresModifiedAfter {
		ignored, err := s.fastPath(since)
		if err != nil {
			return err
		}
		if ignored {
			s.log.Info().Msg("site ignores modified_after (WordPress before 5.7?): using the light listing from now on")
			s.state.IgnoresModifiedAfter, s.dirty = true, true
		}
	}
	if s.state.IgnoresModifiedAfter {
		s.fallback = true
		if err := s.lightPath(since); err != nil {
			return err
		}
	}
	if s.h.SyncOptions.Reconcile || s.reconcileDue(now) {
		return s.reconcile()
	}
	return nil
}

// since is where the pass starts: the high-water mark (never later than
// now, in case the site's clock runs ahead) minus the overlap; zero for a
// site without posts.
func (s *syncRun) since(now time.Time) time.Time {
	hw := s.state.HighWater
	if hw.IsZero() {
		return time.Time{}
	}
	if now.Before(hw) {
		hw = now
	}
	overlap := s.h.SyncOptions.Overlap
	if overlap <= 0 {
		overlap = DefaultOverlap
	}
	return hw.Add(-overlap).UTC().Truncate(time.Second)
}

// store saves the posts that are new or changed since they were stored,
// with the site's state, in one transaction, and counts the others as
// unchanged. When none is new or changed it writes nothing.
func (s *syncRun) store(posts []Post) error {
	fresh := make([]Post, 0, len(posts))
	stamps := make([]Stamp, 0, len(posts))
	for _, p := range posts {
		m := p.ModifiedGMT.UTC().Truncate(time.Second)
		if was, ok := s.seen[p.ID]; ok && !m.After(was) {
			continue // already stored or found current in this run
		}
		fresh = append(fresh, p)
		stamps = append(stamps, Stamp{Type: p.Type, ID: p.ID, GUID: p.GUID, ModifiedGMT: m})
	}
	if len(fresh) == 0 {
		return nil
	}
	stale, err := s.h.Store.Stale(s.site.Name, stamps)
	if err != nil {
		return err
	}
	isStale := make(map[int64]bool, len(stale))
	for _, st := range stale {
		isStale[st.ID] = true
	}
	next := s.state
	var save []Post
	for i, p := range fresh {
		s.seen[p.ID] = stamps[i].ModifiedGMT
		if !isStale[p.ID] {
			s.stats.Unchanged++
			continue
		}
		save = append(save, p)
		if p.ModifiedGMT.After(next.HighWater) {
			next.HighWater = p.ModifiedGMT.UTC()
		}
	}
	if len(save) == 0 {
		return nil
	}
	stats, err := s.h.Store.SavePage(s.site.Name, save, next)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s.state, s.dirty = next, true
	s.stats = s.stats.Add(stats)
	return nil
}

// fetchInclude fetches the posts ids (in the order given) with include=,
// per_page at a time, storing each batch as it arrives.
func (s *syncRun) fetchInclude(ids []int64) error {
	for _, batch := range batches(ids, s.perPage) {
		page, err := s.fetchPage(includeQuery(batch, ""))
		if err != nil {
			return fmt.Errorf("include %d posts: %w", len(batch), err)
		}
		s.pages++
		if err := s.store(page.Posts); err != nil {
			return err
		}
	}
	return nil
}

// finish records the run in the site's state, unless the pass succeeded
// without anything to write: then it is only logged, so that a pass over
// an unchanged site makes no write transaction.
func (s *syncRun) finish(start time.Time, res Result) {
	ev := s.log.Debug()
	if res.Err != nil {
		ev = s.log.Warn().Err(res.Err)
	}
	ev.Int("new", res.Stats.New).Int("changed", res.Stats.Updated).Int("unchanged", res.Stats.Unchanged).
		Int("deleted", res.Stats.Deleted).Int("restored", res.Stats.Restored).
		Int64("requests", res.Requests).Int64("bytes", res.Bytes).Bool("written", s.dirty || res.Err != nil).Msg("sync pass")
	if !s.dirty && res.Err == nil {
		return
	}
	rec := &RunRecord{Kind: res.Kind, Started: start.UTC(), Finished: time.Now().UTC(), Requests: res.Requests, Bytes: res.Bytes, Stats: res.Stats, Duration: res.Duration}
	if res.Err != nil {
		rec.Error = res.Err.Error()
	}
	s.state.LastRun = rec
	if _, err := s.h.Store.SavePage(s.site.Name, nil, s.state); err != nil {
		s.log.Error().Err(err).Msg("could not record the run")
	}
}

// sortByModified orders stamps oldest first (ties by id), the order in
// which storing them moves the high-water mark forward monotonically.
func sortByModified(stamps []Stamp) {
	slices.SortFunc(stamps, func(a, b Stamp) int {
		if c := a.ModifiedGMT.Compare(b.ModifiedGMT); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
