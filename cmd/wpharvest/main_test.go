package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// TestMain lets the test binary act as the wpharvest program: testscript
// puts it on $PATH under that name, so scripts and tests run the real
// binary in a separate process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"wpharvest": main})
}

// runMain runs the program in-process and returns its exit code and output.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv}
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// deadURL returns a loopback URL on which nothing listens.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// countLines counts the lines of an NDJSON file.
func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// TestScripts drives the real binary through the scripts in
// testdata/script. Each script gets a look-alike site of 300 posts
// ($SITE_URL, also substituted for SITE_URL in the script's files) and a
// dead address ($DEAD_URL).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			srv := wptest.NewServer(wptest.Options{Posts: 300, Seed: 11, RetryAfter: "0"})
			env.Defer(srv.Close)
			dead := deadURL(t)
			env.Setenv("SITE_URL", srv.URL)
			env.Setenv("DEAD_URL", dead)
			return substituteFiles(env.WorkDir, map[string]string{"SITE_URL": srv.URL, "DEAD_URL": dead})
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": cmdExits,
			"lines": cmdLines,
		},
	})
}

// substituteFiles replaces placeholders in the files of a script's work dir.
func substituteFiles(dir string, vars map[string]string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := string(b)
		for k, v := range vars {
			s = strings.ReplaceAll(s, k, v)
		}
		return os.WriteFile(path, []byte(s), 0o600)
	})
}

// cmdExits runs a program and checks its exit code: exits CODE PROG ARGS...
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdLines checks the number of lines of a file: lines FILE N
func cmdLines(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: lines FILE N")
	}
	want, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("lines: %v", err)
	}
	got := strings.Count(ts.ReadFile(args[0]), "\n")
	if (got == want) == neg {
		ts.Fatalf("%s has %d lines, want %s%d", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}
