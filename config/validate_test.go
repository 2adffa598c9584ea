package config

import (
	"strings"
	"testing"
)

// TestValidateBuiltInCode checks a Config assembled by a program (no file):
// problems are located by Site.Line, and a password set directly is fine.
func TestValidateBuiltInCode(t *testing.T) {
	c := DefaultConfig()
	good, err := SiteFromURL("https://a.example", c.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	good.Auth = &Auth{User: "u", Password: "direct"}
	c.Sites = append(c.Sites, good)
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}

	bad := good
	bad.Settings = cloneSettings(c.Defaults)
	bad.Line = 7
	bad.Rate = -1
	bad.Auth = &Auth{User: "u", PasswordEnv: "X"}
	c.Sites = append(c.Sites, bad)
	c.Defaults.Retries = -1 // both sites keep 5, which is valid: reported once, at the defaults
	c.Daemon.MaxSites = 0
	want := strings.Join([]string{
		"daemon.max_sites: must be at least 1, got 0",
		"defaults.retries: must be 0 or more, got -1",
		`line 7: sites[1].name: duplicate site name "a.example" (first defined at sites[0])`,
		"line 7: sites[1].rate: must be 0 (unlimited) or a positive number of requests per second, got -1",
		"line 7: sites[1].auth.password_env: no password: environment variable X was not resolved",
	}, "\n")
	if err := c.Validate(); err == nil || err.Error() != want {
		t.Fatalf("Validate() =\n%v\nwant\n%s", err, want)
	}
}

// TestInheritedProblemsReportedOnce: a bad default is reported at the
// defaults, not again for every site inheriting it.
func TestInheritedProblemsReportedOnce(t *testing.T) {
	_, err := Parse("cfg.yaml", []byte(`defaults:
  per_page: 101
sites:
  - {name: a, url: "https://a.example"}
  - {name: b, url: "https://b.example"}
`), noEnv)
	if err == nil || err.Error() != "cfg.yaml:2: defaults.per_page: must be between 1 and 100, got 101" {
		t.Fatalf("err = %v", err)
	}
}

func TestLoopbackHosts(t *testing.T) {
	for h, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"example.com": false, "10.0.0.1": false, "localhost.example.com": false, "": false,
	} {
		if got := isLoopbackHost(h); got != want {
			t.Errorf("isLoopbackHost(%q) = %v", h, got)
		}
	}
}

func TestSettingKeysAllDecode(t *testing.T) {
	d := newDecoder("")
	for _, k := range settingKeys() {
		var s Settings
		if !d.setting(&s, k, nil, k) {
			t.Errorf("settings key %q is not decoded", k)
		}
	}
	if d.setting(&Settings{}, "nope", nil, "nope") {
		t.Error("an unknown key was accepted")
	}
}
