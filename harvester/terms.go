package harvester

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester/htmltext"
)

// seenRefs collects the author and featured media ids of the posts a run
// stored, with one post of each author to ask _embed=author about, and
// what the run's names refresh found.
type seenRefs struct {
	mu      sync.Mutex
	authors map[int64]postRef
	media   map[int64]bool
	// terms are the category and tag ids of the stored posts, by taxonomy.
	terms map[string][]int64
	// usersBlocked is set when the run found the users listing blocked.
	usersBlocked bool
}

// postRef is one post and the route of its type.
type postRef struct {
	route string
	id    int64
}

func newSeenRefs() *seenRefs {
	return &seenRefs{authors: map[int64]postRef{}, media: map[int64]bool{}, terms: map[string][]int64{}}
}

// adder returns the function that records the references of stored posts
// of kind k.
func (s *seenRefs) adder(k PostKind) func([]Post) {
	route := k.Route()
	return func(posts []Post) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, p := range posts {
			if _, ok := s.authors[p.Author]; p.Author > 0 && !ok {
				s.authors[p.Author] = postRef{route: route, id: p.ID}
			}
			if m := featuredMediaID(p.Raw); m > 0 {
				s.media[m] = true
			}
			s.terms["category"] = append(s.terms["category"], p.Categories...)
			s.terms["post_tag"] = append(s.terms["post_tag"], p.Tags...)
		}
	}
}

// featuredMediaID finds the featured_media id of a post object. The first
// `"featured_media":` with an unescaped quote is the top-level field: in a
// string value a quote is always escaped, and WordPress writes the field
// before _links and _embedded.
func featuredMediaID(raw []byte) int64 {
	const f = `"featured_media":`
	i := bytes.Index(raw, []byte(f))
	if i < 0 {
		return 0
	}
	rest := bytes.TrimLeft(raw[i+len(f):], " ")
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	id, _ := strconv.ParseInt(string(rest[:n]), 10, 64)
	return id
}

// builtinTaxonomies are the taxonomies of posts, known without asking.
var builtinTaxonomies = []Taxonomy{
	{Slug: "category", RestBase: "categories", Namespace: "wp/v2", Types: []string{postType}},
	{Slug: "post_tag", RestBase: "tags", Namespace: "wp/v2", Types: []string{postType}},
}

// refreshTerms harvests the names behind the ids of a site's posts: the
// terms of every taxonomy the harvested types use (one listing each, all
// pages), the users, and the featured media of the posts stored in this
// run. When the users listing is blocked (401/403, as security plugins do)
// the names of the authors seen in this run come from _embed=author, with
// one warning. Names are secondary: a listing that fails is a warning; only
// a store error is returned.
func (h *Harvester) refreshTerms(ctx context.Context, site config.Site, kinds []PostKind, seen *seenRefs, parts namesPart) (res Result) {
	res.Site = site.Name
	ts, ok := h.Store.(TermStore)
	if !ok {
		return res
	}
	client, err := NewClient(ctx, site, h.Fetch)
	if err != nil {
		res.Err = err
		return res
	}
	defer func() { res.Requests, res.Bytes = client.Requests(), client.Bytes() }()
	r := &siteRun{ctx: ctx, h: h, site: site, client: client, log: h.Logger.With().Str("site", site.Name).Logger()}
	st, err := h.Store.SiteState(site.Name)
	if err != nil {
		res.Err = fmt.Errorf("load state: %w", err)
		return res
	}
	if r.root, err = h.apiRoot(r); err != nil {
		res.Err = err
		return res
	}
	t := &termsRun{siteRun: r, seen: seen, ts: ts, perPage: syncPerPage(site, st)}
	res.Err = t.run(kinds, seen, parts)
	return res
}

// namesPart selects what a names refresh does.
type namesPart int

const (
	// namesList lists the terms and the users.
	namesList namesPart = 1 << iota
	// namesRefs names what the run's posts refer to: authors by
	// _embed=author when the users listing is blocked, featured media.
	namesRefs
)

