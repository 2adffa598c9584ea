package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// realWordPress measures the backfill of a real WordPress with and
// without story fingerprints: Debian's WordPress, PHP and MariaDB, started
// on 127.0.0.1 by script (scripts/realwp/realwp.sh) and seeded with n
// posts of article length (`seed N --articles`: ~3 KB of news prose
// each). The site runs on this machine's cores, beside the harvester: the
// harvest is as close to CPU-bound as a real site can make it. The two
// backfills take turns going first, as in the look-alike's measurement,
// and the ratio is the median of the per-round ratios. Besides the wall
// time and the harvester's CPU time, it reports the machine's busy CPU
// time per post (from /proc/stat, the site's included): when the machine
// is saturated, throughput is its inverse, with less noise than the wall
// time.
func (b *bench) realWordPress(ctx context.Context, dir, script string, n int, w io.Writer) error {
	if _, err := os.Stat(script); err != nil {
		return fmt.Errorf("real WordPress: %w (run wpbench from the repository's top, or set -realwp-script)", err)
	}
	port, err := freePort()
	if err != nil {
		return fmt.Errorf("real WordPress: %w", err)
	}
	state := filepath.Join(dir, "wp")
	realwp := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...)
		cmd.Stderr = b.log
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("realwp.sh %s: %w", args[0], err)
		}
		return strings.TrimSpace(string(out)), nil
	}
	out, err := realwp("start", state, strconv.Itoa(port))
	// Stopped even when ctx is done: the servers must not outlive us.
	defer exec.Command("bash", script, "stop", state).Run()
	if err != nil {
		return fmt.Errorf("real WordPress: %w (is it installed? bash %s install)", err, script)
	}
	fmt.Fprintln(b.log, out)
	start := time.Now()
	if out, err = realwp("seed", state, strconv.Itoa(n), "--articles"); err != nil {
		return fmt.Errorf("real WordPress: %w", err)
	}
	fmt.Fprintf(b.log, "%s in %v\n", out, time.Since(start).Round(time.Second))
	url := "http://127.0.0.1:" + strconv.Itoa(port)

	var alone, with series
	var busyAlone, busyWith []float64 // the machine's busy CPU seconds, per child
	var busy []float64                // the machine's busy share of its CPUs, per child
	for run := range b.runs {
		fmt.Fprintf(b.log, "real WordPress, %d posts, run %d/%d:", n, run+1, b.runs)
		for _, stories := range turns(run) {
			db := filepath.Join(dir, fmt.Sprintf("realwp-%d-%t.db", run, stories))
			before, err := readCPUTimes()
			if err != nil {
				return err
			}
			m, err := b.backfill(ctx, url, n, db, stories, true, run)
			os.Remove(db)
			if err != nil {
				return fmt.Errorf("real WordPress: %w", err)
			}
			after, err := readCPUTimes()
			if err != nil {
				return err
			}
			busy = append(busy, after.busyShare(before))
			if stories {
				with = append(with, m)
				busyWith = append(busyWith, after.busySeconds(before))
				fmt.Fprintf(b.log, " %.2fs with stories", m.wall.Seconds())
			} else {
				alone = append(alone, m)
				busyAlone = append(busyAlone, after.busySeconds(before))
				fmt.Fprintf(b.log, " %.2fs alone", m.wall.Seconds())
			}
		}
		fmt.Fprintln(b.log)
	}
	var machine []float64 // per round: the machine's CPU per post alone / with stories
	for i := range min(len(busyAlone), len(busyWith)) {
		machine = append(machine, busyAlone[i]/busyWith[i])
	}
	fmt.Fprintf(w, "Real WordPress on 127.0.0.1 (Debian's PHP and MariaDB on the same %d CPUs); %d posts of ~3 KB text; parallelism %d; no politeness delay; median of %d rounds.\n\n",
		runtime.NumCPU(), n, b.parallelism, b.runs)
	fmt.Fprintln(w, "| backfill of a real WordPress | posts/s alone | posts/s with stories | vs backfill alone | per-round range | harvester CPU µs/post (alone) | vs alone | machine CPU µs/post (alone) | vs alone | machine busy |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	lo, hi := ratioRange(alone, with, measurement.wallSeconds)
	fmt.Fprintf(w, "| %d posts | %.0f | %.0f | %.2f× | %.2f–%.2f× | %.0f (%.0f) | %.2f× | %.0f (%.0f) | %.2f× | %.0f%% |\n", n,
		float64(n)/alone.wall(), float64(n)/with.wall(),
		pairedRatio(alone, with, measurement.wallSeconds), lo, hi,
		with.cpuSeconds()/float64(n)*1e6, alone.cpuSeconds()/float64(n)*1e6,
		pairedRatio(alone, with, measurement.cpuSeconds),
		median(busyWith)/float64(n)*1e6, median(busyAlone)/float64(n)*1e6, median(machine),
		100*median(busy))
	return nil
}

// ratioRange returns the smallest and largest per-round ratio f(base)/f(other).
func ratioRange(base, other series, f func(measurement) float64) (lo, hi float64) {
	ratios := roundRatios(base, other, f)
	return slices.Min(ratios), slices.Max(ratios)
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// cpuTimes is the first line of /proc/stat: the machine's CPU time, in
// clock ticks, spent idle (idle and iowait), taken by the hypervisor for
// other machines (steal), and in all.
type cpuTimes struct{ idle, steal, total uint64 }

// ticksPerSecond is the unit of /proc/stat (USER_HZ, 100 on Linux).
const ticksPerSecond = 100

func readCPUTimes() (cpuTimes, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}, fmt.Errorf("machine CPU time: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return cpuTimes{}, fmt.Errorf("machine CPU time: /proc/stat starts %q", line)
	}
	var t cpuTimes
	// user nice system idle iowait irq softirq steal; guest times are
	// counted in user and nice already.
	for i, f := range fields[1:9] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return cpuTimes{}, fmt.Errorf("machine CPU time: /proc/stat: %w", err)
		}
		t.total += v
		switch i {
		case 3, 4:
			t.idle += v
		case 7:
			t.steal += v
		}
	}
	return t, nil
}

// busySeconds returns the CPU time the machine spent busy between then
// and t, steal excluded.
func (t cpuTimes) busySeconds(then cpuTimes) float64 {
	busy := (t.total - then.total) - (t.idle - then.idle) - (t.steal - then.steal)
	return float64(busy) / ticksPerSecond
}

// busyShare returns the share of the machine's CPU time that was busy
// between then and t, steal excluded.
func (t cpuTimes) busyShare(then cpuTimes) float64 {
	total := t.total - then.total - (t.steal - then.steal)
	if total == 0 {
		return 0
	}
	return 1 - float64(t.idle-then.idle)/float64(total)
}
