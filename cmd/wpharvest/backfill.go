package main

import (
	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/harvester"
)

func (m *Main) backfillCommand() *cobra.Command {
	var f siteFlags
	cmd := &cobra.Command{
		Use:   "backfill [--config F] [--db F] [--site NAME]... [URL]...",
		Short: "Harvest every post of the sites (resumable)",
		Long: `Harvest every post of the configured sites and/or the site URLs given as
arguments into the database. An interrupted backfill resumes where it
stopped. Exit status: 0 when every site succeeded, 1 when some site failed
(the others still ran), 2 on a usage or config error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runHarvest(cmd, f, args, func(h *harvester.Harvester) harvester.RunFunc { return h.Backfill })
		},
	}
	f.register(cmd)
	return cmd
}

// runHarvest is what backfill (and later sync) share: load the config,
// choose the sites, open the database, run, report.
func (m *Main) runHarvest(cmd *cobra.Command, f siteFlags, urls []string, kind func(*harvester.Harvester) harvester.RunFunc) error {
	cfg, err := m.loadConfig(f.configPath)
	if err != nil {
		return err
	}
	sites, err := m.selectSites(cfg, f, urls)
	if err != nil {
		return err
	}
	db, err := m.openDB(dbPath(f.dbPath, cfg), false)
	if err != nil {
		return &exitError{code: ExitSiteFailed, err: err}
	}
	h := &harvester.Harvester{
		Store:  db,
		Fetch:  harvester.FetchOptions{UserAgent: cfg.UserAgent, Logger: m.logger, Hosts: &harvester.HostLimits{}},
		Logger: m.logger,
		Names:  true,
		// The store keeps the story index: fingerprints are computed by
		// the fetch workers, in parallel.
		Fingerprints: true,
	}
	if m.StderrIsTerminal {
		h.Progress = m.progressBar
	}
	results := harvester.RunSites(cmd.Context(), sites, cfg.Daemon.MaxSites, kind(h))
	m.report(results)
	m.indexStories(cmd.Context(), db)
	if n := harvester.Failed(results); n > 0 {
		return &exitError{code: ExitSiteFailed}
	}
	return nil
}
