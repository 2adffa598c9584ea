package wptest

import (
	"net/http"
	"sort"
	"strings"
	"testing"
)

func TestListingDefaults(t *testing.T) {
	srv := NewServer(Options{Posts: 95, Seed: 3})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts")
	posts := decodePosts(t, a)
	if len(posts) != 10 {
		t.Fatalf("default page has %d posts, want 10", len(posts))
	}
	if a.header.Get("Content-Type") != "application/json; charset=UTF-8" {
		t.Errorf("Content-Type %q", a.header.Get("Content-Type"))
	}
	if a.header.Get("X-WP-Total") != "95" || a.header.Get("X-WP-TotalPages") != "10" {
		t.Errorf("paging headers %q %q", a.header.Get("X-WP-Total"), a.header.Get("X-WP-TotalPages"))
	}
	for i := 1; i < len(posts); i++ {
		if posts[i-1].Date < posts[i].Date {
			t.Errorf("not date desc: %s before %s", posts[i-1].Date, posts[i].Date)
		}
	}
	links := a.header.Values("Link")
	if !containsStr(links, `<`+srv.URL+`/wp-json/wp/v2/posts?page=2>; rel="next"`) {
		t.Errorf("Link headers %q lack next", links)
	}
	for _, l := range links {
		if strings.Contains(l, `rel="prev"`) {
			t.Errorf("page 1 has a prev link: %q", l)
		}
	}
	last := get(t, srv.URL+"/wp-json/wp/v2/posts?page=10")
	if n := len(decodePosts(t, last)); n != 5 {
		t.Errorf("last page has %d posts, want 5", n)
	}
	if l := strings.Join(last.header.Values("Link"), " "); strings.Contains(l, `rel="next"`) || !strings.Contains(l, `page=9>; rel="prev"`) {
		t.Errorf("last page links %q", l)
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestListingWalkByID(t *testing.T) {
	srv := NewServer(Options{Posts: 250, Seed: 9})
	defer srv.Close()
	var got []int64
	for page := 1; ; page++ {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=id&order=asc&per_page=100&page="+itoa(int64(page)))
		if a.status == http.StatusBadRequest {
			if e := decodeErr(t, a); e.Code != "rest_post_invalid_page_number" {
				t.Fatalf("page %d: %s", page, e.Code)
			}
			if page != 4 {
				t.Fatalf("end reached at page %d, want 4", page)
			}
			break
		}
		got = append(got, ids(decodePosts(t, a))...)
	}
	if len(got) != 250 || !sort.SliceIsSorted(got, func(i, j int) bool { return got[i] < got[j] }) || got[0] != 1 || got[249] != 250 {
		t.Errorf("walk got %d ids, first %v", len(got), got[:3])
	}
}

func TestPastTheEnd(t *testing.T) {
	srv := NewServer(Options{Posts: 12})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?page=3")
	want := `{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}`
	if a.status != 400 || string(a.body) != want {
		t.Errorf("past the end: %d %s", a.status, a.body)
	}
}

func TestZeroPosts(t *testing.T) {
	srv := NewServer(Options{})
	defer srv.Close()
	for _, page := range []string{"1", "2"} {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?page="+page)
		if a.status != 200 || string(a.body) != "[]" || a.header.Get("X-WP-Total") != "0" || a.header.Get("X-WP-TotalPages") != "0" {
			t.Errorf("page %s of an empty site: %d %s total %q", page, a.status, a.body, a.header.Get("X-WP-Total"))
		}
	}
}

func TestPerPageBounds(t *testing.T) {
	srv := NewServer(Options{Posts: 5})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=101")
	want := `{"code":"rest_invalid_param","message":"Invalid parameter(s): per_page","data":{"status":400,"params":{"per_page":"per_page must be between 1 (inclusive) and 100 (inclusive)"},"details":{"per_page":{"code":"rest_out_of_bounds","message":"per_page must be between 1 (inclusive) and 100 (inclusive)","data":null}}}}`
	if a.status != 400 || string(a.body) != want {
		t.Errorf("per_page=101: %d %s", a.status, a.body)
	}
	for _, v := range []string{"0", "-1", "abc"} {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?per_page="+v)
		if e := decodeErr(t, a); a.status != 400 || e.Code != "rest_invalid_param" || e.Data.Params["per_page"] == "" {
			t.Errorf("per_page=%s: %d %s", v, a.status, a.body)
		}
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=0&page=0")
	if e := decodeErr(t, a); e.Message != "Invalid parameter(s): page, per_page" {
		t.Errorf("two bad parameters: %q", e.Message)
	}
	if n := len(decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100"))); n != 5 {
		t.Errorf("per_page=100 gave %d posts", n)
	}
}

func TestPerPageCap(t *testing.T) {
	srv := NewServer(Options{Posts: 120, PerPageCap: 50})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100")
	e := decodeErr(t, a)
	if a.status != 400 || e.Code != "rest_invalid_param" || e.Data.Params["per_page"] != "per_page must be between 1 (inclusive) and 50 (inclusive)" {
		t.Errorf("capped per_page: %d %s", a.status, a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=50&page=3")
	if n := len(decodePosts(t, a)); n != 20 || a.header.Get("X-WP-TotalPages") != "3" {
		t.Errorf("per_page=50 page 3: %d posts, %q pages", n, a.header.Get("X-WP-TotalPages"))
	}
}

func TestNoPagingHeaders(t *testing.T) {
	srv := NewServer(Options{Posts: 30, NoPagingHeaders: true})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts")
	if len(decodePosts(t, a)) != 10 {
		t.Fatal("short page")
	}
	if _, ok := a.header["X-Wp-Total"]; ok {
		t.Errorf("X-WP-Total present")
	}
	if _, ok := a.header["X-Wp-Totalpages"]; ok {
		t.Errorf("X-WP-TotalPages present")
	}
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts?page=4"); a.status != 400 {
		t.Errorf("past the end without headers: %d", a.status)
	}
}

func TestHeadListing(t *testing.T) {
	srv := NewServer(Options{Posts: 30})
	defer srv.Close()
	a := fetch(t, http.MethodHead, srv.URL+"/wp-json/wp/v2/posts?per_page=7")
	if a.status != 200 || len(a.body) != 0 || a.header.Get("X-WP-Total") != "30" || a.header.Get("X-WP-TotalPages") != "5" {
		t.Errorf("HEAD: %d body %d total %q pages %q", a.status, len(a.body), a.header.Get("X-WP-Total"), a.header.Get("X-WP-TotalPages"))
	}
}

func TestOrderings(t *testing.T) {
	srv := NewServer(Options{Posts: 400, Seed: 11})
	defer srv.Close()
	byDate := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&order=asc"))
	byID := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&orderby=id&order=asc"))
	if equalIDs(ids(byDate), ids(byID)) {
		t.Errorf("date order equals id order; backdated posts missing")
	}
	for i := 1; i < len(byDate); i++ {
		if byDate[i-1].Date > byDate[i].Date {
			t.Fatalf("date asc broken at %d", i)
		}
	}
	byMod := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&orderby=modified"))
	for i := 1; i < len(byMod); i++ {
		if byMod[i-1].Modified < byMod[i].Modified {
			t.Fatalf("modified desc broken at %d", i)
		}
	}
	byTitle := decodePosts(t, get(t, srv.URL+"/wp-json/wp/v2/posts?per_page=100&orderby=title&order=asc"))
	for i := 1; i < len(byTitle); i++ {
		if byTitle[i-1].Title.Rendered > byTitle[i].Title.Rendered {
			t.Fatalf("title asc broken at %d", i)
		}
	}
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=rand")
	if e := decodeErr(t, a); e.Code != "rest_invalid_param" || !strings.Contains(e.Data.Params["orderby"], "is not one of") {
		t.Errorf("orderby=rand: %s", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?order=up")
	if e := decodeErr(t, a); e.Data.Params["order"] != "order is not one of asc and desc." {
		t.Errorf("order=up: %s", a.body)
	}
}

func TestIncludeExclude(t *testing.T) {
	srv := NewServer(Options{Posts: 50})
	defer srv.Close()
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?include=7,3,44,3,999&orderby=include&per_page=100")
	if got := ids(decodePosts(t, a)); !equalIDs(got, []int64{7, 3, 44}) || a.header.Get("X-WP-Total") != "3" {
		t.Errorf("include in include order: %v total %q", got, a.header.Get("X-WP-Total"))
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?include[]=9&include[]=2&orderby=id&order=asc")
	if got := ids(decodePosts(t, a)); !equalIDs(got, []int64{2, 9}) {
		t.Errorf("include[] by id: %v", got)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=include")
	if e := decodeErr(t, a); e.Code != "rest_orderby_include_missing_include" {
		t.Errorf("orderby=include alone: %s", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?exclude=50,49&orderby=id&per_page=3")
	if got := ids(decodePosts(t, a)); !equalIDs(got, []int64{48, 47, 46}) || a.header.Get("X-WP-Total") != "48" {
		t.Errorf("exclude: %v total %q", got, a.header.Get("X-WP-Total"))
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?include=1,x")
	if e := decodeErr(t, a); e.Code != "rest_invalid_param" {
		t.Errorf("include=1,x: %s", a.body)
	}
	a = get(t, srv.URL+"/wp-json/wp/v2/posts?orderby=id&order=asc&offset=5&per_page=2")
	if got := ids(decodePosts(t, a)); !equalIDs(got, []int64{6, 7}) {
		t.Errorf("offset=5: %v", got)
	}
}

func TestStatusAndContext(t *testing.T) {
	srv := NewServer(Options{Posts: 5})
	defer srv.Close()
	for _, st := range []string{"draft", "private", "any", "publish,trash"} {
		a := get(t, srv.URL+"/wp-json/wp/v2/posts?status="+st)
		if e := decodeErr(t, a); a.status != 400 || e.Data.Params["status"] != "Status is forbidden." {
			t.Errorf("status=%s: %d %s", st, a.status, a.body)
		}
	}
	if a := get(t, srv.URL+"/wp-json/wp/v2/posts?status=publish"); len(decodePosts(t, a)) != 5 {
		t.Errorf("status=publish refused")
	}
	a := get(t, srv.URL+"/wp-json/wp/v2/posts?context=edit")
	if e := decodeErr(t, a); a.status != 401 || e.Code != "rest_forbidden_context" {
		t.Errorf("context=edit: %d %s", a.status, a.body)
	}
	a = fetch(t, http.MethodPost, srv.URL+"/wp-json/wp/v2/posts")
	if e := decodeErr(t, a); a.status != 401 || e.Code != "rest_cannot_create" {
		t.Errorf("POST: %d %s", a.status, a.body)
	}
}
