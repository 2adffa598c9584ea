//go:build !linux

package store

import "go.etcd.io/bbolt"

// trimmer would keep the mapping's resident pages in check; on this
// platform they are left to the kernel.
type trimmer struct{}

// afterWrite does nothing on this platform.
func (db *DB) afterWrite() {}

// trimDuring does nothing on this platform.
func (db *DB) trimDuring(*bbolt.Tx) {}
