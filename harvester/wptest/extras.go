package wptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The routes beyond posts: other post types (pages and a custom type,
// "book"), their discovery (/wp/v2/types), terms, taxonomies, users and
// media. Their content is small and fixed (see Options.Pages, Options.Books
// and Options.BlockUsers); they are served with encoding/json, simply.

// Item ids of the other types start far above the generated posts' ids:
// WordPress numbers every type from one sequence.
const (
	pageIDBase = 1_000_000
	bookIDBase = 2_000_000
)

// termDef is a term of the look-alike: categories 1..8 (the pool of the
// generated posts, Culture nested under Local and named with an
// ampersand, the way WordPress stores it), tags 20.. and genres 90...
type termDef struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Slug   string `json:"slug"`
	Parent int64  `json:"parent"`
}

func (s *Site) terms(taxonomy string) []termDef {
	var out []termDef
	switch taxonomy {
	case "categories":
		for i, c := range categories {
			t := termDef{ID: int64(i + 1), Name: c.name, Slug: c.slug}
			if c.slug == "culture" {
				t.Name, t.Parent = "Arts &amp; Culture", 2
			}
			out = append(out, t)
		}
	case "tags":
		for i, sl := range tagSlugs {
			out = append(out, termDef{ID: int64(20 + i), Name: strings.ToUpper(sl[:1]) + sl[1:], Slug: sl})
		}
	case "genres":
		if s.opts.Books > 0 {
			out = []termDef{{ID: 90, Name: "Fiction", Slug: "fiction"}, {ID: 91, Name: "Crime &amp; Mystery", Slug: "crime", Parent: 90}}
		}
	}
	return out
}

// userName is the display name of author id (1..5).
func userName(id int64) string { return "Author " + strconv.FormatInt(id, 10) }

// serveExtra answers the routes beyond posts; it reports false for a route
// it does not know.
func (s *Site) serveExtra(w *countingWriter, r *http.Request, rc *renderCtx, route string, q url.Values) bool {
	switch route {
	case "/wp/v2/types":
		s.writeValue(w, r, rc, s.typesObject(rc))
	case "/wp/v2/taxonomies":
		s.writeValue(w, r, rc, s.taxonomiesObject())
	case "/wp/v2/categories", "/wp/v2/tags", "/wp/v2/genres":
		if route == "/wp/v2/genres" && s.opts.Books == 0 {
			return false
		}
		list := s.terms(strings.TrimPrefix(route, "/wp/v2/"))
		items := make([]map[string]any, len(list))
		for i, t := range list {
			items[i] = map[string]any{"id": t.ID, "name": t.Name, "slug": t.Slug, "parent": t.Parent, "count": 1}
		}
		s.serveItems(w, r, rc, q, items)
	case "/wp/v2/users":
		if s.opts.BlockUsers {
			s.writeError(w, r, rc, wpError{401, "rest_user_cannot_view", "Sorry, you are not allowed to list users."})
			return true
		}
		var items []map[string]any
		for id := int64(1); id <= 5; id++ {
			items = append(items, userObject(id))
		}
		s.serveItems(w, r, rc, q, items)
	case "/wp/v2/media":
		var items []map[string]any
		for _, p := range strings.Split(q.Get("include"), ",") {
			if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 && id%10 == 1 {
				items = append(items, mediaObject(rc, id))
			}
		}
		s.serveItems(w, r, rc, q, items)
	case "/wp/v2/pages":
		s.serveItems(w, r, rc, q, s.typeItems(rc, "page", s.opts.Pages))
	case "/wp/v2/books":
		if s.opts.Books == 0 {
			return false
		}
		s.serveItems(w, r, rc, q, s.typeItems(rc, "book", s.opts.Books))
	default:
		rest, ok := strings.CutPrefix(route, "/wp/v2/media/")
		if !ok {
			return false
		}
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id <= 0 || id%10 != 1 {
			s.writeError(w, r, rc, wpError{404, "rest_post_invalid_id", "Invalid post ID."})
			return true
		}
		s.writeValue(w, r, rc, mediaObject(rc, id))
	}
	return true
}

func userObject(id int64) map[string]any {
	return map[string]any{"id": id, "name": userName(id), "slug": "author-" + strconv.FormatInt(id, 10)}
}

