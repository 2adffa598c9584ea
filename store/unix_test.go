//go:build unix

package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestOpenFileMode(t *testing.T) {
	old := setUmask(0)
	defer setUmask(old)
	path := filepath.Join(t.TempDir(), "mode.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", info.Mode().Perm())
	}
}

// setUmask sets the process umask and returns the previous one.
func setUmask(m int) int { return syscall.Umask(m) }

// cpuTime returns the process's user plus system CPU time, which under a
// loaded machine is a steadier measure than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
