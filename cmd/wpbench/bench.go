package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// bench orchestrates the measurements.
type bench struct {
	sizes                  []int
	runs                   int
	parallelism            int
	cpuprofile, memprofile string
	stories                bool
	control                bool          // measure the plain backfill in the stories' place
	latency                time.Duration // added to every answer of the look-alike
	syncPosts              int
	log                    io.Writer
}

// measurement is one child run.
type measurement struct {
	wall  time.Duration
	rssKB int64
	cpu   time.Duration // user and system CPU time of the child
	res   childResult
}

// series is the repeated runs of one measurement.
type series []measurement

func (s series) median(f func(measurement) float64) float64 {
	v := make([]float64, len(s))
	for i, m := range s {
		v[i] = f(m)
	}
	return median(v)
}

// median returns the median of v, reordering it.
func median(v []float64) float64 {
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func (s series) wall() float64 {
	return s.median(func(m measurement) float64 { return m.wall.Seconds() })
}
func (s series) cpuSeconds() float64 {
	return s.median(func(m measurement) float64 { return m.cpu.Seconds() })
}
func (s series) rssMiB() float64 {
	return s.median(func(m measurement) float64 { return float64(m.rssKB) / 1024 })
}

// child runs this program with args in a child process and returns its
// wall time, peak RSS and result line.
func (b *bench) child(ctx context.Context, args ...string) (measurement, error) {
	exe, err := os.Executable()
	if err != nil {
		return measurement{}, err
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stdout, cmd.Stderr = &out, b.log
	// Start from a quiet disk: what earlier children wrote (and files
	// removed since) is settled before the clock starts.
	syscall.Sync()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measurement{}, fmt.Errorf("%s: %w", args[0], err)
	}
	m := measurement{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss
	}
	lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &m.res); err != nil {
		return measurement{}, fmt.Errorf("%s: result: %w", args[0], err)
	}
	if m.res.Err != "" {
		return measurement{}, fmt.Errorf("%s: %s", args[0], m.res.Err)
	}
	return m, nil
}

func (m measurement) wallSeconds() float64 { return m.wall.Seconds() }
func (m measurement) cpuSeconds() float64  { return m.cpu.Seconds() }

// pairedRatio returns the median over runs of f(base)/f(other), each pair
// measured back to back: this VM's speed drifts by tens of percent over
// minutes, far more than between two neighbouring children.
func pairedRatio(base, other series, f func(measurement) float64) float64 {
	return median(roundRatios(base, other, f))
}

// roundRatios returns f(base)/f(other) for each round.
func roundRatios(base, other series, f func(measurement) float64) []float64 {
	var ratios []float64
	for i := range min(len(base), len(other)) {
		ratios = append(ratios, f(base[i])/f(other[i]))
	}
	return ratios
}

// turns returns the order of a round's backfills without stories (false)
// and with (true): they take turns going first, since a child that
// follows another one's writes pays for the kernel still settling them
// (see BENCHMARKS.md), whatever it does.
func turns(run int) []bool {
	if run%2 == 1 {
		return []bool{true, false}
	}
	return []bool{false, true}
}

// sizeResult holds every measurement made on one site size.
type sizeResult struct {
	posts            int
	harvest, ceiling series
	withStories      series
	export, scan     series
	requests, bytes  int64
}

func (b *bench) run(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "wpbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var results []sizeResult
	for i, n := range b.sizes {
		r, err := b.size(ctx, dir, n, i == len(b.sizes)-1)
		if err != nil {
			return fmt.Errorf("%d posts: %w", n, err)
		}
		results = append(results, r)
	}
	var syncs []syncResult
	if b.syncPosts > 0 {
		if syncs, err = b.syncs(ctx, dir); err != nil {
			return fmt.Errorf("sync: %w", err)
		}
	}
	b.report(w, results)
	b.reportSyncs(w, syncs)
	return nil
}

