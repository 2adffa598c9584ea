package harvester_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

// syncPhase is a part of a sync pass that the sync rows of the matrix put
// a fault into: the fault hits only the requests of that part.
type syncPhase struct {
	name     string // as the doc shows it
	requests string // the requests the fault hits, for the doc
	// ignores makes the site ignore modified_after (WordPress < 5.7); the
	// archive learns it in a clean sync before the faulty one.
	ignores bool
	// reconcile forces a reconcile in the faulty sync.
	reconcile bool
	hits      func(q url.Values) bool
	// errCtx is what the error of a failed pass says about where it was.
	errCtx string
	// mutate changes the site after the seeding; want are the stats of a
	// pass that completes.
	mutate func(s *wptest.Site)
	want   harvester.PageStats
}

// editAndAdd edits two posts and publishes one: what a sync must fetch.
func editAndAdd(s *wptest.Site) {
	at := time.Now().UTC().Truncate(time.Second)
	s.Edit(10, at)
	s.Edit(200, at.Add(time.Second))
	s.Add(at.Add(2 * time.Second))
}

var (
	phaseFast = &syncPhase{
		name:     "sync (modified_after)",
		requests: "every `modified_after` listing request",
		hits:     func(q url.Values) bool { return q.Has("modified_after") },
		errCtx:   "posts modified after ",
		mutate:   editAndAdd,
		want:     harvester.PageStats{New: 1, Updated: 2},
	}
	phaseLight = &syncPhase{
		name:     "sync fallback (light listing)",
		requests: "the `_fields=id,guid,modified_gmt` listing of a site that ignores `modified_after` (or, where the row says so, the include= fetch of the changed posts that follows it)",
		ignores:  true,
		hits:     func(q url.Values) bool { return q.Get("_fields") == "id,guid,modified_gmt" },
		errCtx:   "light listing page 1: ",
		mutate:   editAndAdd,
		want:     harvester.PageStats{New: 1, Updated: 2},
	}
	phaseReconcile = &syncPhase{
		name:      "reconcile",
		requests:  "the `_fields=id` requests (the id listing and the include= check of missing posts)",
		reconcile: true,
		hits:      func(q url.Values) bool { return q.Get("_fields") == "id" },
		errCtx:    "reconcile: id listing page 1: ",
		mutate: func(s *wptest.Site) {
			s.Delete(5)
			s.Trash(120)
			s.Unpublish(240)
		},
		want: harvester.PageStats{Deleted: 3},
	}
)

// syncFaultRow is one sync row of the fault matrix.
type syncFaultRow struct {
	phase   *syncPhase
	name    string
	fault   wptest.Fault
	times   int // 0: every request of the phase; n: the first n
	outcome string
	errHas  []string
	errIs   error
	tune    func(site *config.Site, srv *wptest.Server)
	// hits, when set, replaces the phase's choice of requests to fault.
	hits func(q url.Values) bool
	note string
}

// syncFault is a fault of the sync rows, tried in every phase.
type syncFault struct {
	name      string
	fault     wptest.Fault
	permanent bool // no transient row: it cannot pass by retrying
	tune      func(*config.Site, *wptest.Server)
	errHas    []string
	errIs     error
}

// syncFaults are the faults of the sync rows; over-size answers are a
// gzip bomb, the only way to make just the phase's answers too large.
var syncFaults = []syncFault{
	{name: "429 with Retry-After", fault: wptest.Fault429, errHas: []string{"HTTP 429 after 5 attempt(s)"}},
	{name: "429 without Retry-After", fault: wptest.Fault429NoRetryAfter, errHas: []string{"HTTP 429 after 5 attempt(s)"}},
	{name: "500 WordPress critical error", fault: wptest.Fault500, errHas: []string{"HTTP 500 internal_server_error"}},
	{name: "503 with Retry-After", fault: wptest.Fault503, errHas: []string{"HTTP 503 after 5 attempt(s)"}},
	{name: "connection reset", fault: wptest.FaultReset, errHas: []string{"gave up after 5 attempt(s)"}},
	{name: "stall before the headers (timeout)", fault: wptest.FaultSlow, tune: syncStallTimeout,
		errHas: []string{"timed out after 500ms (the site's timeout)"}},
	{name: "truncated JSON", fault: wptest.FaultTruncatedJSON, errHas: []string{"invalid JSON (truncated answer?)", "after 5 attempts"}},
	{name: "200 HTML challenge page", fault: wptest.FaultHTML200, errHas: []string{"answered HTML instead of JSON"}, errIs: harvester.ErrNotJSON},
	{name: "JSON object instead of a list", fault: wptest.FaultObject, errHas: []string{"answered a JSON object where a list"}},
	{name: "answer over the size limit (gzip bomb)", fault: wptest.FaultGzipBomb, permanent: true, tune: smallBodyLimit,
		errHas: []string{"answer larger than the size limit"}, errIs: harvester.ErrBodyTooLarge},
	{name: "redirect to another host", fault: wptest.FaultRedirectOffsite, permanent: true,
		errHas: []string{"redirects to another host, localhost:"}, errIs: harvester.ErrRedirect},
	{name: "403 HTML page from a security plugin", fault: wptest.FaultForbidden, permanent: true,
		errHas: []string{"HTTP 403", "the REST API is blocked for us"}},
	{name: "401 rest_forbidden from a security plugin", fault: wptest.FaultRESTForbidden, permanent: true,
		errHas: []string{"HTTP 401 rest_forbidden", "the REST API is blocked for us"}},
}

