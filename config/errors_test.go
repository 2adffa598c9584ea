package config

import (
	"errors"
	"strings"
	"testing"
)

// site0 is the start of a valid first site entry, on lines 1-3.
const site0 = "sites:\n  - name: a\n    url: https://a.example\n"

func TestParseErrors(t *testing.T) {
	env := fakeEnv(map[string]string{"SET": "s3cret"})
	tests := []struct {
		name string
		src  string
		want []string // the error's lines, exactly
	}{
		{"syntax", "db: a\ndb2: b: c\n", []string{
			"cfg.yaml:2: invalid YAML: mapping values are not allowed in this context"}},
		{"tab indentation", "db: a\n\tb: c\n", []string{
			"cfg.yaml:2: invalid YAML: found a tab character that violates indentation"}},
		{"unknown anchor", "db: *x\n", []string{
			"cfg.yaml: invalid YAML: unknown anchor 'x' referenced"}},
		{"two documents", "db: a.db\n---\ndb: b.db\n", []string{
			"cfg.yaml:2: the file holds more than one YAML document"}},
		{"top level not a mapping", "- a\n- b\n", []string{
			`cfg.yaml:1: expected a mapping, got a list`}},
		{"unknown top-level key", "db: x.db\nsite:\n  - name: a\n", []string{
			`cfg.yaml:2: site: unknown key (did you mean "sites"?)`}},
		{"unknown defaults key", "defaults:\n  interval: 1m\n  per_pages: 10\n", []string{
			`cfg.yaml:3: defaults.per_pages: unknown key (did you mean "per_page"?)`}},
		{"unknown daemon key", "daemon:\n  port: 9000\n", []string{
			`cfg.yaml:2: daemon.port: unknown key`}},
		{"unknown site key", site0 + "    intervall: 1h\n", []string{
			`cfg.yaml:4: sites[0].intervall: unknown key (did you mean "interval"?)`}},
		{"unknown auth key", site0 + "    auth:\n      user: u\n      password_env: SET\n      token: x\n", []string{
			`cfg.yaml:7: sites[0].auth.token: unknown key`}},
		{"password in the file", site0 + "    auth: {user: u, password: hunter2}\n", []string{
			`cfg.yaml:4: sites[0].auth.password: unknown key: passwords are never read from the file; use password_env or password_file`,
			`cfg.yaml:4: sites[0].auth: auth needs password_env (an environment variable) or password_file holding the password`}},
		{"duplicate key", site0 + "    url: https://b.example\n", []string{
			`cfg.yaml:4: sites[0].url: duplicate key (first at line 3)`}},
		{"bad duration", site0 + "  - name: b\n    url: https://b.example\n    interval: 15x\n", []string{
			`cfg.yaml:6: sites[1].interval: invalid duration "15x"`}},
		{"duration without unit", "defaults:\n  timeout: 30\n", []string{
			`cfg.yaml:2: defaults.timeout: invalid duration "30"`}},
		{"negative duration", "defaults:\n  reconcile_every: -1h\n", []string{
			`cfg.yaml:2: defaults.reconcile_every: must be positive, got -1h`}},
		{"zero interval", site0 + "    interval: 0s\n", []string{
			`cfg.yaml:4: sites[0].interval: must be positive, got 0s`}},
		{"zero timeout", "defaults: {timeout: 0s}\n", []string{
			`cfg.yaml:1: defaults.timeout: must be positive, got 0s`}},
		{"per_page too big", "defaults:\n  per_page: 500\n", []string{
			`cfg.yaml:2: defaults.per_page: must be between 1 and 100, got 500`}},
		{"per_page zero on a site", site0 + "    per_page: 0\n", []string{
			`cfg.yaml:4: sites[0].per_page: must be between 1 and 100, got 0`}},
		{"per_page not an integer", site0 + "    per_page: 2.5\n", []string{
			`cfg.yaml:4: sites[0].per_page: expected an integer, got "2.5"`}},
		{"per_page a list", site0 + "    per_page: [1]\n", []string{
			`cfg.yaml:4: sites[0].per_page: expected an integer, got a list`}},
		{"negative rate", "defaults: {rate: -1}\n", []string{
			`cfg.yaml:1: defaults.rate: must be 0 (unlimited) or a positive number of requests per second, got -1`}},
		{"rate NaN", "defaults: {rate: .nan}\n", []string{
			`cfg.yaml:1: defaults.rate: must be 0 (unlimited) or a positive number of requests per second, got NaN`}},
		{"rate a word", "defaults: {rate: fast}\n", []string{
			`cfg.yaml:1: defaults.rate: expected a number, got "fast"`}},
		{"negative retries", site0 + "    retries: -2\n", []string{
			`cfg.yaml:4: sites[0].retries: must be 0 or more, got -2`}},
		{"parallelism zero", "defaults:\n  parallelism: 0\n", []string{
			`cfg.yaml:2: defaults.parallelism: must be at least 1, got 0`}},
		{"robots not a bool", site0 + "    respect_robots: yes\n", []string{
			`cfg.yaml:4: sites[0].respect_robots: expected true or false, got "yes"`}},
		{"empty types", site0 + "    types: []\n", []string{
			`cfg.yaml:4: sites[0].types: must name at least one post type, e.g. [posts]`}},
		{"bad and duplicate types", "defaults:\n  types:\n    - posts\n    - wp/v2/pages\n    - posts\n", []string{
			`cfg.yaml:4: defaults.types[1]: invalid type "wp/v2/pages": want a REST base such as posts or pages`,
			`cfg.yaml:5: defaults.types[2]: duplicate type "posts"`}},
		{"types not a list", "defaults:\n  types: posts\n", []string{
			`cfg.yaml:2: defaults.types: expected a list of strings, got "posts"`}},
		{"types item not a string", "defaults:\n  types: [posts, {a: b}]\n", []string{
			`cfg.yaml:2: defaults.types[1]: expected a string, got a mapping`}},
		{"max_body_bytes zero", "defaults: {max_body_bytes: 0}\n", []string{
			`cfg.yaml:1: defaults.max_body_bytes: must be positive, got 0`}},
		{"bad redirect host", site0 + "    allow_redirect_hosts: [https://cdn.example/x]\n", []string{
			`cfg.yaml:4: sites[0].allow_redirect_hosts[0]: invalid host "https://cdn.example/x": want a host name such as cdn.example.com, optionally with :port`}},
		{"missing url", "sites:\n  - name: a\n", []string{
			`cfg.yaml:2: sites[0].url: missing url`}},
		{"url not http", "sites:\n  - name: a\n    url: ftp://a.example\n", []string{
			`cfg.yaml:3: sites[0].url: url "ftp://a.example" must start with http:// or https://`}},
		{"url without scheme", "sites:\n  - name: a\n    url: a.example\n", []string{
			`cfg.yaml:3: sites[0].url: url "a.example" must start with http:// or https://`}},
		{"url without host", "sites:\n  - name: a\n    url: https:///news\n", []string{
			`cfg.yaml:3: sites[0].url: url "https:///news" has no host`}},
		{"url with credentials", "sites:\n  - name: a\n    url: https://u:pw@a.example\n", []string{
			`cfg.yaml:3: sites[0].url: url "https://u:xxxxx@a.example" must not hold credentials; use auth with password_env or password_file`}},
		{"url a list", "sites:\n  - name: a\n    url: [https://a.example]\n", []string{
			`cfg.yaml:3: sites[0].url: expected a string, got a list`}},
		{"bad url with a password", "sites:\n  - name: a\n    url: https://u:hunter2@a.example:x/\n", []string{
			`cfg.yaml:3: sites[0].url: invalid url: invalid port ":x" after host`}},
		{"missing name", "sites:\n  - url: https://a.example\n", []string{
			`cfg.yaml:2: sites[0].name: missing name`}},
		{"invalid name", "sites:\n  - url: https://a.example\n    name: my site\n", []string{
			`cfg.yaml:3: sites[0].name: invalid name "my site": use 1 to 64 characters out of A-Z a-z 0-9 . _ : -`}},
		{"name too long", "sites:\n  - url: https://a.example\n    name: " + strings.Repeat("x", 65) + "\n", []string{
			`cfg.yaml:3: sites[0].name: invalid name "` + strings.Repeat("x", 65) + `": use 1 to 64 characters out of A-Z a-z 0-9 . _ : -`}},
		{"duplicate name", site0 + "  - url: https://b.example\n    name: a\n", []string{
			`cfg.yaml:5: sites[1].name: duplicate site name "a" (first defined at line 2)`}},
		{"site not a mapping", "sites:\n  - https://a.example\n", []string{
			`cfg.yaml:2: sites[0]: expected a mapping with name and url, got "https://a.example"`}},
		{"sites not a list", "sites:\n  a: https://a.example\n", []string{
			`cfg.yaml:2: sites: expected a list of sites, got a mapping`}},
		{"defaults not a mapping", "defaults: fast\n", []string{
			`cfg.yaml:1: defaults: expected a mapping, got "fast"`}},
		{"auth without user", site0 + "    auth: {password_env: SET}\n", []string{
			`cfg.yaml:4: sites[0].auth.user: auth needs a user`}},
		{"auth without password source", site0 + "    auth:\n      user: u\n", []string{
			`cfg.yaml:4: sites[0].auth: auth needs password_env (an environment variable) or password_file holding the password`}},
		{"auth with both sources", site0 + "    auth: {user: u, password_env: SET, password_file: pw.txt}\n", []string{
			`cfg.yaml:4: sites[0].auth: set only one of password_env and password_file`}},
		{"password_env unset", site0 + "    auth:\n      user: u\n      password_env: UNSET_VAR\n", []string{
			`cfg.yaml:6: sites[0].auth.password_env: environment variable UNSET_VAR is unset or empty`}},
		{"password_file unreadable", site0 + "    auth:\n      user: u\n      password_file: testdata/no-such-file\n", []string{
			`cfg.yaml:6: sites[0].auth.password_file: cannot read password file: stat testdata/no-such-file: no such file or directory`}},
		{"auth not a mapping", site0 + "    auth: u:pw\n", []string{
			`cfg.yaml:4: sites[0].auth: expected a mapping with user and password_env or password_file, got "u:pw"`}},
		{"auth over http", "sites:\n  - name: a\n    url: http://a.example\n    auth: {user: u, password_env: SET}\n", []string{
			`cfg.yaml:4: sites[0].auth: credentials would travel in clear text over http://; use an https:// URL (plain http with auth is allowed only for localhost and 127.0.0.1)`}},
		{"empty db", "db: \"\"\n", []string{
			`cfg.yaml:1: db: must not be empty`}},
		{"user agent with newline", "user_agent: \"a\\r\\nX-Evil: 1\"\n", []string{
			`cfg.yaml:1: user_agent: must not contain control characters`}},
		{"bad listen", "daemon:\n  listen: localhost\n  max_sites: 0\n", []string{
			`cfg.yaml:2: daemon.listen: invalid address "localhost": want host:port, e.g. 127.0.0.1:9309`,
			`cfg.yaml:3: daemon.max_sites: must be at least 1, got 0`}},
		{"bad listen port", "daemon: {listen: \"127.0.0.1:99999\"}\n", []string{
			`cfg.yaml:1: daemon.listen: invalid port in "127.0.0.1:99999"`}},
		{"non-string key", "[a]: 1\n", []string{
			`cfg.yaml:1: keys must be plain strings`}},
		{"bad merge", site0 + "    <<: 3\n", []string{
			`cfg.yaml:4: sites[0].<<: expected a mapping or a list of mappings`}},
		{"all problems at once", `defaults:
  per_page: 0
sites:
  - name: a
    url: https://a.example
    intervall: 1h
  - name: a
    url: ftp://b.example
    timeout: 10x
    auth: {password_env: NOPE}
`, []string{
			`cfg.yaml:2: defaults.per_page: must be between 1 and 100, got 0`,
			`cfg.yaml:6: sites[0].intervall: unknown key (did you mean "interval"?)`,
			`cfg.yaml:7: sites[1].name: duplicate site name "a" (first defined at line 4)`,
			`cfg.yaml:8: sites[1].url: url "ftp://b.example" must start with http:// or https://`,
			`cfg.yaml:9: sites[1].timeout: invalid duration "10x"`,
			`cfg.yaml:10: sites[1].auth.password_env: environment variable NOPE is unset or empty`,
			`cfg.yaml:10: sites[1].auth.user: auth needs a user`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("cfg.yaml", []byte(tc.src), env)
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", c)
			}
			if c != nil {
				t.Errorf("Parse returned a Config with an error")
			}
			if got, want := err.Error(), strings.Join(tc.want, "\n"); got != want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Path != "cfg.yaml" {
				t.Fatalf("error is not a *Error naming the file: %#v", err)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	base := errors.New("boom")
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{Path: "config.yaml", Line: 12, Key: "sites[1].interval", Err: base}, "config.yaml:12: sites[1].interval: boom"},
		{Error{Path: "config.yaml", Key: "db", Err: base}, "config.yaml: db: boom"},
		{Error{Line: 3, Key: "db", Err: base}, "line 3: db: boom"},
		{Error{Key: "db", Err: base}, "db: boom"},
		{Error{Path: "c.yaml"}, "c.yaml: invalid configuration"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
		if tc.e.Err != nil && !errors.Is(&tc.e, base) {
			t.Errorf("%q does not unwrap to its cause", tc.want)
		}
	}
}

func TestUnknownKeyIsDetectable(t *testing.T) {
	_, err := Load("testdata/unknown_key.yaml")
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("errors.Is(%v, ErrUnknownKey) = false", err)
	}
	want := `testdata/unknown_key.yaml:6: sites[0].intervall: unknown key (did you mean "interval"?)`
	if err.Error() != want {
		t.Fatalf("err = %q, want %q", err, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yaml")
	var e *Error
	if !errors.As(err, &e) || e.Path != "testdata/does-not-exist.yaml" || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("Load of a missing file: %v", err)
	}
}
