package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Fatalf("Path %q, want %q", db.Path(), path)
	}
	for _, ro := range []bool{false, true} {
		second, err := Open(path, Options{Timeout: 100 * time.Millisecond, ReadOnly: ro})
		if err == nil {
			_ = second.Close()
			t.Fatalf("read-only=%v: second open of a locked file succeeded", ro)
		}
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("read-only=%v: error does not wrap ErrLocked: %v", ro, err)
		}
		want := "open db " + path + ": database is locked by another process (a running daemon?)"
		if err.Error() != want {
			t.Fatalf("message:\n got %q\nwant %q", err, want)
		}
	}
	// Once closed, the file opens again, and read-only opens share it.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r1, err := Open(path, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := Open(path, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if _, err := r2.SavePage("news", nil, stateZero); err == nil {
		t.Fatal("SavePage on a read-only db succeeded")
	}
}

func TestOpenNotADatabase(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"short.txt": "hello, not a database\n",
		"long.txt":  strings.Repeat("line of text that is not a bbolt page\n", 1000),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			_, err := Open(path, Options{ReadOnly: ro})
			if !errors.Is(err, ErrNotDatabase) || !strings.HasPrefix(err.Error(), "open db "+path+": not a wpharvest database: ") {
				t.Fatalf("%s read-only=%v: %v", name, ro, err)
			}
		}
		if got, _ := os.ReadFile(path); string(got) != content {
			t.Fatalf("%s was modified by Open", name)
		}
	}
	// A bbolt file of someone else.
	path := filepath.Join(dir, "other.db")
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bbolt.Tx) error { _, err := tx.CreateBucket([]byte("theirs")); return err }); err != nil {
		t.Fatal(err)
	}
	_ = b.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("foreign bbolt file: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nodir", "x.db")
	if _, err := Open(missing, Options{}); err == nil || !strings.Contains(err.Error(), "directory "+filepath.Dir(missing)+" does not exist") {
		t.Fatalf("missing directory: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "none.db"), Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "no such database file") {
		t.Fatalf("read-only missing file: %v", err)
	}
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory as db: %v", err)
	}
	// Permission errors are classified from the error (tests may run as
	// root, for whom nothing is unwritable).
	perm := &fs.PathError{Op: "open", Path: missing, Err: fs.ErrPermission}
	if err := openError(filepath.Join(dir, "new.db"), false, perm); !errors.Is(err, fs.ErrPermission) ||
		!strings.Contains(err.Error(), "directory "+dir+" is not writable") {
		t.Fatalf("unwritable directory: %v", err)
	}
	existing := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := openError(existing, false, perm); !strings.Contains(err.Error(), "file is not writable") {
		t.Fatalf("unwritable file: %v", err)
	}
}
