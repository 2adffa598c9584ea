package main

import (
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/wpharvest/wpharvest/harvester"
)

// progressBar draws a site's progress on the terminal: posts done/total,
// rate and time left.
func (m *Main) progressBar(site string) harvester.Progress {
	return &bar{site: site, m: m}
}

type bar struct {
	site string
	m    *Main
	b    *progressbar.ProgressBar
}

func (p *bar) Start(total, done int) {
	p.b = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.m.Stderr),
		progressbar.OptionSetDescription(p.site),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("posts"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	if done > 0 {
		_ = p.b.Set(done)
	}
}

func (p *bar) Add(n int) {
	if p.b != nil {
		_ = p.b.Add(n)
	}
}

func (p *bar) Finish() {
	if p.b != nil {
		_ = p.b.Finish()
	}
}
