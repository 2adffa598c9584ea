package harvester_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// Outcomes of a fault-matrix row.
const (
	// outRetried: the fault happens a few times, then the site answers
	// normally; the run retries and completes.
	outRetried = "retried, completes"
	// outTolerated: the fault happens on every answer and the run still
	// completes, storing sound records.
	outTolerated = "tolerated, completes"
	// outFails: the fault happens on every answer; the site's run fails
	// with a clear error and the other sites are unaffected.
	outFails = "fails with a clear error"
)

// faultRow is one row of the fault matrix: a fault of a look-alike site
// and what a backfill does about it. Every row first backfills the site
// into a fresh archive, then runs a second backfill with the fault, and
// checks that the archive (exported with raw and versions) is byte for
// byte what it was: nothing stored earlier is lost or altered.
type faultRow struct {
	name    string       // the fault, as the doc shows it
	fault   wptest.Fault // installed on listing requests
	times   int          // 0: every listing request; n: the first n
	outcome string       // outRetried, outTolerated or outFails
	errHas  []string     // outFails: substrings of the site's error
	errIs   error        // outFails: wrapped by the site's error, if set
	// tune adjusts the site of the faulty run (timeouts, limits).
	tune func(site *config.Site, srv *wptest.Server)
	// fresh, for tolerated rows, checks a backfill of an empty archive
	// under the fault against the clean one: seeded and got are the two
	// exports without raw, fetched_at normalised.
	fresh func(t *testing.T, seeded, got []string)
	// maxAlloc, when set, bounds the bytes allocated during the faulty run.
	maxAlloc uint64
	// note is what the doc says about the row beyond the outcome.
	note string
}

func shortTimeout(site *config.Site, _ *wptest.Server) {
	site.Timeout = config.Duration(750 * time.Millisecond)
}

func smallBodyLimit(site *config.Site, _ *wptest.Server) { site.MaxBodyBytes = 2 << 20 }

// transientAndPermanent returns the two rows of a fault that may pass:
// a few occurrences are retried, a fault that never ends fails.
func transientAndPermanent(name string, f wptest.Fault, tune func(*config.Site, *wptest.Server), note string, errHas ...string) []faultRow {
	return []faultRow{
		{name: name + ", 3 times", fault: f, times: 3, outcome: outRetried, tune: tune, note: note},
		{name: name + ", every time", fault: f, outcome: outFails, tune: tune, errHas: errHas},
	}
}

