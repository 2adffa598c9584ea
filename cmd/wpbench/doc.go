// Command wpbench measures wpharvest against the speed of the wire. It
// starts the WordPress look-alike (harvester/wptest) on 127.0.0.1 and, in
// the same run, measures in child processes (so that each one's peak RSS
// is its own):
//
//   - a backfill by the harvester (fetch, decode, extract text, store in
//     bbolt) of sites of several sizes;
//   - the raw ceiling: plain concurrent net/http GETs of the very same
//     pages with the same parallelism, each body decoded into
//     []map[string]any and dropped;
//   - an export of the resulting archive against a plain bbolt cursor scan
//     that reads every value.
//
// Each measurement is repeated and the median reported; the machine is
// shared and noisy, so the ratios are what count. Usage:
//
//	go run ./cmd/wpbench [-sizes 20000,100000] [-runs 3] [-parallelism 2]
//
// With -realwp N it instead backfills a real WordPress (Debian's, started
// and seeded with N article-length posts by scripts/realwp/realwp.sh, on
// the same machine) with and without story fingerprints:
//
//	go run ./cmd/wpbench -realwp 5000 -runs 15
//
// The result is a Markdown table on stdout, ready for BENCHMARKS.md.
package main
