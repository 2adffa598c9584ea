// Package store is the bbolt adapter of wpharvest: it implements
// harvester.Store on a single bbolt file and owns the export scan and the
// read-only queries behind the status and history commands.
//
// # Layout
//
// The file holds one top-level bucket, "sites", with one nested bucket per
// site name, each holding five buckets (see DESIGN.md, "Store layout"; the
// date index is an addition of the export issue):
//
//	sites/<site>/posts     GUID key                        → current record
//	sites/<site>/versions  GUID key 0x00 modified_gmt      → superseded record
//	sites/<site>/ids       type "/" 8-byte big-endian id   → GUID key
//	sites/<site>/meta      "state"                         → JSON harvester.SiteState
//	sites/<site>/bydate    8-byte date_gmt + GUID key      → empty
//
// The bydate index gives export its order: by date_gmt, then GUID key. Its
// key starts with date_gmt in Unix seconds, big-endian, with the sign bit
// flipped so that dates before 1970 sort first. It holds one entry per
// current record. SavePage keeps it in the same transaction as the record
// (saver.index, called just before each Put into posts): an entry for a new
// post, and for a post whose date_gmt changed the old entry is deleted and
// a new one put. MarkDeleted keeps the date and so the entry. Any new code
// that writes a posts record must go through saver.put, or call the index
// the same way. A file written before the index existed has none: the first
// SavePage of a site builds the site's whole index in its transaction,
// BuildIndex builds every missing one, and a read-only Export refuses with
// ErrNoIndex rather than export in another order (the CLI then opens the
// file read-write once to build it). Export skips an entry whose record is
// gone or has another date_gmt, so a post is never exported twice.
//
// A record is a harvester.Post encoded as compact JSON with HTML escaping
// off (so "<p>" stays "<p>" and raw keeps the bytes the site served), raw
// last. It is the NDJSON export line, so export copies stored bytes and cuts
// the raw field off at the first `,"raw":` (see harvester.RawField) when raw
// is not wanted.
//
// The GUID key is the entity-decoded GUID. A post keeps its key for life
// through the ids bucket, even when its GUID text changes. A second post
// with a GUID that is already taken gets GUID "#" type "/" id, and a post
// without a GUID (or with one holding a NUL byte or absurdly long) gets
// "urn:wpharvest:" type "/" id. Nothing ever overwrites another post's
// record. Keys never hold a NUL byte, so a post's version keys (key 0x00
// time) sort exactly like the post keys and export walks both buckets with
// two forward cursors.
//
// Version keys sort chronologically because modified_gmt is written as
// RFC3339 UTC at second precision, the precision WordPress serves. SavePage
// only ever moves a record into versions when the incoming modified_gmt is
// strictly later at that precision, so version keys of a post are unique
// and their order is the order of the version numbers.
//
// # Crash safety
//
// bbolt commits a write transaction by writing the changed pages to fresh
// locations (copy on write), syncing the file, then writing and syncing
// one of two checksummed meta pages that points at the new root. A crash
// before the meta page is durable leaves the previous meta page, and so the
// previous tree, in force; a torn meta page fails its checksum and the
// other one is used. A transaction is therefore all or nothing.
//
// SavePage writes one page's posts, their versions, their ids entries and
// the site's state (the backfill cursor and high-water mark) in a single
// transaction. After a crash the cursor never runs ahead of the posts it
// describes, nor behind them by more than the page in flight: a resumed
// harvest refetches that page, whose posts then count as unchanged. No
// state is kept in memory between transactions, and bytes read inside a
// transaction are copied before they outlive it.
//
// The freelist is bbolt's hashmap kind, synced on every commit like the
// rest of the tree.
//
// # Locking and long reads
//
// bbolt locks the file: one writer process, or any number of read-only
// ones. Open waits at most Options.Timeout for the lock and then fails with
// an error wrapping ErrLocked. Export walks the bydate index in short
// transactions of at most exportBatchPosts posts (or exportBatchBytes of
// output), copies each batch out and writes it after the transaction ends,
// so a slow reader never holds a transaction open (which would stop a
// writer from growing the file) and its buffers stay small. An export is
// consistent per record, not a snapshot of the whole file: each post
// appears at most once, in date order.
//
// bbolt reads through a mapping of the whole file, and the pages a reader
// touched count in its resident memory until the kernel reclaims them. On
// Linux, Export hands the pages it read back to the kernel
// (madvise(MADV_DONTNEED) on the range of a shared, read-only mapping,
// inside a transaction) whenever the process's file-backed resident memory
// grew by releaseBudget, so a full export's peak RSS does not grow with the
// archive (see export_release_linux.go and BENCHMARKS.md).
package store