// faultMatrix returns the rows, in the order of docs/RELIABILITY.md.
func faultMatrix() []faultRow {
	var rows []faultRow
	add := func(r ...faultRow) { rows = append(rows, r...) }
	add(transientAndPermanent("429 with Retry-After", wptest.Fault429, nil,
		"waits as Retry-After says (capped at 5 min)", "HTTP 429 after 5 attempt(s)")...)
	add(transientAndPermanent("429 without Retry-After", wptest.Fault429NoRetryAfter, nil,
		"capped, jittered exponential backoff", "HTTP 429 after 5 attempt(s)")...)
	add(transientAndPermanent("500 WordPress critical error", wptest.Fault500, nil,
		"", "HTTP 500 internal_server_error: There has been a critical error")...)
	add(transientAndPermanent("502 from the proxy", wptest.Fault502, nil, "", "HTTP 502 after 5 attempt(s)")...)
	add(transientAndPermanent("503 with Retry-After", wptest.Fault503, nil, "", "HTTP 503 after 5 attempt(s)")...)
	add(transientAndPermanent("504 from the proxy", wptest.Fault504, nil, "", "HTTP 504 after 5 attempt(s)")...)
	add(transientAndPermanent("connection reset", wptest.FaultReset, nil,
		"", "gave up after 5 attempt(s)")...)
	add(transientAndPermanent("stall before the headers (timeout)", wptest.FaultSlow, shortTimeout,
		"per-attempt timeout (the site's timeout)", "timed out after 750ms (the site's timeout): gave up after 5 attempt(s)")...)
	add(transientAndPermanent("stall in the middle of the body", wptest.FaultStallBody, shortTimeout,
		"the timeout covers the body too", "timed out after 750ms (the site's timeout)", "after 5 attempts")...)
	add(transientAndPermanent("truncated JSON", wptest.FaultTruncatedJSON, nil,
		"", "invalid JSON (truncated answer?)", "after 5 attempts")...)
	add(transientAndPermanent("200 HTML challenge page", wptest.FaultHTML200, nil,
		"never taken for an empty listing", "answered HTML instead of JSON")...)
	rows[len(rows)-1].errIs = harvester.ErrNotJSON
	add(transientAndPermanent("JSON object instead of a list", wptest.FaultObject, nil,
		"", "answered a JSON object where a list of posts was expected")...)
	add(
		faultRow{name: "post without guid", fault: wptest.FaultNoGUID, outcome: outTolerated,
			note:  "keyed urn:wpharvest:post/ID; a stored post keeps its key (found by id)",
			fresh: wantChanged(`"guid":"urn:wpharvest:post/\d+"`, `"guid":"[^"]*"`)},
		faultRow{name: "post with guid null", fault: wptest.FaultNullGUID, outcome: outTolerated,
			note: "as without guid", fresh: wantChanged(`"guid":"urn:wpharvest:post/\d+"`, `"guid":"[^"]*"`)},
		faultRow{name: "post with modified_gmt null", fault: wptest.FaultNullModifiedGMT, outcome: outTolerated,
			note: "derived from modified and the offset date − date_gmt: exact (no new version)", fresh: wantSame},
		faultRow{name: "post with date_gmt null", fault: wptest.FaultNullDateGMT, outcome: outTolerated,
			note: "derived from date and the offset modified − modified_gmt: exact", fresh: wantSame},
		faultRow{name: "post without date_gmt and modified_gmt", fault: wptest.FaultNoGMTDates, outcome: outFails,
			note:   "local times are never taken for UTC",
			errHas: []string{"date_gmt and modified_gmt are both missing"}},
		faultRow{name: "invalid UTF-8 in a title", fault: wptest.FaultInvalidUTF8, outcome: outTolerated,
			note: "each bad run of bytes becomes U+FFFD, raw included", fresh: wantValidUTF8},
		faultRow{name: "body over the size limit", outcome: outFails, errIs: harvester.ErrBodyTooLarge,
			tune: func(s *config.Site, _ *wptest.Server) { s.MaxBodyBytes = 50 << 10 },
			note: "max_body_bytes; never truncated silently", errHas: []string{"answer larger than the size limit (51200 bytes)"}},
		faultRow{name: "gzip bomb (Content-Encoding: gzip, 256 MiB)", fault: wptest.FaultGzipBomb, outcome: outFails,
			errIs: harvester.ErrBodyTooLarge, tune: smallBodyLimit, maxAlloc: 64 << 20,
			note: "decoded under the limit: < 64 MiB allocated", errHas: []string{"answer larger than the size limit"}},
		faultRow{name: "gzip bomb (Content-Encoding: x-gzip, 256 MiB)", fault: wptest.FaultGzipBombXGzip, outcome: outFails,
			errIs: harvester.ErrBodyTooLarge, tune: smallBodyLimit, maxAlloc: 64 << 20,
			note: "colly would decode it past the limit; decoded by us under it", errHas: []string{"answer larger than the size limit"}},
		faultRow{name: "redirect loop", fault: wptest.FaultRedirectLoop, outcome: outFails, errIs: harvester.ErrRedirect,
			note: "not retried", errHas: []string{"stopped after 10 redirects (a redirect loop?)"}},
		faultRow{name: "redirect to another host", fault: wptest.FaultRedirectOffsite, outcome: outFails, errIs: harvester.ErrRedirect,
			note: "not followed, not retried", errHas: []string{"redirects to another host, localhost:", "allow_redirect_hosts"}},
		faultRow{name: "redirect to a host in allow_redirect_hosts", fault: wptest.FaultRedirectOffsite, outcome: outTolerated,
			tune: func(s *config.Site, srv *wptest.Server) {
				_, port, _ := net.SplitHostPort(srv.Addr())
				s.AllowRedirectHosts = []string{"localhost:" + port}
			},
			note: "followed without Authorization or Cookie"},
		faultRow{name: "dead host (connection refused)", outcome: outFails,
			tune: func(_ *config.Site, srv *wptest.Server) { srv.Close() },
			note: "other sites still run", errHas: []string{"gave up after 5 attempt(s)", "connection refused"}},
		faultRow{name: "403 HTML page from a security plugin", fault: wptest.FaultForbidden, outcome: outFails,
			note: "not retried", errHas: []string{"HTTP 403", "the REST API is blocked for us"}},
		faultRow{name: "401 rest_forbidden from a security plugin", fault: wptest.FaultRESTForbidden, outcome: outFails,
			errHas: []string{"HTTP 401 rest_forbidden: Sorry, you are not allowed to do that.", "the REST API is blocked for us"}},
		faultRow{name: "401 rest_cannot_access (REST API disabled)", fault: wptest.FaultRESTCannotAccess, outcome: outFails,
			errHas: []string{"HTTP 401 rest_cannot_access: DRA: Only authenticated users can access the REST API.", "the REST API is blocked for us"}},
	)
	return rows
}

