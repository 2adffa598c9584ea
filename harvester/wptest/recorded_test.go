package wptest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The look-alike is our reading of WordPress. These tests hold it against
// genuine answers of WordPress 6.1 recorded by scripts/realwp (realwp.sh
// record) with pretty and with plain permalinks: same statuses, headers,
// field order and error bodies.

const recordedDir = "../../scripts/realwp/testdata/recorded"

// newerFields are fields the look-alike serves, like current WordPress,
// that the recorded WordPress 6.1 (Debian 12's) does not have yet. Apart
// from them the shapes must match exactly.
var newerFields = map[string]string{
	"class_list":     "post field since WordPress 6.5",
	"page_for_posts": "index field since WordPress 6.x",
	"page_on_front":  "index field since WordPress 6.x",
	"show_on_front":  "index field since WordPress 6.x",
}

// withoutNewer drops the newerFields from a key list.
func withoutNewer(keys []string) []string {
	return slices.DeleteFunc(keys, func(k string) bool { _, ok := newerFields[k]; return ok })
}

// recorded is one genuine answer.
type recorded struct {
	status int
	header http.Header
	body   []byte
}

func loadRecorded(t *testing.T, dir, name string) recorded {
	t.Helper()
	h, err := os.ReadFile(filepath.Join(dir, name+".headers"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(dir, name+".body"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(h)), nil)
	if err != nil {
		t.Fatalf("%s.headers: %v", name, err)
	}
	return recorded{status: resp.StatusCode, header: resp.Header, body: body}
}

func getRecorded(t *testing.T, url string) recorded {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return recorded{status: resp.StatusCode, header: resp.Header, body: body}
}

// objectKeys returns the keys of a JSON object in the order they appear.
func objectKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.80s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func firstElement(t *testing.T, raw []byte) map[string]json.RawMessage {
	t.Helper()
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		t.Fatalf("not a non-empty list: %v %.80s", err, raw)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(list[0], &m); err != nil {
		t.Fatal(err)
	}
	m[""] = list[0]
	return m
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func TestLookAlikeMatchesRecordedWordPress(t *testing.T) {
	for _, mode := range []struct {
		name, dir string
		plain     bool
	}{
		{"pretty permalinks", recordedDir, false},
		{"plain permalinks", filepath.Join(recordedDir, "plain"), true},
	} {
		t.Run(mode.name, func(t *testing.T) {
			srv := NewServer(Options{Posts: 30, PlainPermalinks: mode.plain, Timezone: mustZone(t, "Pacific/Auckland", 13*3600)})
			defer srv.Close()
			route := func(r, q string) string {
				if mode.plain {
					return srv.URL + "/?rest_route=" + r + "&" + q
				}
				return srv.URL + "/wp-json" + r + "?" + q
			}

			t.Run("posts page", func(t *testing.T) {
				want := loadRecorded(t, mode.dir, "posts-page1")
				got := getRecorded(t, route("/wp/v2/posts", "per_page=2&page=1"))
				if got.status != want.status {
					t.Fatalf("status %d, WordPress %d", got.status, want.status)
				}
				if g, w := got.header.Get("Content-Type"), want.header.Get("Content-Type"); g != w {
					t.Fatalf("Content-Type %q, WordPress %q", g, w)
				}
				for _, h := range []string{"X-WP-Total", "X-WP-TotalPages"} {
					if _, err := strconv.Atoi(got.header.Get(h)); err != nil {
						t.Fatalf("%s: %q", h, got.header.Get(h))
					}
				}
				if !strings.Contains(got.header.Get("Link"), `rel="next"`) || !strings.Contains(want.header.Get("Link"), `rel="next"`) {
					t.Fatalf("Link next: look-alike %q, WordPress %q", got.header.Get("Link"), want.header.Get("Link"))
				}
				g, w := firstElement(t, got.body), firstElement(t, want.body)
				if gk, wk := withoutNewer(objectKeys(t, g[""])), objectKeys(t, w[""]); !slices.Equal(gk, wk) {
					t.Fatalf("post fields\n look-alike %v\n WordPress  %v", gk, wk)
				}
				for _, nested := range []string{"guid", "title", "content", "excerpt"} {
					if gk, wk := objectKeys(t, g[nested]), objectKeys(t, w[nested]); !slices.Equal(gk, wk) {
						t.Fatalf("%s fields: look-alike %v, WordPress %v", nested, gk, wk)
					}
				}
				for _, field := range []string{"date", "date_gmt", "modified", "modified_gmt"} {
					var gs, ws string
					json.Unmarshal(g[field], &gs)
					json.Unmarshal(w[field], &ws)
					if _, err := time.Parse("2006-01-02T15:04:05", gs); err != nil || len(gs) != len(ws) {
						t.Fatalf("%s: look-alike %q, WordPress %q", field, gs, ws)
					}
				}
			})

			t.Run("light listing", func(t *testing.T) {
				want := loadRecorded(t, mode.dir, "posts-fields")
				got := getRecorded(t, route("/wp/v2/posts", "per_page=3&_fields=id,guid,modified_gmt&orderby=id&order=asc"))
				g, w := firstElement(t, got.body), firstElement(t, want.body)
				if gk, wk := objectKeys(t, g[""]), objectKeys(t, w[""]); !slices.Equal(gk, wk) {
					t.Fatalf("_fields: look-alike %v, WordPress %v", gk, wk)
				}
			})

			for _, tc := range []struct{ name, query string }{
				{"posts-past-end", "per_page=2&page=100000"},
				{"posts-per-page-101", "per_page=101"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					want := loadRecorded(t, mode.dir, tc.name)
					got := getRecorded(t, route("/wp/v2/posts", tc.query))
					if got.status != want.status || !jsonEqual(t, got.body, want.body) {
						t.Fatalf("look-alike %d %s\nWordPress  %d %s", got.status, got.body, want.status, want.body)
					}
				})
			}

			t.Run("trashed and deleted posts", func(t *testing.T) {
				srv.Site().Trash(5)
				srv.Site().Delete(6)
				for id, name := range map[int]string{5: "post-trashed", 6: "post-deleted"} {
					want := loadRecorded(t, mode.dir, name)
					got := getRecorded(t, route("/wp/v2/posts/"+strconv.Itoa(id), "context=view"))
					if got.status != want.status || !jsonEqual(t, got.body, want.body) {
						t.Fatalf("%s: look-alike %d %s\nWordPress  %d %s", name, got.status, got.body, want.status, want.body)
					}
				}
			})

			t.Run("API index", func(t *testing.T) {
				want := loadRecorded(t, mode.dir, "wp-json")
				if mode.plain {
					want = loadRecorded(t, mode.dir, "rest-route-index")
				}
				got := getRecorded(t, route("/", ""))
				if got.status != 200 || want.status != 200 {
					t.Fatalf("status %d, WordPress %d", got.status, want.status)
				}
				wk := objectKeys(t, want.body)
				for _, k := range withoutNewer(objectKeys(t, got.body)) {
					if !slices.Contains(wk, k) {
						t.Fatalf("look-alike index has %q, WordPress's has only %v", k, wk)
					}
				}
			})

			t.Run("home page discovery", func(t *testing.T) {
				want := loadRecorded(t, mode.dir, "home")
				got := getRecorded(t, srv.URL+"/")
				for who, r := range map[string]recorded{"look-alike": got, "WordPress": want} {
					if !strings.Contains(r.header.Get("Link"), `rel="https://api.w.org/"`) {
						t.Fatalf("%s home Link header: %q", who, r.header.Get("Link"))
					}
					if !bytes.Contains(r.body, []byte(`rel="https://api.w.org/"`)) && !bytes.Contains(r.body, []byte(`rel='https://api.w.org/'`)) {
						t.Fatalf("%s home page has no api.w.org link", who)
					}
				}
			})
		})
	}
}
