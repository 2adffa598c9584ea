package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// noEnv is a getenv with an empty environment.
func noEnv(string) string { return "" }

// fakeEnv returns a getenv that looks names up in m.
func fakeEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	want := &Config{
		DB: "./wpharvest.db",
		Defaults: Settings{
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
		},
		Daemon: Daemon{Listen: "127.0.0.1:9309", MaxSites: 4},
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("DefaultConfig() = %+v\nwant %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	// Each call returns fresh memory.
	c.Defaults.Types[0] = "pages"
	if DefaultSettings().Types[0] != "posts" || DefaultConfig().Defaults.Types[0] != "posts" {
		t.Fatal("DefaultConfig shares its Types slice between calls")
	}
}

func TestParseEmptyDocuments(t *testing.T) {
	for name, src := range map[string]string{
		"empty":    "",
		"comments": "# nothing configured yet\n\n",
		"marker":   "---\n",
		"null":     "~\n",
		"nulls":    "db:\ndefaults:\ndaemon:\nsites:\n",
	} {
		t.Run(name, func(t *testing.T) {
			c, err := Parse("cfg.yaml", []byte(src), noEnv)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := DefaultConfig()
			want.Path = "cfg.yaml"
			c.lines = nil
			if !reflect.DeepEqual(c, want) {
				t.Fatalf("Parse(%q) = %+v\nwant %+v", src, c, want)
			}
		})
	}
}

func TestParseOverrides(t *testing.T) {
	path := filepath.Join("testdata", "sites.yaml")
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Path != path || c.DB != filepath.Join("testdata", "archive", "news.db") {
		t.Errorf("Path, DB = %q, %q", c.Path, c.DB)
	}
	if c.UserAgent != "acme-harvester/1.0 (+https://acme.example/bot)" {
		t.Errorf("UserAgent = %q", c.UserAgent)
	}
	if c.Daemon != (Daemon{Listen: "[::1]:9400", MaxSites: 8}) {
		t.Errorf("Daemon = %+v", c.Daemon)
	}
	defaults := DefaultSettings()
	defaults.Interval = Duration(30 * time.Minute)
	defaults.PerPage = 20
	if !reflect.DeepEqual(c.Defaults, defaults) {
		t.Errorf("Defaults = %+v\nwant %+v", c.Defaults, defaults)
	}
	tuned := Settings{
		Interval:           Duration(time.Hour),
		PerPage:            50,
		Rate:               0.5,
		Parallelism:        1,
		Timeout:            Duration(90 * time.Second),
		Retries:            0,
		RespectRobots:      false,
		ReconcileEvery:     Duration(168 * time.Hour),
		Types:              []string{"posts", "pages"},
		MaxBodyBytes:       1 << 20,
		AllowRedirectHosts: []string{"cdn.tuned.example", "media.tuned.example:8443"},
	}
	local := defaults
	local.Rate = 0
	want := []Site{
		{Name: "plain", URL: "https://plain.example/", Settings: defaults, Line: 6},
		{Name: "tuned", URL: "https://tuned.example/blog/", Settings: tuned, Line: 8},
		{Name: "local", URL: "http://127.0.0.1:8080", Settings: local, Line: 21, Auth: &Auth{
			User: "admin", PasswordFile: "secrets/local.txt", Password: "abcd efgh ijkl mnop",
		}},
	}
	if len(c.Sites) != len(want) {
		t.Fatalf("got %d sites, want %d", len(c.Sites), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(c.Sites[i], want[i]) {
			t.Errorf("site %d = %+v\nwant %+v", i, c.Sites[i], want[i])
		}
	}
	if c.Sites[2].Auth.Password != "abcd efgh ijkl mnop" {
		t.Errorf("password from file not resolved")
	}
}

func TestParseDBPath(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "abs.db")
	for _, tc := range []struct{ path, src, want string }{
		{"/etc/wpharvest/cfg.yaml", "db: data/x.db\n", "/etc/wpharvest/data/x.db"},
		{"/etc/wpharvest/cfg.yaml", "db: " + abs + "\n", abs},
		{"/etc/wpharvest/cfg.yaml", "daemon: {max_sites: 1}\n", "./wpharvest.db"}, // default: working directory
		{"cfg.yaml", "db: ./x.db\n", "x.db"},
		{"/etc/wpharvest/cfg.yaml", "db: ~\n", "./wpharvest.db"}, // null: the default
		{"", "db: ./x.db\n", "./x.db"},
	} {
		c, err := Parse(tc.path, []byte(tc.src), noEnv)
		if err != nil {
			t.Fatalf("Parse(%q, %q): %v", tc.path, tc.src, err)
		}
		if c.DB != tc.want {
			t.Errorf("Parse(%q, %q).DB = %q, want %q", tc.path, tc.src, c.DB, tc.want)
		}
	}
}

func TestParseAliasesAndMergeKeys(t *testing.T) {
	src := `
common: &common
  interval: 2h
  retries: 1
sites:
  - name: a
    url: https://a.example
    <<: *common
  - name: b
    url: https://b.example
    <<: [*common, {per_page: 10, retries: 9}]
    retries: 3
`
	// "common" is not a known key: anchors must live inside known keys.
	if _, err := Parse("cfg.yaml", []byte(src), noEnv); err == nil || err.Error() != `cfg.yaml:2: common: unknown key` {
		t.Fatalf("err = %v", err)
	}
	src = `
defaults: &d
  interval: 2h
  retries: 1
sites:
  - name: a
    url: https://a.example
    <<: *d
  - name: b
    url: https://b.example
    <<: [*d, {per_page: 10, retries: 9}]
    retries: 3
  - &site3
    name: c
    url: https://c.example
    types: &t [posts, pages]
  - {<<: *site3, name: d, types: *t}
`
	c, err := Parse("cfg.yaml", []byte(src), noEnv)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got := func(i int) Settings { return c.Sites[i].Settings }
	if got(0).Interval != Duration(2*time.Hour) || got(0).Retries != 1 {
		t.Errorf("site a = %+v", got(0))
	}
	if got(1).Retries != 3 || got(1).PerPage != 10 || got(1).Interval != Duration(2*time.Hour) {
		t.Errorf("site b = %+v", got(1))
	}
	if c.Sites[3].Name != "d" || c.Sites[3].URL != "https://c.example" || !reflect.DeepEqual(got(3).Types, []string{"posts", "pages"}) {
		t.Errorf("site d = %+v", c.Sites[3])
	}
}

func TestParseAliasBomb(t *testing.T) {
	// Each level multiplies the work by 10; without a budget the walk
	// would visit 10^8 nodes.
	src := "sites:\n  - &l0 {name: a, url: https://a.example}\n"
	prev := "l0"
	for i := 1; i <= 8; i++ {
		src += "  - &l" + string(rune('0'+i)) + " {<<: ["
		for j := 0; j < 10; j++ {
			if j > 0 {
				src += ", "
			}
			src += "*" + prev
		}
		src += "], name: n" + string(rune('0'+i)) + "}\n"
		prev = "l" + string(rune('0'+i))
	}
	for j := 0; j < 2000; j++ {
		src += "  - *" + prev + "\n"
	}
	_, err := Parse("bomb.yaml", []byte(src), noEnv)
	if err == nil || err.Error() != "bomb.yaml: document too large (or expands too many aliases)" {
		t.Fatalf("Parse of an alias bomb: %v", err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "pw")
	if err := os.WriteFile(secret, []byte("hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "sites.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// password_file is relative to the configuration's directory.
	if _, err := Parse(filepath.Join(dir, "a.yaml"), src, noEnv); err == nil {
		t.Fatal("password file found although it is not next to the configuration")
	}
	c, err := Parse(filepath.Join("testdata", "sites.yaml"), src, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	c.Sites[2].Auth.PasswordFile = secret
	out, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(filepath.Join(dir, "b.yaml"), out, noEnv)
	if err != nil {
		t.Fatalf("Parse(Marshal(c)): %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back.Defaults, c.Defaults) || back.Daemon != c.Daemon || back.UserAgent != c.UserAgent {
		t.Errorf("round trip changed the top level:\n%+v\n%+v", back, c)
	}
	for i := range c.Sites {
		a, b := c.Sites[i], back.Sites[i]
		a.Line, b.Line = 0, 0
		if a.Auth != nil {
			a.Auth.Password = "hunter2"
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("round trip changed site %d:\n%+v\n%+v", i, b, a)
		}
	}
}
