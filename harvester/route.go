package harvester

import (
	"fmt"
	"net/url"
	"strings"
)

// RouteURL joins a REST API root with a route ("wp/v2/posts") and query
// parameters. It handles both kinds of root: pretty ones
// ("https://x/wp-json/") get the route appended to the path; plain ones
// ("https://x/?rest_route=/") get it appended to the rest_route parameter,
// and further parameters are joined with & rather than a second ?.
func RouteURL(root, route string, q url.Values) (string, error) {
	u, err := url.Parse(root)
	if err != nil {
		return "", fmt.Errorf("api root %q: %w", root, err)
	}
	route = strings.TrimPrefix(route, "/")
	query := u.Query()
	if rr, ok := query["rest_route"]; ok {
		base := "/"
		if len(rr) > 0 && rr[0] != "" {
			base = rr[0]
		}
		query.Set("rest_route", strings.TrimSuffix(base, "/")+"/"+route)
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/" + route
		u.RawPath = ""
	}
	for k, vs := range q {
		for _, v := range vs {
			query.Add(k, v)
		}
	}
	u.RawQuery = encodeQuery(query)
	return u.String(), nil
}

// encodeQuery is url.Values.Encode keeping "/" and "," readable, as
// WordPress itself writes them in its links.
func encodeQuery(q url.Values) string {
	s := q.Encode()
	return strings.NewReplacer("%2F", "/", "%2C", ",").Replace(s)
}
