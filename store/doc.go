// Package store is the bbolt adapter of wpharvest: it implements
// harvester.Store on a single bbolt file and owns the export scan and the
// read-only queries behind the status and history commands.
//
// # Layout
//
// The file holds one top-level bucket, "sites", with one nested bucket per
// site name, each holding four buckets (see DESIGN.md, "Store layout"):
//
//	sites/<site>/posts     GUID key                        → current record
//	sites/<site>/versions  GUID key 0x00 modified_gmt      → superseded record
//	sites/<site>/ids       type "/" 8-byte big-endian id   → GUID key
//	sites/<site>/meta      "state"                         → JSON harvester.SiteState
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
// an error wrapping ErrLocked. Export reads in short transactions of at
// most exportBatchPosts posts, copies each batch out and writes it after the
// transaction ends, so a slow reader never holds a transaction open (which
// would stop a writer from growing the file) and memory stays flat. An
// export is consistent per record, not a snapshot of the whole file: each
// post appears at most once, in key order.
package store
