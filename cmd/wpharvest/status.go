package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

func (m *Main) statusCommand() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "status [--db F]",
		Short: "Show a table of the archived sites",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := m.openDB(dbPath(db, nil), true)
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: err}
			}
			sites, err := d.Status()
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: fmt.Errorf("status: %w", err)}
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SITE\tPOSTS\tDELETED\tVERSIONS\tBACKFILL\tLAST RUN\tLAST ERROR")
			for _, s := range sites {
				backfill := fmt.Sprintf("page %d", s.Backfill.Page)
				if s.Backfill.Complete {
					backfill = "complete"
				}
				last, lastErr := "-", ""
				if s.LastRun != nil {
					last = s.LastRun.Kind + " " + s.LastRun.Finished.Format(time.RFC3339)
					lastErr = s.LastRun.Error
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\n", s.Site, s.Posts, s.Deleted, s.Versions, backfill, last, lastErr)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	return cmd
}
