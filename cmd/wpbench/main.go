package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wpbench:", err)
		os.Exit(1)
	}
}

// run dispatches: with no sub-command it orchestrates the whole benchmark;
// the sub-commands are the measured children.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "child-backfill":
			return childBackfill(ctx, args[1:], stdout)
		case "child-ceiling":
			return childCeiling(ctx, args[1:], stdout)
		case "child-sync":
			return childSync(ctx, args[1:], stdout)
		case "child-export":
			return childExport(ctx, args[1:], stdout)
		case "child-scan":
			return childScan(ctx, args[1:], stdout)
		}
	}
	fs := flag.NewFlagSet("wpbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "20000,100000", "site sizes (posts), comma-separated")
	runs := fs.Int("runs", 3, "runs of each measurement (the median is reported)")
	par := fs.Int("parallelism", 2, "requests in flight, for the harvester and the ceiling alike")
	cpuprofile := fs.String("cpuprofile", "", "write the harvester's CPU profile of the largest backfill to this file (with several -runs, one file per round: FILE.rN, FILE.rN.stories)")
	memprofile := fs.String("memprofile", "", "write the harvester's allocation profile of the largest backfill to this file (FILE.rN with several -runs)")
	syncPosts := fs.Int("sync-posts", 10000, "site size for the sync measurements (0 skips them)")
	stories := fs.Bool("stories", false, "also measure the backfill with syndication fingerprints (wpharvest backfill does both)")
	control := fs.Bool("control", false, "with -stories, run the plain backfill in the place of the one with stories: checks that the method itself shows no difference (expect 1.00×)")
	two := fs.Int("two-sites", 0, "instead, backfill two look-alike sites of this many posts into one archive and time the story index across them")
	realwp := fs.Int("realwp", 0, "instead, backfill a real WordPress of this many article-length posts with and without story fingerprints (needs `bash scripts/realwp/realwp.sh install`)")
	realwpScript := fs.String("realwp-script", filepath.Join("scripts", "realwp", "realwp.sh"), "with -realwp, the script that starts and seeds WordPress")
	latency := fs.Duration("latency", 0, "added by the look-alike to every answer (0: none, the CPU-bound worst case; a real WordPress takes 0.1-0.5 s per page of 100 posts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *two > 0 {
		dir, err := os.MkdirTemp("", "wpbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		return twoSites(ctx, dir, *two, max(*par, 1), stdout)
	}
	b := &bench{runs: max(*runs, 1), parallelism: max(*par, 1), cpuprofile: *cpuprofile, memprofile: *memprofile, stories: *stories, control: *control, latency: *latency, syncPosts: *syncPosts, log: stderr}
	if *realwp > 0 {
		dir, err := os.MkdirTemp("", "wpbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		return b.realWordPress(ctx, dir, *realwpScript, *realwp, stdout)
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: bad size %q", s)
		}
		ns = append(ns, n)
	}
	b.sizes = ns
	return b.run(ctx, stdout)
}
