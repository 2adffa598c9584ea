package harvester

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
)

// SiteSchedule is the daemon's scheduling state of one site. It is kept in
// the archive so that a restarted daemon neither hammers a failing site nor
// forgets when a site is due.
type SiteSchedule struct {
	NextCheck   time.Time `json:"next_check_at"`
	Failures    int       `json:"consecutive_failures"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
}

// ScheduleStore keeps SiteSchedules; store.DB implements it.
type ScheduleStore interface {
	Schedule(site string) (SiteSchedule, error)
	SaveSchedule(site string, s SiteSchedule) error
}

// RetryAfterError is implemented by errors that carry the delay a site
// asked for (Retry-After on a 429 or 503 that outlasted the retries).
type RetryAfterError interface {
	error
	RetryAfter() time.Duration
}

// DefaultBackoffCap caps the wait after repeated failures of a site.
const DefaultBackoffCap = 6 * time.Hour

// Scheduler runs every site on its own interval, with jitter, at most
// MaxSites at once. A site that fails waits longer after each failure
// (capped exponential backoff, at least what its Retry-After asked), and
// returns to its interval after a success. Open starts it, SetSites changes
// the sites while it runs, Close stops it and waits for the runs in flight.
type Scheduler struct {
	// Run is the pass made over a site when it is due, e.g.
	// (*Harvester).Sync.
	Run RunFunc
	// Store persists the schedule of each site.
	Store ScheduleStore
	// MaxSites bounds how many sites run at once (at least 1).
	MaxSites int
	// BackoffCap caps the wait after failures; zero means
	// DefaultBackoffCap, or the site's interval if that is longer.
	BackoffCap time.Duration
	// OnResult, if set, is called after every run (metrics, logs).
	OnResult func(site config.Site, res Result, next SiteSchedule)
	Logger   zerolog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	sites   map[string]*scheduled
	running int
	wake    chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// scheduled is one site known to the scheduler.
type scheduled struct {
	site    config.Site
	sched   SiteSchedule
	running bool
	removed bool
}

// ScheduleStatus is a snapshot of one site's schedule.
type ScheduleStatus struct {
	Site    string
	Running bool
	SiteSchedule
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Open starts scheduling. Runs stop when ctx is done or at Close.
func (s *Scheduler) Open(ctx context.Context) error {
	if s.Run == nil || s.Store == nil {
		return errors.New("scheduler: Run and Store are required")
	}
	s.mu.Lock()
	if s.sites == nil {
		s.sites = map[string]*scheduled{}
	}
	s.wake = make(chan struct{}, 1)
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.mu.Unlock()
	s.wg.Add(1)
	go s.loop()
	return nil
}

// Close stops scheduling, cancels the runs in flight (each stops after the
// page it is storing) and waits for them.
func (s *Scheduler) Close() error {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	return nil
}

// SetSites replaces the set of sites: new sites start on their saved
// schedule (or at once), removed sites stop being scheduled (a run in
// flight finishes), and changed settings apply from the next run.
func (s *Scheduler) SetSites(sites []config.Site) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sites == nil {
		s.sites = map[string]*scheduled{}
	}
	keep := map[string]bool{}
	var errs []error
	for _, site := range sites {
		keep[site.Name] = true
		if cur, ok := s.sites[site.Name]; ok {
			cur.site = site
			cur.removed = false
			continue
		}
		sched, err := s.Store.Schedule(site.Name)
		if err != nil {
			errs = append(errs, err)
		}
		s.sites[site.Name] = &scheduled{site: site, sched: sched}
	}
	for name, cur := range s.sites {
		if !keep[name] {
			if cur.running {
				cur.removed = true
			} else {
				delete(s.sites, name)
			}
		}
	}
	s.poke()
	return errors.Join(errs...)
}

// Status returns the schedule of every site, by name.
func (s *Scheduler) Status() []ScheduleStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ScheduleStatus, 0, len(s.sites))
	for name, cur := range s.sites {
		if !cur.removed {
			out = append(out, ScheduleStatus{Site: name, Running: cur.running, SiteSchedule: cur.sched})
		}
	}
	slices.SortFunc(out, func(a, b ScheduleStatus) int { return cmp.Compare(a.Site, b.Site) })
	return out
}

// poke wakes the loop; s.mu may be held.
func (s *Scheduler) poke() {
	if s.wake == nil {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// loop starts due sites and sleeps until the next one is due.
func (s *Scheduler) loop() {
	defer s.wg.Done()
	for {
		wait := s.startDue()
		t := time.NewTimer(wait)
		select {
		case <-s.ctx.Done():
			t.Stop()
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// startDue starts the sites that are due, as many as MaxSites allows, and
// returns how long to sleep before looking again.
func (s *Scheduler) startDue() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var due []*scheduled
	wait := time.Minute
	for _, cur := range s.sites {
		if cur.running || cur.removed {
			continue
		}
		if d := cur.sched.NextCheck.Sub(now); d > 0 {
			wait = min(wait, d)
			continue
		}
		due = append(due, cur)
	}
	// The longest overdue first, so that a full house is fair.
	slices.SortFunc(due, func(a, b *scheduled) int { return a.sched.NextCheck.Compare(b.sched.NextCheck) })
	for _, cur := range due {
		if s.running >= max(s.MaxSites, 1) || s.ctx.Err() != nil {
			break
		}
		cur.running = true
		s.running++
		s.wg.Add(1)
		go s.runSite(cur)
	}
	return max(wait, 10*time.Millisecond)
}

// runSite makes one run and schedules the next.
func (s *Scheduler) runSite(cur *scheduled) {
	defer s.wg.Done()
	s.mu.Lock()
	site := cur.site
	s.mu.Unlock()

	res := s.Run(s.ctx, site)

	s.mu.Lock()
	now := s.now()
	next := cur.sched
	if res.Err == nil {
		next.Failures = 0
		next.LastSuccess = now
		next.LastError = ""
		next.NextCheck = now.Add(jitter(time.Duration(site.Interval)))
	} else if s.ctx.Err() != nil {
		// Stopped by shutdown: due again as soon as the daemon restarts.
		next.NextCheck = now
	} else {
		next.Failures++
		next.LastError = res.Err.Error()
		next.NextCheck = now.Add(s.backoff(site, next.Failures, res.Err))
	}
	cur.sched = next
	cur.running = false
	s.running--
	if cur.removed {
		delete(s.sites, site.Name)
	}
	s.poke()
	s.mu.Unlock()

	if err := s.Store.SaveSchedule(site.Name, next); err != nil {
		s.Logger.Error().Err(err).Str("site", site.Name).Msg("could not save the schedule")
	}
	if s.OnResult != nil {
		s.OnResult(site, res, next)
	}
}

// backoff returns the wait after the n-th consecutive failure: the
// interval doubled for each failure after the first, capped, and never
// less than what the site asked with Retry-After.
func (s *Scheduler) backoff(site config.Site, failures int, err error) time.Duration {
	interval := time.Duration(site.Interval)
	cap := s.BackoffCap
	if cap <= 0 {
		cap = max(DefaultBackoffCap, interval)
	}
	d := interval
	for i := 1; i < failures && d < cap; i++ {
		d *= 2
	}
	d = jitter(min(d, cap))
	// Retry-After is a floor: jitter only ever lengthens it.
	var ra RetryAfterError
	if errors.As(err, &ra) && ra.RetryAfter() > d {
		d = ra.RetryAfter() + rand.N(ra.RetryAfter()/10+1)
	}
	return d
}

// jitter spreads d by ±10% so that sites with the same interval drift
// apart instead of hitting their hosts in step.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	spread := d / 5
	return d - spread/2 + rand.N(spread+1)
}

// SetMaxSites changes how many sites may run at once.
func (s *Scheduler) SetMaxSites(n int) {
	s.mu.Lock()
	s.MaxSites = n
	s.poke()
	s.mu.Unlock()
}
