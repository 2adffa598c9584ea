package wptest

import (
	"sort"
	"sync"
	"time"
)

// Post statuses of the compact record.
const (
	stPublish uint8 = iota
	stPrivate
	stTrash
	stDeleted
)

var statusNames = [...]string{"publish", "private", "trash", "deleted"}

// rec is everything a post keeps in memory; the rest is generated from the
// site seed and the id when the post is rendered. Times are Unix seconds;
// the *Wall fields are the site-local wall clock read as if it were UTC.
type rec struct {
	id           int64
	date         int64
	dateWall     int64
	modified     int64
	modifiedWall int64
	edits        uint32
	status       uint8
}

// store holds the posts of a site, indexed by id-1.
type store struct {
	mu        sync.RWMutex
	posts     []rec
	published int
	version   uint64

	idxMu sync.Mutex
	idx   [numSortKeys]sortedIndex
}

// Keys that listings may be sorted by besides the id.
const (
	sortDate = iota
	sortModified
	sortTitle
	numSortKeys
)

// sortedIndex is a cached permutation of post positions in ascending order
// of a sort key, valid for one store version.
type sortedIndex struct {
	version uint64
	valid   bool
	order   []int32
}

// baseTime is 2020-01-01T00:00:00Z, the origin of generated publication
// times (post id i is published about i half-hours later).
const baseTime int64 = 1577836800

// generate fills the store with n posts published every half hour or so,
// a few of them backdated so that date order differs from id order.
func (st *store) generate(n int, seed int64, loc *time.Location) {
	st.posts = make([]rec, n)
	for i := range st.posts {
		id := int64(i + 1)
		h := hash(seed, id, saltTime)
		date := baseTime + id*1800 + int64(h%1200)
		if id > 10 && (h>>20)%41 == 0 {
			date -= int64(1+(h>>28)%5) * 86400
		}
		modified := date + int64((h>>32)%600)
		if (h>>40)%9 == 0 {
			modified = date + int64(1+(h>>44)%30)*86400 + int64((h>>50)%3600)
		}
		st.posts[i] = rec{
			id: id, date: date, dateWall: wallSeconds(date, loc),
			modified: modified, modifiedWall: wallSeconds(modified, loc),
		}
	}
	st.published = n
}

// get returns a copy of the record of id.
func (st *store) get(id int64) (rec, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if id < 1 || id > int64(len(st.posts)) {
		return rec{}, false
	}
	return st.posts[id-1], true
}

// update applies f to the record of id under the write lock, keeping the
// published count and the version up to date. It reports whether id exists.
func (st *store) update(id int64, f func(r *rec)) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if id < 1 || id > int64(len(st.posts)) {
		return false
	}
	r := &st.posts[id-1]
	was := r.status == stPublish
	f(r)
	if now := r.status == stPublish; now != was {
		if now {
			st.published++
		} else {
			st.published--
		}
	}
	st.version++
	return true
}

// add appends a published post and returns its id.
func (st *store) add(at time.Time, loc *time.Location) int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	id := int64(len(st.posts) + 1)
	sec := at.Unix()
	w := wallSeconds(sec, loc)
	st.posts = append(st.posts, rec{id: id, date: sec, dateWall: w, modified: sec, modifiedWall: w})
	st.published++
	st.version++
	return id
}

// sorted returns the ascending order of all posts by key. It must be called
// with st.mu held for reading; the result must not be modified.
func (st *store) sorted(key int, title func(r *rec) string) []int32 {
	st.idxMu.Lock()
	defer st.idxMu.Unlock()
	ix := &st.idx[key]
	if ix.valid && ix.version == st.version && len(ix.order) == len(st.posts) {
		return ix.order
	}
	order := make([]int32, len(st.posts))
	for i := range order {
		order[i] = int32(i)
	}
	p := st.posts
	switch key {
	case sortDate:
		sort.SliceStable(order, func(a, b int) bool { return p[order[a]].dateWall < p[order[b]].dateWall })
	case sortModified:
		sort.SliceStable(order, func(a, b int) bool { return p[order[a]].modifiedWall < p[order[b]].modifiedWall })
	case sortTitle:
		titles := make([]string, len(p))
		for i := range p {
			titles[i] = title(&p[i])
		}
		sort.SliceStable(order, func(a, b int) bool { return titles[order[a]] < titles[order[b]] })
	}
	*ix = sortedIndex{version: st.version, valid: true, order: order}
	return order
}
