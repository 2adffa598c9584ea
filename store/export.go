package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"go.etcd.io/bbolt"
)

// Export batching: a read transaction visits at most exportBatchPosts posts
// or fills at most exportBatchBytes of output (plus one record), then ends
// before the batch is written out.
const (
	exportBatchPosts = 1000
	exportBatchBytes = 1 << 20
)

// ExportOptions selects what Export writes.
type ExportOptions struct {
	// Sites limits the export to these sites; empty means every site.
	Sites []string
	// Raw keeps each record's raw field (the post as the site served it).
	Raw bool
	// IncludeDeleted keeps posts whose deleted_at is set. Without it a
	// deleted post is skipped together with its versions.
	IncludeDeleted bool
	// Versions writes, before each current record, its superseded
	// versions in ascending version order.
	Versions bool
	// Since and Until keep the lines whose own modified_gmt is in
	// [Since, Until); a zero bound is open.
	Since, Until time.Time
}

// Export writes the archive as NDJSON to w, one record per line: sites in
// name order, posts in key order within a site. It returns the number of
// lines written. It checks ctx between batches (at most every
// exportBatchPosts posts) and holds no transaction while writing to w.
func (db *DB) Export(ctx context.Context, w io.Writer, opts ExportOptions) (int, error) {
	sites, err := db.exportSites(opts.Sites)
	if err != nil {
		return 0, err
	}
	e := &exporter{
		opts:  opts,
		timed: !opts.Since.IsZero() || !opts.Until.IsZero(),
		out:   make([]byte, 0, exportBatchBytes+64<<10),
	}
	lines := 0
	for _, site := range sites {
		var after []byte // last key of the previous batch
		for {
			if err := ctx.Err(); err != nil {
				return lines, fmt.Errorf("export: %w", err)
			}
			e.out, e.lines = e.out[:0], 0
			var done bool
			err := db.bolt.View(func(tx *bbolt.Tx) error {
				var err error
				after, done, err = e.batch(tx, site, after)
				return err
			})
			if err != nil {
				return lines, fmt.Errorf("export site %q: %w", site, err)
			}
			if len(e.out) > 0 {
				if _, err := w.Write(e.out); err != nil {
					return lines, fmt.Errorf("export: write: %w", err)
				}
			}
			lines += e.lines
			if done {
				break
			}
		}
	}
	return lines, nil
}

// exportSites returns the sites to export in name order, checking that the
// requested ones exist.
func (db *DB) exportSites(want []string) ([]string, error) {
	var names []string
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		names = siteNames(tx)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: list sites: %w", err)
	}
	if len(want) == 0 {
		return names, nil
	}
	out := slices.Clone(want)
	slices.Sort(out)
	out = slices.Compact(out)
	for _, s := range out {
		if _, found := slices.BinarySearch(names, s); !found {
			return nil, fmt.Errorf("export: %w: %q", ErrUnknownSite, s)
		}
	}
	return out, nil
}

// exporter holds the reusable buffers of one Export.
type exporter struct {
	opts   ExportOptions
	timed  bool
	out    []byte // the batch being built
	lines  int    // lines in out
	prefix []byte // version key prefix

	vc      *bbolt.Cursor // versions cursor of the current transaction, or nil
	vk, vv  []byte        // its current key and value
	vSeeked bool          // whether vc was positioned in this transaction
}

// batch appends the lines of the posts of site after key after (from the
// first when nil) to e.out. It returns the last key it visited and whether
// the site is done.
func (e *exporter) batch(tx *bbolt.Tx, site string, after []byte) ([]byte, bool, error) {
	sb, ok := readSite(tx, site)
	if !ok || sb.posts == nil {
		return after, true, nil
	}
	c := sb.posts.Cursor()
	var k, v []byte
	if after == nil {
		k, v = c.First()
	} else if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
		k, v = c.Next()
	}
	e.vc, e.vk, e.vv, e.vSeeked = nil, nil, nil, false
	if e.opts.Versions && sb.versions != nil {
		e.vc = sb.versions.Cursor()
	}
	for n := 0; k != nil; k, v = c.Next() {
		if n == exportBatchPosts || len(e.out) >= exportBatchBytes {
			return after, false, nil // resume after the last visited key
		}
		if err := e.post(k, v); err != nil {
			return nil, false, fmt.Errorf("post %q: %w", k, err)
		}
		n++
		after = append(after[:0], k...)
	}
	return after, true, nil
}

// post appends the lines of one post: its versions when asked, then the
// current record.
func (e *exporter) post(key, rec []byte) error {
	cut := -2 // not yet searched
	if !e.opts.IncludeDeleted {
		cut = rawCut(rec)
		del, err := deleted(rec, cut)
		if err != nil {
			return err
		}
		if del {
			return nil
		}
	}
	if e.vc != nil {
		if err := e.versions(key); err != nil {
			return err
		}
	}
	return e.line(rec, cut)
}

// versions appends the superseded versions of the post stored under key.
// Version keys (key 0x00 time; keys hold no NUL) sort like the post keys,
// so one versions cursor walks forward beside the posts cursor: one seek
// per transaction, then only Next.
func (e *exporter) versions(key []byte) error {
	e.prefix = versionPrefix(e.prefix, key)
	if !e.vSeeked {
		e.vk, e.vv = e.vc.Seek(e.prefix)
		e.vSeeked = true
	}
	for e.vk != nil && bytes.Compare(e.vk, e.prefix) < 0 { // versions of no post
		e.vk, e.vv = e.vc.Next()
	}
	for ; e.vk != nil && bytes.HasPrefix(e.vk, e.prefix); e.vk, e.vv = e.vc.Next() {
		if err := e.line(e.vv, -2); err != nil {
			return err
		}
	}
	return nil
}

// line appends one record to the batch unless the time filter drops it.
// cut is rawCut(rec), or -2 when not yet searched.
func (e *exporter) line(rec []byte, cut int) error {
	if e.timed {
		m, err := modified(rec)
		if err != nil {
			return err
		}
		if (!e.opts.Since.IsZero() && m.Before(e.opts.Since)) || (!e.opts.Until.IsZero() && !m.Before(e.opts.Until)) {
			return nil
		}
	}
	if !e.opts.Raw {
		if cut == -2 {
			cut = rawCut(rec)
		}
		if cut >= 0 {
			e.out = append(e.out, rec[:cut]...)
			e.out = append(e.out, '}', '\n')
			e.lines++
			return nil
		}
	}
	e.out = append(e.out, rec...)
	e.out = append(e.out, '\n')
	e.lines++
	return nil
}
