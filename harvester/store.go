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
}

// PageStats counts what SavePage did with the posts of one page.
type PageStats struct {
	New       int
	Updated   int
	Unchanged int
}

// Add returns the sum of two PageStats.
func (s PageStats) Add(o PageStats) PageStats {
	return PageStats{New: s.New + o.New, Updated: s.Updated + o.Updated, Unchanged: s.Unchanged + o.Unchanged}
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
	// LastRun describes the most recent run, successful or not.
	LastRun *RunRecord `json:"last_run,omitempty"`
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
