// Package harvester is the domain of wpharvest: what a WordPress post is
// once archived (Post), what the archive must offer (Store), and how a site
// is harvested through the WordPress REST API: discovering the API root
// (discover.go), fetching with politeness, retries and limits (client.go,
// backoff.go), paging through listings (page.go), turning WordPress JSON
// into records (wppost.go) and the full, resumable backfill (backfill.go).
// Runner (runner.go) harvests many sites at once and reports per site.
//
// The package imports config for site settings and nothing else of ours;
// the bbolt adapter in package store implements Store.
package harvester
