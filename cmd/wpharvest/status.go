package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/store"
)

func (m *Main) statusCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "status [--db F]",
		Short: "Show a table of the archived sites",
		Long: `Show one line per archived site: posts, deleted posts, superseded versions,
the backfill's progress, the last run and its error. While a daemon holds
the database, the table comes from the daemon (with each site's next check).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sites, err := m.siteStatuses(dbPath(db, nil))
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: err}
			}
			return m.printStatus(sites)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	return cmd
}

// siteStatuses reads the status from the database, or from the daemon that
// holds it.
func (m *Main) siteStatuses(path string) ([]siteStatus, error) {
	d, err := store.Open(path, store.Options{ReadOnly: true})
	if err == nil {
		defer d.Close()
		sites, err := d.Status()
		if err != nil {
			return nil, fmt.Errorf("status: %w", err)
		}
		out := make([]siteStatus, len(sites))
		for i, s := range sites {
			out[i].SiteStatus = s
		}
		return out, nil
	}
	if !errors.Is(err, store.ErrLocked) {
		return nil, err
	}
	a, ok := readAdvert(path)
	if !ok {
		return nil, m.lockedError(path, err)
	}
	resp, err := http.Get("http://" + a.Addr + "/status")
	if err != nil {
		return nil, fmt.Errorf("status from the daemon (pid %d) at %s: %w", a.PID, a.Addr, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status from the daemon (pid %d) at %s: HTTP %d", a.PID, a.Addr, resp.StatusCode)
	}
	var out []siteStatus
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("status from the daemon (pid %d): %w", a.PID, err)
	}
	return out, nil
}

func (m *Main) printStatus(sites []siteStatus) error {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tPOSTS\tDELETED\tVERSIONS\tBACKFILL\tLAST RUN\tNEXT CHECK\tLAST ERROR")
	for _, s := range sites {
		backfill := fmt.Sprintf("page %d", s.Backfill.Page)
		if s.Backfill.Complete {
			backfill = "complete"
		}
		last, lastErr, next := "-", "", "-"
		if s.LastRun != nil {
			last = s.LastRun.Kind + " " + s.LastRun.Finished.Format(time.RFC3339)
			lastErr = s.LastRun.Error
		}
		if s.Schedule != nil {
			next = s.Schedule.NextCheck.UTC().Format(time.RFC3339)
			if s.Schedule.Running {
				next = "running"
			}
			if s.Schedule.LastError != "" {
				lastErr = fmt.Sprintf("%s (%d failures in a row)", s.Schedule.LastError, s.Schedule.Failures)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", s.Site, s.Posts, s.Deleted, s.Versions, backfill, last, next, lastErr)
	}
	return tw.Flush()
}
