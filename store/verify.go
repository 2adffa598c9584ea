package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's on-disk meta page, as far as checkFile reads it: a 16-byte page
// header, then magic, version, page size, flags (4 bytes each), the root
// bucket (root page id, sequence), the freelist page id, the high-water
// page id, the transaction id and an FNV-64a checksum of what precedes it.
const (
	metaOffset     = 16
	metaMagic      = 0xED0CDAED
	metaVersion    = 2
	metaChecksumAt = metaOffset + 56
	metaSize       = metaChecksumAt + 8
)

// checkFile refuses a database file that bbolt would crash on rather than
// reject: bbolt maps the file and trusts its meta page, so a file cut short
// (a copy that did not finish, a full disk during a copy) makes it read
// past the end of the mapping, a fault no recover() catches. A missing or
// empty file is fine (bbolt creates one); a file too short for two meta
// pages is left to bbolt, which reports it.
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports it, with the right words
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() == 0 {
		return nil
	}
	size := info.Size()
	var first [metaSize]byte
	if _, err := io.ReadFull(f, first[:]); err != nil {
		return nil // too short: bbolt says "file size too small"
	}
	m0, ok0 := parseMeta(first[:])
	pageSize := int64(m0.pageSize)
	if !ok0 {
		pageSize = int64(os.Getpagesize())
	}
	var second [metaSize]byte
	m1, ok1 := meta{}, false
	if _, err := f.ReadAt(second[:], pageSize); err == nil {
		m1, ok1 = parseMeta(second[:])
	}
	switch {
	case !ok0 && !ok1:
		return nil // not bbolt, or both metas damaged: bbolt rejects it
	case ok0 && ok1 && m1.txid > m0.txid, !ok0:
		m0 = m1
	}
	if need := int64(m0.pgid) * int64(m0.pageSize); need > size || m0.pgid < 2 {
		return fmt.Errorf("%w: the file is truncated: %d bytes, its pages need %d", ErrNotDatabase, size, need)
	}
	return nil
}

// meta is the part of a bbolt meta page checkFile uses.
type meta struct {
	pageSize uint32
	pgid     uint64
	txid     uint64
}

// parseMeta reads the meta of a page; ok is false unless magic, version
// and checksum are right.
func parseMeta(page []byte) (meta, bool) {
	le := binary.LittleEndian
	m := page[metaOffset:]
	if le.Uint32(m[0:]) != metaMagic || le.Uint32(m[4:]) != metaVersion {
		return meta{}, false
	}
	h := fnv.New64a()
	_, _ = h.Write(page[metaOffset:metaChecksumAt])
	if h.Sum64() != le.Uint64(page[metaChecksumAt:]) {
		return meta{}, false
	}
	pm := meta{pageSize: le.Uint32(m[8:]), pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}
	if pm.pageSize < 512 {
		return meta{}, false
	}
	return pm, true
}
