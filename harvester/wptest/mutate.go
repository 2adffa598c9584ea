package wptest

import "time"

// Edit changes a post's title and content deterministically (the title
// gains " (updated N)" and the content an update note, N counting the
// edits) and sets modified and modified_gmt to at. Unknown ids are ignored.
func (s *Site) Edit(id int64, at time.Time) {
	sec := at.Unix()
	w := wallSeconds(sec, s.opts.Timezone)
	s.store.update(id, func(r *rec) {
		r.edits++
		r.modified, r.modifiedWall = sec, w
	})
}

// Trash moves a post to the trash: it leaves listings and its URL answers
// 401 rest_forbidden.
func (s *Site) Trash(id int64) { s.setStatus(id, stTrash) }

// Delete deletes a post for good: its URL answers 404 rest_post_invalid_id.
func (s *Site) Delete(id int64) { s.setStatus(id, stDeleted) }

// Unpublish makes a post private: it leaves listings and its URL answers
// 401 rest_forbidden.
func (s *Site) Unpublish(id int64) { s.setStatus(id, stPrivate) }

// Restore publishes a trashed, private or deleted post again, with its
// dates unchanged.
func (s *Site) Restore(id int64) { s.setStatus(id, stPublish) }

func (s *Site) setStatus(id int64, st uint8) {
	s.store.update(id, func(r *rec) { r.status = st })
}

// Add publishes a new post dated at (date and modified) and returns its
// id, the next after every id so far.
func (s *Site) Add(at time.Time) int64 { return s.store.add(at, s.opts.Timezone) }

// PostIDs returns the ids of the published posts, ascending.
func (s *Site) PostIDs() []int64 {
	st := &s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	ids := make([]int64, 0, st.published)
	for i := range st.posts {
		if st.posts[i].status == stPublish {
			ids = append(ids, st.posts[i].id)
		}
	}
	return ids
}

// Total returns the number of published posts (X-WP-Total of an
// unfiltered listing).
func (s *Site) Total() int {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	return s.store.published
}

// PostInfo is what a test may want to know about one post without fetching
// it.
type PostInfo struct {
	ID          int64
	Status      string // publish, private, trash or deleted
	DateGMT     time.Time
	ModifiedGMT time.Time
	Edits       int
	Title       string // title.rendered, entities included
	Slug        string
}

// Post returns information about post id; ok is false for ids the site
// never had.
func (s *Site) Post(id int64) (info PostInfo, ok bool) {
	r, ok := s.store.get(id)
	if !ok {
		return PostInfo{}, false
	}
	return PostInfo{
		ID: r.id, Status: statusNames[r.status],
		DateGMT: time.Unix(r.date, 0).UTC(), ModifiedGMT: time.Unix(r.modified, 0).UTC(),
		Edits: int(r.edits), Title: title(s.opts.Seed, &r), Slug: slug(s.opts.Seed, r.id),
	}, true
}