func mediaObject(rc *renderCtx, id int64) map[string]any {
	return map[string]any{
		"id": id, "type": "attachment", "media_type": "image",
		"source_url": rc.root + "/wp-content/uploads/img-" + strconv.FormatInt(id, 10) + ".jpg",
		"alt_text":   "Picture " + strconv.FormatInt(id, 10) + " &amp; more",
	}
}

// typesObject is /wp/v2/types: post, page, attachment, the editor's types
// and, with Books, the custom type book.
func (s *Site) typesObject(rc *renderCtx) map[string]any {
	def := func(slug, base string, tax ...string) map[string]any {
		return map[string]any{"slug": slug, "name": strings.ToUpper(slug[:1]) + slug[1:], "rest_base": base, "rest_namespace": "wp/v2", "taxonomies": append([]string{}, tax...)}
	}
	m := map[string]any{
		"post":         def("post", "posts", "category", "post_tag"),
		"page":         def("page", "pages"),
		"attachment":   def("attachment", "media"),
		"wp_block":     def("wp_block", "blocks"),
		"wp_template":  def("wp_template", "templates"),
		"wp_font_face": def("wp_font_face", "font-families/(?P<font_family_id>[\\d]+)/font-faces"),
	}
	if s.opts.Books > 0 {
		m["book"] = def("book", "books", "genre")
	}
	return m
}

func (s *Site) taxonomiesObject() map[string]any {
	def := func(slug, base string, hier bool, types ...string) map[string]any {
		return map[string]any{"slug": slug, "name": slug, "rest_base": base, "rest_namespace": "wp/v2", "hierarchical": hier, "types": types}
	}
	m := map[string]any{
		"category": def("category", "categories", true, "post"),
		"post_tag": def("post_tag", "tags", false, "post"),
	}
	if s.opts.Books > 0 {
		m["genre"] = def("genre", "genres", true, "book")
	}
	return m
}

// typeItems generates n items of a type other than post.
func (s *Site) typeItems(rc *renderCtx, typ string, n int) []map[string]any {
	base := int64(pageIDBase)
	if typ == "book" {
		base = bookIDBase
	}
	start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	out := make([]map[string]any, 0, n)
	for i := 1; i <= n; i++ {
		id := base + int64(i)
		d := start.Add(time.Duration(i) * 24 * time.Hour).Format("2006-01-02T15:04:05")
		slug := typ + "-" + strconv.Itoa(i)
		it := map[string]any{
			"id": id, "date": d, "date_gmt": d, "modified": d, "modified_gmt": d,
			"guid": map[string]any{"rendered": rc.root + "/?" + map[bool]string{true: "page_id", false: "p"}[typ == "page"] + "=" + strconv.FormatInt(id, 10)},
			"slug": slug, "status": "publish", "type": typ, "link": rc.root + "/" + slug + "/",
			"title":   map[string]any{"rendered": strings.ToUpper(typ[:1]) + typ[1:] + " " + strconv.Itoa(i) + " &#8211; about"},
			"content": map[string]any{"rendered": "<p>Body of " + slug + ".</p>\n", "protected": false},
			"excerpt": map[string]any{"rendered": "<p>Body of " + slug + ".</p>\n", "protected": false},
			"author":  int64(1 + i%5), "featured_media": int64(0),
		}
		switch typ {
		case "page":
			it["parent"], it["menu_order"] = int64(0), i
		case "book":
			it["genres"] = []int64{90 + int64(i%2)} // the field is the taxonomy's rest base
		}
		out = append(out, it)
	}
	return out
}

