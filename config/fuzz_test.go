package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParse checks that Parse never panics, that every failure is made of
// *Error values naming the file, and that every success validates and
// survives a marshal/parse round trip.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/sites.yaml", "testdata/unknown_key.yaml", examplePath} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "~", "---\n", authYAML,
		site0 + "    interval: 15x\n",
		"defaults: &d {interval: 2h}\nsites:\n  - {<<: *d, name: a, url: \"https://a.example\"}\n",
		"sites:\n  - &s {name: a, url: \"http://localhost\", auth: {user: u, password_env: P}}\n  - {<<: *s, name: b}\n",
		"a: &a {<<: *a}\n", "sites: &s [*s]\n", "defaults: {types: &t [*t]}\n",
		"db: [a\n", "[a]: 1\n", "db: x\n---\ndb: y\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "cfg.yaml")
	getenv := func(string) string { return "pw" }
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(path, data, getenv)
		if err != nil {
			if c != nil {
				t.Fatal("Parse returned both a Config and an error")
			}
			checkErrors(t, err, path)
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse succeeded but Validate fails: %v", err)
		}
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse(path, out, getenv)
		if err != nil {
			t.Fatalf("Parse(Marshal(c)): %v\n%s", err, out)
		}
		if len(back.Sites) != len(c.Sites) {
			t.Fatalf("round trip changed the number of sites: %d → %d", len(c.Sites), len(back.Sites))
		}
	})
}

// checkErrors asserts that err is one *Error naming path, or a join of them.
func checkErrors(t *testing.T, err error, path string) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var ce *Error
		if !errors.As(e, &ce) || ce.Path != path {
			t.Fatalf("error %q is not a *Error naming %s", e, path)
		}
	}
}
