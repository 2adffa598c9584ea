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
// or fills at most exportBatchBytes of output (plus one post's lines), then
// ends before the batch is written out.
const (
	exportBatchPosts = 1000
	exportBatchBytes = 256 << 10
)

// ExportOptions selects what Export writes.
type ExportOptions struct {
	// Sites limits the export to these sites; empty means every site.
	Sites []string
	// Types limits the export to posts whose type field is one of these
	// (such as "post" or "page"); empty means every type.
	Types []string
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

// Export writes the archive as NDJSON to w, one record per line, and
// returns the number of lines written. The order is sites in name order,
// then posts by date_gmt, then by GUID key (the walk of the bydate index),
// and with Versions each post's superseded versions just before its current
// record, oldest first.
//
// Export reads in short transactions of at most exportBatchPosts posts,
// checks ctx between them and holds no transaction while writing to w, so
// memory stays flat and writers are never held up. A site written before
// the date index existed gets its index built first when the database is
// writable; read-only, Export fails with ErrNoIndex before writing anything.
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
		var after []byte // last index key of the previous batch
		for {
			if err := ctx.Err(); err != nil {
				return lines, fmt.Errorf("export: %w", err)
			}
			e.out, e.lines = e.out[:0], 0
			var done bool
			err := db.bolt.View(func(tx *bbolt.Tx) error {
				var err error
				e.seen.start(db.bolt.Info().Data, tx.Size())
				after, done, err = e.batch(tx, site, after)
				e.release(done && site == sites[len(sites)-1])
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
// requested ones exist and are indexed (building missing indexes when the
// database is writable).
func (db *DB) exportSites(want []string) ([]string, error) {
	var names []string
	missing := false
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		names = siteNames(tx)
		for _, s := range names {
			if (len(want) == 0 || slices.Contains(want, s)) && unindexed(tx, s) {
				missing = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: list sites: %w", err)
	}
	out := names
	if len(want) > 0 {
		out = slices.Clone(want)
		slices.Sort(out)
		out = slices.Compact(out)
		for _, s := range out {
			if _, found := slices.BinarySearch(names, s); !found {
				return nil, fmt.Errorf("export: %w: %q", ErrUnknownSite, s)
			}
		}
	}
	if missing {
		if db.bolt.IsReadOnly() {
			return nil, fmt.Errorf("export: %w", ErrNoIndex)
		}
		if err := db.BuildIndex(); err != nil {
			return nil, fmt.Errorf("export: %w", err)
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
	date   []byte // date prefix of a record, to check against its index key
	vc     *bbolt.Cursor
	seen   mapped // the stored bytes read in this transaction
	tx     *bbolt.Tx
	site   string
	story  []byte // story field of the current record being written, or nil
	names  exportNames
	named  bool   // the site has names behind ids (terms, users, media)
	extra  []byte // the fields spliced into the line being written
}

// batch appends the lines of the posts of site that follow index key after
// (from the first when nil) to e.out. It returns the last index key it
// visited and whether the site is done.
func (e *exporter) batch(tx *bbolt.Tx, site string, after []byte) ([]byte, bool, error) {
	e.tx, e.site = tx, site
	e.named = e.names.load(tx, site)
	sb, ok := readSite(tx, site)
	if !ok || sb.posts == nil {
		return after, true, nil
	}
	ix := readIndex(tx, site)
	if ix == nil {
		if unindexed(tx, site) {
			return after, false, ErrNoIndex
		}
		return after, true, nil
	}
	c := ix.Cursor()
	var k []byte
	if after == nil {
		k, _ = c.First()
	} else if k, _ = c.Seek(after); k != nil && bytes.Equal(k, after) {
		k, _ = c.Next()
	}
	e.vc = nil
	if e.opts.Versions && sb.versions != nil {
		e.vc = sb.versions.Cursor()
	}
	pc := sb.posts.Cursor() // one cursor for every lookup: Get would allocate one each
	for n := 0; k != nil; k, _ = c.Next() {
		if n == exportBatchPosts || len(e.out) >= exportBatchBytes {
			return after, false, nil // resume after the last visited key
		}
		n++
		after = append(after[:0], k...)
		if len(k) <= dateLen {
			continue
		}
		key := k[dateLen:]
		pk, rec := pc.Seek(key)
		if rec == nil || !bytes.Equal(pk, key) {
			continue // an entry without its post: never written, but harmless
		}
		if err := e.post(k[:dateLen], key, rec); err != nil {
			return nil, false, fmt.Errorf("post %q: %w", key, err)
		}
	}
	return after, true, nil
}

// post appends the lines of one post: its versions when asked, then the
// current record. date is the post's index entry's date prefix: an entry
// that does not match the record's date_gmt is skipped, so a post appears
// at most once whatever the state of the index.
func (e *exporter) post(date, key, rec []byte) error {
	e.seen.add(rec)
	d, err := dateSeconds(rec)
	if err != nil {
		return err
	}
	if e.date = appendDateKey(e.date[:0], time.Unix(d, 0)); !bytes.Equal(e.date, date) {
		return nil
	}
	if len(e.opts.Types) > 0 {
		typ, err := typeOf(rec)
		if err != nil {
			return err
		}
		if !slices.Contains(e.opts.Types, typ) {
			return nil
		}
	}
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
	e.story, _ = storyField(e.tx, e.site, key)
	err = e.line(rec, cut)
	e.story = nil
	return err
}

// versions appends the superseded versions of the post stored under key,
// oldest first (version keys are key 0x00 time).
func (e *exporter) versions(key []byte) error {
	e.prefix = versionPrefix(e.prefix, key)
	for k, v := e.vc.Seek(e.prefix); k != nil && bytes.HasPrefix(k, e.prefix); k, v = e.vc.Next() {
		e.seen.add(v)
		if err := e.line(v, -2); err != nil {
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
	if e.story != nil || e.named {
		if cut == -2 {
			cut = rawCut(rec)
		}
		e.extra = e.extra[:0]
		if e.named {
			e.extra = e.names.appendFields(e.extra, rec, cut)
		}
		e.extra = append(e.extra, e.story...)
		e.out = append(appendWithStory(e.out, rec, cut, e.extra, e.opts.Raw), '\n')
		e.lines++
		return nil
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
