package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// listingTimes returns when the site answered each posts-listing request
// whose query has key (any request when key is "").
func listingTimes(site *wptest.Site, key string) []time.Time {
	var out []time.Time
	for _, r := range site.Log() {
		if r.Route == wptest.RouteListing && (key == "" || strings.Contains(r.URL, key+"=")) {
			out = append(out, r.Time)
		}
	}
	return out
}

// gaps returns the durations between consecutive times.
func gaps(times []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i].Sub(times[i-1]).Round(time.Millisecond))
	}
	return out
}

// daemonStatus reads /status of a running daemon: each site's failures.
func daemonStatus(t *testing.T, addr string) map[string]int {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st []siteStatus
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, s := range st {
		if s.Schedule != nil {
			out[s.Site] = s.Schedule.Failures
		}
	}
	return out
}

// TestDaemonBacksOffFailingSites runs a daemon over three sites at a
// 250 ms interval, one attempt per run (retries 0): a healthy one, one
// answering 502 every time and one answering 429 with Retry-After: 2. On
// the servers' own request logs, the 502 site's attempts come ~2× further
// apart each time while the healthy site keeps its interval; the 429 site
// is never tried again sooner than 2 s; and once the failing site answers
// again it is harvested and back on its interval.
func TestDaemonBacksOffFailingSites(t *testing.T) {
	const interval = 250 * time.Millisecond
	healthy := wptest.NewServer(wptest.Options{Posts: 40, Seed: 1, RetryAfter: "0"})
	defer healthy.Close()
	failing := wptest.NewServer(wptest.Options{Posts: 40, Seed: 2, RetryAfter: "0"})
	defer failing.Close()
	throttled := wptest.NewServer(wptest.Options{Posts: 40, Seed: 3, RetryAfter: "2"})
	defer throttled.Close()
	failing.Site().SetFaults(wptest.Always(wptest.Fault502))
	throttled.Site().SetFaults(wptest.Always(wptest.Fault429))

	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "archive.db"), filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, fmt.Sprintf("db: %s\ndefaults: {interval: %s, rate: 0, retries: 0, timeout: 5s}\n"+
		"daemon: {listen: 127.0.0.1:0, max_sites: 3}\nsites:\n"+
		"  - {name: healthy, url: %s}\n  - {name: failing, url: %s}\n  - {name: throttled, url: %s}\n",
		db, interval, healthy.URL, failing.URL, throttled.URL))
	d := startDaemon(t, cfg, db)

	// Five attempts of the failing site: gaps of about 250, 500, 1000,
	// 2000 ms.
	eventually(t, 15*time.Second, "five attempts at the failing site", func() bool {
		return len(listingTimes(failing.Site(), "")) >= 5
	})
	failed := listingTimes(failing.Site(), "")
	fg := gaps(failed)
	t.Logf("failing site: gaps %v", fg)
	for i := 1; i < len(fg); i++ {
		if r := float64(fg[i]) / float64(fg[i-1]); r < 1.4 || r > 3 {
			t.Fatalf("the failing site's gaps do not double: %v", fg)
		}
	}
	if fg[0] < interval*8/10 {
		t.Fatalf("the failing site was retried %v after its first failure, before its interval", fg[0])
	}

	// Meanwhile the healthy site kept its interval: its sync passes (one
	// modified_after request each) came about every 250 ms.
	window := func(times []time.Time) []time.Time {
		var out []time.Time
		for _, tm := range times {
			if !tm.Before(failed[0]) && !tm.After(failed[len(failed)-1]) {
				out = append(out, tm)
			}
		}
		return out
	}
	hg := gaps(window(listingTimes(healthy.Site(), "modified_after")))
	if len(hg) < 10 {
		t.Fatalf("the healthy site synced only %d times while the other failed for %v", len(hg)+1, failed[len(failed)-1].Sub(failed[0]))
	}
	sorted := slices.Sorted(slices.Values(hg))
	if med, longest := sorted[len(sorted)/2], sorted[len(sorted)-1]; med > 2*interval || longest >= fg[len(fg)-1] {
		t.Fatalf("the healthy site lost its interval while the other failed: median gap %v, longest %v (failing site's last gap %v)", med, longest, fg[len(fg)-1])
	}

	// Retry-After: 2 → never tried again sooner than 2 s.
	eventually(t, 10*time.Second, "three attempts at the throttled site", func() bool {
		return len(listingTimes(throttled.Site(), "")) >= 3
	})
	tg := gaps(listingTimes(throttled.Site(), ""))
	t.Logf("throttled site: gaps %v; healthy site: median gap %v", tg, sorted[len(sorted)/2])
	for _, g := range tg {
		if g < 2*time.Second {
			t.Fatalf("Retry-After: 2 not honoured: gaps %v", tg)
		}
	}
	if f := daemonStatus(t, d.addr); f["failing"] < 5 || f["throttled"] < 2 || f["healthy"] != 0 {
		t.Fatalf("/status failures: %v", f)
	}

	// The failing site comes back: harvested at its next attempt, then on
	// its interval again.
	failing.Site().SetFaults(nil)
	eventually(t, 15*time.Second, "the failing site harvested after it came back", func() bool {
		out, err := wpharvest(t, "export", "--db", db, "--site", "failing")
		return err == nil && strings.Count(out, "\n") == 40
	})
	back := len(listingTimes(failing.Site(), "modified_after"))
	eventually(t, 5*time.Second, "the recovered site back on its interval", func() bool {
		return len(listingTimes(failing.Site(), "modified_after")) >= back+3
	})
	if f := daemonStatus(t, d.addr); f["failing"] != 0 {
		t.Fatalf("/status failures after recovery: %v", f)
	}
	after := listingTimes(failing.Site(), "modified_after")
	for _, g := range gaps(after[len(after)-3:]) {
		if g > 4*interval {
			t.Fatalf("the recovered site is not back on its %v interval: gaps %v", interval, gaps(after))
		}
	}
	if code, _ := d.stop(syscall.SIGTERM); code != 0 {
		t.Fatalf("SIGTERM: exit %d", code)
	}
}

