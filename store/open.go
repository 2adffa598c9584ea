package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/wpharvest/wpharvest/harvester"
)

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is not set.
const DefaultTimeout = time.Second

// fileMode is the mode of a new database file: the archive may hold
// private posts, so only the owner may read it.
const fileMode fs.FileMode = 0o600

// ErrLocked is wrapped by the error Open returns when another process (or
// another DB in this process) holds the database file.
var ErrLocked = errors.New("database is locked by another process")

// ErrNotDatabase is wrapped by the error Open returns when the file exists
// but is not a wpharvest database.
var ErrNotDatabase = errors.New("not a wpharvest database")

// Options tunes Open.
type Options struct {
	// Timeout is how long to wait for the file lock; zero or negative
	// means DefaultTimeout. Open never waits forever.
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock for reading only; the
	// file must exist. Several read-only opens may coexist, but not with a
	// writer.
	ReadOnly bool
	// NoStories turns off the story index: SavePage records no
	// fingerprints (IndexStories still indexes what earlier saves
	// recorded). For measuring what the index costs.
	NoStories bool
}

// DB is an open wpharvest database. It is safe for concurrent use.
type DB struct {
	bolt *bbolt.DB
	path string
	// noStories is Options.NoStories.
	noStories bool
	trim      trimmer // keeps the mapping's resident pages in check (trim_*.go)
}

var _ harvester.Store = (*DB)(nil)

// Open opens (creating it when needed and not read-only) the database file
// at path.
func Open(path string, opts Options) (*DB, error) {
	return open(path, opts, nil)
}

// open is Open with a hook that may adjust bbolt's options (benchmarks).
func open(path string, opts Options, tune func(*bbolt.Options)) (*DB, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// The map freelist is bbolt's faster one for large, fragmented files
	// (no difference measured here). The freelist is synced on commit
	// (NoFreelistSync false): not syncing it saved nothing measurable per
	// SavePage (fsync dominates, ~3 ms per 100 new 4 KB posts) but made
	// every read-write Open walk the whole tree: 13 ms instead of 30 µs on
	// an 85 MB file (BenchmarkOpen), growing with the file.
	bo := &bbolt.Options{
		Timeout:      timeout,
		ReadOnly:     opts.ReadOnly,
		FreelistType: bbolt.FreelistMapType,
	}
	if tune != nil {
		tune(bo)
	}
	if err := checkFile(path); err != nil {
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	b, err := bbolt.Open(path, fileMode, bo)
	if err != nil {
		return nil, openError(path, opts.ReadOnly, err)
	}
	db := &DB{bolt: b, path: path, noStories: opts.NoStories}
	if err := db.init(opts.ReadOnly); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	return db, nil
}

// init checks that the file is ours and creates the top-level bucket in a
// new file.
func (db *DB) init(readOnly bool) error {
	var hasSites, hasOther bool
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
			if string(name) == string(bucketSites) {
				hasSites = true
			} else {
				hasOther = true
			}
			return nil
		})
	})
	switch {
	case err != nil:
		return fmt.Errorf("read buckets: %w", err)
	case hasOther && !hasSites:
		return fmt.Errorf("%w: a bbolt file without a %q bucket", ErrNotDatabase, bucketSites)
	case hasSites || readOnly:
		return nil
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketSites)
		return err
	})
}

// openError turns bbolt's and the OS's errors into messages that say what
// to do.
func openError(path string, readOnly bool, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("open db %s: %w (a running daemon?)", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum), strings.Contains(err.Error(), "file size too small"):
		return fmt.Errorf("open db %s: %w: %w", path, ErrNotDatabase, err)
	}
	info, statErr := os.Stat(path)
	exists := statErr == nil
	dir := filepath.Dir(path)
	switch {
	case exists && info.IsDir():
		return fmt.Errorf("open db %s: is a directory, not a database file: %w", path, err)
	case errors.Is(err, fs.ErrPermission) && exists && readOnly:
		return fmt.Errorf("open db %s: file is not readable: %w", path, err)
	case errors.Is(err, fs.ErrPermission) && exists:
		return fmt.Errorf("open db %s: file is not writable (open it read-only?): %w", path, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("open db %s: directory %s is not writable: %w", path, dir, err)
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return fmt.Errorf("open db %s: no such database file: %w", path, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("open db %s: directory %s does not exist: %w", path, dir, err)
	}
	return fmt.Errorf("open db %s: %w", path, err)
}

// Close releases the file and its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close db %s: %w", db.path, err)
	}
	return nil
}

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// TxID returns the id of the last committed transaction. Every write
// transaction increments it, so tests use it to assert that nothing was
// written. It returns -1 when the database is closed.
func (db *DB) TxID() int {
	tx, err := db.bolt.Begin(false)
	if err != nil {
		return -1
	}
	defer func() { _ = tx.Rollback() }()
	return tx.ID()
}
