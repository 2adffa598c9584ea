//go:build !linux

package store

// trimmer would keep the mapping's resident pages in check; on this
// platform they are left to the kernel.
type trimmer struct{}

// afterWrite does nothing on this platform.
func (db *DB) afterWrite() {}
