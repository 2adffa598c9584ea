package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// syncBuffer is a bytes.Buffer safe for a child's stderr and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// daemonProc is a `wpharvest daemon` running as its own process.
type daemonProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stderr *syncBuffer
	addr   string
	done   chan struct{}
}

func startDaemon(t *testing.T, cfg, db string) *daemonProc {
	t.Helper()
	d := &daemonProc{t: t, stderr: &syncBuffer{}, done: make(chan struct{})}
	d.cmd = exec.Command("wpharvest", "daemon", "--config", cfg, "--log-level", "debug")
	d.cmd.Stderr = d.stderr
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.cmd.Wait(); close(d.done) }()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.done
		if t.Failed() {
			t.Logf("daemon log:\n%s", d.stderr.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if a, ok := readAdvert(db); ok && a.PID == d.cmd.Process.Pid {
			d.addr = a.Addr
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not advertise itself in 10 s:\n%s", d.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends sig and returns the exit code and how long the exit took.
func (d *daemonProc) stop(sig syscall.Signal) (int, time.Duration) {
	d.t.Helper()
	start := time.Now()
	if err := d.cmd.Process.Signal(sig); err != nil {
		d.t.Fatal(err)
	}
	select {
	case <-d.done:
	case <-time.After(15 * time.Second):
		d.t.Fatalf("the daemon did not exit within 15 s of %v", sig)
	}
	return d.cmd.ProcessState.ExitCode(), time.Since(start)
}

// wpharvest runs the real binary as a separate process.
func wpharvest(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("wpharvest", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("wpharvest %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("%s: not within %v", what, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start)
}

func daemonConfig(t *testing.T, path, db string, interval string, sites map[string]string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "db: %s\ndefaults: {interval: %s, rate: 0, retries: 1, timeout: 5s}\ndaemon: {listen: 127.0.0.1:0, max_sites: 2}\nsites:\n", db, interval)
	for _, name := range []string{"a", "b", "c", "d"} {
		if u, ok := sites[name]; ok {
			fmt.Fprintf(&b, "  - name: %s\n    url: %s\n", name, u)
		}
	}
	writeFile(t, path, b.String())
}

// counters parses /metrics with the Prometheus text parser and returns
// wpharvest_requests_total by site.
func metricRequests(t *testing.T, addr string) map[string]float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	out := map[string]float64{}
	for _, m := range families["wpharvest_requests_total"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "site" {
				out[l.GetValue()] = m.GetCounter().GetValue()
			}
		}
	}
	for _, name := range []string{"wpharvest_posts_total", "wpharvest_last_success_timestamp_seconds", "wpharvest_run_duration_seconds", "wpharvest_runs_total"} {
		if _, ok := families[name]; !ok {
			t.Fatalf("/metrics lacks %s", name)
		}
	}
	return out
}

func TestDaemonEndToEnd(t *testing.T) {
	servers := map[string]*wptest.Server{}
	urls := map[string]string{}
	for _, name := range []string{"a", "b", "c", "d"} {
		servers[name] = wptest.NewServer(wptest.Options{Posts: 150, Seed: int64(len(name)), RetryAfter: "0"})
		defer servers[name].Close()
		urls[name] = servers[name].URL
	}
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "archive.db"), filepath.Join(dir, "wpharvest.yaml")
	three := map[string]string{"a": urls["a"], "b": urls["b"], "c": urls["c"]}
	daemonConfig(t, cfg, db, "1s", three)
	d := startDaemon(t, cfg, db)

	// The three sites get backfilled; status works from another process.
	eventually(t, 20*time.Second, "three sites harvested", func() bool {
		out, err := wpharvest(t, "status", "--db", db)
		return err == nil && strings.Count(out, " 150 ") == 3
	})
	if _, err := http.Get("http://" + d.addr + "/healthz"); err != nil {
		t.Fatal(err)
	}

	// An edit on one site shows up in an export run as a separate process
	// within two intervals.
	servers["b"].Site().Edit(42, time.Now().UTC())
	took := eventually(t, 10*time.Second, "the edit exported", func() bool {
		out, err := wpharvest(t, "export", "--db", db, "--site", "b")
		return err == nil && strings.Contains(out, `"id":42,`) && strings.Contains(out, "(updated 1)")
	})
	t.Logf("edit exported %v after it was made (interval 1 s)", took)
	if took > 2*time.Second+500*time.Millisecond {
		t.Fatalf("the edit took %v to reach the export, more than two intervals", took)
	}

	// SIGHUP with an invalid config: logged, the old config kept.
	writeFile(t, cfg, "db: "+db+"\nsites:\n  - name: a\n    intervall: 1s\n")
	d.cmd.Process.Signal(syscall.SIGHUP)
	eventually(t, 5*time.Second, "invalid config logged", func() bool { return strings.Contains(d.stderr.String(), "keeping the running one") })
	if resp, err := http.Get("http://" + d.addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the daemon is not healthy after an invalid reload: %v", err)
	}

	// SIGHUP with site c removed and d added.
	daemonConfig(t, cfg, db, "1s", map[string]string{"a": urls["a"], "b": urls["b"], "d": urls["d"]})
	d.cmd.Process.Signal(syscall.SIGHUP)
	eventually(t, 15*time.Second, "site d harvested after SIGHUP", func() bool {
		out, err := wpharvest(t, "export", "--db", db, "--site", "d")
		return err == nil && strings.Count(out, "\n") == 150
	})
	cBefore := servers["c"].Site().Requests()
	time.Sleep(2500 * time.Millisecond)
	if got := servers["c"].Site().Requests(); got != cBefore {
		t.Fatalf("removed site c still polled: %d requests, then %d", cBefore, got)
	}

	// Stop the polling (remove every site) so the counters hold still,
	// then /metrics must match what each server counted.
	daemonConfig(t, cfg, db, "1s", map[string]string{})
	d.cmd.Process.Signal(syscall.SIGHUP)
	eventually(t, 10*time.Second, "idle after removing every site", func() bool {
		resp, err := http.Get("http://" + d.addr + "/status")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var st []siteStatus
		json.NewDecoder(resp.Body).Decode(&st)
		for _, s := range st {
			if s.Schedule != nil {
				return false
			}
		}
		return true
	})
	got := metricRequests(t, d.addr)
	for name, srv := range servers {
		if want := float64(srv.Site().Requests()); got[name] != want {
			t.Fatalf("site %s: /metrics counts %v requests, the server %v (all: %v)", name, got[name], want, got)
		}
	}

	code, took := d.stop(syscall.SIGTERM)
	if code != 0 || took > 10*time.Second {
		t.Fatalf("SIGTERM: exit %d after %v", code, took)
	}
	if _, err := os.Stat(advertPath(db)); !os.IsNotExist(err) {
		t.Fatalf("the advert file outlived the daemon: %v", err)
	}
}

func TestDaemonSIGTERMMidRunResumes(t *testing.T) {
	const posts = 3000
	srv := wptest.NewServer(wptest.Options{Posts: posts, Seed: 9, Latency: 40 * time.Millisecond})
	defer srv.Close()
	dir := t.TempDir()
	db, cfg := filepath.Join(dir, "archive.db"), filepath.Join(dir, "wpharvest.yaml")
	daemonConfig(t, cfg, db, "1h", map[string]string{"a": srv.URL})

	d := startDaemon(t, cfg, db)
	eventually(t, 20*time.Second, "backfill under way", func() bool { return srv.Site().ListingRequests() >= 8 })
	code, took := d.stop(syscall.SIGTERM)
	t.Logf("SIGTERM mid-run: exit %d after %v, %d listing requests served", code, took, srv.Site().ListingRequests())
	if code != 0 || took > 10*time.Second {
		t.Fatalf("SIGTERM: exit %d after %v", code, took)
	}
	served := srv.Site().ListingRequests()
	srv.Site().ResetCounters()

	d = startDaemon(t, cfg, db)
	eventually(t, 30*time.Second, "backfill completed after restart", func() bool {
		out, err := wpharvest(t, "status", "--db", db)
		return err == nil && strings.Contains(out, "complete")
	})
	if resumed := srv.Site().ListingRequests(); resumed >= 31 {
		t.Fatalf("the restart fetched %d listing pages: it did not resume (the first run got %d)", resumed, served)
	}
	d.stop(syscall.SIGTERM)
	out, err := wpharvest(t, "export", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		id := line[strings.Index(line, `"id":`):]
		id = id[:strings.IndexByte(id, ',')]
		if ids[id] {
			t.Fatalf("duplicate %s", id)
		}
		ids[id] = true
	}
	if len(ids) != posts {
		t.Fatalf("%d posts after SIGTERM and restart, want %d", len(ids), posts)
	}
}
