package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/wpharvest/wpharvest/harvester"
)

// metrics are the daemon's Prometheus metrics, in a registry of their own.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	errors      *prometheus.CounterVec
	posts       *prometheus.CounterVec
	runs        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	duration    *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpharvest_requests_total", Help: "HTTP requests sent to a site, retries included.",
		}, []string{"site"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpharvest_response_bytes_total", Help: "Body bytes received from a site.",
		}, []string{"site"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpharvest_errors_total", Help: "Failed runs of a site, by kind of error.",
		}, []string{"site", "kind"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpharvest_posts_total", Help: "Posts stored, by what happened to them: new, changed, deleted, restored.",
		}, []string{"site", "change"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpharvest_runs_total", Help: "Runs of a site, by outcome (ok, error).",
		}, []string{"site", "outcome"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "wpharvest_last_success_timestamp_seconds", Help: "Unix time of a site's last successful run.",
		}, []string{"site"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wpharvest_run_duration_seconds", Help: "Duration of a site's runs.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14),
		}, []string{"site"}),
	}
	m.reg.MustRegister(m.requests, m.bytes, m.errors, m.posts, m.runs, m.lastSuccess, m.duration,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// observe records one run.
func (m *metrics) observe(res harvester.Result) {
	site := res.Site
	m.requests.WithLabelValues(site).Add(float64(res.Requests))
	m.bytes.WithLabelValues(site).Add(float64(res.Bytes))
	m.posts.WithLabelValues(site, "new").Add(float64(res.Stats.New))
	m.posts.WithLabelValues(site, "changed").Add(float64(res.Stats.Updated))
	m.posts.WithLabelValues(site, "deleted").Add(float64(res.Stats.Deleted))
	m.posts.WithLabelValues(site, "restored").Add(float64(res.Stats.Restored))
	m.duration.WithLabelValues(site).Observe(res.Duration.Seconds())
	if res.Err != nil {
		m.errors.WithLabelValues(site, harvester.ErrorKind(res.Err)).Inc()
		m.runs.WithLabelValues(site, "error").Inc()
		return
	}
	m.runs.WithLabelValues(site, "ok").Inc()
	m.lastSuccess.WithLabelValues(site).SetToCurrentTime()
}
