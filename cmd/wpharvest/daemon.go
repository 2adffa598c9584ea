package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/store"
)

// shutdownGrace bounds how long the daemon waits for runs in flight after
// SIGINT/SIGTERM; the contract is to exit within 10 s.
const shutdownGrace = 8 * time.Second

func (m *Main) daemonCommand() *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "daemon --config F",
		Short: "Schedule every configured site until SIGTERM",
		Long: `Sync every configured site on its own interval (with jitter), at most
daemon.max_sites at once, backing off from failing sites. Serves /healthz,
/metrics, /status and /export on daemon.listen (127.0.0.1:9309 by default)
and advertises that address next to the database (DB.daemon) so that
'wpharvest export' and 'wpharvest status' work while the daemon holds the
database. SIGHUP reloads the config (an invalid one is logged and the old
one kept); SIGINT/SIGTERM stops after the page being stored, within 10 s; a
second signal exits at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if configPath == "" {
				return usageError(errors.New("daemon: --config is required"))
			}
			return m.runDaemon(cmd.Context(), configPath)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (YAML)")
	return cmd
}

// daemon is one running daemon: the scheduler, the HTTP API, the database.
type daemon struct {
	m          *Main
	configPath string
	cfg        *config.Config
	db         *store.DB
	sched      *harvester.Scheduler
	metrics    *metrics
	http       *http.Server
	addr       string
	runCtx     context.Context
	indexing   sync.Mutex // one story indexing at a time
}

func (m *Main) runDaemon(ctx context.Context, configPath string) error {
	cfg, err := m.loadConfig(configPath)
	if err != nil {
		return err
	}
	path := dbPath("", cfg)
	db, err := m.openDB(path, false)
	if err != nil {
		return &exitError{code: ExitSiteFailed, err: m.lockedError(path, err)}
	}
	d := &daemon{m: m, configPath: configPath, cfg: cfg, db: db, metrics: newMetrics()}
	h := &harvester.Harvester{Store: db, Logger: m.logger, Names: true, Fingerprints: true, Fetch: harvester.FetchOptions{UserAgent: cfg.UserAgent, Logger: m.logger, Hosts: &harvester.HostLimits{}}}
	d.sched = &harvester.Scheduler{
		Run:      h.Sync,
		Store:    db,
		MaxSites: cfg.Daemon.MaxSites,
		Logger:   m.logger,
		OnResult: d.onResult,
	}

	ln, err := net.Listen("tcp", cfg.Daemon.Listen)
	if err != nil {
		return &exitError{code: ExitSiteFailed, err: fmt.Errorf("daemon: listen: %w", err)}
	}
	d.addr = ln.Addr().String()
	d.http = &http.Server{Handler: d.routes(), ReadHeaderTimeout: 10 * time.Second}
	go d.http.Serve(ln)
	if err := writeAdvert(path, d.addr); err != nil {
		d.http.Close()
		return &exitError{code: ExitSiteFailed, err: err}
	}
	defer os.Remove(advertPath(path))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	d.runCtx = runCtx
	if err := d.sched.SetSites(cfg.Sites); err != nil {
		m.logger.Warn().Err(err).Msg("could not read a saved schedule")
	}
	if err := d.sched.Open(runCtx); err != nil {
		return &exitError{code: ExitSiteFailed, err: err}
	}
	m.logger.Info().Str("listen", d.addr).Str("db", path).Int("sites", len(cfg.Sites)).Int("pid", os.Getpid()).Msg("daemon started")

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	for stop := false; !stop; {
		select {
		case <-ctx.Done():
			stop = true
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				d.reload()
				continue
			}
			stop = true
		}
	}
	return d.shutdown(cancel, sigs)
}

// shutdown stops scheduling, lets the runs in flight store their current
// page, and closes the HTTP API. A second signal exits at once: every page
// is its own transaction, so the database is consistent at any moment.
func (d *daemon) shutdown(cancel context.CancelFunc, sigs <-chan os.Signal) error {
	d.m.logger.Info().Msg("stopping: finishing the pages being stored")
	cancel()
	done := make(chan struct{})
	go func() {
		d.sched.Close()
		close(done)
	}()
	select {
	case <-done:
	case sig := <-sigs:
		d.m.logger.Warn().Str("signal", sig.String()).Msg("second signal: exiting at once")
		os.Remove(advertPath(d.db.Path()))
		d.m.exit(ExitSiteFailed)
	case <-time.After(shutdownGrace):
		d.m.logger.Warn().Msg("runs still in flight after the grace period: exiting anyway")
	}
	ctx, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	d.http.Shutdown(ctx)
	d.m.logger.Info().Msg("daemon stopped")
	return nil
}

// reload applies a changed config: sites added, removed or changed, and
// max_sites. An invalid config is logged and the running one kept.
func (d *daemon) reload() {
	cfg, err := d.m.loadConfig(d.configPath)
	if err != nil {
		d.m.logger.Error().Err(err).Msg("SIGHUP: the new config is invalid; keeping the running one")
		return
	}
	if dbPath("", cfg) != dbPath("", d.cfg) || cfg.Daemon.Listen != d.cfg.Daemon.Listen {
		d.m.logger.Warn().Msg("SIGHUP: db and daemon.listen changes need a restart; applying the rest")
	}
	d.sched.SetMaxSites(cfg.Daemon.MaxSites)
	if err := d.sched.SetSites(cfg.Sites); err != nil {
		d.m.logger.Warn().Err(err).Msg("SIGHUP: could not read a saved schedule")
	}
	d.cfg = cfg
	d.m.logger.Info().Int("sites", len(cfg.Sites)).Msg("SIGHUP: config reloaded")
}

// onResult logs one structured line per site run and updates the metrics.
func (d *daemon) onResult(site config.Site, res harvester.Result, next harvester.SiteSchedule) {
	d.metrics.observe(res)
	if res.Stats.New+res.Stats.Updated+res.Stats.Restored > 0 && d.indexing.TryLock() {
		// Fingerprint what the run stored; a run finishing meanwhile
		// leaves its posts queued for the next call.
		d.m.indexStories(d.runCtx, d.db)
		d.indexing.Unlock()
	}
	ev := d.m.logger.Info()
	if res.Err != nil {
		ev = d.m.logger.Warn().Err(res.Err).Str("error_kind", harvester.ErrorKind(res.Err)).Int("failures", next.Failures)
	}
	ev.Str("site", site.Name).Str("kind", res.Kind).
		Int("new", res.Stats.New).Int("changed", res.Stats.Updated).Int("unchanged", res.Stats.Unchanged).
		Int("deleted", res.Stats.Deleted).Int("restored", res.Stats.Restored).
		Int64("requests", res.Requests).Int64("bytes", res.Bytes).Dur("duration", res.Duration).
		Time("next_check_at", next.NextCheck).Msg("site run")
}
