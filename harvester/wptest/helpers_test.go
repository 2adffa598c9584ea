package wptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// answer is a fetched response.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func fetch(t *testing.T, method, url string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatalf("new request %s: %v", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return answer{resp.StatusCode, resp.Header, body}
}

func get(t *testing.T, url string) answer { t.Helper(); return fetch(t, http.MethodGet, url) }

// wpPost is the part of a post object the tests look at.
type wpPost struct {
	ID          int64  `json:"id"`
	Date        string `json:"date"`
	DateGMT     string `json:"date_gmt"`
	Modified    string `json:"modified"`
	ModifiedGMT string `json:"modified_gmt"`
	Slug        string `json:"slug"`
	Status      string `json:"status"`
	Link        string `json:"link"`
	GUID        struct {
		Rendered string `json:"rendered"`
	} `json:"guid"`
	Title struct {
		Rendered string `json:"rendered"`
	} `json:"title"`
	Content struct {
		Rendered  string `json:"rendered"`
		Protected bool   `json:"protected"`
	} `json:"content"`
	Excerpt struct {
		Rendered string `json:"rendered"`
	} `json:"excerpt"`
}

func decodePosts(t *testing.T, a answer) []wpPost {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("status %d, body %.300s", a.status, a.body)
	}
	var posts []wpPost
	if err := json.Unmarshal(a.body, &posts); err != nil {
		t.Fatalf("decode listing: %v; body %.300s", err, a.body)
	}
	return posts
}

func ids(posts []wpPost) []int64 {
	out := make([]int64, len(posts))
	for i, p := range posts {
		out[i] = p.ID
	}
	return out
}

// wpErr decodes a WordPress error body.
type wpErr struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Status int               `json:"status"`
		Params map[string]string `json:"params"`
	} `json:"data"`
}

func decodeErr(t *testing.T, a answer) wpErr {
	t.Helper()
	var e wpErr
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("decode error body: %v; body %.300s", err, a.body)
	}
	if e.Data.Status != a.status {
		t.Errorf("data.status %d, HTTP status %d", e.Data.Status, a.status)
	}
	return e
}

// keys returns the keys of a JSON object in document order.
func keys(t *testing.T, obj []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("token: %v", err)
		}
		out = append(out, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatalf("value: %v", err)
		}
	}
	return out
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("atoi %q: %v", s, err)
	}
	return n
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
