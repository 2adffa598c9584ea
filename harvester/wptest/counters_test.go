package wptest

import (
	"io"
	"net/http"
	"testing"
)

func TestCounters(t *testing.T) {
	srv := NewServer(Options{Posts: 15})
	defer srv.Close()
	s := srv.Site()
	var body int64
	for _, u := range []string{"/robots.txt", "/", "/wp-json/", "/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts?page=2", "/wp-json/wp/v2/posts/4", "/nope"} {
		body += int64(len(get(t, srv.URL+u).body))
	}
	if s.Requests() != 7 || s.Bytes() != body {
		t.Errorf("requests %d bytes %d, want 7 and %d", s.Requests(), s.Bytes(), body)
	}
	want := map[Route]int64{RouteRobots: 1, RouteHome: 1, RouteIndex: 1, RouteListing: 2, RoutePost: 1, RouteOther: 1}
	for r, n := range want {
		if s.RouteRequests(r) != n {
			t.Errorf("route %d: %d, want %d", r, s.RouteRequests(r), n)
		}
	}
	log := s.Log()
	if len(log) != 7 || log[3].URL != "/wp-json/wp/v2/posts" || log[3].Status != 200 || log[3].Route != RouteListing ||
		log[6].Status != 404 || log[0].Bytes == 0 || log[0].Method != http.MethodGet {
		t.Errorf("log %+v", log)
	}
	s.ResetCounters()
	if s.Requests() != 0 || s.Bytes() != 0 || s.ListingRequests() != 0 || len(s.Log()) != 0 {
		t.Errorf("after reset: %d %d %d %d", s.Requests(), s.Bytes(), s.ListingRequests(), len(s.Log()))
	}
}

func TestLogRing(t *testing.T) {
	s := NewSite(Options{})
	for i := 0; i < logSize+5; i++ {
		s.ctr.record(Request{URL: itoa(int64(i))})
	}
	log := s.Log()
	if len(log) != logSize || log[0].URL != "5" || log[logSize-1].URL != itoa(logSize+4) {
		t.Errorf("ring: %d entries, first %q last %q", len(log), log[0].URL, log[len(log)-1].URL)
	}
}

func TestBasicAuth(t *testing.T) {
	srv := NewServer(Options{Posts: 5, BasicAuth: &Credentials{User: "harvester", Password: "abcd efgh"}})
	defer srv.Close()
	do := func(user, pass string, set bool, path string) answer {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if set {
			req.SetBasicAuth(user, pass)
		}
		req.Header.Set("User-Agent", "wpharvest-test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return answer{resp.StatusCode, resp.Header, b}
	}
	cases := []struct {
		user, pass string
		set        bool
		status     int
		code       string
	}{
		{"", "", false, 401, "rest_not_logged_in"},
		{"other", "abcd efgh", true, 401, "invalid_username"},
		{"harvester", "wrong", true, 401, "incorrect_password"},
	}
	for _, c := range cases {
		a := do(c.user, c.pass, c.set, "/wp-json/wp/v2/posts")
		if e := decodeErr(t, a); a.status != c.status || e.Code != c.code || a.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%+v: %d %s", c, a.status, a.body)
		}
	}
	if a := do("harvester", "abcd efgh", true, "/wp-json/wp/v2/posts"); a.status != 200 {
		t.Errorf("good credentials: %d", a.status)
	}
	if a := do("", "", false, "/"); a.status != 200 {
		t.Errorf("home page behind auth: %d", a.status)
	}
	if got := srv.Site().LastAuthorization(); got != "Basic aGFydmVzdGVyOmFiY2QgZWZnaA==" {
		t.Errorf("LastAuthorization %q", got)
	}
	if ua := srv.Site().Log()[0].UserAgent; ua != "wpharvest-test" {
		t.Errorf("user agent %q", ua)
	}
}

func TestLatency(t *testing.T) {
	srv := NewServer(Options{Posts: 2, Latency: 1})
	defer srv.Close()
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts"); a.status != 200 {
		t.Errorf("with latency: %d", a.status)
	}
}
