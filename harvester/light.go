package harvester

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
)

// Fields of the light listings: about fifty times lighter than full posts.
const (
	// stampFields is what the sync fallback lists.
	stampFields = "id,guid,modified_gmt"
	// idFields is what a reconcile lists.
	idFields = "id"
)

// postType is the type of the items of the wp/v2/posts route, under which
// the store keeps their ids.
const postType = "post"

// lightItem is one item of a light listing.
type lightItem struct {
	ID          int64     `json:"id"`
	Type        string    `json:"type"`
	GUID        *rendered `json:"guid"`
	ModifiedGMT *string   `json:"modified_gmt"`
}

// lightPage turns a 200 answer to a light listing into a Page of stamps;
// retry says whether another attempt may succeed (see tryPage).
func lightPage(resp *Response, number int, typ string) (page Page, err error, retry bool) {
	stamps, err := decodeStampsOf(resp.Body, typ)
	if err != nil {
		var apiErr *APIError
		return Page{}, err, !errors.As(err, &apiErr)
	}
	page = Page{Number: number, Stamps: stamps, Total: headerInt(resp.Header, "X-WP-Total"), TotalPages: headerInt(resp.Header, "X-WP-TotalPages")}
	page.End = len(stamps) == 0
	return page, nil, false
}

// decodeStamps decodes a light listing of posts: a JSON array of objects
// with an id and, when asked for, guid and modified_gmt.
func decodeStamps(body []byte) ([]Stamp, error) { return decodeStampsOf(body, postType) }

// decodeStampsOf decodes a light listing whose items, when they do not say
// their type, are of type typ.
func decodeStampsOf(body []byte, typ string) ([]Stamp, error) {
	if err := expectJSONArray(body); err != nil {
		return nil, err
	}
	var items []lightItem
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("invalid JSON (truncated answer?): %w", err)
	}
	stamps := make([]Stamp, 0, len(items))
	for i, it := range items {
		if it.ID <= 0 {
			return nil, fmt.Errorf("item %d of the listing has no id", i+1)
		}
		st := Stamp{Type: cmp.Or(it.Type, typ), ID: it.ID}
		if it.GUID != nil {
			st.GUID = strings.TrimSpace(html.UnescapeString(it.GUID.Rendered))
		}
		if it.ModifiedGMT != nil && *it.ModifiedGMT != "" && !strings.HasPrefix(*it.ModifiedGMT, "0000-00-00") {
			t, err := ParseGMT(*it.ModifiedGMT)
			if err != nil {
				return nil, fmt.Errorf("post %d: modified_gmt: %w", it.ID, err)
			}
			st.ModifiedGMT = t
		}
		stamps = append(stamps, st)
	}
	return stamps, nil
}

// lightQuery returns the query of one page of a light listing.
func lightQuery(page, perPage int, fields, orderBy, order string) PageQuery {
	return PageQuery{Page: page, PerPage: perPage, OrderBy: orderBy, Order: order, Light: true,
		Extra: url.Values{"_fields": {fields}}}
}

// includeQuery returns the query that fetches the posts ids in one request
// (at most 100 ids), in the order given: full records, or stamps of fields
// when fields is not "".
func includeQuery(ids []int64, fields string) PageQuery {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	q := PageQuery{Page: 1, PerPage: max(len(ids), 1), OrderBy: "include", Order: "asc",
		Extra: url.Values{"include": {strings.Join(parts, ",")}}}
	if fields != "" {
		q.Light = true
		q.Extra.Set("_fields", fields)
	}
	return q
}

// batches splits ids into consecutive batches of at most n.
func batches(ids []int64, n int) [][]int64 {
	n = max(n, 1)
	var out [][]int64
	for len(ids) > 0 {
		k := min(n, len(ids))
		out = append(out, ids[:k:k])
		ids = ids[k:]
	}
	return out
}
