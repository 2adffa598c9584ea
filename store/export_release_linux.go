package store

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// releaseBudget is how much the process's file-backed resident memory may
// grow during an export before the export hands the pages it read back;
// it is checked each time checkEvery more bytes were read.
const (
	releaseBudget = 16 << 20
	checkEvery    = 2 << 20
)

// mapped is the address range of the stored bytes (slices of bbolt's
// read-only file mapping) that an export has read since it last handed
// pages back.
//
// bbolt maps the whole file, and every page read stays in the process's
// resident set (as file-backed memory) until the kernel needs it back, so a
// full export of a 1 GB archive would show 1 GB of RSS. Export hands the
// pages it has read back with madvise(MADV_DONTNEED) once the process's
// file-backed resident memory (/proc/self/statm) grew by releaseBudget,
// inside a read transaction so that the mapping cannot move meanwhile. For
// a shared, read-only file mapping that only unmaps the pages from this
// process: they stay in the page cache, and any later read (another reader
// in the process included) faults them back in. Resident memory stays
// flat, and the pages the kernel maps around each fault (fault-around) are
// not thrown away before they are read when records lie in file order.
//
// Only slices inside the mapping count: bbolt copies some values to the Go
// heap (those of an unaligned inline bucket), and those must never be
// handed back.
type mapped struct {
	mapLo, mapHi uintptr        // the mapping's used part in this transaction
	base         unsafe.Pointer // lowest address seen
	lo, hi       uintptr        // [lo, hi): the range seen
	rss          int64          // file-backed resident bytes after the last release; -1 unknown
	read         int            // bytes read since the last check
}

// start begins a transaction: data is the address of the mapping (bbolt's
// Info().Data) and size the file size the transaction sees. A range seen
// in an earlier mapping (bbolt remaps when the file grows) is forgotten:
// its pages went with it.
func (m *mapped) start(data uintptr, size int64) {
	if data != m.mapLo {
		*m = mapped{rss: fileRSS()}
	}
	m.mapLo, m.mapHi = data, data+uintptr(size)
	if m.hi > m.mapHi { // the file shrank: never happens, but never risk it
		m.base, m.lo, m.hi = nil, 0, 0
	}
}

// add records that b was read; slices outside the mapping are ignored.
func (m *mapped) add(b []byte) {
	if len(b) == 0 {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(b))
	a := uintptr(p)
	if a < m.mapLo || a+uintptr(len(b)) > m.mapHi {
		return
	}
	if m.base == nil || a < m.lo {
		m.base, m.lo = p, a
	}
	if end := a + uintptr(len(b)); end > m.hi {
		m.hi = end
	}
	m.read += len(b)
}

// release hands the pages of the range seen back to the kernel when the
// file-backed resident memory grew by releaseBudget (or, without
// /proc/self/statm, the range spans releaseBudget), or whenever force is
// set, and then forgets the range. It must run inside a transaction, after
// start. Errors are ignored: this only trims memory.
func (e *exporter) release(force bool) {
	m := &e.seen
	if m.base == nil {
		return
	}
	if !force {
		if m.read < checkEvery {
			return
		}
		m.read = 0
		if m.rss < 0 {
			if m.hi-m.lo < releaseBudget {
				return
			}
		} else if fileRSS()-m.rss < releaseBudget {
			return
		}
	}
	ps := uintptr(os.Getpagesize())
	start := m.lo &^ (ps - 1)
	end := (m.hi + ps - 1) &^ (ps - 1)
	base := unsafe.Add(m.base, -int(m.lo-start))
	_ = syscall.Madvise(unsafe.Slice((*byte)(base), int(end-start)), syscall.MADV_DONTNEED)
	m.base, m.lo, m.hi, m.read = nil, 0, 0, 0
	m.rss = fileRSS()
}

// fileRSS returns the process's file-backed (and shared) resident memory in
// bytes, the third field of /proc/self/statm, or -1 when unknown.
func fileRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return -1
	}
	pages, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize())
}