// matrixPosts is the size of the matrix's site: three pages of 100.
const matrixPosts = 250

// matrixOptions is the look-alike of the matrix: east of Greenwich, so that
// a local time taken for UTC would show as a later modified_gmt.
func matrixOptions() wptest.Options {
	return wptest.Options{Posts: matrixPosts, Seed: 42, Timezone: time.FixedZone("CEST", 2*3600),
		RetryAfter: "0", SlowDelay: 5 * time.Second}
}

func TestFaultMatrix(t *testing.T) {
	rows := faultMatrix()
	checkReliabilityDoc(t, rows, syncFaultMatrix())
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			if row.maxAlloc == 0 {
				// Rows that measure memory run alone, first.
				t.Parallel()
			}
			runFaultRow(t, row)
		})
	}
}

func runFaultRow(t *testing.T, row faultRow) {
	srv := newServer(t, matrixOptions())
	db := openStore(t)
	h := newHarvester(db)
	site := testSite(t, "news", srv.URL)
	if res := h.Backfill(context.Background(), site); res.Err != nil {
		t.Fatalf("seeding backfill: %v", res.Err)
	}
	all := store.ExportOptions{Raw: true, Versions: true, IncludeDeleted: true}
	before := exportLines(t, db, all)
	if len(before) != matrixPosts {
		t.Fatalf("seeded %d posts", len(before))
	}

	faulty := site
	if row.tune != nil {
		row.tune(&faulty, srv)
	}
	installFault(srv, row)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	res := h.Backfill(context.Background(), faulty)
	runtime.ReadMemStats(&m1)
	checkOutcome(t, row, res)
	if alloc := m1.TotalAlloc - m0.TotalAlloc; row.maxAlloc > 0 && alloc > row.maxAlloc {
		t.Errorf("the faulty run allocated %d MiB, want at most %d MiB", alloc>>20, row.maxAlloc>>20)
	}
	after := exportLines(t, db, all)
	if !bytes.Equal(bytes.Join(before, nl), bytes.Join(after, nl)) {
		t.Errorf("the archive changed under the fault: %d lines before, %d after", len(before), len(after))
	}
	st, err := db.SiteState("news")
	if err != nil {
		t.Fatal(err)
	}
	if row.outcome == outFails && (st.LastRun == nil || st.LastRun.Error != res.Err.Error()) {
		t.Errorf("the failed run was not recorded with its error: %+v", st.LastRun)
	}
	if row.fresh != nil {
		seeded := normalised(exportLines(t, db, store.ExportOptions{}))
		fdb := openStore(t)
		if res := newHarvester(fdb).Backfill(context.Background(), faulty); res.Err != nil {
			t.Fatalf("backfill of an empty archive under the fault: %v", res.Err)
		}
		row.fresh(t, seeded, normalised(exportLines(t, fdb, store.ExportOptions{Raw: true})))
	}
}

// installFault sets the row's fault on the listing of srv.
func installFault(srv *wptest.Server, row faultRow) {
	switch {
	case row.fault == wptest.FaultNone:
	case row.times > 0:
		fs := make([]wptest.Fault, row.times)
		for i := range fs {
			fs[i] = row.fault
		}
		srv.Site().SetFaults(wptest.Sequence(fs...))
	default:
		srv.Site().SetFaults(wptest.Always(row.fault))
	}
}

