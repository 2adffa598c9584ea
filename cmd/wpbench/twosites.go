package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// twoSites measures the story index across sites: it backfills two
// look-alike sites of n posts each (seeds 1 and 2) into one archive, with
// fingerprints, indexing after each run as `wpharvest backfill` does, and
// reports each run's backfill and indexing time and the stories found.
// The look-alike builds its posts from one pool of sentences, so posts of
// the two sites share many sentences: a stress for matching and joining
// (one story gathers most posts), not a picture of real news.
func twoSites(ctx context.Context, dir string, n, parallelism int, w io.Writer) error {
	path := fmt.Sprintf("%s/bench-two-sites-%d.db", dir, n)
	fmt.Fprintf(w, "| two sites of %d posts | backfill | posts/s | index | stories (2+ sites) | largest story |\n|---|---:|---:|---:|---:|---:|\n", n)
	for i, seed := range []int64{1, 2} {
		srv := wptest.NewServer(wptest.Options{Posts: n, Seed: seed})
		h, d, site, err := harvesterFor(path, srv.URL, parallelism, true)
		if err != nil {
			srv.Close()
			return err
		}
		site.Name = fmt.Sprintf("site%d", i+1)
		start := time.Now()
		res := h.Backfill(ctx, site)
		backfill := time.Since(start)
		start = time.Now()
		_, ierr := d.IndexStories(ctx)
		index := time.Since(start)
		stories, serr := d.Stories(2, time.Time{})
		srv.Close()
		if err := firstErr(res.Err, ierr, serr, d.Close()); err != nil {
			return fmt.Errorf("site %s: %w", site.Name, err)
		}
		largest := 0
		for _, s := range stories {
			largest = max(largest, len(s.Posts))
		}
		fmt.Fprintf(w, "| %s | %.2fs | %.0f | %.2fs | %d | %d |\n", site.Name, backfill.Seconds(), float64(n)/backfill.Seconds(), index.Seconds(), len(stories), largest)
	}
	return nil
}

// firstErr returns the first error that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
