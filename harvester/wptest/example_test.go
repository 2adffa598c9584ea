package wptest_test

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wpharvest/wpharvest/harvester/wptest"
)

// A test starts a look-alike site, lists it the way a harvester would, then
// changes the site and makes the next listing fail once.
func Example() {
	srv := wptest.NewServer(wptest.Options{Posts: 250, Seed: 1, RetryAfter: "0"})
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/wp-json/wp/v2/posts?orderby=id&order=asc&per_page=100&_fields=id,guid,modified_gmt")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("X-WP-Total"), resp.Header.Get("X-WP-TotalPages"))

	site := srv.Site()
	site.Edit(42, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	site.Trash(7)
	site.SetFaults(wptest.Sequence(wptest.Fault503))

	resp, err = http.Get(srv.URL + "/wp-json/wp/v2/posts")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"))

	resp, err = http.Get(srv.URL + "/wp-json/wp/v2/posts")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("X-WP-Total"))
	fmt.Println(site.ListingRequests(), site.Requests())
	// Output:
	// 200 250 3
	// 503 0
	// 200 249
	// 3 3
}
