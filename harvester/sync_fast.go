package harvester

import (
	"fmt"
	"net/url"
	"time"
)

// fastPath lists, in full and oldest first, the posts modified after since
// (modified_after, sent in UTC with a Z), storing the changed ones page by
// page. It pages by keyset: each next request asks for the posts modified
// after the last one of the previous page, less a second (WordPress
// compares at one-second resolution, so posts sharing that second come
// again and are skipped as seen). A post edited during the pass moves to
// the end of the listing, where the pass still finds it; a post deleted
// during the pass shifts nothing. Only when a whole page shares one second
// does it fall back to page numbers for that second.
//
// ignored reports that the site answered posts older than since (less the
// largest UTC offset): it ignores modified_after, and nothing was stored
// from that answer.
func (s *syncRun) fastPath(since time.Time) (ignored bool, err error) {
	after, pageNo := since, 1
	for {
		q := PageQuery{Page: pageNo, PerPage: s.perPage, OrderBy: "modified", Order: "asc"}
		if !after.IsZero() {
			q.Extra = url.Values{"modified_after": {after.UTC().Format(time.RFC3339)}}
		}
		page, err := s.fetchPage(q)
		if err != nil {
			return false, fmt.Errorf("posts modified after %s: %w", after.UTC().Format(time.RFC3339), err)
		}
		s.pages++
		if page.End {
			return false, nil
		}
		if !after.IsZero() {
			for _, p := range page.Posts {
				if p.ModifiedGMT.Before(after.Add(-zoneSlack)) {
					s.log.Debug().Int64("id", p.ID).Time("modified_gmt", p.ModifiedGMT).Time("modified_after", after).Msg("modified_after ignored")
					return true, nil
				}
			}
		}
		if err := s.store(page.Posts); err != nil {
			return false, err
		}
		if len(page.Posts) < s.perPage || (page.TotalPages >= 0 && pageNo >= page.TotalPages) {
			return false, nil
		}
		next := page.Posts[len(page.Posts)-1].ModifiedGMT.UTC().Truncate(time.Second).Add(-time.Second)
		if next.After(after) {
			after, pageNo = next, 1
		} else {
			pageNo++ // a full page within one second
		}
	}
}
