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

// atomicFile is an output file written under a temporary name and renamed
// into place by Commit, so that a failed or interrupted write never leaves
// a partial file at the target path. Names ending in .gz are gzipped.
type atomicFile struct {
	target string
	tmp    *os.File
	gz     *gzip.Writer
	w      io.Writer
}

func createAtomic(target string) (*atomicFile, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", target, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("create %s: %w", target, err)
	}
	f := &atomicFile{target: target, tmp: tmp, w: tmp}
	if strings.HasSuffix(target, ".gz") {
		f.gz = gzip.NewWriter(tmp)
		f.w = f.gz
	}
	return f, nil
}

func (f *atomicFile) Write(p []byte) (int, error) { return f.w.Write(p) }

// Commit flushes, syncs and renames the file into place.
func (f *atomicFile) Commit() error {
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
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.target, err)
	}
	return nil
}

// Abort removes the temporary file.
func (f *atomicFile) Abort() {
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// isBrokenPipe reports whether err comes from writing to a closed pipe
// (`wpharvest export | head`), which is a normal way for a reader to stop.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}
