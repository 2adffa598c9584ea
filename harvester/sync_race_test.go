//go:build race

package harvester_test

// bigPosts is the size of the sites of TestSyncTenThousandPosts. Under the
// race detector, which makes a 10,000-post backfill cost minutes, the same
// test runs on 2,000 posts; the request bounds it asserts are the same.
const bigPosts = 2000
