package config

import (
	"reflect"
	"slices"
	"strings"
	"time"
)

// Settings are the per-site harvesting knobs. The defaults section of the
// file sets them for every site; a site entry may override any of them.
type Settings struct {
	// Interval is the daemon's time between two syncs of a site (jittered).
	Interval Duration `yaml:"interval"`
	// PerPage is the REST page size, 1..100.
	PerPage int `yaml:"per_page"`
	// Rate is the request rate per host in requests per second; 0 means
	// unlimited.
	Rate float64 `yaml:"rate"`
	// Parallelism is the number of requests in flight per host, at least 1.
	Parallelism int `yaml:"parallelism"`
	// Timeout bounds one HTTP request; it is positive.
	Timeout Duration `yaml:"timeout"`
	// Retries is how many times a failed request is retried, at least 0.
	Retries int `yaml:"retries"`
	// RespectRobots makes the harvester obey robots.txt.
	RespectRobots bool `yaml:"respect_robots"`
	// ReconcileEvery is how often stored ids are checked against a light
	// listing to notice deleted posts; it is positive.
	ReconcileEvery Duration `yaml:"reconcile_every"`
	// Types are the post types to harvest, by REST base (posts, pages,
	// books) or slug (post, page, book); at least one, no duplicates.
	// "all" (also written `types: all`) is every type the site's REST API
	// lists except attachments and the block editor's own types.
	Types []string `yaml:"types"`
	// MaxBodyBytes caps the size of one response body; it is positive.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// AllowRedirectHosts lists other hosts (lower-cased, optionally with a
	// port) a site's requests may be redirected to; none by default.
	AllowRedirectHosts []string `yaml:"allow_redirect_hosts"`
	// FeaturedMedia also archives the URL and alt text of each post's
	// featured image (one /wp/v2/media request per page of new posts, never
	// the file); off by default.
	FeaturedMedia bool `yaml:"featured_media"`
}

// DefaultSettings returns the settings a site gets when neither the
// defaults section nor the site overrides them.
func DefaultSettings() Settings {
	return Settings{
		Interval:       Duration(15 * time.Minute),
		PerPage:        100,
		Rate:           2,
		Parallelism:    2,
		Timeout:        Duration(30 * time.Second),
		Retries:        5,
		RespectRobots:  true,
		ReconcileEvery: Duration(24 * time.Hour),
		Types:          []string{"posts"},
		MaxBodyBytes:   64 << 20,
	}
}

// cloneSettings returns a copy of s that shares no slices with it. (It is
// not a method: Site embeds Settings and would inherit it.)
func cloneSettings(s Settings) Settings {
	s.Types = slices.Clone(s.Types)
	s.AllowRedirectHosts = slices.Clone(s.AllowRedirectHosts)
	return s
}

// settingKeys returns the YAML keys of Settings in declaration order.
func settingKeys() []string {
	t := reflect.TypeFor[Settings]()
	keys := make([]string, 0, t.NumField())
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		keys = append(keys, name)
	}
	return keys
}