func (b *bench) size(ctx context.Context, dir string, n int, largest bool) (sizeResult, error) {
	srv := wptest.NewServer(wptest.Options{Posts: n, Seed: 1, Latency: b.latency})
	defer srv.Close()
	pages := (n + 99) / 100
	par := strconv.Itoa(b.parallelism)
	r := sizeResult{posts: n}
	var db string
	for run := range b.runs {
		fmt.Fprintf(b.log, "%d posts, run %d/%d: ceiling…", n, run+1, b.runs)
		m, err := b.child(ctx, "child-ceiling", "-url", srv.URL, "-pages", strconv.Itoa(pages), "-parallelism", par)
		if err != nil {
			return r, err
		}
		r.ceiling = append(r.ceiling, m)

		order := []bool{false}
		if b.stories {
			order = turns(run)
		}
		for _, stories := range order {
			if stories {
				fmt.Fprintf(b.log, " with stories…")
				sdb := filepath.Join(dir, fmt.Sprintf("bench-stories-%d-%d.db", n, run))
				srv.Site().ResetCounters()
				m, err := b.backfill(ctx, srv.URL, n, sdb, stories, largest, run)
				if err != nil {
					return r, err
				}
				r.withStories = append(r.withStories, m)
				os.Remove(sdb)
				continue
			}
			fmt.Fprintf(b.log, " harvester…")
			db = filepath.Join(dir, fmt.Sprintf("bench-%d-%d.db", n, run))
			srv.Site().ResetCounters()
			m, err := b.backfill(ctx, srv.URL, n, db, stories, largest, run)
			if err != nil {
				return r, err
			}
			r.harvest = append(r.harvest, m)
			r.requests, r.bytes = srv.Site().Requests(), srv.Site().Bytes()
			if run < b.runs-1 {
				os.Remove(db)
			}
		}
		fmt.Fprintf(b.log, " %.2fs", r.harvest[len(r.harvest)-1].wall.Seconds())
		if b.stories {
			fmt.Fprintf(b.log, ", %.2fs with stories", r.withStories[len(r.withStories)-1].wall.Seconds())
		}
		fmt.Fprintf(b.log, ", ceiling %.2fs\n", r.ceiling[len(r.ceiling)-1].wall.Seconds())
	}
	for range b.runs {
		m, err := b.child(ctx, "child-scan", "-db", db)
		if err != nil {
			return r, err
		}
		r.scan = append(r.scan, m)
		m, err = b.child(ctx, "child-export", "-db", db)
		if err != nil {
			return r, err
		}
		r.export = append(r.export, m)
	}
	return r, nil
}

// backfill measures one backfill of the site at url (n posts) into db, with story fingerprints
// or without (or, with -control, the plain backfill in both places),
// profiling it when profile is set: round run writes its own files when
// there are several rounds (FILE.rN and FILE.rN.stories, N from 1), to be
// merged by go tool pprof, which takes several files.
func (b *bench) backfill(ctx context.Context, url string, n int, db string, stories, profile bool, run int) (measurement, error) {
	args := []string{"child-backfill", "-db", db, "-url", url, "-parallelism", strconv.Itoa(b.parallelism)}
	if stories && !b.control {
		args = append(args, "-stories")
	}
	if profile {
		suffix := ""
		if b.runs > 1 {
			suffix = fmt.Sprintf(".r%d", run+1)
		}
		cpuSuffix := suffix
		if stories {
			cpuSuffix += ".stories"
		}
		if b.cpuprofile != "" {
			args = append(args, "-cpuprofile", b.cpuprofile+cpuSuffix)
		}
		if b.memprofile != "" && !stories {
			args = append(args, "-memprofile", b.memprofile+suffix)
		}
	}
	m, err := b.child(ctx, args...)
	if err != nil {
		return m, err
	}
	if m.res.Items != int64(n) {
		return m, fmt.Errorf("harvester stored %d posts, want %d", m.res.Items, n)
	}
	return m, nil
}

func (b *bench) report(w io.Writer, results []sizeResult) {
	fmt.Fprintf(w, "Machine: %s/%s, %d CPUs, %s; parallelism %d; latency per answer %s; median of %d runs.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), b.parallelism, b.latency, b.runs)
	fmt.Fprintln(w, "| backfill | posts/s harvester | posts/s ceiling | harvester/ceiling | requests | MiB on the wire | peak RSS harvester | peak RSS ceiling |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		hw, cw := r.harvest.wall(), r.ceiling.wall()
		fmt.Fprintf(w, "| %d posts | %.0f | %.0f | %.2f× | %d | %.0f | %.0f MiB | %.0f MiB |\n",
			r.posts, float64(r.posts)/hw, float64(r.posts)/cw, cw/hw, r.requests, float64(r.bytes)/(1<<20), r.harvest.rssMiB(), r.ceiling.rssMiB())
	}
	if b.stories {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| backfill + story fingerprints | posts/s | vs backfill alone | CPU µs/post | vs backfill alone | peak RSS |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
		for _, r := range results {
			sw := r.withStories.wall()
			sc, hc := r.withStories.cpuSeconds(), r.harvest.cpuSeconds()
			fmt.Fprintf(w, "| %d posts | %.0f | %.2f× | %.0f (%.0f) | %.2f× | %.0f MiB |\n", r.posts, float64(r.posts)/sw,
				pairedRatio(r.harvest, r.withStories, measurement.wallSeconds),
				sc/float64(r.posts)*1e6, hc/float64(r.posts)*1e6,
				pairedRatio(r.harvest, r.withStories, measurement.cpuSeconds), r.withStories.rssMiB())
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| export | posts/s export | posts/s raw scan | export/scan | peak RSS export |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, r := range results {
		ew, sw := r.export.wall(), r.scan.wall()
		fmt.Fprintf(w, "| %d posts | %.0f | %.0f | %.2f× | %.0f MiB |\n", r.posts, float64(r.posts)/ew, float64(r.posts)/sw, sw/ew, r.export.rssMiB())
	}
}
