// Package storytest loads the labelled syndication corpus of
// harvester/story/testdata for tests and benchmarks: hand-written wire
// stories, their copies on other sites (generated from copies.txt by
// applying named edits), rewrites around the same quotes and same-topic
// stories that are different stories.
package storytest
