package main

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/store"
)

func (m *Main) exportCommand() *cobra.Command {
	var (
		db, out, since, until string
		opts                  store.ExportOptions
	)
	cmd := &cobra.Command{
		Use:   "export [--db F] [--site NAME]... [--since T] [--until T] [--include-deleted] [--versions] [--raw] [-o FILE|FILE.gz]",
		Short: "Write the archive as NDJSON, one post per line",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if opts.Since, err = parseTimeFlag("--since", since); err != nil {
				return err
			}
			if opts.Until, err = parseTimeFlag("--until", until); err != nil {
				return err
			}
			d, err := m.openDB(dbPath(db, nil), true)
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: err}
			}
			return m.export(cmd, d, out, opts)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "database file (default ./wpharvest.db)")
	cmd.Flags().StringArrayVar(&opts.Sites, "site", nil, "only this site (repeatable)")
	cmd.Flags().StringVar(&since, "since", "", "only posts modified at or after T (RFC3339 or YYYY-MM-DD)")
	cmd.Flags().StringVar(&until, "until", "", "only posts modified before T (RFC3339 or YYYY-MM-DD)")
	cmd.Flags().BoolVar(&opts.IncludeDeleted, "include-deleted", false, "include posts that vanished from their site")
	cmd.Flags().BoolVar(&opts.Versions, "versions", false, "add a line per superseded version")
	cmd.Flags().BoolVar(&opts.Raw, "raw", false, `add "raw": the post exactly as the site served it`)
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of stdout (FILE.gz is gzipped); written atomically")
	return cmd
}

func (m *Main) export(cmd *cobra.Command, db *store.DB, out string, opts store.ExportOptions) error {
	if out == "" {
		w := bufio.NewWriterSize(m.Stdout, 64<<10)
		_, err := db.Export(cmd.Context(), w, opts)
		if err == nil {
			err = w.Flush()
		}
		if err != nil && isBrokenPipe(err) {
			return nil // the reader stopped early (| head): not an error
		}
		if err != nil {
			return &exitError{code: ExitSiteFailed, err: fmt.Errorf("export: %w", err)}
		}
		return nil
	}
	f, err := createAtomic(out)
	if err != nil {
		return &exitError{code: ExitSiteFailed, err: err}
	}
	n, err := db.Export(cmd.Context(), f, opts)
	if err != nil {
		f.Abort()
		return &exitError{code: ExitSiteFailed, err: fmt.Errorf("export to %s: %w", out, err)}
	}
	if err := f.Commit(); err != nil {
		return &exitError{code: ExitSiteFailed, err: err}
	}
	m.logger.Info().Str("file", out).Int("lines", n).Msg("export written")
	return nil
}

// parseTimeFlag accepts RFC3339 or a plain date (midnight UTC).
func parseTimeFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usageError(fmt.Errorf("%s %q: want RFC3339 (2025-11-28T04:54:00Z) or a date (2025-11-28)", name, v))
	}
	return t, nil
}

var _ io.Writer = (*atomicFile)(nil)
