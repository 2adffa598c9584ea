package harvester

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// PostKind is one post type of a site as the REST API exposes it.
type PostKind struct {
	// Slug is the type's name, the "type" field of its items (post, page,
	// book); records and the ids bucket are keyed by it.
	Slug string `json:"slug"`
	// RestBase is the route segment of its listing (posts, pages, books).
	RestBase string `json:"rest_base"`
	// Namespace is its REST namespace; WordPress before 5.9 does not say,
	// which means wp/v2.
	Namespace string `json:"rest_namespace"`
	// Taxonomies are the taxonomies the type uses (category, post_tag...).
	Taxonomies []string `json:"taxonomies"`
}

// Route returns the listing route of the type, e.g. "wp/v2/pages".
func (k PostKind) Route() string {
	return strings.Trim(cmp.Or(k.Namespace, "wp/v2"), "/") + "/" + k.RestBase
}

// stateKey is the key of the type in SiteState.Types; "" for post, which
// keeps SiteState's own fields.
func (k PostKind) stateKey() string {
	if k.Slug == postType {
		return ""
	}
	return k.Slug
}

// postsKind is the default type: posts.
var postsKind = PostKind{Slug: postType, RestBase: "posts", Namespace: "wp/v2", Taxonomies: []string{"category", "post_tag"}}

// builtinKinds are the types known without asking the site.
var builtinKinds = []PostKind{
	postsKind,
	{Slug: "page", RestBase: "pages", Namespace: "wp/v2"},
}

// notContent are the types `types: all` leaves out: media, the block
// editor's building blocks, and menu items (site chrome, which WordPress
// answers with 401 rest_cannot_view to anonymous clients: found against
// real WordPress 6.1).
var notContent = []string{"attachment", "nav_menu_item", "wp_block", "wp_template", "wp_template_part", "wp_navigation", "wp_global_styles"}

// isContent reports whether a type slug holds content worth archiving.
func isContent(slug string) bool {
	return !slices.Contains(notContent, slug) && !strings.HasPrefix(slug, "wp_font_")
}

// onlyPosts reports whether types is the default, posts alone.
func onlyPosts(types []string) bool {
	return len(types) == 0 || (len(types) == 1 && (types[0] == "posts" || types[0] == "post"))
}

// kindFor finds a configured name (a rest base such as "pages" or a slug
// such as "page") among kinds.
func kindFor(kinds []PostKind, name string) (PostKind, bool) {
	for _, k := range kinds {
		if k.RestBase == name || k.Slug == name {
			return k, true
		}
	}
	return PostKind{}, false
}

// resolveKinds turns the configured type names into kinds, asking the
// site's /wp/v2/types only when a name is not built in or is "all".
func (r *siteRun) resolveKinds(names []string) ([]PostKind, error) {
	var listed []PostKind
	needList := false
	for _, n := range names {
		if _, ok := kindFor(builtinKinds, n); !ok || n == "all" {
			needList = true
		}
	}
	if needList {
		var err error
		if listed, err = r.listKinds(); err != nil {
			return nil, err
		}
	}
	var out []PostKind
	add := func(k PostKind) {
		if !slices.ContainsFunc(out, func(o PostKind) bool { return o.Slug == k.Slug }) {
			out = append(out, k)
		}
	}
	for _, n := range names {
		if n == "all" {
			for _, k := range listed {
				if isContent(k.Slug) && k.RestBase != "" {
					add(k)
				}
			}
			continue
		}
		k, ok := kindFor(listed, n)
		if !ok {
			if k, ok = kindFor(builtinKinds, n); !ok {
				return nil, fmt.Errorf("type %q: the site's REST API lists no such post type", n)
			}
		}
		add(k)
	}
	return out, nil
}

// listKinds fetches /wp/v2/types: every post type the REST API exposes,
// post first, then in slug order.
func (r *siteRun) listKinds() ([]PostKind, error) {
	var m map[string]PostKind
	if err := r.getJSON("wp/v2/types", nil, &m); err != nil {
		return nil, fmt.Errorf("list post types: %w", err)
	}
	out := make([]PostKind, 0, len(m))
	for slug, k := range m {
		if k.Slug == "" {
			k.Slug = slug
		}
		if k.RestBase == "" {
			continue // not exposed
		}
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b PostKind) int {
		switch {
		case a.Slug == postType:
			return -1
		case b.Slug == postType:
			return 1
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	return out, nil
}

// getJSON fetches one REST route and decodes its JSON answer into v. A
// WordPress error answer is returned as an *APIError.
func (r *siteRun) getJSON(route string, q map[string][]string, v any) error {
	u, err := RouteURL(r.root, route, q)
	if err != nil {
		return err
	}
	resp, err := r.client.Get(u)
	if err != nil {
		return err
	}
	if resp.Status != http.StatusOK {
		if apiErr := parseAPIError(resp.Status, resp.Body); apiErr != nil {
			return apiErr
		}
		return &APIError{Status: resp.Status, Message: snippet(resp.Body)}
	}
	b := strings.TrimSpace(string(resp.Body[:min(len(resp.Body), 1)]))
	if b == "<" {
		return ErrNotJSON
	}
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return fmt.Errorf("decode %s: %w", route, err)
	}
	return nil
}