// serveItems answers a listing of items: include, modified_after, orderby
// (id, include, modified, date, name), order, page, per_page, _fields,
// _embed=author, and the paging headers.
func (s *Site) serveItems(w *countingWriter, r *http.Request, rc *renderCtx, q url.Values, items []map[string]any) {
	if inc := q.Get("include"); inc != "" {
		var keep []map[string]any
		for _, p := range strings.Split(inc, ",") {
			id, _ := strconv.ParseInt(p, 10, 64)
			for _, it := range items {
				if it["id"] == id {
					keep = append(keep, it)
				}
			}
		}
		items = keep
	}
	if ma := q.Get("modified_after"); ma != "" && !s.opts.IgnoreModifiedAfter {
		after, err := time.Parse(time.RFC3339, ma)
		if err != nil {
			s.writeError(w, r, rc, wpError{400, "rest_invalid_param", "Invalid parameter(s): modified_after"})
			return
		}
		items = slices.DeleteFunc(slices.Clone(items), func(it map[string]any) bool {
			m, ok := it["modified_gmt"].(string)
			t, _ := time.Parse("2006-01-02T15:04:05", m)
			return ok && !t.After(after.UTC())
		})
	}
	orderBy := q.Get("orderby")
	if orderBy != "include" {
		key := map[string]string{"modified": "modified_gmt", "date": "date_gmt", "name": "name"}[orderBy]
		slices.SortStableFunc(items, func(a, b map[string]any) int {
			if key != "" {
				if c := strings.Compare(str(a[key]), str(b[key])); c != 0 {
					return c
				}
			}
			return int(a["id"].(int64) - b["id"].(int64))
		})
		if q.Get("order") == "desc" {
			slices.Reverse(items)
		}
	}
	perPage, page := 10, 1
	if v, err := strconv.Atoi(q.Get("per_page")); err == nil {
		if v < 1 || v > 100 {
			s.writeError(w, r, rc, wpError{400, "rest_invalid_param", "Invalid parameter(s): per_page"})
			return
		}
		perPage = v
	}
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 0 {
		page = v
	}
	total := len(items)
	pages := (total + perPage - 1) / perPage
	if page > pages && total > 0 {
		s.writeError(w, r, rc, errPastEnd)
		return
	}
	lo, hi := min((page-1)*perPage, total), min(page*perPage, total)
	var fields []string
	if f := q.Get("_fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	out := make([]map[string]any, 0, hi-lo)
	for _, it := range items[lo:hi] {
		o := it
		if embedAuthor(q) {
			o = cloneMap(it)
			if a, ok := it["author"].(int64); ok {
				o["_embedded"] = map[string]any{"author": []any{s.embeddedAuthor(a)}}
			}
		}
		if fields != nil {
			f := map[string]any{}
			for _, k := range fields {
				if v, ok := o[k]; ok {
					f[k] = v
				}
			}
			o = f
		}
		out = append(out, o)
	}
	if !s.opts.NoPagingHeaders {
		w.Header().Set("X-WP-Total", strconv.Itoa(total))
		w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	}
	s.writeValue(w, r, rc, out)
}

// embeddedAuthor is what _embed=author puts in _embedded.author. Security
// plugins that block the users listing for visitors usually let the
// embedded author through, as here.
func (s *Site) embeddedAuthor(id int64) any { return userObject(id) }

func embedAuthor(q url.Values) bool {
	for _, v := range q["_embed"] {
		if v == "" || v == "1" || v == "true" || slices.Contains(strings.Split(v, ","), "author") {
			return true
		}
	}
	return false
}

// embedList adds _embedded.author to every post of a rendered listing when
// the query asks for _embed=author.
func (s *Site) embedList(b []byte, q url.Values) []byte {
	if !embedAuthor(q) {
		return b
	}
	var items []json.RawMessage
	if json.Unmarshal(b, &items) != nil {
		return b
	}
	out := append([]byte(nil), '[')
	for i, it := range items {
		if i > 0 {
			out = append(out, ',')
		}
		var a struct {
			Author *int64 `json:"author"`
		}
		_ = json.Unmarshal(it, &a)
		if a.Author == nil || len(it) < 2 {
			out = append(out, it...)
			continue
		}
		emb, _ := json.Marshal(map[string]any{"author": []any{s.embeddedAuthor(*a.Author)}})
		out = append(out, it[:len(it)-1]...)
		if len(it) > 2 {
			out = append(out, ',')
		}
		out = append(out, `"_embedded":`...)
		out = append(out, emb...)
		out = append(out, '}')
	}
	return append(out, ']')
}

func (s *Site) writeValue(w *countingWriter, r *http.Request, rc *renderCtx, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.writeError(w, r, rc, wpError{500, "internal", err.Error()})
		return
	}
	if r.Method == http.MethodHead {
		b = nil
	}
	s.writeJSON(w, r, rc, http.StatusOK, b)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}
