package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

// report prints one summary line per site to stdout and logs each result.
func (m *Main) report(results []harvester.Result) {
	for _, r := range results {
		secs := r.Duration.Seconds()
		posts := r.Stats.New + r.Stats.Updated + r.Stats.Unchanged
		ev := m.logger.Info()
		if r.Err != nil {
			ev = m.logger.Error().Err(r.Err)
		}
		ev.Str("site", r.Site).Str("kind", r.Kind).Int("new", r.Stats.New).Int("updated", r.Stats.Updated).
			Int("unchanged", r.Stats.Unchanged).Int("deleted", r.Stats.Deleted).Int("restored", r.Stats.Restored).
			Int64("requests", r.Requests).Int64("bytes", r.Bytes).
			Dur("duration", r.Duration).Msg("site run finished")

		if strings.HasSuffix(r.Kind, "sync") {
			fmt.Fprintln(m.Stdout, syncLine(r))
			continue
		}
		rate := 0.0
		if secs > 0 {
			rate = float64(posts) / secs
		}
		line := fmt.Sprintf("%-20s %-8s new %d, updated %d, unchanged %d; %d requests, %s, %s (%.0f posts/s)",
			r.Site, status(r), r.Stats.New, r.Stats.Updated, r.Stats.Unchanged, r.Requests, humanBytes(r.Bytes),
			r.Duration.Round(time.Millisecond), rate)
		if r.Err != nil {
			line += "\n    error: " + r.Err.Error()
		}
		fmt.Fprintln(m.Stdout, line)
	}
}

// syncLine is the summary of a sync: what changed, what it cost, and how
// (light listing for sites that ignore modified_after, reconciled).
func syncLine(r harvester.Result) string {
	line := fmt.Sprintf("%-20s %-8s %s: new %d, changed %d, unchanged %d, deleted %d, restored %d; %d requests, %s, %s",
		r.Site, status(r), r.Kind, r.Stats.New, r.Stats.Updated, r.Stats.Unchanged, r.Stats.Deleted, r.Stats.Restored,
		r.Requests, humanBytes(r.Bytes), r.Duration.Round(time.Millisecond))
	var notes []string
	if r.Fallback {
		notes = append(notes, "light listing")
	}
	if r.Reconciled {
		notes = append(notes, "reconciled")
	}
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, ", ") + ")"
	}
	if r.Err != nil {
		line += "\n    error: " + r.Err.Error()
	}
	return line
}

func status(r harvester.Result) string {
	if r.Err != nil {
		return "FAILED"
	}
	return "ok"
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
