package harvester

import "time"

// Store is where a harvest puts what it fetched. The bbolt adapter in package
// store implements it; tests may use it directly on a file in t.TempDir().
type Store interface {
	// SiteState returns the saved state of a site, or the zero SiteState
	// when the site has never been harvested.
	SiteState(site string) (SiteState, error)

	// SavePage stores one fetched page of posts together with the site's new
	// state in a single write transaction, so that a crash either keeps both
	// or neither. Posts already stored with the same modified_gmt are left
	// untouched; changed ones keep their previous record as a version.
	SavePage(site string, posts []Post, state SiteState) (PageStats, error)

	// IDs returns, ascending, the ids of the stored posts of site with type
	// typ that are not marked deleted.
	IDs(site, typ string) ([]int64, error)

	// Stale returns, in the order given, the stamps whose post SavePage
	// would write: not stored, marked deleted, or stored with an older
	// modified_gmt. It only reads, so a sync that finds nothing stale
	// writes nothing.
	Stale(site string, stamps []Stamp) ([]Stamp, error)

	// MarkDeleted sets deleted_at to at on the stored, not yet deleted
	// posts of site with type typ and the given ids, keeping their
	// records and versions, and returns how many it marked.
	MarkDeleted(site, typ string, ids []int64, at time.Time) (int, error)
}

// Stamp is what a light listing tells about a post: enough to decide
// whether the stored copy is current.
type Stamp struct {
	// Type is the post type; "" means "post".
	Type string
	ID   int64
	// GUID is the entity-decoded GUID when the listing asked for it.
	GUID string
	// ModifiedGMT is zero when the listing did not ask for it.
	ModifiedGMT time.Time
}

// PageStats counts what SavePage did with the posts of one page, and what
// a run did in all.
type PageStats struct {
	New       int
	Updated   int
	Unchanged int
	// Restored counts posts marked deleted that came back (a new version).
	Restored int `json:",omitempty"`
	// Deleted counts posts a reconcile marked deleted (not SavePage's).
	Deleted int `json:",omitempty"`
}

// Add returns the sum of two PageStats.
func (s PageStats) Add(o PageStats) PageStats {
	return PageStats{
		New: s.New + o.New, Updated: s.Updated + o.Updated, Unchanged: s.Unchanged + o.Unchanged,
		Restored: s.Restored + o.Restored, Deleted: s.Deleted + o.Deleted,
	}
}

// SiteState is what the archive remembers about a site between runs. It is
// stored in the site's meta bucket.
type SiteState struct {
	// APIRoot is the discovered REST root, e.g. "https://news.example/wp-json/"
	// or "https://news.example/?rest_route=/" on plain-permalink sites.
	APIRoot string `json:"api_root,omitempty"`
	// PerPage is the page size the site accepted (it may cap below 100).
	PerPage int `json:"per_page,omitempty"`
	// Backfill is the resume cursor of the full harvest.
	Backfill BackfillCursor `json:"backfill"`
	// HighWater is the highest modified_gmt stored for the site.
	HighWater time.Time `json:"high_water"`
	// LastRun describes the most recent run that wrote something (a sync
	// that found nothing changed writes nothing, not even its run record),
	// or failed.
	LastRun *RunRecord `json:"last_run,omitempty"`
	// IgnoresModifiedAfter is set once the site was seen answering a
	// modified_after listing with older posts (WordPress before 5.7):
	// syncs of the site then use the light listing.
	IgnoresModifiedAfter bool `json:"ignores_modified_after,omitempty"`
	// LastReconcile is when the stored ids were last compared with the
	// site's full id listing (zero: never).
	LastReconcile time.Time `json:"last_reconcile"`
	// Types holds the backfill cursor, high-water mark and last reconcile
	// of every harvested post type other than post, keyed by type slug
	// (e.g. "page"). The post type keeps the fields above, so that
	// archives written before types existed resume where they were.
	Types map[string]TypeState `json:"types,omitempty"`
}

// TypeState is the per-type part of SiteState for a type other than post.
type TypeState struct {
	Backfill      BackfillCursor `json:"backfill"`
	HighWater     time.Time      `json:"high_water"`
	LastReconcile time.Time      `json:"last_reconcile"`
}

// BackfillCursor records how far a backfill got. Pages are fetched in
// ascending id order (orderby=id&order=asc), so new posts only ever append
// to the listing; every page up to and including Page (of PerPage posts) is
// stored. A resumed backfill starts again at Page itself, one page of
// overlap, because a post deleted meanwhile shifts later posts back.
type BackfillCursor struct {
	Complete bool  `json:"complete"`
	Page     int   `json:"page"`
	PerPage  int   `json:"per_page"`
	LastID   int64 `json:"last_id"`
	Total    int   `json:"total"`
}

// RunRecord describes one run over a site.
type RunRecord struct {
	Kind     string        `json:"kind"`
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Requests int64         `json:"requests"`
	Bytes    int64         `json:"bytes"`
	Stats    PageStats     `json:"stats"`
	Duration time.Duration `json:"duration"`
	Error    string        `json:"error,omitempty"`
}
