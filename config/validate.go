package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Validate checks the whole configuration and returns every problem at
// once (errors.Join of *Error, in line order), or nil.
func (c *Config) Validate() error { return joinErrors(c.validate()) }

// checker collects problems with the line each key path was found at.
type checker struct {
	path  string
	lines map[string]int
	errs  []*Error
}

// add records err for key, at the key's line or else at fallback.
func (k *checker) add(key string, fallback int, err error) {
	line := fallback
	if l := k.lines[key]; l > 0 {
		line = l
	}
	k.errs = append(k.errs, &Error{Path: k.path, Line: line, Key: key, Err: err})
}

// addf is add with a formatted message.
func (k *checker) addf(key string, fallback int, format string, args ...any) {
	k.add(key, fallback, fmt.Errorf(format, args...))
}

// lineOf returns the line of key in the file, or fallback.
func (c *Config) lineOf(key string, fallback int) int {
	if l := c.lines[key]; l > 0 {
		return l
	}
	return fallback
}

func (c *Config) validate() []*Error {
	k := &checker{path: c.Path, lines: c.lines}
	if strings.TrimSpace(c.DB) == "" {
		k.addf("db", 0, "must not be empty")
	}
	if strings.IndexFunc(c.UserAgent, unicode.IsControl) >= 0 {
		k.addf("user_agent", 0, "must not contain control characters")
	}
	if _, port, err := net.SplitHostPort(c.Daemon.Listen); err != nil {
		k.addf("daemon.listen", 0, "invalid address %q: want host:port, e.g. 127.0.0.1:9309", c.Daemon.Listen)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		k.addf("daemon.listen", 0, "invalid port in %q", c.Daemon.Listen)
	}
	if c.Daemon.MaxSites < 1 {
		k.addf("daemon.max_sites", 0, "must be at least 1, got %d", c.Daemon.MaxSites)
	}
	validateSettings(k, c.Defaults, nil, "defaults", 0)

	firstLine := map[string]int{}
	firstIndex := map[string]int{}
	for i, s := range c.Sites {
		prefix := fmt.Sprintf("sites[%d]", i)
		nameKey := prefix + ".name"
		if s.Name == "" {
			k.addf(nameKey, s.Line, "missing name")
		} else if err := checkName(s.Name); err != nil {
			k.add(nameKey, s.Line, err)
		} else if j, dup := firstIndex[s.Name]; dup {
			where := fmt.Sprintf("sites[%d]", j)
			if l := firstLine[s.Name]; l > 0 {
				where = fmt.Sprintf("line %d", l)
			}
			k.addf(nameKey, s.Line, "duplicate site name %q (first defined at %s)", s.Name, where)
		} else {
			firstIndex[s.Name] = i
			firstLine[s.Name] = c.lineOf(nameKey, s.Line)
		}
		u, err := parseSiteURL(s.URL)
		if err != nil {
			k.add(prefix+".url", s.Line, err)
		}
		validateSettings(k, s.Settings, &c.Defaults, prefix, s.Line)
		if s.Auth != nil {
			validateAuth(k, s.Auth, u, prefix+".auth", c.lineOf(prefix+".auth", s.Line))
		}
	}
	return k.errs
}

// validateSettings checks s. When base is given, only the values that
// differ from it are checked: the others were inherited from base, which is
// checked on its own.
func validateSettings(k *checker, s Settings, base *Settings, prefix string, fallback int) {
	check := func(name string, same, ok bool, format string, args ...any) {
		if (base != nil && same) || ok {
			return
		}
		k.addf(prefix+"."+name, fallback, format, args...)
	}
	var b Settings
	if base != nil {
		b = *base
	}
	check("interval", s.Interval == b.Interval, s.Interval > 0, "must be positive, got %s", s.Interval)
	check("per_page", s.PerPage == b.PerPage, s.PerPage >= 1 && s.PerPage <= 100, "must be between 1 and 100, got %d", s.PerPage)
	check("rate", s.Rate == b.Rate || (math.IsNaN(s.Rate) && math.IsNaN(b.Rate)), s.Rate >= 0 && !math.IsInf(s.Rate, 0), "must be 0 (unlimited) or a positive number of requests per second, got %v", s.Rate)
	check("parallelism", s.Parallelism == b.Parallelism, s.Parallelism >= 1, "must be at least 1, got %d", s.Parallelism)
	check("timeout", s.Timeout == b.Timeout, s.Timeout > 0, "must be positive, got %s", s.Timeout)
	check("retries", s.Retries == b.Retries, s.Retries >= 0, "must be 0 or more, got %d", s.Retries)
	check("reconcile_every", s.ReconcileEvery == b.ReconcileEvery, s.ReconcileEvery > 0, "must be positive, got %s", s.ReconcileEvery)
	check("max_body_bytes", s.MaxBodyBytes == b.MaxBodyBytes, s.MaxBodyBytes > 0, "must be positive, got %d", s.MaxBodyBytes)
	if base == nil || !slices.Equal(s.Types, b.Types) {
		key := prefix + ".types"
		if len(s.Types) == 0 {
			k.addf(key, fallback, "must name at least one post type, e.g. [posts]")
		}
		for i, t := range s.Types {
			if err := checkType(t); err != nil {
				k.add(fmt.Sprintf("%s[%d]", key, i), k.lineOr(key, fallback), err)
			} else if slices.Index(s.Types, t) < i {
				k.addf(fmt.Sprintf("%s[%d]", key, i), k.lineOr(key, fallback), "duplicate type %q", t)
			}
		}
	}
	if base == nil || !slices.Equal(s.AllowRedirectHosts, b.AllowRedirectHosts) {
		key := prefix + ".allow_redirect_hosts"
		for i, h := range s.AllowRedirectHosts {
			if err := checkHost(h); err != nil {
				k.add(fmt.Sprintf("%s[%d]", key, i), k.lineOr(key, fallback), err)
			}
		}
	}
}

