package harvester

import (
	"context"
	"sync"

	"github.com/wpharvest/wpharvest/config"
)

// RunFunc is one kind of run over one site, e.g. (*Harvester).Backfill.
type RunFunc func(ctx context.Context, site config.Site) Result

// RunSites runs fn over every site, at most parallel sites at once, and
// returns one Result per site in the order given. A failing site does not
// stop the others.
func RunSites(ctx context.Context, sites []config.Site, parallel int, fn RunFunc) []Result {
	results := make([]Result, len(sites))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for i, site := range sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] = Result{Site: site.Name, Err: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			results[i] = fn(ctx, site)
		}()
	}
	wg.Wait()
	return results
}

// Failed counts the results with an error.
func Failed(results []Result) int {
	n := 0
	for _, r := range results {
		if r.Err != nil {
			n++
		}
	}
	return n
}
