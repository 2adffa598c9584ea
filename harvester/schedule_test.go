package harvester_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
)

// runLog records the start times of each site's runs.
type runLog struct {
	mu      sync.Mutex
	starts  map[string][]time.Time
	running atomic.Int32
	peak    atomic.Int32
}

func (l *runLog) run(fail func(site string) error) harvester.RunFunc {
	return func(ctx context.Context, site config.Site) harvester.Result {
		n := l.running.Add(1)
		defer l.running.Add(-1)
		for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
		}
		l.mu.Lock()
		l.starts[site.Name] = append(l.starts[site.Name], time.Now())
		l.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		return harvester.Result{Site: site.Name, Err: fail(site.Name)}
	}
}

func (l *runLog) times(site string) []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Time(nil), l.starts[site]...)
}

func schedSite(t *testing.T, name string, interval time.Duration) config.Site {
	t.Helper()
	s := testSite(t, name, "http://127.0.0.1:1")
	s.Interval = config.Duration(interval)
	return s
}

type retryAfter struct{ d time.Duration }

func (e retryAfter) Error() string             { return "HTTP 429" }
func (e retryAfter) RetryAfter() time.Duration { return e.d }

func TestSchedulerKeepsIntervalsBacksOffFailuresAndPersists(t *testing.T) {
	db := openStore(t)
	log := &runLog{starts: map[string][]time.Time{}}
	var failing atomic.Bool
	failing.Store(true)
	fail := func(site string) error {
		if site == "bad" && failing.Load() {
			return errors.New("connection refused")
		}
		return nil
	}
	s := &harvester.Scheduler{Run: log.run(fail), Store: db, MaxSites: 1, Logger: zerolog.Nop(), BackoffCap: 800 * time.Millisecond}
	if err := s.SetSites([]config.Site{schedSite(t, "good", 100*time.Millisecond), schedSite(t, "bad", 50*time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	failing.Store(false) // the failing site comes back
	time.Sleep(1200 * time.Millisecond)
	s.Close()

	if p := log.peak.Load(); p > 1 {
		t.Fatalf("%d sites ran at once with MaxSites 1", p)
	}
	good := log.times("good")
	// 2.7 s at a 100 ms interval (±10% jitter, plus run time).
	if len(good) < 15 {
		t.Fatalf("the healthy site ran only %d times in 2.7 s at a 100 ms interval", len(good))
	}
	bad := log.times("bad")
	if len(bad) < 4 {
		t.Fatalf("the failing site was tried only %d times", len(bad))
	}
	// While failing, each wait is about twice the one before (50, 100, 200,
	// 400 ms, then capped at 800 ms), jitter ±10%.
	var gaps []time.Duration
	for i := 1; i < len(bad); i++ {
		gaps = append(gaps, bad[i].Sub(bad[i-1]))
	}
	if gaps[1] < gaps[0]*3/2 || gaps[2] < gaps[1]*3/2 {
		t.Fatalf("no exponential backoff: gaps %v", gaps)
	}
	for _, g := range gaps {
		if g > 800*time.Millisecond*12/10+100*time.Millisecond {
			t.Fatalf("a gap of %v exceeds the 800 ms cap: %v", g, gaps)
		}
	}
	// After recovery it runs at its interval again.
	last := gaps[len(gaps)-1]
	if last > 200*time.Millisecond {
		t.Fatalf("after recovering the site is not back on its 50 ms interval: gaps %v", gaps)
	}
	sched, err := db.Schedule("bad")
	if err != nil {
		t.Fatal(err)
	}
	if sched.Failures != 0 || sched.LastSuccess.IsZero() || sched.NextCheck.IsZero() {
		t.Fatalf("persisted schedule after recovery: %+v", sched)
	}
}

func TestSchedulerResumesThePersistedBackoff(t *testing.T) {
	db := openStore(t)
	if err := db.SaveSchedule("bad", harvester.SiteSchedule{NextCheck: time.Now().Add(time.Hour), Failures: 3, LastError: "boom"}); err != nil {
		t.Fatal(err)
	}
	log := &runLog{starts: map[string][]time.Time{}}
	s := &harvester.Scheduler{Run: log.run(func(string) error { return nil }), Store: db, MaxSites: 2, Logger: zerolog.Nop()}
	s.SetSites([]config.Site{schedSite(t, "bad", 50*time.Millisecond), schedSite(t, "new", 50*time.Millisecond)})
	s.Open(context.Background())
	time.Sleep(300 * time.Millisecond)
	s.Close()
	if n := len(log.times("bad")); n != 0 {
		t.Fatalf("a site backing off for an hour ran %d times after a restart", n)
	}
	if n := len(log.times("new")); n < 2 {
		t.Fatalf("a new site ran %d times", n)
	}
}

func TestSchedulerHonoursRetryAfterAndSetSites(t *testing.T) {
	db := openStore(t)
	log := &runLog{starts: map[string][]time.Time{}}
	fail := func(site string) error {
		if site == "throttled" {
			return retryAfter{d: time.Hour}
		}
		return nil
	}
	s := &harvester.Scheduler{Run: log.run(fail), Store: db, MaxSites: 4, Logger: zerolog.Nop()}
	s.SetSites([]config.Site{schedSite(t, "throttled", 20*time.Millisecond), schedSite(t, "a", 20*time.Millisecond)})
	s.Open(context.Background())
	time.Sleep(200 * time.Millisecond)
	// Remove a, add b.
	s.SetSites([]config.Site{schedSite(t, "throttled", 20*time.Millisecond), schedSite(t, "b", 20*time.Millisecond)})
	time.Sleep(50 * time.Millisecond)
	aRuns := len(log.times("a"))
	time.Sleep(200 * time.Millisecond)
	s.Close()
	if n := len(log.times("throttled")); n != 1 {
		t.Fatalf("a site that asked to wait an hour ran %d times", n)
	}
	sched, _ := db.Schedule("throttled")
	if until := time.Until(sched.NextCheck); until < 50*time.Minute {
		t.Fatalf("Retry-After of 1h not honoured: next check in %v", until)
	}
	if aRuns == 0 || len(log.times("a")) != aRuns {
		t.Fatalf("removed site kept running: %d then %d runs", aRuns, len(log.times("a")))
	}
	if len(log.times("b")) < 3 {
		t.Fatalf("added site ran %d times", len(log.times("b")))
	}
	statuses := s.Status()
	if len(statuses) != 2 || statuses[0].Site != "b" || statuses[1].Site != "throttled" {
		t.Fatalf("status %+v", statuses)
	}
}
