package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/store"
)

// siteFlags are the flags shared by the commands that harvest.
type siteFlags struct {
	configPath string
	dbPath     string
	sites      []string
}

func (f *siteFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.configPath, "config", "", "config file (YAML)")
	cmd.Flags().StringVar(&f.dbPath, "db", "", "database file (default: the config's db, else ./wpharvest.db)")
	cmd.Flags().StringArrayVar(&f.sites, "site", nil, "harvest only this configured site (repeatable)")
}

// loadConfig reads the config file, or returns the defaults when none was
// given. Errors are usage errors (exit 2).
func (m *Main) loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return config.DefaultConfig(), nil
	}
	data, err := readFile(path)
	if err != nil {
		return nil, usageError(fmt.Errorf("config: %w", err))
	}
	cfg, err := config.Parse(path, data, m.Getenv)
	if err != nil {
		return nil, usageError(err)
	}
	return cfg, nil
}

// selectSites returns the configured sites chosen by --site plus the sites
// given as URL arguments (with default settings, named after their host).
func (m *Main) selectSites(cfg *config.Config, f siteFlags, urls []string) ([]config.Site, error) {
	var sites []config.Site
	if len(f.sites) > 0 || len(urls) == 0 {
		chosen, err := cfg.Select(f.sites)
		if err != nil {
			return nil, usageError(err)
		}
		sites = chosen
	}
	for _, u := range urls {
		s, err := config.SiteFromURL(u, cfg.Defaults)
		if err != nil {
			return nil, usageError(err)
		}
		sites = append(sites, s)
	}
	if len(sites) == 0 {
		return nil, usageError(errors.New("no sites: give site URLs as arguments or a --config with sites"))
	}
	seen := map[string]bool{}
	for _, s := range sites {
		if seen[s.Name] {
			return nil, usageError(fmt.Errorf("site %q given twice", s.Name))
		}
		seen[s.Name] = true
	}
	return sites, nil
}

// dbPath picks the database file: --db, else the config's, else the default.
func dbPath(flag string, cfg *config.Config) string {
	switch {
	case flag != "":
		return flag
	case cfg != nil && cfg.DB != "":
		return cfg.DB
	default:
		return config.DefaultDB
	}
}

// openDB opens the database and closes it with Main.
func (m *Main) openDB(path string, readOnly bool) (*store.DB, error) {
	db, err := store.Open(path, store.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	m.closer = append(m.closer, db)
	return db, nil
}

// lockedError adds who holds the database to a "locked" error from Open.
func (m *Main) lockedError(path string, err error) error {
	if !errors.Is(err, store.ErrLocked) {
		return err
	}
	if pid, ok := lockHolder(path); ok {
		return fmt.Errorf("%w (held by pid %d; if that is a wpharvest daemon, it advertises itself in %s)", err, pid, advertPath(path))
	}
	return err
}

// indexStories fingerprints the posts a run stored, for `stories`,
// `similar` and the export's story field. A failure is logged: the posts
// stay queued for the next run.
func (m *Main) indexStories(ctx context.Context, db *store.DB) {
	start := time.Now()
	n, err := db.IndexStories(ctx)
	if err != nil {
		m.logger.Warn().Err(err).Msg("story index: posts stay queued for the next run")
		return
	}
	if n > 0 {
		m.logger.Debug().Int("posts", n).Dur("duration", time.Since(start)).Msg("story index updated")
	}
}
