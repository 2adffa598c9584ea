package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

func readFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}

// atomicFile is an output file written under a temporary name in the
// target's directory and renamed into place by Commit, so that a failed or
// interrupted write never leaves a partial file at the target path. The
// file is created with mode 0600 (an archive may hold private posts).
// Names ending in .gz are gzipped.
//
// Abort (or a Commit that fails) removes the temporary file; a process
// killed outright (SIGKILL, power loss) leaves it behind as
// .NAME.tmp-RANDOM next to the target, never at the target itself.
type atomicFile struct {
	target string
	tmp    *os.File
	gz     *gzip.Writer
	w      io.Writer
	done   bool // committed or aborted
}

// createAtomic starts writing target.
func createAtomic(target string) (*atomicFile, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return nil, fmt.Errorf("create %s: not a file name", target)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", target, err)
	}
	f := &atomicFile{target: target, tmp: tmp, w: tmp}
	if strings.HasSuffix(target, ".gz") {
		f.gz = gzip.NewWriter(tmp)
		f.w = f.gz
	}
	return f, nil
}

// Write writes to the temporary file (through gzip for .gz targets).
func (f *atomicFile) Write(p []byte) (int, error) { return f.w.Write(p) }

// Commit finishes the gzip stream, syncs the file, renames it into place
// and syncs the directory so that the rename is durable too. On error the
// temporary file is removed and the target is left as it was.
func (f *atomicFile) Commit() error {
	if f.done {
		return fmt.Errorf("write %s: already closed", f.target)
	}
	f.done = true
	var err error
	if f.gz != nil {
		err = f.gz.Close()
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.target)
	}
	if err != nil {
		_ = os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.target, err)
	}
	if err := syncDir(filepath.Dir(f.target)); err != nil {
		return fmt.Errorf("write %s: %w", f.target, err)
	}
	return nil
}

// Abort removes the temporary file. It does nothing after Commit, so it
// can be deferred.
func (f *atomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

// syncDir flushes a directory's entries (a rename) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) { // some file systems cannot sync a directory
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// isBrokenPipe reports whether err comes from writing to a closed pipe
// (`wpharvest export | head`), which is a normal way for a reader to stop.
// main() asks for SIGPIPE notifications so that such a write returns EPIPE
// instead of killing the process.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}
