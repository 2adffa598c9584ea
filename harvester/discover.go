package harvester

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// apiRel is the link relation WordPress uses to advertise its REST root.
const apiRel = "https://api.w.org/"

// Discover finds the REST API root of the site at siteURL, in the order
// WordPress documents: the Link header (HEAD, then GET of the home page),
// the <link rel="https://api.w.org/"> element of the home page, a probe of
// /wp-json/, then a probe of /?rest_route=/ for plain-permalink sites.
func Discover(c *Client, siteURL string) (string, error) {
	base, err := url.Parse(siteURL)
	if err != nil {
		return "", fmt.Errorf("discover %s: %w", siteURL, err)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	home := base.String()
	var tried []string

	resp, err := c.Head(home)
	if err != nil {
		// A site we cannot reach at all is not worth probing further.
		return "", fmt.Errorf("discover %s: %w", home, err)
	}
	if resp.Status < 400 {
		if root := linkHeaderRoot(resp.Header, base); root != "" {
			return root, nil
		}
	}
	tried = append(tried, "Link header")
	if resp, err := c.Get(home); err == nil && resp.Status < 400 {
		if root := linkHeaderRoot(resp.Header, base); root != "" {
			return root, nil
		}
		if root := htmlLinkRoot(resp.Body, base); root != "" {
			return root, nil
		}
	} else if err != nil {
		return "", fmt.Errorf("discover %s: %w", home, err)
	}
	tried = append(tried, "<link rel=https://api.w.org/>")

	for _, probe := range []string{"wp-json/", "?rest_route=/"} {
		ref, _ := url.Parse(probe)
		root := base.ResolveReference(ref).String()
		tried = append(tried, root)
		resp, err := c.Get(root)
		if err != nil {
			return "", fmt.Errorf("discover %s: %w", root, err)
		}
		if resp.Status == http.StatusOK && isAPIIndex(resp.Body) {
			return root, nil
		}
	}
	return "", fmt.Errorf("discover %s: %w (tried %s)", home, ErrNoAPI, strings.Join(tried, ", "))
}

// linkHeaderRoot finds the REST root in Link headers such as
// `<https://x/wp-json/>; rel="https://api.w.org/"`.
func linkHeaderRoot(h http.Header, base *url.URL) string {
	for _, line := range h.Values("Link") {
		for _, part := range strings.Split(line, ",") {
			start, end := strings.Index(part, "<"), strings.Index(part, ">")
			if start < 0 || end < start {
				continue
			}
			params := part[end+1:]
			if !strings.Contains(params, `rel="`+apiRel+`"`) && !strings.Contains(params, "rel="+apiRel) {
				continue
			}
			if root := resolve(base, strings.TrimSpace(part[start+1:end])); root != "" {
				return root
			}
		}
	}
	return ""
}

// htmlLinkRoot finds <link rel="https://api.w.org/" href="…"> in a page.
func htmlLinkRoot(body []byte, base *url.URL) string {
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "link" || !hasAttr {
				continue
			}
			var rel, href string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "rel":
					rel = string(v)
				case "href":
					href = string(v)
				}
				if !more {
					break
				}
			}
			if rel == apiRel && href != "" {
				return resolve(base, href)
			}
		}
	}
}

func resolve(base *url.URL, ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	return base.ResolveReference(u).String()
}

// isAPIIndex reports whether body is a WordPress REST index: a JSON object
// listing namespaces or routes.
func isAPIIndex(body []byte) bool {
	var idx struct {
		Namespaces []string        `json:"namespaces"`
		Routes     json.RawMessage `json:"routes"`
	}
	if json.Unmarshal(body, &idx) != nil {
		return false
	}
	for _, ns := range idx.Namespaces {
		if ns == "wp/v2" {
			return true
		}
	}
	return len(idx.Routes) > 0
}
