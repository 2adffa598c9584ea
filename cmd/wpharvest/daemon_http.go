package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/store"
)

// routes is the daemon's local HTTP API.
func (d *daemon) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"status":"ok"}`)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /status", d.handleStatus)
	mux.HandleFunc("GET /export", d.handleExport)
	return mux
}

// siteStatus is one site in /status and in `wpharvest status`.
type siteStatus struct {
	store.SiteStatus
	Schedule *harvester.ScheduleStatus `json:"schedule,omitempty"`
}

func (d *daemon) handleStatus(w http.ResponseWriter, _ *http.Request) {
	sites, err := d.db.Status()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	sched := map[string]harvester.ScheduleStatus{}
	for _, s := range d.sched.Status() {
		sched[s.Site] = s
	}
	out := make([]siteStatus, len(sites))
	for i, s := range sites {
		out[i].SiteStatus = s
		if ss, ok := sched[s.Site]; ok {
			out[i].Schedule = &ss
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// handleExport streams NDJSON with the CLI's filters as query parameters:
// site (repeatable), since, until, type, include_deleted, versions, raw.
func (d *daemon) handleExport(w http.ResponseWriter, r *http.Request) {
	opts, err := exportOptionsFromQuery(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := d.db.Export(r.Context(), bw, opts); err != nil {
		if errors.Is(err, store.ErrUnknownSite) {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		// Headers are gone: end the stream without a final newline so the
		// client sees a cut, and log it.
		d.m.logger.Warn().Err(err).Msg("export over HTTP failed")
		return
	}
	bw.Flush()
}

// exportOptionsFromQuery reads the export filters of a request.
func exportOptionsFromQuery(r *http.Request) (store.ExportOptions, error) {
	q := r.URL.Query()
	opts := store.ExportOptions{Sites: q["site"]}
	var err error
	if opts.Since, err = parseTimeFlag("since", q.Get("since")); err != nil {
		return opts, err
	}
	if opts.Until, err = parseTimeFlag("until", q.Get("until")); err != nil {
		return opts, err
	}
	opts.Types = q["type"]
	opts.IncludeDeleted = queryBool(q.Get("include_deleted"))
	opts.Versions = queryBool(q.Get("versions"))
	opts.Raw = queryBool(q.Get("raw"))
	return opts, nil
}

func queryBool(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