// TestDaemonListensOnLoopbackByDefault checks the config default and a
// daemon started without daemon.listen: it listens on 127.0.0.1:9309,
// advertises that address, and creates the db and advert files 0600.
func TestDaemonListensOnLoopbackByDefault(t *testing.T) {
	def := config.DefaultConfig().Daemon.Listen
	host, _, err := net.SplitHostPort(def)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Fatalf("the default daemon.listen %q is not a loopback address", def)
	}
	// The default port must be free for the daemon to start.
	if ln, err := net.Listen("tcp", def); err != nil {
		t.Fatalf("%s is taken by another process; the test needs it free: %v", def, err)
	} else {
		ln.Close()
	}
	srv := wptest.NewServer(wptest.Options{Posts: 20, Seed: 4, RetryAfter: "0"})
	defer srv.Close()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "archive.db"), filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, "db: "+db+"\ndefaults: {rate: 0}\nsites:\n  - {name: a, url: "+srv.URL+"}\n")
	old := syscall.Umask(0)
	d := startDaemon(t, cfg, db)
	syscall.Umask(old)
	if d.addr != def {
		t.Fatalf("the daemon advertises %s, want the default %s", d.addr, def)
	}
	assertLoopbackOnly(t, d.cmd.Process.Pid, 9309)
	for _, f := range []string{db, advertPath(db)} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s is %v, want 0600 (umask 0)", filepath.Base(f), fi.Mode().Perm())
		}
	}
	if code, _ := d.stop(syscall.SIGTERM); code != 0 {
		t.Fatalf("SIGTERM: exit %d", code)
	}
}

