package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

var fetchedAt = regexp.MustCompile(`"fetched_at":"[^"]*"`)

// exportNormalised exports db (raw, versions and deleted posts included)
// with the real binary and blanks fetched_at.
func exportNormalised(t *testing.T, db string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.ndjson")
	cmd := exec.Command("wpharvest", "export", "--db", db, "--raw", "--versions", "--include-deleted", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return fetchedAt.ReplaceAll(b, []byte(`"fetched_at":""`))
}

// TestCrashLoop kills a real `wpharvest backfill` with SIGKILL at 20
// random moments, resuming each time, and checks that the final archive is
// byte-identical to an uninterrupted run's apart from fetched_at.
func TestCrashLoop(t *testing.T) {
	const posts, kills = 3000, 20
	srv := wptest.NewServer(wptest.Options{Posts: posts, Seed: 9, Latency: 3 * time.Millisecond, RetryAfter: "0"})
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, "defaults: {rate: 0, parallelism: 2, retries: 2}\nsites:\n  - name: news\n    url: "+srv.URL+"\n")
	backfill := func(db string) *exec.Cmd {
		cmd := exec.Command("wpharvest", "backfill", "--config", cfg, "--db", db, "--log-level", "error")
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		return cmd
	}

	clean := filepath.Join(dir, "clean.db")
	start := time.Now()
	if cmd := backfill(clean); cmd.Run() != nil {
		t.Fatalf("uninterrupted backfill failed: %s", cmd.Stderr)
	}
	full := time.Since(start)
	want := exportNormalised(t, clean)
	if n := bytes.Count(want, []byte("\n")); n != posts {
		t.Fatalf("uninterrupted run exported %d lines", n)
	}

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("uninterrupted run: %v; kill moments seeded %d", full, seed)
	db := filepath.Join(dir, "crash.db")
	killed, runs := 0, 0
	for ; killed < kills && runs < 10*kills; runs++ {
		cmd := backfill(db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A random moment within the first 60% of a full run's time
		// (startup included), so kills land before, during and between
		// page transactions. (A resumed run has less to do, and a
		// completed one starts a new full pass: some runs finish first.)
		delay := time.Duration(rng.Int64N(int64(full)*6/10 + 1))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			// The resumed run finished before its kill moment.
			if err != nil {
				t.Fatalf("run %d exited before its kill: %v\n%s", runs+1, err, cmd.Stderr)
			}
		case <-time.After(delay):
			// The run may finish between the timer and the signal.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				killed++
			}
		}
	}
	if killed < kills {
		t.Fatalf("only %d of %d runs were killed: the moments were too late", killed, runs)
	}
	if cmd := backfill(db); cmd.Run() != nil {
		t.Fatalf("final resume failed: %s", cmd.Stderr)
	}
	got := exportNormalised(t, db)
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("after %d kills the export differs at line %d (%d vs %d lines):\n got %.300s\nwant %.300s", killed, i+1, len(gl), len(wl), gl[i], wl[i])
			}
		}
		t.Fatalf("after %d kills: %d lines, want %d", killed, len(gl), len(wl))
	}
	t.Logf("%d of %d runs killed; the export is identical", killed, runs)
}

// TestFilesCreatedOwnerOnly checks the modes of the files the binary
// creates under umask 0: the db and the exports are 0600.
func TestFilesCreatedOwnerOnly(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	srv := wptest.NewServer(wptest.Options{Posts: 30, RetryAfter: "0"})
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	cfg := filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, "defaults: {rate: 0}\nsites:\n  - name: news\n    url: "+srv.URL+"\n")
	if code, _, stderr := runMain(t, "backfill", "--config", cfg, "--db", db, "--log-level", "error"); code != 0 {
		t.Fatalf("backfill exited %d: %s", code, stderr)
	}
	files := []string{db}
	for _, name := range []string{"out.ndjson", "out.ndjson.gz"} {
		out := filepath.Join(dir, name)
		if code, _, stderr := runMain(t, "export", "--db", db, "-o", out); code != 0 {
			t.Fatalf("export exited %d: %s", code, stderr)
		}
		files = append(files, out)
	}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(f), info.Mode().Perm())
		}
	}
}

// TestSecretNotLoggedByTheBinary runs the real binary at debug level over
// an authenticated site (password from the environment) with retries and
// a second site that fails, and searches everything it printed.
func TestSecretNotLoggedByTheBinary(t *testing.T) {
	const user, password = "harvester", "s3cret PASS word 9876"
	srv := wptest.NewServer(wptest.Options{Posts: 250, RetryAfter: "0", BasicAuth: &wptest.Credentials{User: user, Password: password}})
	defer srv.Close()
	srv.Site().SetFaults(wptest.EveryNth(2, wptest.Fault503, wptest.FaultTruncatedJSON))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "wpharvest.yaml")
	writeFile(t, cfg, fmt.Sprintf(`db: %s
defaults: {rate: 0, retries: 3}
sites:
  - name: news
    url: %s
    auth: {user: %s, password_env: NEWS_APP_PASSWORD}
  - name: wrong
    url: %s
    auth: {user: %s, password_file: wrong.txt}
`, filepath.Join(dir, "a.db"), srv.URL, user, srv.URL, user))
	writeFile(t, filepath.Join(dir, "wrong.txt"), password+"-not\n")
	cmd := exec.Command("wpharvest", "backfill", "--config", cfg, "--log-level", "debug")
	cmd.Env = append(os.Environ(), "NEWS_APP_PASSWORD="+password)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("want exit 1 (one site fails), got %v\n%s%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String() + stderr.String()
	if !strings.Contains(out, `"level":"debug"`) || !strings.Contains(out, "incorrect_password") {
		t.Fatalf("the run did not log at debug level or did not fail the wrong site:\n%.3000s", out)
	}
	for _, secret := range []string{password, password + "-not",
		base64.StdEncoding.EncodeToString([]byte(user + ":" + password)),
		base64.StdEncoding.EncodeToString([]byte(user + ":" + password + "-not"))} {
		if strings.Contains(out, secret) {
			t.Fatalf("the output holds a secret (%q):\n%s", secret, out)
		}
	}
}
