package harvester

import (
	"fmt"
	"time"
)

// lightPath is the sync of a site that ignores modified_after: a light
// listing (id, guid, modified_gmt), newest first, until it reaches posts
// older than since; then the posts that are unknown, marked deleted or
// changed are fetched with include=, oldest first, so that the high-water
// mark only moves forward and an interrupted pass resumes without a gap.
// Newest first, a post edited or published during the listing moves to the
// front and shifts the rest back: it may be listed twice, never skipped.
func (s *syncRun) lightPath(since time.Time) error {
	var stamps []Stamp
	at := map[int64]int{}
	for pageNo := 1; ; pageNo++ {
		page, err := s.fetchPage(lightQuery(pageNo, s.perPage, stampFields, "modified", "desc"))
		if err != nil {
			return fmt.Errorf("light listing page %d: %w", pageNo, err)
		}
		s.pages++
		if page.End {
			break
		}
		for _, st := range page.Stamps {
			st.ModifiedGMT = st.ModifiedGMT.UTC().Truncate(time.Second)
			if i, ok := at[st.ID]; ok {
				if st.ModifiedGMT.After(stamps[i].ModifiedGMT) {
					stamps[i] = st
				}
				continue
			}
			at[st.ID] = len(stamps)
			stamps = append(stamps, st)
		}
		last := page.Stamps[len(page.Stamps)-1]
		if len(page.Stamps) < s.perPage || last.ModifiedGMT.Before(since) || (page.TotalPages >= 0 && pageNo >= page.TotalPages) {
			break
		}
	}
	return s.fetchStale(stamps)
}

// fetchStale fetches and stores the posts of stamps that the store does not
// hold as they are, oldest first; the others count as unchanged.
func (s *syncRun) fetchStale(stamps []Stamp) error {
	fresh := stamps[:0:0]
	for _, st := range stamps {
		if was, ok := s.seen[st.ID]; ok && !st.ModifiedGMT.After(was) {
			continue
		}
		fresh = append(fresh, st)
	}
	stale, err := s.h.Store.Stale(s.site.Name, fresh)
	if err != nil {
		return err
	}
	isStale := make(map[int64]bool, len(stale))
	for _, st := range stale {
		isStale[st.ID] = true
	}
	for _, st := range fresh {
		if !isStale[st.ID] {
			s.seen[st.ID] = st.ModifiedGMT
			s.stats.Unchanged++
		}
	}
	sortByModified(stale)
	ids := make([]int64, len(stale))
	for i, st := range stale {
		ids[i] = st.ID
	}
	return s.fetchInclude(ids)
}