// syncStallTimeout is the site's timeout in the stall rows of the sync
// matrix: short, since the test waits it out 5 times per row.
func syncStallTimeout(site *config.Site, _ *wptest.Server) {
	site.Timeout = config.Duration(500 * time.Millisecond)
}

// syncFaultMatrix returns the sync rows, in the order of the doc.
func syncFaultMatrix() []syncFaultRow {
	var rows []syncFaultRow
	for _, ph := range []*syncPhase{phaseFast, phaseLight, phaseReconcile} {
		for _, f := range syncFaults {
			if !f.permanent {
				rows = append(rows, syncFaultRow{phase: ph, name: f.name + ", 3 times", fault: f.fault, times: 3,
					outcome: outRetried, tune: f.tune})
			}
			rows = append(rows, syncFaultRow{phase: ph, name: f.name + ", every time", fault: f.fault,
				outcome: outFails, tune: f.tune, errHas: append([]string{ph.errCtx}, f.errHas...), errIs: f.errIs})
		}
		if ph == phaseFast || ph == phaseLight {
			rows = append(rows, syncFaultRow{phase: ph, name: "body over the size limit", outcome: outFails,
				tune:   func(s *config.Site, _ *wptest.Server) { s.MaxBodyBytes = 4 << 10 },
				errHas: []string{ph.errCtx, "answer larger than the size limit (4096 bytes)"}, errIs: harvester.ErrBodyTooLarge})
		}
	}
	fullInclude := func(q url.Values) bool { return q.Has("include") && !q.Has("_fields") }
	rows = append(rows,
		syncFaultRow{phase: phaseLight, name: "503 on the include= fetch of the changed posts, 3 times", fault: wptest.Fault503,
			hits: fullInclude, times: 3, outcome: outRetried},
		syncFaultRow{phase: phaseLight, name: "truncated JSON on the include= fetch of the changed posts, every time", fault: wptest.FaultTruncatedJSON,
			hits: fullInclude, outcome: outFails, errHas: []string{"include 3 posts: ", "invalid JSON (truncated answer?)"}},
	)
	idPage2 := func(q url.Values) bool { return phaseReconcile.hits(q) && !q.Has("include") && q.Get("page") != "1" }
	include := func(q url.Values) bool { return phaseReconcile.hits(q) && q.Has("include") }
	rows = append(rows,
		syncFaultRow{phase: phaseReconcile, name: "503 on id listing pages 2 and 3, every time", fault: wptest.Fault503,
			hits: idPage2, outcome: outFails, note: "page 1 was listed: its absent posts are not marked deleted",
			errHas: []string{"reconcile: id listing page ", "HTTP 503 after 5 attempt(s)"}},
		syncFaultRow{phase: phaseReconcile, name: "reset on the include= check of missing posts, every time", fault: wptest.FaultReset,
			hits: include, outcome: outFails, note: "the listing missed 3 posts; unconfirmed, none is marked deleted",
			errHas: []string{"reconcile: check 3 missing posts: ", "gave up after 5 attempt(s)"}},
		syncFaultRow{phase: phaseReconcile, name: "200 HTML page on the include= check, 3 times", fault: wptest.FaultHTML200,
			hits: include, times: 3, outcome: outRetried},
	)
	order := map[*syncPhase]int{phaseFast: 0, phaseLight: 1, phaseReconcile: 2}
	slices.SortStableFunc(rows, func(a, b syncFaultRow) int { return order[a.phase] - order[b.phase] })
	return rows
}

func TestSyncFaultMatrix(t *testing.T) {
	seeds := map[*syncPhase]*syncSeed{}
	for _, row := range syncFaultMatrix() {
		if seeds[row.phase] == nil {
			seeds[row.phase] = seedSyncPhase(t, row.phase)
		}
	}
	for i, row := range syncFaultMatrix() {
		seed := seeds[row.phase]
		t.Run(row.phase.name+"/"+row.name, func(t *testing.T) {
			t.Parallel()
			runSyncFaultRow(t, seed, row, fmt.Sprintf("wpharvest-matrix/S%d", i+1))
		})
	}
}

// syncSeed is the shared start of the rows of one phase: a look-alike
// (rows tell their requests apart by User-Agent), an archive of it made
// before the site changed, as a file to copy, and its export.
type syncSeed struct {
	srv    *wptest.Server
	db     []byte
	before [][]byte
	rows   sync.Map // User-Agent → *rowFault
}

