package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wpharvest/wpharvest/store"
)

// archiveExporter is what export reads from: the database itself, or the
// daemon that holds it.
type archiveExporter interface {
	Export(ctx context.Context, w io.Writer, opts store.ExportOptions) (int, error)
}

// exportSource opens the database for export or, when a daemon holds it,
// returns a client of the daemon's /export.
func (m *Main) exportSource(path string) (archiveExporter, error) {
	db, err := m.openExportDB(path)
	if err == nil {
		return db, nil
	}
	if !errors.Is(err, store.ErrLocked) {
		return nil, err
	}
	a, ok := readAdvert(path)
	if !ok {
		return nil, m.lockedError(path, err)
	}
	m.logger.Debug().Int("pid", a.PID).Str("addr", a.Addr).Msg("the database is held by a daemon: exporting through it")
	return &daemonClient{addr: a.Addr, pid: a.PID}, nil
}

// daemonClient exports through a running daemon's HTTP API.
type daemonClient struct {
	addr string
	pid  int
}

// Export streams the daemon's /export with opts as query parameters.
func (c *daemonClient) Export(ctx context.Context, w io.Writer, opts store.ExportOptions) (int, error) {
	q := url.Values{}
	for _, s := range opts.Sites {
		q.Add("site", s)
	}
	for _, t := range opts.Types {
		q.Add("type", t)
	}
	if !opts.Since.IsZero() {
		q.Set("since", opts.Since.Format(time.RFC3339))
	}
	if !opts.Until.IsZero() {
		q.Set("until", opts.Until.Format(time.RFC3339))
	}
	for name, on := range map[string]bool{"include_deleted": opts.IncludeDeleted, "versions": opts.Versions, "raw": opts.Raw} {
		if on {
			q.Set(name, "1")
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+c.addr+"/export?"+q.Encode(), nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("export through the daemon (pid %d) at %s: %w", c.pid, c.addr, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		err := fmt.Errorf("export through the daemon (pid %d): HTTP %d: %s", c.pid, resp.StatusCode, msg)
		if resp.StatusCode == http.StatusNotFound {
			err = fmt.Errorf("%w: %w", store.ErrUnknownSite, err)
		}
		return 0, err
	}
	lw := &lineCounter{w: w}
	if _, err := io.Copy(lw, resp.Body); err != nil {
		return lw.lines, fmt.Errorf("export through the daemon (pid %d): %w", c.pid, err)
	}
	if lw.last != '\n' && lw.n > 0 {
		return lw.lines, fmt.Errorf("export through the daemon (pid %d): the stream was cut off", c.pid)
	}
	return lw.lines, nil
}

// lineCounter counts the lines written through it.
type lineCounter struct {
	w     io.Writer
	n     int64
	lines int
	last  byte
}

func (l *lineCounter) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.lines++
		}
	}
	if n > 0 {
		l.last = p[n-1]
	}
	l.n += int64(n)
	return n, err
}