// assertLoopbackOnly checks, in /proc/net/tcp and tcp6, that the process's
// listening socket on port is bound to 127.0.0.1 and to nothing else.
func assertLoopbackOnly(t *testing.T, pid, port int) {
	t.Helper()
	want := fmt.Sprintf(":%04X", port)
	var binds []string
	for _, name := range []string{"tcp", "tcp6"} {
		f, err := os.Open(fmt.Sprintf("/proc/%d/net/%s", pid, name))
		if err != nil {
			t.Fatalf("cannot read the listening sockets: %v", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			// sl local_address rem_address st ...; st 0A is LISTEN.
			if len(fields) > 3 && fields[3] == "0A" && strings.HasSuffix(fields[1], want) {
				binds = append(binds, name+" "+fields[1])
			}
		}
		f.Close()
	}
	if len(binds) != 1 || binds[0] != "tcp 0100007F"+want {
		t.Fatalf("listening sockets on port %d: %v, want only 127.0.0.1 (tcp 0100007F%s)", port, binds, want)
	}
}

// TestDaemonSIGKILLLosesNothing kills a daemon with SIGKILL in the middle
// of a backfill and restarts it: every record exported (raw, versions,
// deleted) before the kill is exported the same after the restart
// completes, and the archive is whole.
func TestDaemonSIGKILLLosesNothing(t *testing.T) {
	const posts = 1500
	srv := wptest.NewServer(wptest.Options{Posts: posts, Seed: 5, SlowDelay: 4 * time.Second, RetryAfter: "0"})
	defer srv.Close()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "archive.db"), filepath.Join(dir, "wpharvest.yaml")
	daemonConfig(t, cfg, db, "1h", map[string]string{"a": srv.URL})

	// Pages 1-4 come at once, later ones stall for 4 s: the kill lands
	// with four pages stored and the next ones in flight.
	srv.Site().SetFaults(func(_ int64, r *http.Request) wptest.Fault {
		if p, _ := strconv.Atoi(r.URL.Query().Get("page")); p > 4 {
			return wptest.FaultSlow
		}
		return wptest.FaultNone
	})
	d := startDaemon(t, cfg, db)
	var before []string
	eventually(t, 20*time.Second, "a few pages stored", func() bool {
		out, err := wpharvest(t, "export", "--db", db, "--raw", "--versions", "--include-deleted")
		before = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		return err == nil && len(before) >= 400
	})
	if err := d.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-d.done
	if len(before) >= posts {
		t.Fatalf("the backfill was over before the kill: %d records", len(before))
	}
	t.Logf("SIGKILL with %d of %d posts exported", len(before), posts)
	out, err := wpharvest(t, "export", "--db", db, "--raw", "--versions", "--include-deleted")
	if err != nil {
		t.Fatalf("export with the killed daemon's stale advert: %v", err)
	}
	checkKept(t, "the SIGKILL", before, strings.Split(strings.TrimSuffix(out, "\n"), "\n"))

	// The advert of the killed daemon is stale: a restart and the CLI
	// must see through it.
	srv.Site().SetFaults(nil)
	d = startDaemon(t, cfg, db)
	eventually(t, 30*time.Second, "backfill completed after the restart", func() bool {
		out, err := wpharvest(t, "status", "--db", db)
		return err == nil && strings.Contains(out, "complete")
	})
	d.stop(syscall.SIGTERM)
	out, err = wpharvest(t, "export", "--db", db, "--raw", "--versions", "--include-deleted")
	if err != nil {
		t.Fatal(err)
	}
	after := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(after) != posts {
		t.Fatalf("%d records after the restart, want %d", len(after), posts)
	}
	checkKept(t, "the restart", before, after)
}

// checkKept asserts that every line of before is in after.
func checkKept(t *testing.T, when string, before, after []string) {
	t.Helper()
	kept := make(map[string]bool, len(after))
	for _, l := range after {
		kept[l] = true
	}
	for _, l := range before {
		if !kept[l] {
			t.Fatalf("a record exported before the SIGKILL is gone or changed after %s:\n%.300s", when, l)
		}
	}
}
