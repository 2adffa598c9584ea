package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// syncResult compares one incremental sync with the full crawl of the site.
type syncResult struct {
	posts, edits            int
	fullRequests, fullBytes int64
	syncRequests, syncBytes int64
	fullWall                time.Duration
	sync                    series
}

// syncs measures sync passes after 50 and 1,000 edits on a site of
// b.syncPosts posts, against the full crawl (the backfill) of the same site.
func (b *bench) syncs(ctx context.Context, dir string) ([]syncResult, error) {
	var out []syncResult
	for _, edits := range []int{50, 1000} {
		srv := wptest.NewServer(wptest.Options{Posts: b.syncPosts, Seed: 2})
		db := filepath.Join(dir, fmt.Sprintf("sync-%d.db", edits))
		par := strconv.Itoa(b.parallelism)
		fmt.Fprintf(b.log, "sync: %d posts, %d edits: backfill…", b.syncPosts, edits)
		full, err := b.child(ctx, "child-backfill", "-db", db, "-url", srv.URL, "-parallelism", par)
		if err != nil {
			srv.Close()
			return nil, err
		}
		r := syncResult{posts: b.syncPosts, edits: edits, fullRequests: srv.Site().Requests(), fullBytes: srv.Site().Bytes(), fullWall: full.wall}
		for run := range b.runs {
			// Each run edits a fresh set of posts, spread over the site.
			at := time.Now().UTC().Add(time.Duration(run+1) * time.Minute)
			step := b.syncPosts / edits
			for i := range edits {
				srv.Site().Edit(int64(1+i*step+run), at)
			}
			srv.Site().ResetCounters()
			fmt.Fprintf(b.log, " sync…")
			m, err := b.child(ctx, "child-sync", "-db", db, "-url", srv.URL, "-parallelism", par)
			if err != nil {
				srv.Close()
				return nil, err
			}
			if m.res.Items != int64(edits) {
				srv.Close()
				return nil, fmt.Errorf("sync stored %d posts, want the %d edited", m.res.Items, edits)
			}
			r.sync = append(r.sync, m)
			if run == 0 {
				// The first pass sees only these edits. Later passes also
				// list the earlier runs' edits again: they are within the
				// 26 h overlap window before the high-water mark.
				r.syncRequests, r.syncBytes = srv.Site().Requests(), srv.Site().Bytes()
			}
		}
		fmt.Fprintln(b.log)
		srv.Close()
		out = append(out, r)
	}
	return out, nil
}

func (b *bench) reportSyncs(w io.Writer, syncs []syncResult) {
	if len(syncs) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| sync (first pass after the backfill) | requests | bytes | bytes vs full crawl | time (median) | full crawl: requests, bytes, time |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---|")
	for _, r := range syncs {
		fmt.Fprintf(w, "| %d edits in %d posts | %d | %.0f KiB | %.2f%% | %.2fs | %d, %.0f MiB, %.2fs |\n",
			r.edits, r.posts, r.syncRequests, float64(r.syncBytes)/1024, 100*float64(r.syncBytes)/float64(r.fullBytes),
			r.sync.wall(), r.fullRequests, float64(r.fullBytes)/(1<<20), r.fullWall.Seconds())
	}
}
