package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/store"
)

// exportFlags are the export command's flags.
type exportFlags struct {
	db, out, since, until string
	opts                  store.ExportOptions
}

func (m *Main) exportCommand() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export [--db F] [--site NAME]... [--type T]... [--since T] [--until T] [--include-deleted] [--versions] [--raw] [-o FILE|FILE.gz]",
		Short: "Write the archive as NDJSON, one post per line",
		Long: `Write the archive as NDJSON, one record per line (docs/export.md,
schema in docs/post.schema.json). Lines come by site name, then date_gmt,
then GUID; with --versions each post's superseded versions come just
before its current record, oldest first. --since and --until select lines
by their modified_gmt in [since, until). A -o file is written under a
temporary name and renamed when complete; FILE.gz is gzipped.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if f.opts.Since, err = parseTimeFlag("--since", f.since); err != nil {
				return err
			}
			if f.opts.Until, err = parseTimeFlag("--until", f.until); err != nil {
				return err
			}
			if !f.opts.Since.IsZero() && !f.opts.Until.IsZero() && !f.opts.Since.Before(f.opts.Until) {
				return usageError(fmt.Errorf("--since %s is not before --until %s", f.since, f.until))
			}
			return m.export(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "", "database file (default ./wpharvest.db)")
	fl.StringArrayVar(&f.opts.Sites, "site", nil, "only this site (repeatable)")
	fl.StringArrayVar(&f.opts.Types, "type", nil, "only posts of this type, as in the record's type field: post, page, ... (repeatable)")
	fl.StringVar(&f.since, "since", "", "only lines modified at or after T (RFC3339 or YYYY-MM-DD, UTC)")
	fl.StringVar(&f.until, "until", "", "only lines modified before T (RFC3339 or YYYY-MM-DD, UTC)")
	fl.BoolVar(&f.opts.IncludeDeleted, "include-deleted", false, "include posts that vanished from their site")
	fl.BoolVar(&f.opts.Versions, "versions", false, "add a line per superseded version, before the current one")
	fl.BoolVar(&f.opts.Raw, "raw", false, `add "raw": the post exactly as the site served it`)
	fl.StringVarP(&f.out, "output", "o", "", "write to FILE instead of stdout (FILE.gz is gzipped); written atomically")
	return cmd
}

// export runs the export command once its flags are checked.
func (m *Main) export(ctx context.Context, f exportFlags) error {
	path := dbPath(f.db, nil)
	db, err := m.exportSource(path) // the database, or the daemon holding it
	if err != nil {
		return m.exportFailed(err)
	}
	if f.out == "" || f.out == "-" {
		_, err := db.Export(ctx, m.Stdout, f.opts)
		if err != nil && isBrokenPipe(err) {
			return nil // the reader stopped early (| head): not an error
		}
		return m.exportFailed(err)
	}
	if sameFile(f.out, path) {
		return usageError(fmt.Errorf("-o %s is the database file", f.out))
	}
	out, err := createAtomic(f.out)
	if err != nil {
		return m.exportFailed(err)
	}
	defer out.Abort()
	n, err := db.Export(ctx, out, f.opts)
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		return m.exportFailed(fmt.Errorf("%w (nothing written to %s)", err, f.out))
	}
	m.logger.Info().Str("file", f.out).Int("lines", n).Msg("export written")
	return nil
}

// openExportDB opens the database read-only. A file written before the
// date index existed is opened read-write once to build it.
func (m *Main) openExportDB(path string) (*store.DB, error) {
	db, err := m.openDB(path, true)
	if err != nil {
		return nil, err
	}
	need, err := db.NeedsIndex()
	if err != nil || !need {
		return db, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	m.logger.Info().Str("db", path).Msg("building the date index of an archive written by an older version (once)")
	if db, err = m.openDB(path, false); err != nil {
		return nil, err
	}
	if err := db.BuildIndex(); err != nil {
		return nil, err
	}
	return db, nil
}

// exportFailed turns an export error into the command's result: an
// unknown site is a usage error (exit 2), anything else exits 1 with the
// error logged. A nil err gives nil.
func (m *Main) exportFailed(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrUnknownSite):
		return usageError(err)
	case errors.Is(err, context.Canceled):
		err = fmt.Errorf("export interrupted: %w", err)
	}
	return &exitError{code: ExitSiteFailed, err: fmt.Errorf("export failed: %w", err)}
}

// sameFile reports whether paths a and b name the same existing file.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
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
