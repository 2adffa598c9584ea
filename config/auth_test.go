package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const authYAML = `sites:
  - name: a
    url: https://a.example
    auth: {user: harvester, password_env: A_PASSWORD}
  - name: b
    url: http://localhost:8080
    auth: {user: admin, password_file: pw.txt}
  - name: c
    url: http://127.0.0.1
    auth: {user: admin, password_env: A_PASSWORD}
`

func TestPasswordResolution(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pw.txt"), []byte("file pass word\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var asked []string
	getenv := func(k string) string {
		asked = append(asked, k)
		return map[string]string{"A_PASSWORD": "xxxx yyyy zzzz"}[k]
	}
	c, err := Parse(filepath.Join(dir, "cfg.yaml"), []byte(authYAML), getenv)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := c.Sites[0].Auth.Password; got != "xxxx yyyy zzzz" {
		t.Errorf("password from env = %q", got)
	}
	if got := c.Sites[1].Auth.Password; got != "file pass word" {
		t.Errorf("password from file = %q", got)
	}
	if got := c.Sites[2].Auth.Password; got != "xxxx yyyy zzzz" {
		t.Errorf("password from env on loopback http = %q", got)
	}
	if strings.Join(asked, ",") != "A_PASSWORD,A_PASSWORD" {
		t.Errorf("getenv asked for %q; it should only be asked for password_env names", asked)
	}
}

func TestPasswordFileProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("empty", "\n\n")
	write("huge", strings.Repeat("x", maxPasswordFileBytes+1))
	write("ok", strings.Repeat("x", maxPasswordFileBytes)+"\n")
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"ok", ""},
		{"empty", "password file " + filepath.Join(dir, "empty") + " is empty"},
		{"huge", "password file " + filepath.Join(dir, "huge") + " is larger than 4096 bytes"},
		{"adir", "password file " + filepath.Join(dir, "adir") + " is not a regular file"},
		{"missing", "cannot read password file: stat " + filepath.Join(dir, "missing") + ": no such file or directory"},
	} {
		src := "sites:\n  - name: a\n    url: https://a.example\n    auth: {user: u, password_file: " + tc.file + "}\n"
		_, err := Parse(filepath.Join(dir, "cfg.yaml"), []byte(src), noEnv)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.file, err)
			}
			continue
		}
		want := filepath.Join(dir, "cfg.yaml") + ":4: sites[0].auth.password_file: " + tc.want
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v\nwant %s", tc.file, err, want)
		}
	}
}

func TestPasswordNeverPrinted(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	c, err := Parse("cfg.yaml", []byte(authYAML), fakeEnv(map[string]string{"A_PASSWORD": secret}))
	if err == nil {
		t.Fatal("pw.txt should not exist next to cfg.yaml")
	}
	src := strings.Replace(authYAML, "password_file: pw.txt", "password_env: A_PASSWORD", 1)
	c, err = Parse("cfg.yaml", []byte(src), fakeEnv(map[string]string{"A_PASSWORD": secret}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sites[0].Auth.Password != secret {
		t.Fatal("password not resolved")
	}
	values := map[string]any{
		"*Config": c, "Config": *c, "Site": c.Sites[0], "*Site": &c.Sites[0], "[]Site": c.Sites,
		"Auth": *c.Sites[0].Auth, "*Auth": c.Sites[0].Auth,
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %[1]v"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, secret) ||
				strings.Contains(strings.ToLower(out), fmt.Sprintf("%x", secret)) {
				t.Errorf("fmt.Sprintf(%q, %s) reveals the password: %s", verb, name, out)
			}
		}
	}
	if out := fmt.Sprintf("%+v", c.Sites[0].Auth); !strings.Contains(out, "[REDACTED]") || !strings.Contains(out, "harvester") {
		t.Errorf("%%+v of Auth = %s; want the user and a redaction mark", out)
	}
	if out := fmt.Sprintf("%#v", *c.Sites[0].Auth); out != `config.Auth{User:"harvester", PasswordEnv:"A_PASSWORD", PasswordFile:"", Password:"[REDACTED]"}` {
		t.Errorf("%%#v of Auth = %s", out)
	}
	y, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{"yaml": y, "json": j} {
		if strings.Contains(string(out), secret) {
			t.Errorf("%s marshaling reveals the password: %s", name, out)
		}
		if !strings.Contains(string(out), "A_PASSWORD") {
			t.Errorf("%s marshaling lost password_env: %s", name, out)
		}
	}
}
