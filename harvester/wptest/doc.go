// Package wptest is a WordPress REST API look-alike server for tests, the
// offline demo and benchmarks.
//
// A Site behaves like an anonymous visitor's view of a WordPress 6.x site:
// discovery through the Link header or the <link rel="https://api.w.org/">
// element of the home page, the API index at /wp-json/ (or
// /?rest_route=/ on plain-permalink sites), the posts collection
// /wp/v2/posts with WordPress's parameters, headers and error bodies, and
// single posts at /wp/v2/posts/ID. Post objects have WordPress's exact
// field order and JSON escaping (slashes as \/ and non-ASCII as \uXXXX, as
// PHP's json_encode writes them), and their rendered HTML is deliberately
// demanding: texturized entities, block comments, tables, emoji, non-Latin
// text and the widgets plugins append to content.
//
// Posts are generated deterministically from Options.Seed and the post id;
// only a compact record per post (times, status, edit counter) is kept in
// memory and JSON is rendered on the fly, so 100,000-post sites are cheap.
// Mutations (Edit, Trash, Delete, Unpublish, Restore, Add) let sync tests
// change the site while it is served, and faults (429, 5xx, truncated JSON,
// HTML challenge pages, resets, slow answers) can be injected into the posts
// listing. Every request is counted and logged.
//
// The package imports only the standard library and nothing of this module,
// so that the harvester's own tests can import it.
package wptest
