// Command wpharvest keeps an archive of WordPress sites' posts, fetched
// through the WordPress REST API into a bbolt file, and exports it as
// NDJSON. This package only wires flags to the config, harvester and store
// packages; it holds no harvesting logic.
//
// Main runs the whole program in-process (tests use it with a temporary
// database and loopback sites); main() only connects it to the process's
// arguments, streams and signals.
package main
