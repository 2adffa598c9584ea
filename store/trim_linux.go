package store

import (
	"sync/atomic"
	"syscall"

	"go.etcd.io/bbolt"
)

// trimBudget is how much the process's file-backed resident memory may
// grow through writes before the database hands its mapped pages back.
const trimBudget = 32 << 20

// trimmer keeps a long harvest's resident memory flat. bbolt maps the
// whole file and every page a write transaction walks (the B+tree paths to
// each key it puts) stays resident as file-backed memory, so RSS would grow
// with the archive (166 MiB at 100,000 posts, and on). After a commit that
// let it grow by trimBudget, the mapping's pages are handed back with
// madvise(MADV_DONTNEED), inside a read transaction so that bbolt cannot
// remap meanwhile. bbolt's mapping is shared and read-only: the pages stay
// in the page cache, and any later read (by any goroutine) faults them back
// in. Only memory is trimmed; nothing is lost.
type trimmer struct {
	busy atomic.Bool
	rss  atomic.Int64 // file-backed resident bytes after the last trim
}

// afterWrite trims the mapping if it grew by trimBudget. Errors are
// ignored: this only trims memory.
func (db *DB) afterWrite() {
	db.trimIfGrown(func() {
		_ = db.bolt.View(func(tx *bbolt.Tx) error {
			db.madviseMapping(tx)
			return nil
		})
	})
}

// trimDuring trims the mapping if it grew by trimBudget, from inside
// transaction tx, which keeps the mapping in place: for long reads within
// one transaction (the story index reads an entry per post), which would
// otherwise keep every page they touch, and its neighbours, resident until
// the commit.
func (db *DB) trimDuring(tx *bbolt.Tx) {
	db.trimIfGrown(func() { db.madviseMapping(tx) })
}

// trimIfGrown calls trim when the file-backed resident memory grew by
// trimBudget since the last trim, and no other trim is under way.
func (db *DB) trimIfGrown(trim func()) {
	t := &db.trim
	rss := fileRSS()
	if rss < 0 || rss-t.rss.Load() < trimBudget || !t.busy.CompareAndSwap(false, true) {
		return
	}
	defer t.busy.Store(false)
	trim()
	t.rss.Store(fileRSS())
}

// madviseMapping hands the mapping's pages back to the kernel.
func (db *DB) madviseMapping(tx *bbolt.Tx) {
	data, size := db.bolt.Info().Data, tx.Size()
	if data == 0 || size <= 0 {
		return
	}
	// The raw system call takes the mapping's address as it is.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED)
}
