package wptest

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// unfiltered reports whether only the status limits the listing.
func (lq *listQuery) unfiltered() bool {
	return lq.exclude == nil && lq.hasDate == [4]bool{}
}

// matches reports whether a post belongs to the listing.
func (lq *listQuery) matches(r *rec) bool {
	if r.status != stPublish || (lq.exclude != nil && lq.exclude[r.id]) {
		return false
	}
	// WP_Date_Query: after/before are exclusive, compared on the site-local
	// post_date and post_modified columns.
	if lq.hasDate[dAfter] && !(r.dateWall > lq.dates[dAfter]) {
		return false
	}
	if lq.hasDate[dBefore] && !(r.dateWall < lq.dates[dBefore]) {
		return false
	}
	if lq.hasDate[dModAfter] && !(r.modifiedWall > lq.dates[dModAfter]) {
		return false
	}
	if lq.hasDate[dModBefore] && !(r.modifiedWall < lq.dates[dModBefore]) {
		return false
	}
	return true
}

// start is the position of the first post of the requested page.
func (lq *listQuery) start() int {
	if lq.hasOffset {
		if lq.offset < 0 {
			return 0
		}
		return lq.offset
	}
	return (lq.page - 1) * lq.perPage
}

// query runs a listing: it returns copies of the page's records and the
// number of matching posts.
func (s *Site) query(lq *listQuery) ([]rec, int) {
	st := &s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	lo := lq.start()
	hi := lo + lq.perPage
	if lq.include != nil {
		return s.queryInclude(lq, lo, hi)
	}
	var order []int32
	switch lq.orderby {
	case "date", "relevance", "author", "parent", "include_slugs":
		order = st.sorted(sortDate, nil)
	case "modified":
		order = st.sorted(sortModified, nil)
	case "title", "slug":
		order = st.sorted(sortTitle, func(r *rec) string { return title(s.opts.Seed, r) })
	}
	n := len(st.posts)
	out := make([]rec, 0, min(lq.perPage, 100))
	if lq.unfiltered() {
		// Only the status filters: the total is known, so the walk stops at
		// the end of the page, and when every post is published the page is
		// read directly.
		at := func(k int) *rec {
			i := k
			if lq.desc {
				i = n - 1 - k
			}
			if order != nil {
				i = int(order[i])
			}
			return &st.posts[i]
		}
		if st.published == n {
			for k := lo; k < min(hi, n); k++ {
				out = append(out, *at(k))
			}
			return out, n
		}
		seen := 0
		for k := 0; k < n && seen < hi; k++ {
			if r := at(k); r.status == stPublish {
				if seen >= lo {
					out = append(out, *r)
				}
				seen++
			}
		}
		return out, st.published
	}
	total := 0
	for k := 0; k < n; k++ {
		i := k
		if lq.desc {
			i = n - 1 - k
		}
		if order != nil {
			i = int(order[i])
		}
		r := &st.posts[i]
		if !lq.matches(r) {
			continue
		}
		if total >= lo && total < hi {
			out = append(out, *r)
		}
		total++
	}
	return out, total
}

// queryInclude runs a listing restricted to include ids. The caller holds
// the read lock.
func (s *Site) queryInclude(lq *listQuery, lo, hi int) ([]rec, int) {
	st := &s.store
	seen := make(map[int64]bool, len(lq.include))
	var all []rec
	for _, id := range lq.include {
		if seen[id] || id < 1 || id > int64(len(st.posts)) {
			continue
		}
		seen[id] = true
		if r := &st.posts[id-1]; lq.matches(r) {
			all = append(all, *r)
		}
	}
	if lq.orderby != "include" {
		var less func(a, b *rec) bool
		switch lq.orderby {
		case "id":
			less = func(a, b *rec) bool { return a.id < b.id }
		case "modified":
			less = func(a, b *rec) bool {
				return a.modifiedWall < b.modifiedWall || a.modifiedWall == b.modifiedWall && a.id < b.id
			}
		case "title", "slug":
			less = func(a, b *rec) bool { return title(s.opts.Seed, a) < title(s.opts.Seed, b) }
		default:
			less = func(a, b *rec) bool { return a.dateWall < b.dateWall || a.dateWall == b.dateWall && a.id < b.id }
		}
		sort.SliceStable(all, func(i, j int) bool {
			if lq.desc {
				return less(&all[j], &all[i])
			}
			return less(&all[i], &all[j])
		})
	}
	total := len(all)
	if lo > total {
		lo = total
	}
	return all[lo:min(hi, total)], total
}

