package wptest

import "time"

// Options configure a look-alike site. The zero value is a small UTC site
// with pretty permalinks, full discovery and paging headers.
type Options struct {
	// Posts is the number of generated posts; their ids are exactly 1..Posts.
	Posts int
	// Seed makes the generated dates and content deterministic.
	Seed int64
	// Name is the site title; default "Look-alike News".
	Name string
	// BasePath serves the site under a sub-path such as "/news" (no
	// trailing slash); default "" (the host root).
	BasePath string
	// PlainPermalinks makes only /?rest_route=/... work: /wp-json/ answers
	// 404 with an HTML page and discovery points at ROOT/?rest_route=/.
	PlainPermalinks bool
	// PerPageCap, when above zero, lowers the per_page maximum: larger
	// values answer 400 rest_invalid_param like a hardened site.
	PerPageCap int
	// NoPagingHeaders omits X-WP-Total and X-WP-TotalPages.
	NoPagingHeaders bool
	// NoLinkHeader omits the Link rel="https://api.w.org/" header
	// everywhere; discovery works only through the home page's <link>.
	NoLinkHeader bool
	// NoDiscovery omits both the header and the <link> element: clients
	// must probe /wp-json/ and then /?rest_route=/.
	NoDiscovery bool
	// Timezone is the site timezone (default UTC). The date and modified
	// fields are site-local wall times; date_gmt and modified_gmt are UTC.
	Timezone *time.Location
	// IgnoreModifiedAfter behaves like WordPress before 5.7, which ignores
	// modified_after and modified_before.
	IgnoreModifiedAfter bool
	// BasicAuth, when set, makes every REST request without these Basic
	// credentials answer 401 (the home page and robots.txt stay public).
	BasicAuth *Credentials
	// Latency is added to every answer.
	Latency time.Duration
	// SlowDelay is how long FaultSlow sleeps; default 5s.
	SlowDelay time.Duration
	// RetryAfter is the Retry-After value of Fault429 and Fault503;
	// default "1".
	RetryAfter string
	// DuplicateGUIDs makes a few posts share the GUID of the post before
	// them, as happens on real sites: posts 3, 53, 103, ... reuse the GUID
	// of posts 2, 52, 102, ...
	DuplicateGUIDs bool
	// Pages is the number of pages (ids from 1000001) served at
	// /wp/v2/pages; none by default, an empty listing.
	Pages int
	// Books, when above zero, adds a custom post type "book" (rest_base
	// books, taxonomy genre) with that many items (ids from 2000001).
	Books int
	// BlockUsers makes /wp/v2/users answer 401 like a security plugin;
	// _embed=author still names the authors.
	BlockUsers bool
	// Robots is the body of /robots.txt (always served at the host root);
	// default "User-agent: *\nDisallow: BASEPATH/wp-admin/\n".
	Robots string
}

// Credentials are the user name and (application) password of HTTP Basic
// authentication.
type Credentials struct {
	User     string
	Password string
}

// withDefaults returns a copy of o with every unset option at its default.
func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = "Look-alike News"
	}
	if o.Timezone == nil {
		o.Timezone = time.UTC
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = 5 * time.Second
	}
	if o.RetryAfter == "" {
		o.RetryAfter = "1"
	}
	for len(o.BasePath) > 0 && o.BasePath[len(o.BasePath)-1] == '/' {
		o.BasePath = o.BasePath[:len(o.BasePath)-1]
	}
	if o.BasePath != "" && o.BasePath[0] != '/' {
		o.BasePath = "/" + o.BasePath
	}
	if o.Robots == "" {
		o.Robots = "User-agent: *\nDisallow: " + o.BasePath + "/wp-admin/\n"
	}
	if o.Posts < 0 {
		o.Posts = 0
	}
	return o
}
