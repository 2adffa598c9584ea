package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// demoPosts is the size of the built-in sample site.
const demoPosts = 250

func (m *Main) demoCommand() *cobra.Command {
	var keep string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Harvest a built-in sample site on loopback (offline) and show the result",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv := wptest.NewServer(wptest.Options{Posts: demoPosts, Seed: 1, Name: "wpharvest demo"})
			defer srv.Close()

			dir, err := os.MkdirTemp("", "wpharvest-demo-")
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: fmt.Errorf("demo: %w", err)}
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "demo.db")
			if keep != "" {
				path = keep
			}
			db, err := m.openDB(path, false)
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: err}
			}
			settings := config.DefaultSettings()
			settings.Rate = 0 // loopback: no politeness delay needed
			site, err := config.SiteFromURL(srv.URL, settings)
			if err != nil {
				return &exitError{code: ExitSiteFailed, err: err}
			}
			site.Name = "demo"
			fmt.Fprintf(m.Stdout, "Sample WordPress site with %d posts on %s; harvesting into %s\n\n", demoPosts, srv.URL, path)
			h := &harvester.Harvester{Store: db, Logger: m.logger, Names: true, Fingerprints: true, Fetch: harvester.FetchOptions{Logger: m.logger}}
			if m.StderrIsTerminal {
				h.Progress = m.progressBar
			}
			results := []harvester.Result{h.Backfill(cmd.Context(), site)}
			m.report(results)
			if results[0].Err != nil {
				return &exitError{code: ExitSiteFailed}
			}
			fmt.Fprintln(m.Stdout, "\nFirst records of the archive:")
			return m.showFirst(cmd, db, 3)
		},
	}
	cmd.Flags().StringVar(&keep, "db", "", "keep the demo archive in this file instead of a temporary one")
	return cmd
}

// showFirst prints the first n records in a readable form.
func (m *Main) showFirst(cmd *cobra.Command, db *store.DB, n int) error {
	w := &firstLines{max: n}
	if _, err := db.Export(cmd.Context(), w, store.ExportOptions{}); err != nil && !errors.Is(err, errEnough) {
		return &exitError{code: ExitSiteFailed, err: fmt.Errorf("demo: %w", err)}
	}
	for _, line := range w.lines {
		var p harvester.Post
		if err := json.Unmarshal(line, &p); err != nil {
			return &exitError{code: ExitSiteFailed, err: fmt.Errorf("demo: %w", err)}
		}
		text := p.Text
		if r := []rune(text); len(r) > 240 {
			text = string(r[:240]) + "…"
		}
		fmt.Fprintf(m.Stdout, "\n%s  (id %d, %s, version %d)\n  %s\n  %s\n", p.Title, p.ID, p.DateGMT.Format("2006-01-02 15:04Z"), p.Version, p.Link,
			strings.ReplaceAll(text, "\n", "\n  "))
	}
	fmt.Fprintln(m.Stdout, "\nEvery record holds the clean text, the rendered HTML and, with --raw, the post as served.")
	fmt.Fprintln(m.Stdout, "Keep the archive with `wpharvest demo --db demo.db`, then `wpharvest export --db demo.db`.")
	return nil
}

var errEnough = errors.New("enough lines")

// firstLines keeps the first max lines written to it, then refuses more.
type firstLines struct {
	max   int
	buf   []byte
	lines [][]byte
}

func (f *firstLines) Write(p []byte) (int, error) {
	f.buf = append(f.buf, p...)
	for {
		i := bytes.IndexByte(f.buf, '\n')
		if i < 0 {
			break
		}
		f.lines = append(f.lines, append([]byte(nil), f.buf[:i]...))
		f.buf = f.buf[i+1:]
		if len(f.lines) >= f.max {
			return len(p), errEnough
		}
	}
	return len(p), nil
}