// latest returns the newest n published posts by date.
func (s *Site) latest(n int) ([]rec, int) {
	lq := listQuery{page: 1, perPage: n, desc: true, orderby: "date", sel: selection{all: true}}
	return s.query(&lq)
}

// serveListing answers a request to the posts collection.
func (s *Site) serveListing(w *countingWriter, r *http.Request, rc *renderCtx, q url.Values) {
	lq, errBody, status := s.parseList(q)
	if errBody != nil {
		s.writeJSON(w, r, rc, status, errBody)
		return
	}
	recs, total := s.query(&lq)
	pages := 0
	if total > 0 {
		pages = (total + lq.perPage - 1) / lq.perPage
	}
	if lq.page > pages && total > 0 {
		s.writeError(w, r, rc, errPastEnd)
		return
	}
	h := w.Header()
	if !s.opts.NoPagingHeaders {
		h.Set("X-WP-Total", strconv.Itoa(total))
		h.Set("X-WP-TotalPages", strconv.Itoa(pages))
	}
	s.pageLinks(h, r, rc, lq.page, pages)
	h.Set("Allow", "GET, POST")
	if r.Method == http.MethodHead {
		s.writeJSON(w, r, rc, http.StatusOK, nil)
		return
	}
	buf := s.bufs.get()
	defer s.bufs.put(buf)
	*buf = s.appendList(*buf, recs, rc, &lq.sel)
	s.writeJSON(w, r, rc, http.StatusOK, s.embedList(*buf, q))
}

// appendList renders a JSON list of posts.
func (s *Site) appendList(b []byte, recs []rec, rc *renderCtx, sel *selection) []byte {
	b = append(b, '[')
	for i := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendPost(b, &recs[i], rc, sel)
	}
	return append(b, ']')
}

// pageLinks adds the prev/next Link headers the way WordPress builds them:
// the request's own query parameters, URL-encoded, added to the collection
// URL, with page replaced (or appended).
func (s *Site) pageLinks(h http.Header, r *http.Request, rc *renderCtx, page, pages int) {
	base := rc.restURL("/wp/v2/posts", "")
	var pairs [][2]string
	if rc.plain {
		pairs = append(pairs, [2]string{"rest_route", "/wp/v2/posts"})
		base = rc.root + "/"
	}
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		replaced := false
		for i := range pairs {
			if pairs[i][0] == k {
				pairs[i][1], replaced = v, true
			}
		}
		if !replaced {
			pairs = append(pairs, [2]string{k, v})
		}
	}
	link := func(p int, rel string) {
		var sb strings.Builder
		sb.WriteString(base)
		found := false
		for i, kv := range pairs {
			if i == 0 {
				sb.WriteByte('?')
			} else {
				sb.WriteByte('&')
			}
			v := kv[1]
			if kv[0] == "page" {
				v, found = strconv.Itoa(p), true
			}
			sb.WriteString(url.QueryEscape(kv[0]) + "=" + url.QueryEscape(v))
		}
		if !found {
			if len(pairs) == 0 {
				sb.WriteByte('?')
			} else {
				sb.WriteByte('&')
			}
			sb.WriteString("page=" + strconv.Itoa(p))
		}
		h.Add("Link", "<"+sb.String()+">; rel=\""+rel+"\"")
	}
	if page > 1 {
		link(min(page-1, pages), "prev")
	}
	if pages > page {
		link(page+1, "next")
	}
}
