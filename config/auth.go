package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxPasswordFileBytes bounds what is read from a password_file.
const maxPasswordFileBytes = 4096

// redacted replaces a password wherever an Auth is printed.
const redacted = "[REDACTED]"

// Auth holds a site's credentials, typically a WordPress application
// password. The password itself never comes from the YAML file: it is read
// from the environment variable PasswordEnv names, or from the file
// PasswordFile names, while loading. Printing an Auth with fmt (any verb),
// or marshaling it, never shows the password.
type Auth struct {
	// User is the WordPress user name.
	User string `yaml:"user"`
	// PasswordEnv names an environment variable holding the password.
	PasswordEnv string `yaml:"password_env,omitempty"`
	// PasswordFile names a file holding the password (a trailing newline is
	// trimmed). A relative path is relative to the configuration file.
	PasswordFile string `yaml:"password_file,omitempty"`
	// Password is the resolved password; it is never printed or marshaled.
	Password string `yaml:"-" json:"-"`
}

// mask returns what is shown in place of the password.
func (a Auth) mask() string {
	if a.Password == "" {
		return ""
	}
	return redacted
}

// String describes the credentials with the password redacted.
func (a Auth) String() string {
	return fmt.Sprintf("{User:%s PasswordEnv:%s PasswordFile:%s Password:%s}",
		a.User, a.PasswordEnv, a.PasswordFile, a.mask())
}

// GoString is like String in Go syntax, with the password redacted.
func (a Auth) GoString() string {
	return fmt.Sprintf("config.Auth{User:%q, PasswordEnv:%q, PasswordFile:%q, Password:%q}",
		a.User, a.PasswordEnv, a.PasswordFile, a.mask())
}

// Format makes every fmt verb print the redacted form: GoString for %#v,
// String otherwise (so that even %d or %x cannot reveal the password).
func (a Auth) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, a.GoString())
		return
	}
	_, _ = io.WriteString(f, a.String())
}

// MarshalYAML writes the user and the password's source, never the
// password.
func (a Auth) MarshalYAML() (any, error) {
	type shown struct {
		User         string `yaml:"user"`
		PasswordEnv  string `yaml:"password_env,omitempty"`
		PasswordFile string `yaml:"password_file,omitempty"`
	}
	return shown{a.User, a.PasswordEnv, a.PasswordFile}, nil
}

// resolvePassword fills in a.Password from its source. dir is the directory
// relative password files are resolved against. It reports the key
// ("password_env" or "password_file") a problem belongs to. With no source
// or with both sources set it does nothing: Validate reports those.
func (a *Auth) resolvePassword(getenv func(string) string, dir string) (key string, err error) {
	switch {
	case a.PasswordEnv != "" && a.PasswordFile == "":
		v := getenv(a.PasswordEnv)
		if v == "" {
			return "password_env", fmt.Errorf("environment variable %s is unset or empty", a.PasswordEnv)
		}
		a.Password = v
	case a.PasswordFile != "" && a.PasswordEnv == "":
		p := a.PasswordFile
		if !filepath.IsAbs(p) && dir != "" {
			p = filepath.Join(dir, p)
		}
		v, err := readPasswordFile(p)
		if err != nil {
			return "password_file", err
		}
		a.Password = v
	}
	return "", nil
}

// readPasswordFile reads a small regular file and trims its trailing line
// break(s).
func readPasswordFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("cannot read password file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("password file %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("cannot read password file: %w", err)
	}
	defer f.Close()
	// Room for the password, a CRLF, and one byte to notice a longer file.
	b, err := io.ReadAll(io.LimitReader(f, maxPasswordFileBytes+3))
	if err != nil {
		return "", fmt.Errorf("cannot read password file %s: %w", path, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if len(b) > maxPasswordFileBytes+2 || len(v) > maxPasswordFileBytes {
		return "", fmt.Errorf("password file %s is larger than %d bytes", path, maxPasswordFileBytes)
	}
	if v == "" {
		return "", errors.New("password file " + path + " is empty")
	}
	return v, nil
}
