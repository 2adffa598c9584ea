//go:build !race

package harvester_test

// bigPosts is the size of the sites of TestSyncTenThousandPosts (see
// sync_race_test.go for race-detector runs).
const bigPosts = 10000