func checkOutcome(t *testing.T, row faultRow, res harvester.Result) {
	t.Helper()
	if row.outcome != outFails {
		if res.Err != nil {
			t.Fatalf("want the run to complete, got %v", res.Err)
		}
		if res.Stats.Unchanged != matrixPosts || res.Stats.New+res.Stats.Updated != 0 {
			t.Fatalf("stats %+v, want %d unchanged", res.Stats, matrixPosts)
		}
		return
	}
	checkFailure(t, res.Err, row.errHas, row.errIs)
}

// checkFailure asserts that a run failed with an error that names the site,
// says each of errHas and wraps errIs (when set).
func checkFailure(t *testing.T, err error, errHas []string, errIs error) {
	t.Helper()
	if err == nil {
		t.Fatal("want the run to fail, it completed")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "site news: ") {
		t.Errorf("error does not name the site: %s", msg)
	}
	for _, s := range errHas {
		if !strings.Contains(msg, s) {
			t.Errorf("error does not say %q:\n%s", s, msg)
		}
	}
	if errIs != nil && !errors.Is(err, errIs) {
		t.Errorf("error does not wrap %v: %s", errIs, msg)
	}
	t.Logf("error: %s", msg)
}

var (
	nl              = []byte("\n")
	fetchedAtPatten = regexp.MustCompile(`"fetched_at":"[^"]*"`)
)

// normalised returns the lines as strings with fetched_at blanked.
func normalised(lines [][]byte) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fetchedAtPatten.ReplaceAllString(string(l), `"fetched_at":""`)
	}
	return out
}

// withoutRaw cuts the raw field off normalised lines.
func withoutRaw(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(harvester.WithoutRaw([]byte(l)))
	}
	return out
}

// wantSame checks that the fresh archive holds exactly the clean records.
func wantSame(t *testing.T, seeded, got []string) {
	t.Helper()
	got = withoutRaw(got)
	if strings.Join(seeded, "\n") != strings.Join(got, "\n") {
		t.Fatalf("records differ from a clean harvest:\nclean %.300s\n  got %.300s", seeded[0], got[0])
	}
}

// wantChanged returns a check that every fresh record matches want and
// equals the clean record once the part matching field is replaced by the
// fresh one's. (Records are in key order, so both sides are sorted by id.)
func wantChanged(want, field string) func(*testing.T, []string, []string) {
	wantRe, fieldRe := regexp.MustCompile(want), regexp.MustCompile(field)
	return func(t *testing.T, seeded, got []string) {
		t.Helper()
		got = withoutRaw(got)
		byID := func(lines []string) map[string]string {
			m := map[string]string{}
			for _, l := range lines {
				m[regexp.MustCompile(`"id":\d+`).FindString(l)] = fieldRe.ReplaceAllString(l, "")
			}
			return m
		}
		s, g := byID(seeded), byID(got)
		if len(g) != len(seeded) {
			t.Fatalf("%d records, want %d", len(g), len(seeded))
		}
		for _, l := range got {
			if !wantRe.MatchString(l) {
				t.Fatalf("record does not match %s: %.200s", want, l)
			}
		}
		for id, l := range s {
			if g[id] != l {
				t.Fatalf("%s differs beyond %s:\nclean %.300s\n  got %.300s", id, field, l, g[id])
			}
		}
	}
}

// wantValidUTF8 checks that the fresh records (raw included) are UTF-8 and
// that the titles carry U+FFFD where the site sent bad bytes.
func wantValidUTF8(t *testing.T, seeded, got []string) {
	t.Helper()
	if len(got) != len(seeded) {
		t.Fatalf("%d records, want %d", len(got), len(seeded))
	}
	for _, l := range got {
		if !utf8.ValidString(l) {
			t.Fatalf("record is not UTF-8: %.200q", l)
		}
		if !strings.Contains(l, `"title":"`+"\uFFFD") {
			t.Fatalf("title without U+FFFD: %.200s", l)
		}
	}
}
