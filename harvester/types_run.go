package harvester

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/wpharvest/wpharvest/config"
)

// typeStore presents one post type's cursor, high-water mark and last
// reconcile as SiteState's own fields to a run over that type, and puts
// them back in their place when the run saves. Types are harvested one
// after the other, so the full state it keeps in memory is the stored one.
type typeStore struct {
	Store
	key string // PostKind.stateKey

	mu    sync.Mutex
	base  SiteState // the full state last read or written
	wrote bool      // SavePage succeeded at least once
	saved func([]Post)
}

// SiteState returns the type's view of the site's state.
func (t *typeStore) SiteState(site string) (SiteState, error) {
	st, err := t.Store.SiteState(site)
	if err != nil {
		return st, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.base = st
	return st.view(t.key), nil
}

// SavePage saves posts with the type's view merged back into the full
// state.
func (t *typeStore) SavePage(site string, posts []Post, view SiteState) (PageStats, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	full := t.base.merge(t.key, view)
	stats, err := t.Store.SavePage(site, posts, full)
	if err != nil {
		return stats, err
	}
	t.base, t.wrote = full, true
	if t.saved != nil && len(posts) > 0 {
		t.saved(posts)
	}
	return stats, nil
}

// view returns st with the per-type fields of the type key in SiteState's
// own fields ("" is post, whose fields they are).
func (st SiteState) view(key string) SiteState {
	if key == "" {
		return st
	}
	ts := st.Types[key]
	st.Backfill, st.HighWater, st.LastReconcile = ts.Backfill, ts.HighWater, ts.LastReconcile
	return st
}

// merge returns the full state after a run over the type key saved view:
// the site-wide fields and the type's fields from view, the other types'
// fields from st.
func (st SiteState) merge(key string, view SiteState) SiteState {
	out := view
	out.Types = maps.Clone(st.Types)
	if key == "" {
		return out
	}
	if out.Types == nil {
		out.Types = map[string]TypeState{}
	}
	out.Types[key] = TypeState{Backfill: view.Backfill, HighWater: view.HighWater, LastReconcile: view.LastReconcile}
	out.Backfill, out.HighWater, out.LastReconcile = st.Backfill, st.HighWater, st.LastReconcile
	return out
}

// runFunc is a run over one post type of a site (h.kind).
type runFunc func(h *Harvester, ctx context.Context, site config.Site) Result

// eachKind runs fn over every post type configured for the site, one after
// the other, each with its own state, then, with Harvester.Names, refreshes
// the site's terms, authors and featured media: after a backfill, and after
// a sync that stored something or reconciled (so a sync that finds nothing
// changed still costs one request and no write, and renamed terms are
// noticed at least once per reconcile_every). The result adds up the runs;
// their errors are joined.
func (h *Harvester) eachKind(ctx context.Context, site config.Site, kind string, fn runFunc) Result {
	start := time.Now()
	kinds := []PostKind{postsKind}
	var pre Result
	if !onlyPosts(site.Types) {
		var err error
		if kinds, pre, err = h.resolveKinds(ctx, site); err != nil {
			pre.Kind, pre.Err, pre.Duration = kind, fmt.Errorf("site %s: %w", site.Name, err), time.Since(start)
			return pre
		}
	}
	seen := newSeenRefs()
	total := Result{Site: site.Name, Requests: pre.Requests, Bytes: pre.Bytes}
	var errs []error
	// A full pass gets the names first, so that its records export with
	// them from the first page on; the rest (authors named by _embed,
	// featured media) needs the stored posts and comes after.
	namesFirst := h.Names && (kind == "backfill" || !h.backfilled(site.Name))
	if namesFirst {
		tr := h.refreshTerms(ctx, site, kinds, seen, namesList)
		total.Requests += tr.Requests
		total.Bytes += tr.Bytes
		if tr.Err != nil {
			errs = append(errs, fmt.Errorf("site %s: %w", site.Name, tr.Err))
		}
	}
	wrote := false
	for _, k := range kinds {
		hk := *h
		hk.kind = k
		ts := &typeStore{Store: h.Store, key: k.stateKey(), saved: seen.adder(k)}
		hk.Store = ts
		res := fn(&hk, ctx, site)
		wrote = wrote || ts.wrote
		total.add(res)
		if res.Err != nil {
			errs = append(errs, res.Err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	changed := total.Stats.New+total.Stats.Updated+total.Stats.Restored > 0
	if h.Names && ctx.Err() == nil && (namesFirst || changed || total.Reconciled) {
		// The lists of terms and users are fetched again after a reconcile,
		// or when the stored posts refer to names the archive lacks; an
		// ordinary sync of edited posts costs no extra request.
		parts := namesRefs
		if !namesFirst && (total.Reconciled || h.unknownNames(site.Name, seen)) {
			parts |= namesList
		}
		tr := h.refreshTerms(ctx, site, kinds, seen, parts)
		total.Requests += tr.Requests
		total.Bytes += tr.Bytes
		if tr.Err != nil {
			errs = append(errs, fmt.Errorf("site %s: %w", site.Name, tr.Err))
		}
	}
	total.Err = errors.Join(errs...)
	total.Duration = time.Since(start)
	if len(kinds) > 1 && wrote {
		h.saveRunRecord(site, start, total)
	}
	return total
}

// add adds a run over one type to r.
func (r *Result) add(o Result) {
	switch {
	case r.Kind == "" || o.Kind == "backfill+sync":
		r.Kind = o.Kind
	}
	r.Stats = r.Stats.Add(o.Stats)
	r.Pages += o.Pages
	r.Requests += o.Requests
	r.Bytes += o.Bytes
	r.Fallback = r.Fallback || o.Fallback
	r.Reconciled = r.Reconciled || o.Reconciled
}

// saveRunRecord records a run over several types as one run.
func (h *Harvester) saveRunRecord(site config.Site, start time.Time, res Result) {
	st, err := h.Store.SiteState(site.Name)
	if err != nil {
		h.Logger.Error().Err(err).Str("site", site.Name).Msg("could not record the run")
		return
	}
	rec := &RunRecord{Kind: res.Kind, Started: start.UTC(), Finished: time.Now().UTC(), Requests: res.Requests, Bytes: res.Bytes, Stats: res.Stats, Duration: res.Duration}
	if res.Err != nil {
		rec.Error = res.Err.Error()
	}
	st.LastRun = rec
	if _, err := h.Store.SavePage(site.Name, nil, st); err != nil {
		h.Logger.Error().Err(err).Str("site", site.Name).Msg("could not record the run")
	}
}

// backfilled reports whether the site's posts were ever fully backfilled.
func (h *Harvester) backfilled(site string) bool {
	st, err := h.Store.SiteState(site)
	return err == nil && (st.Backfill.Complete || st.LastRun != nil && st.LastRun.Kind != "backfill")
}

// resolveKinds works out the site's configured post types, asking its API.
func (h *Harvester) resolveKinds(ctx context.Context, site config.Site) ([]PostKind, Result, error) {
	var res Result
	client, err := NewClient(ctx, site, h.Fetch)
	if err != nil {
		return nil, res, err
	}
	defer func() { res.Requests, res.Bytes = client.Requests(), client.Bytes() }()
	r := &siteRun{ctx: ctx, h: h, site: site, client: client, log: h.Logger.With().Str("site", site.Name).Logger()}
	if r.root, err = h.apiRoot(r); err != nil {
		return nil, res, err
	}
	kinds, err := r.resolveKinds(site.Types)
	res.Requests, res.Bytes = client.Requests(), client.Bytes()
	return kinds, res, err
}

// apiRoot returns the site's saved API root, or discovers it.
func (h *Harvester) apiRoot(r *siteRun) (string, error) {
	st, err := h.Store.SiteState(r.site.Name)
	if err != nil {
		return "", fmt.Errorf("load state: %w", err)
	}
	if st.APIRoot != "" {
		return st.APIRoot, nil
	}
	return Discover(r.client, r.site.URL)
}
