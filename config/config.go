package config

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultDB is the database file used when the configuration names none.
const DefaultDB = "./wpharvest.db"

// Config is a loaded, resolved configuration.
type Config struct {
	// Path is the file the configuration came from ("" for defaults).
	Path string `yaml:"-"`
	// DB is the bbolt file. A relative path written in a file is resolved
	// against that file's directory; the default is relative to the working
	// directory.
	DB string `yaml:"db"`
	// UserAgent is sent with every request; "" lets the program pick its
	// own (wpharvest/VERSION with the project URL).
	UserAgent string `yaml:"user_agent"`
	// Defaults are the settings every site inherits.
	Defaults Settings `yaml:"defaults"`
	// Daemon configures the long-running mode.
	Daemon Daemon `yaml:"daemon"`
	// Sites are the configured sites, in file order, with their settings
	// resolved.
	Sites []Site `yaml:"sites"`

	// lines maps key paths ("sites[1].interval") to the line of the key in
	// the file, so that Validate can say where a problem is.
	lines map[string]int
}

// Daemon configures the long-running daemon.
type Daemon struct {
	// Listen is the host:port of the daemon's local HTTP API.
	Listen string `yaml:"listen"`
	// MaxSites is how many sites are synced at once, at least 1.
	MaxSites int `yaml:"max_sites"`
}

// Site is one site to harvest, with its settings resolved: the defaults
// with the site's own keys laid over them.
type Site struct {
	// Name identifies the site in the database and on the command line:
	// 1..64 characters out of [A-Za-z0-9._:-].
	Name string `yaml:"name"`
	// URL is the site's root (http or https).
	URL string `yaml:"url"`
	// Settings are the resolved settings of the site.
	Settings `yaml:",inline"`
	// Auth holds the site's credentials, nil when it has none.
	Auth *Auth `yaml:"auth,omitempty"`
	// Line is the line of the site's entry in the file (0 for sites built
	// from a URL).
	Line int `yaml:"-"`
}

// DefaultConfig returns the configuration used when there is no file: the
// default database, default settings, default daemon and no sites.
func DefaultConfig() *Config {
	return &Config{
		DB:       DefaultDB,
		Defaults: DefaultSettings(),
		Daemon:   Daemon{Listen: "127.0.0.1:9309", MaxSites: 4},
	}
}

// SiteFromURL builds a site from a URL given on the command line, with
// settings s. Its name is the URL's host in lower case, with the port when
// the URL has one (e.g. "127.0.0.1:8080"; IPv6 brackets are dropped).
func SiteFromURL(rawURL string, s Settings) (Site, error) {
	u, err := parseSiteURL(rawURL)
	if err != nil {
		// The message names the URL itself, redacted when it holds a password.
		return Site{}, fmt.Errorf("site URL: %w", err)
	}
	name := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" {
		name += ":" + p
	}
	if err := checkName(name); err != nil {
		return Site{}, fmt.Errorf("site URL %q: host cannot serve as a site name: %w", u.String(), err)
	}
	site := Site{Name: name, URL: strings.TrimSpace(rawURL), Settings: cloneSettings(s)}
	k := &checker{}
	validateSettings(k, site.Settings, nil, "settings", 0)
	if len(k.errs) > 0 {
		return Site{}, fmt.Errorf("site URL %q: %w", u.String(), joinErrors(k.errs))
	}
	return site, nil
}

// Select returns copies of the named sites in the order given (a name given
// twice is returned once), or of every site when names is empty. Unknown
// names are an error that lists them all.
func (c *Config) Select(names []string) ([]Site, error) {
	if len(names) == 0 {
		out := make([]Site, len(c.Sites))
		for i, s := range c.Sites {
			out[i] = cloneSite(s)
		}
		return out, nil
	}
	var out []Site
	var unknown []string
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		i := slices.IndexFunc(c.Sites, func(s Site) bool { return s.Name == n })
		if i < 0 {
			unknown = append(unknown, fmt.Sprintf("%q", n))
			continue
		}
		out = append(out, cloneSite(c.Sites[i]))
	}
	if len(unknown) > 0 {
		known := make([]string, len(c.Sites))
		for i, s := range c.Sites {
			known[i] = s.Name
		}
		word := "site"
		if len(unknown) > 1 {
			word = "sites"
		}
		avail := "no sites are configured"
		if len(known) > 0 {
			avail = "configured: " + strings.Join(known, ", ")
		}
		return nil, fmt.Errorf("unknown %s %s (%s)", word, strings.Join(unknown, ", "), avail)
	}
	return out, nil
}

// cloneSite returns a copy of s that shares no memory with it.
func cloneSite(s Site) Site {
	s.Settings = cloneSettings(s.Settings)
	if s.Auth != nil {
		a := *s.Auth
		s.Auth = &a
	}
	return s
}
