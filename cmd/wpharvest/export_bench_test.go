package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/wpharvest/wpharvest/store"
)

// benchPosts is the size of the export benchmark's archive.
const benchPosts = 100_000

// BenchmarkExport100k measures the export of a 100,000-post archive
// (records of 4–6 KB written with store.SavePage in pages of 100):
//
//   - scan: a plain bbolt cursor over every site's posts bucket in one read
//     transaction, copying every value out through a 1 MiB buffer to
//     io.Discard: the floor any export has to pay;
//   - export, export-raw: store.Export to io.Discard in this process,
//     without and with the raw field;
//   - cmd, cmd-raw: the real binary, `wpharvest export --db F > /dev/null`,
//     with its wall time and peak RSS (the child's ru_maxrss).
//
// Every in-process round opens the file afresh (a new mapping, as a new
// process would; the page cache is warm for all), and each figure is the
// best of five rounds taken in turn. Set WPHARVEST_BENCH_ARCHIVE to a path
// to keep the archive between runs.
//
//	go test ./cmd/wpharvest -run '^$' -bench Export100k -benchtime 1x
func BenchmarkExport100k(b *testing.B) {
	path := os.Getenv("WPHARVEST_BENCH_ARCHIVE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		buildArchive(b, path, benchPosts)
		b.Logf("built %s in %v", path, time.Since(start).Round(time.Millisecond))
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// The children first, while this process maps nothing: a child
		// starts in this process's memory (vfork) and its ru_maxrss counts
		// this process's peak, so that peak is reset first.
		resetPeakRSS(b)
		for _, args := range [][]string{{}, {"--raw"}} {
			wall, cpu, rss := childExport(b, path, args...)
			name := "cmd" + map[bool]string{false: "", true: "-raw"}[len(args) > 0]
			b.ReportMetric(float64(rss)/(1<<20), name+"-peak-rss-MiB")
			b.ReportMetric(benchPosts/wall.Seconds(), name+"-posts/s")
			b.Logf("%-10s wall %6.3fs %7.0f posts/s | cpu %6.3fs | peak RSS %.1f MiB", name, wall.Seconds(), benchPosts/wall.Seconds(),
				cpu.Seconds(), float64(rss)/(1<<20))
		}

		// Best wall time and best CPU time (user + system, this process)
		// of each measure: on a shared machine the CPU time is the steadier.
		wall, cpu := map[string]time.Duration{}, map[string]time.Duration{}
		var bytesStored int64
		measure := func(name string, f func()) {
			w, c := time.Now(), cpuTime()
			f()
			dw, dc := time.Since(w), cpuTime()-c
			if old, ok := wall[name]; !ok || dw < old {
				wall[name] = dw
			}
			if old, ok := cpu[name]; !ok || dc < old {
				cpu[name] = dc
			}
		}
		for range 5 {
			var n int
			measure("scan", func() { n, bytesStored = rawScan(b, path) })
			for _, raw := range []bool{false, true} {
				var lines int
				measure(map[bool]string{false: "export", true: "export-raw"}[raw], func() { lines = storeExport(b, path, raw) })
				if lines != benchPosts || n != benchPosts {
					b.Fatalf("export: %d lines, scan %d", lines, n)
				}
			}
		}
		rate := func(d time.Duration) float64 { return benchPosts / d.Seconds() }
		b.ReportMetric(rate(wall["scan"]), "scan-posts/s")
		b.ReportMetric(rate(wall["export"]), "export-posts/s")
		b.ReportMetric(rate(wall["export-raw"]), "export-raw-posts/s")
		b.ReportMetric(rate(wall["export"])/rate(wall["scan"]), "export/scan")
		b.ReportMetric(rate(wall["export-raw"])/rate(wall["scan"]), "export-raw/scan")
		b.ReportMetric(rate(cpu["export"])/rate(cpu["scan"]), "export/scan-cpu")
		b.ReportMetric(rate(cpu["export-raw"])/rate(cpu["scan"]), "export-raw/scan-cpu")
		b.Logf("archive %d posts, file %d MiB, records %d MiB", benchPosts, info.Size()>>20, bytesStored>>20)
		for _, name := range []string{"scan", "export", "export-raw"} {
			b.Logf("%-10s wall %6.3fs %7.0f posts/s %5.2fx scan | cpu %6.3fs %7.0f posts/s %5.2fx scan", name,
				wall[name].Seconds(), rate(wall[name]), rate(wall[name])/rate(wall["scan"]),
				cpu[name].Seconds(), rate(cpu[name]), rate(cpu[name])/rate(cpu["scan"]))
		}
	}
}

// cpuTime returns this process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// storeExport opens path read-only and exports it to io.Discard.
func storeExport(b *testing.B, path string, raw bool) int {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	n, err := db.Export(context.Background(), io.Discard, store.ExportOptions{Raw: raw})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// resetPeakRSS resets this process's peak RSS to its current RSS (Linux).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("reset peak RSS: %v", err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			b.Logf("benchmark process before the children: %s", strings.Join(strings.Fields(l), " "))
		}
	}
}

// rawScan reads every value of every site's posts bucket in one read
// transaction, copying them out through a 1 MiB buffer, and returns how
// many values and bytes it read.
func rawScan(b *testing.B, path string) (int, int64) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	var size int64
	buf := make([]byte, 0, 1<<20)
	err = db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket([]byte("sites")).Cursor()
		for site, v := c.First(); site != nil; site, v = c.Next() {
			if v != nil {
				continue
			}
			pc := tx.Bucket([]byte("sites")).Bucket(site).Bucket([]byte("posts")).Cursor()
			for k, v := pc.First(); k != nil; k, v = pc.Next() {
				if len(buf)+len(v)+1 > cap(buf) {
					_, _ = io.Discard.Write(buf)
					buf = buf[:0]
				}
				buf = append(buf, v...)
				buf = append(buf, '\n')
				n++
				size += int64(len(v))
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Discard.Write(buf)
	return n, size
}

// childExport runs the real binary's export of path to /dev/null and
// returns its wall time, CPU time and peak RSS in bytes.
func childExport(b *testing.B, path string, args ...string) (time.Duration, time.Duration, int64) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	cmd := exec.Command("wpharvest", append([]string{"export", "--db", path}, args...)...)
	cmd.Stdout, cmd.Stderr = devnull, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("wpharvest export: %v", err)
	}
	wall := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage for the child")
	}
	return wall, time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss << 10 // KiB on Linux
}
