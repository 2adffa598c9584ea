package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/store"
)

// childResult is what a child prints as its last line, as JSON.
type childResult struct {
	Items    int64  `json:"items"`
	Requests int64  `json:"requests"`
	Bytes    int64  `json:"bytes"`
	Err      string `json:"err,omitempty"`
}

func printResult(w io.Writer, r childResult) error {
	return json.NewEncoder(w).Encode(r)
}

// childBackfill runs the harvester's backfill of URL into DB, exactly as
// `wpharvest backfill` does (rate 0: no politeness delay on loopback).
func childBackfill(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("child-backfill", flag.ContinueOnError)
	db := fs.String("db", "", "database")
	url := fs.String("url", "", "site URL")
	par := fs.Int("parallelism", 2, "parallelism")
	cpu := fs.String("cpuprofile", "", "CPU profile")
	mem := fs.String("memprofile", "", "allocation profile")
	stories := fs.Bool("stories", false, "also fingerprint and index the posts for syndication, as `wpharvest backfill` does")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	h, d, site, err := harvesterFor(*db, *url, *par, *stories)
	if err != nil {
		return err
	}
	defer d.Close()
	res := h.Backfill(ctx, site)
	if *stories && res.Err == nil {
		if _, err := d.IndexStories(ctx); err != nil {
			res.Err = err
		}
	}
	if *mem != "" {
		f, err := os.Create(*mem)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	r := childResult{Items: int64(res.Stats.New + res.Stats.Updated + res.Stats.Unchanged), Requests: res.Requests, Bytes: res.Bytes}
	if res.Err != nil {
		r.Err = res.Err.Error()
	}
	return printResult(stdout, r)
}

// childSync runs one incremental pass (`wpharvest sync`) over URL into DB.
func childSync(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("child-sync", flag.ContinueOnError)
	db := fs.String("db", "", "database")
	url := fs.String("url", "", "site URL")
	par := fs.Int("parallelism", 2, "parallelism")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h, d, site, err := harvesterFor(*db, *url, *par, false)
	if err != nil {
		return err
	}
	defer d.Close()
	res := h.Sync(ctx, site)
	r := childResult{Items: int64(res.Stats.New + res.Stats.Updated), Requests: res.Requests, Bytes: res.Bytes}
	if res.Err != nil {
		r.Err = res.Err.Error()
	}
	return printResult(stdout, r)
}

// harvesterFor opens db and returns a harvester of the site at url as
// `wpharvest` would run it on loopback: rate 0 (no politeness delay). With
// stories, the fetch workers fingerprint the posts and the store records
// the fingerprints, as `wpharvest backfill` does; without, neither does.
func harvesterFor(db, url string, parallelism int, stories bool) (*harvester.Harvester, *store.DB, config.Site, error) {
	s := config.DefaultSettings()
	s.Rate = 0
	s.Parallelism = parallelism
	site, err := config.SiteFromURL(url, s)
	if err != nil {
		return nil, nil, site, err
	}
	d, err := store.Open(db, store.Options{NoStories: !stories})
	if err != nil {
		return nil, nil, site, err
	}
	h := &harvester.Harvester{Store: d, Logger: zerolog.Nop(), Fetch: harvester.FetchOptions{Logger: zerolog.Nop()}, Fingerprints: stories}
	return h, d, site, nil
}

// childCeiling fetches pages 1..pages of the posts listing with plain
// net/http, parallelism requests in flight, decoding each body into
// []map[string]any and dropping it: what the wire and the server allow.
func childCeiling(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("child-ceiling", flag.ContinueOnError)
	url := fs.String("url", "", "site URL")
	pages := fs.Int("pages", 0, "pages of 100 posts")
	par := fs.Int("parallelism", 2, "parallelism")
	if err := fs.Parse(args); err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *par + 1}, Timeout: time.Minute}
	var next, items, bytes atomic.Int64
	var wg sync.WaitGroup
	var errOnce sync.Once
	var firstErr error
	for range *par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				p := next.Add(1)
				if p > int64(*pages) {
					return
				}
				u := *url + "/wp-json/wp/v2/posts?page=" + strconv.FormatInt(p, 10) + "&per_page=100&orderby=id&order=asc"
				n, size, err := fetchDecode(ctx, client, u)
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				items.Add(int64(n))
				bytes.Add(size)
			}
		}()
	}
	wg.Wait()
	r := childResult{Items: items.Load(), Requests: int64(*pages), Bytes: bytes.Load()}
	if firstErr != nil {
		r.Err = firstErr.Error()
	}
	return printResult(stdout, r)
}

func fetchDecode(ctx context.Context, c *http.Client, u string) (int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("%s: HTTP %d", u, resp.StatusCode)
	}
	var posts []map[string]any
	if err := json.Unmarshal(body, &posts); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", u, err)
	}
	return len(posts), int64(len(body)), nil
}

// childExport exports the whole archive to io.Discard through the store.
func childExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("child-export", flag.ContinueOnError)
	db := fs.String("db", "", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := store.Open(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer d.Close()
	cw := &countingWriter{}
	n, err := d.Export(ctx, cw, store.ExportOptions{})
	r := childResult{Items: int64(n), Bytes: cw.n}
	if err != nil {
		r.Err = err.Error()
	}
	return printResult(stdout, r)
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// childScan reads every value of every posts bucket with a plain bbolt
// cursor, copying each value out as an export must: the floor export is
// compared with.
func childScan(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("child-scan", flag.ContinueOnError)
	db := fs.String("db", "", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := bbolt.Open(*db, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer b.Close()
	var r childResult
	buf := make([]byte, 0, 64<<10)
	err = b.View(func(tx *bbolt.Tx) error {
		sites := tx.Bucket([]byte("sites"))
		if sites == nil {
			return fmt.Errorf("no sites bucket")
		}
		return sites.ForEach(func(name, _ []byte) error {
			posts := sites.Bucket(name).Bucket([]byte("posts"))
			if posts == nil {
				return nil
			}
			c := posts.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				buf = append(buf[:0], v...)
				r.Items++
				r.Bytes += int64(len(buf))
			}
			return nil
		})
	})
	if err != nil {
		r.Err = err.Error()
	}
	return printResult(stdout, r)
}