// rowFault is the fault of one row and how many requests it hit.
type rowFault struct {
	row syncFaultRow
	hit atomic.Int64
}

var exportAll = store.ExportOptions{Raw: true, Versions: true, IncludeDeleted: true}

// seedSyncPhase backfills a look-alike for the phase (and, for a site that
// ignores modified_after, lets a clean sync learn it), keeps the archive,
// then changes the site as the phase says.
func seedSyncPhase(t *testing.T, ph *syncPhase) *syncSeed {
	opts := matrixOptions()
	opts.IgnoreModifiedAfter = ph.ignores
	seed := &syncSeed{srv: newServer(t, opts)}
	seed.srv.Site().SetFaults(seed.fault)
	path := filepath.Join(t.TempDir(), "seed.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarvester(db)
	site := testSite(t, "news", seed.srv.URL)
	if res := h.Backfill(context.Background(), site); res.Err != nil {
		t.Fatalf("seeding backfill: %v", res.Err)
	}
	if ph.ignores {
		if res := h.Sync(context.Background(), site); res.Err != nil || !res.Fallback {
			t.Fatalf("learning sync: fallback %v, %v", res.Fallback, res.Err)
		}
	}
	seed.before = exportLines(t, db, exportAll)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if seed.db, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	ph.mutate(seed.srv.Site())
	return seed
}

// fault is the fault function of the seed's site: each row's fault, on
// the requests of its phase sent with its User-Agent.
func (seed *syncSeed) fault(_ int64, r *http.Request) wptest.Fault {
	v, ok := seed.rows.Load(r.Header.Get("User-Agent"))
	if !ok {
		return wptest.FaultNone
	}
	rf := v.(*rowFault)
	hits := rf.row.phase.hits
	if rf.row.hits != nil {
		hits = rf.row.hits
	}
	if !hits(r.URL.Query()) {
		return wptest.FaultNone
	}
	if n := rf.hit.Add(1); rf.row.times > 0 && n > int64(rf.row.times) {
		return wptest.FaultNone
	}
	return rf.row.fault
}

// runSyncFaultRow copies the phase's archive, runs a sync under the
// row's fault and checks the outcome: a pass that completes stores
// exactly the site's changes and alters no other record; a pass that
// fails names the phase and the fault and leaves the archive byte for
// byte as it was.
func runSyncFaultRow(t *testing.T, seed *syncSeed, row syncFaultRow, userAgent string) {
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, seed.db, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := newHarvester(db)
	h.Fetch.UserAgent = userAgent
	h.SyncOptions.Reconcile = row.phase.reconcile
	srv := seed.srv
	faulty := testSite(t, "news", srv.URL)
	if row.tune != nil {
		row.tune(&faulty, srv)
	}
	rf := &rowFault{row: row}
	seed.rows.Store(userAgent, rf)
	res := h.Sync(context.Background(), faulty)
	if rf.hit.Load() == 0 {
		t.Fatal("the fault never hit a request of the phase")
	}
	before, after := seed.before, exportLines(t, db, exportAll)

	if row.outcome != outFails {
		if res.Err != nil {
			t.Fatalf("want the pass to complete, got %v", res.Err)
		}
		got := res.Stats
		got.Unchanged = 0
		if got != row.phase.want {
			t.Fatalf("stats %+v, want %+v", res.Stats, row.phase.want)
		}
		checkMatchesSite(t, db, "news", srv, nil)
		checkUntouched(t, before, after, srv.Site())
		return
	}
	checkSyncFailure(t, row, res)
	if !bytes.Equal(bytes.Join(before, nl), bytes.Join(after, nl)) {
		t.Errorf("the archive changed under the fault: %d lines before, %d after", len(before), len(after))
	}
	st := state(t, db, "news")
	if st.LastRun == nil || st.LastRun.Error != res.Err.Error() {
		t.Errorf("the failed pass was not recorded with its error: %+v", st.LastRun)
	}
}

func checkSyncFailure(t *testing.T, row syncFaultRow, res harvester.Result) {
	t.Helper()
	checkFailure(t, res.Err, row.errHas, row.errIs)
}

// checkUntouched asserts that every record exported before the pass, of a
// post the site did not change, is exported after it byte for byte.
func checkUntouched(t *testing.T, before, after [][]byte, site *wptest.Site) {
	t.Helper()
	kept := make(map[string]bool, len(after))
	for _, l := range after {
		kept[string(l)] = true
	}
	for _, l := range before {
		var id int64
		if i := bytes.Index(l, []byte(`,"id":`)); i >= 0 {
			rest := l[i+len(`,"id":`):]
			for _, c := range rest {
				if c < '0' || c > '9' {
					break
				}
				id = id*10 + int64(c-'0')
			}
		}
		info, ok := site.Post(id)
		if ok && info.Edits == 0 && info.Status == "publish" && !kept[string(l)] {
			t.Fatalf("post %d, which the site did not change, was altered or lost", id)
		}
	}
}