// lineOr returns the line of key, or fallback.
func (k *checker) lineOr(key string, fallback int) int {
	if l := k.lines[key]; l > 0 {
		return l
	}
	return fallback
}

// validateAuth checks a site's credentials; u is the site's parsed URL (nil
// when it is invalid, which is reported elsewhere).
func validateAuth(k *checker, a *Auth, u *url.URL, key string, line int) {
	if strings.TrimSpace(a.User) == "" {
		k.addf(key+".user", line, "auth needs a user")
	}
	switch {
	case a.PasswordEnv != "" && a.PasswordFile != "":
		k.addf(key, line, "set only one of password_env and password_file")
	case a.PasswordEnv == "" && a.PasswordFile == "" && a.Password == "":
		k.addf(key, line, "auth needs password_env (an environment variable) or password_file holding the password")
	case a.PasswordEnv != "" && a.Password == "":
		k.addf(key+".password_env", line, "no password: environment variable %s was not resolved", a.PasswordEnv)
	case a.PasswordFile != "" && a.Password == "":
		k.addf(key+".password_file", line, "no password: file %s was not read", a.PasswordFile)
	}
	if u != nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		k.addf(key, line, "credentials would travel in clear text over http://; use an https:// URL "+
			"(plain http with auth is allowed only for localhost and 127.0.0.1)")
	}
}

// parseSiteURL checks that raw is an absolute http(s) URL with a host and
// no credentials.
func parseSiteURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("missing url")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the whole URL, password included if any.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("invalid url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("url %q must start with http:// or https://", s)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("url %q has no host", s)
	}
	if u.User != nil {
		return nil, fmt.Errorf("url %q must not hold credentials; use auth with password_env or password_file", u.Redacted())
	}
	return u, nil
}

// checkName checks a site name: 1..64 characters out of [A-Za-z0-9._:-].
func checkName(name string) error {
	if name == "" {
		return errors.New("missing name")
	}
	ok := len(name) <= 64 && strings.IndexFunc(name, func(r rune) bool {
		return !(r < unicode.MaxASCII && (isAlnum(r) || strings.ContainsRune("._:-", r)))
	}) < 0
	if !ok {
		return fmt.Errorf("invalid name %q: use 1 to 64 characters out of A-Z a-z 0-9 . _ : -", name)
	}
	return nil
}

// checkType checks a post type's REST base, e.g. "posts" or "pages".
func checkType(t string) error {
	ok := t != "" && len(t) <= 64 && strings.IndexFunc(t, func(r rune) bool {
		return !(r < unicode.MaxASCII && (isAlnum(r) || r == '_' || r == '-'))
	}) < 0
	if !ok {
		return fmt.Errorf("invalid type %q: want a REST base such as posts or pages", t)
	}
	return nil
}

// checkHost checks a host name, optionally with a port, as written in
// allow_redirect_hosts.
func checkHost(h string) error {
	u, err := url.Parse("//" + h)
	if h == "" || err != nil || u.Host != h || u.Hostname() == "" || u.User != nil || u.Path != "" {
		return fmt.Errorf("invalid host %q: want a host name such as cdn.example.com, optionally with :port", h)
	}
	return nil
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// isLoopbackHost reports whether h is localhost or a loopback IP address.
func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