// termsRun is one refresh of a site's names.
type termsRun struct {
	*siteRun
	seen    *seenRefs
	ts      TermStore
	perPage int // what the site accepts, up to 100
}

func (t *termsRun) run(kinds []PostKind, seen *seenRefs, parts namesPart) error {
	if parts&namesList != 0 {
		if err := t.listNames(kinds); err != nil {
			return err
		}
	}
	if parts&namesRefs == 0 {
		return nil
	}
	if seen.usersBlocked {
		if err := t.embeddedAuthors(seen); err != nil {
			return err
		}
	}
	if !t.h.FeaturedMedia && !t.site.FeaturedMedia {
		return nil
	}
	return t.media(seen)
}

// listNames lists the terms of the types' taxonomies and the users.
func (t *termsRun) listNames(kinds []PostKind) error {
	for _, tax := range t.taxonomies(kinds) {
		terms, err := t.listTerms(tax)
		if err != nil {
			if t.ctx.Err() != nil {
				return err
			}
			t.log.Warn().Err(err).Str("taxonomy", tax.Slug).Msg("could not list terms: ids only")
			continue
		}
		if err := t.ts.SaveTerms(t.site.Name, tax, terms); err != nil {
			return err
		}
	}
	return t.users()
}

// taxonomies returns the taxonomies the harvested types use.
func (t *termsRun) taxonomies(kinds []PostKind) []Taxonomy {
	if len(kinds) == 1 && kinds[0].Slug == postType {
		return builtinTaxonomies
	}
	var m map[string]Taxonomy
	if err := t.getJSON("wp/v2/taxonomies", nil, &m); err != nil {
		t.log.Warn().Err(err).Msg("could not list taxonomies: categories and tags only")
		return builtinTaxonomies
	}
	var out []Taxonomy
	for slug, tax := range m {
		tax.Slug = cmp.Or(tax.Slug, slug)
		uses := slices.ContainsFunc(kinds, func(k PostKind) bool { return slices.Contains(tax.Types, k.Slug) })
		if tax.RestBase != "" && uses {
			out = append(out, tax)
		}
	}
	slices.SortFunc(out, func(a, b Taxonomy) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

// listTerms lists every term of a taxonomy, 100 at a time.
func (t *termsRun) listTerms(tax Taxonomy) ([]Term, error) {
	route := strings.Trim(cmp.Or(tax.Namespace, "wp/v2"), "/") + "/" + tax.RestBase
	var out []Term
	err := eachPage(t, route, url.Values{"_fields": {"id,name,slug,parent"}}, func(items *[]Term) {
		for _, it := range *items {
			it.Name = htmltext.Inline(it.Name)
			out = append(out, it)
		}
	})
	return out, err
}

// eachPage fetches every page of a listing, per_page items at a time, decoding
// each into a fresh *[]T handed to fn, until a short page or the end.
func eachPage[T any](t *termsRun, route string, extra url.Values, fn func(*[]T)) error {
	for page := 1; ; page++ {
		q := url.Values{"per_page": {strconv.Itoa(t.perPage)}, "page": {strconv.Itoa(page)}, "orderby": {"id"}, "order": {"asc"}}
		for k, v := range extra {
			q[k] = v
		}
		var items []T
		err := t.getJSON(route, q, &items)
		var apiErr *APIError
		switch {
		case errors.As(err, &apiErr) && apiErr.Code == "rest_post_invalid_page_number" && page > 1:
			return nil
		case err != nil:
			return fmt.Errorf("%s page %d: %w", route, page, err)
		}
		fn(&items)
		if len(items) < t.perPage {
			return nil
		}
	}
}

// users refreshes the site's users. When the site blocks the users listing
// it warns, once, and remembers it for the run: the authors of the run's
// posts are then named from _embed=author (embeddedAuthors).
func (t *termsRun) users() error {
	var users []User
	err := eachPage(t, "wp/v2/users", url.Values{"_fields": {"id,name,slug"}}, func(items *[]User) {
		for _, u := range *items {
			u.Name = htmltext.Inline(u.Name)
			users = append(users, u)
		}
	})
	var apiErr *APIError
	switch {
	case err == nil:
		return t.ts.SaveUsers(t.site.Name, users, true)
	case t.ctx.Err() != nil:
		return err
	case errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden):
		t.log.Warn().Int("status", apiErr.Status).Msg("the site blocks its users listing: author names from _embed=author")
	default:
		t.log.Warn().Err(err).Msg("could not list users: author names from _embed=author")
	}
	t.seen.usersBlocked = true
	return nil
}

// embeddedAuthors names the authors seen in this run that the store has no
// name for, asking for one of their posts with _embed=author.
func (t *termsRun) embeddedAuthors(seen *seenRefs) error {
	seen.mu.Lock()
	ids := make([]int64, 0, len(seen.authors))
	for id := range seen.authors {
		ids = append(ids, id)
	}
	refs := maps.Clone(seen.authors)
	seen.mu.Unlock()
	known, _, err := t.ts.KnownRefs(t.site.Name, ids, nil)
	if err != nil {
		return err
	}
	byRoute := map[string][]int64{}
	for _, id := range ids {
		if !known[id] {
			byRoute[refs[id].route] = append(byRoute[refs[id].route], refs[id].id)
		}
	}
	var users []User
	for route, posts := range byRoute {
		slices.Sort(posts)
		for _, batch := range batches(posts, t.perPage) {
			var items []struct {
				Embedded struct {
					Author []User `json:"author"`
				} `json:"_embedded"`
			}
			q := includeQuery(batch, "").values()
			q.Set("_embed", "author")
			q.Set("_fields", "id,author,_links,_embedded")
			if err := t.getJSON(route, q, &items); err != nil {
				if t.ctx.Err() != nil {
					return err
				}
				t.log.Debug().Err(err).Msg("no embedded authors: ids only")
				break
			}
			for _, it := range items {
				for _, u := range it.Embedded.Author {
					if u.ID > 0 && u.Name != "" { // an embedded error has neither
						u.Name = htmltext.Inline(u.Name)
						users = append(users, u)
					}
				}
			}
		}
	}
	if len(users) == 0 {
		return nil
	}
	return t.ts.SaveUsers(t.site.Name, users, false)
}

// media fetches the URL and alt text of the featured images of this run's
// posts that the store does not have yet.
func (t *termsRun) media(seen *seenRefs) error {
	seen.mu.Lock()
	ids := make([]int64, 0, len(seen.media))
	for id := range seen.media {
		ids = append(ids, id)
	}
	seen.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	_, known, err := t.ts.KnownRefs(t.site.Name, nil, ids)
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool { return known[id] })
	slices.Sort(ids)
	var media []Media
	for _, batch := range batches(ids, t.perPage) {
		var items []struct {
			ID        int64  `json:"id"`
			SourceURL string `json:"source_url"`
			AltText   string `json:"alt_text"`
		}
		q := includeQuery(batch, "id,source_url,alt_text").values()
		if err := t.getJSON("wp/v2/media", q, &items); err != nil {
			if t.ctx.Err() != nil {
				return err
			}
			t.log.Warn().Err(err).Msg("could not list featured media: ids only")
			break
		}
		for _, it := range items {
			media = append(media, Media{ID: it.ID, URL: it.SourceURL, Alt: htmltext.Inline(it.AltText)})
		}
	}
	if len(media) == 0 {
		return nil
	}
	return t.ts.SaveMedia(t.site.Name, media)
}

// unknownNames reports whether the posts a run stored refer to a category,
// tag or author the archive has no name for: only then does a sync list
// the site's terms and users again (a reconcile always does).
func (h *Harvester) unknownNames(site string, seen *seenRefs) bool {
	ts, ok := h.Store.(TermStore)
	if !ok {
		return false
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	authors := make([]int64, 0, len(seen.authors))
	for id := range seen.authors {
		authors = append(authors, id)
	}
	known, _, err := ts.KnownRefs(site, authors, nil)
	if err != nil || len(known) < len(authors) {
		return true
	}
	n, err := ts.UnknownTerms(site, seen.terms)
	return err != nil || n > 0
}
