package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestExportBrokenPipe runs the real binary with its stdout a pipe that
// the reader closes after one line, as `wpharvest export | head -1` does:
// the export must end quietly with exit 0.
func TestExportBrokenPipe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	buildArchive(t, db, 1000) // about 5 MB of output, far beyond a pipe's buffer

	cmd := exec.Command("wpharvest", "export", "--db", db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil || !bytes.HasPrefix(line, []byte(`{"site":"news"`)) {
		t.Fatalf("first line %q: %v", line, err)
	}
	out.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("export into a closed pipe: %v (%s)", err, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Fatalf("export into a closed pipe complained: %s", stderr.String())
	}

	// The same through a shell pipeline, with pipefail.
	sh := exec.Command("bash", "-c", `set -o pipefail; wpharvest export --db "$DB" | head -n 1 >/dev/null`)
	sh.Env = append(os.Environ(), "DB="+db)
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("wpharvest export | head -n 1: %v: %s", err, out)
	}
}

// TestExportInterruptedLeavesNoFile stops the real binary in the middle of
// a large export to -o FILE.gz: with SIGKILL nothing appears at the target
// path (the temporary file stays beside it, under a hidden name); with
// SIGTERM the export stops, exits 1 and removes its temporary file too.
func TestExportInterruptedLeavesNoFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	buildArchive(t, db, 6000) // about 30 MB of raw records, seconds of gzip
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "out.ndjson.gz")
			cmd := exec.Command("wpharvest", "export", "--db", db, "--raw", "-o", target)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// Wait until the export has written part of its output.
			var tmp string
			for tmp == "" {
				select {
				case err := <-done:
					t.Fatalf("the export ended before it could be stopped: %v %s", err, stderr.String())
				case <-time.After(time.Millisecond):
				}
				names, _ := filepath.Glob(filepath.Join(dir, ".out.ndjson.gz.tmp-*"))
				if len(names) == 1 {
					if info, err := os.Stat(names[0]); err == nil && info.Size() > 64<<10 {
						tmp = names[0]
					}
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := <-done
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("stopped export: %v", err)
			}
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("after %v the target exists: %v", sig, err)
			}
			_, tmpErr := os.Stat(tmp)
			switch sig {
			case syscall.SIGKILL:
				if tmpErr != nil {
					t.Fatalf("the temporary file went away although the process was killed: %v", tmpErr)
				}
			case syscall.SIGTERM:
				if ee.ExitCode() != 1 || !errors.Is(tmpErr, os.ErrNotExist) {
					t.Fatalf("after SIGTERM: exit %d, temporary file: %v (%s)", ee.ExitCode(), tmpErr, stderr.String())
				}
				if !bytes.Contains(stderr.Bytes(), []byte("export interrupted")) {
					t.Fatalf("SIGTERM: no message: %s", stderr.String())
				}
			}
		})
	}
}
