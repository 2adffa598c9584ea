package wptest

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Site is a look-alike WordPress site. It is safe for concurrent use:
// mutations may run while requests are served.
type Site struct {
	opts   Options
	corpus *corpus
	store  store
	ctr    counters
	faults atomic.Pointer[faultState]
	bufs   bufferPool
}

// NewSite generates a site from opts.
func NewSite(opts Options) *Site {
	s := &Site{opts: opts.withDefaults(), corpus: newCorpus()}
	s.store.generate(s.opts.Posts, s.opts.Seed, s.opts.Timezone)
	return s
}

// Handler returns the site's HTTP handler, for serving it on a listener of
// one's own.
func (s *Site) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Options returns the options of the site, defaults filled in.
func (s *Site) Options() Options { return s.opts }

func (s *Site) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	s.ctr.requests.Add(1)
	w := &countingWriter{ResponseWriter: rw}
	q := Request{
		Time: time.Now(), Method: r.Method, URL: r.URL.RequestURI(), Route: RouteOther,
		Authorization: r.Header.Get("Authorization"), UserAgent: r.UserAgent(),
	}
	defer func() {
		q.Status, q.Bytes = w.status, w.bytes
		s.ctr.record(q)
	}()
	if !sleepCtx(r, s.opts.Latency) {
		return
	}
	q.Route = s.route(w, r)
}

// route dispatches a request and returns its route kind.
func (s *Site) route(w *countingWriter, r *http.Request) Route {
	rc := s.renderCtx(r)
	path := r.URL.Path
	if path == "/robots.txt" {
		s.count(RouteRobots)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if r.Method != http.MethodHead {
			_, _ = w.Write([]byte(s.opts.Robots))
		}
		return RouteRobots
	}
	rel, ok := strings.CutPrefix(path, s.opts.BasePath)
	if !ok || (rel != "" && rel[0] != '/') {
		return s.notFound(w, r, rc)
	}
	q := r.URL.Query()
	if rr, ok := first(q, "rest_route"); ok && (rel == "" || rel == "/" || rel == "/index.php") {
		return s.rest(w, r, rc, rr, q)
	}
	switch {
	case rel == "" || rel == "/":
		s.count(RouteHome)
		s.writeHTML(w, r, rc, http.StatusOK, s.homePage(rc))
		return RouteHome
	case rel == "/wp-json" || strings.HasPrefix(rel, "/wp-json/"):
		if s.opts.PlainPermalinks {
			return s.notFound(w, r, rc)
		}
		return s.rest(w, r, rc, strings.TrimPrefix(rel, "/wp-json"), q)
	}
	return s.notFound(w, r, rc)
}

func (s *Site) count(rt Route) int64 { return s.ctr.routes[rt].Add(1) }

func (s *Site) notFound(w *countingWriter, r *http.Request, rc *renderCtx) Route {
	s.count(RouteOther)
	s.writeHTML(w, r, rc, http.StatusNotFound, s.notFoundPage(rc))
	return RouteOther
}

// renderCtx derives the site root from the request, as the client sees it.
func (s *Site) renderCtx(r *http.Request) *renderCtx {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return newRenderCtx(scheme+"://"+r.Host+s.opts.BasePath, s.opts.PlainPermalinks)
}

// rest dispatches a REST route.
func (s *Site) rest(w *countingWriter, r *http.Request, rc *renderCtx, route string, q url.Values) Route {
	if route != "/" {
		route = strings.TrimRight(route, "/")
	}
	if route == "" {
		route = "/"
	}
	kind := RouteOther
	var id int64 = -1
	switch {
	case route == "/":
		kind = RouteIndex
	case route == "/wp/v2/posts":
		kind = RouteListing
	default:
		if rest, ok := strings.CutPrefix(route, "/wp/v2/posts/"); ok {
			if n, err := strconv.ParseInt(rest, 10, 64); err == nil && n >= 0 {
				kind, id = RoutePost, n
			}
		}
	}
	s.count(kind)
	if kind == RouteListing {
		if f := s.fault(r); f != FaultNone && s.applyFault(f, w, r, rc, func() ([]byte, bool) { return s.renderListing(r, rc, q) }) {
			return kind
		}
	}
	if s.opts.BasicAuth != nil {
		if e, ok := s.checkAuth(r); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="WordPress"`)
			s.writeError(w, r, rc, e)
			return kind
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if kind == RouteListing && r.Method == http.MethodPost {
			s.writeError(w, r, rc, errCreate)
		} else {
			s.writeError(w, r, rc, errNoRoute)
		}
		return kind
	}
	switch {
	case kind == RouteIndex:
		s.serveBuilt(w, r, rc, s.appendIndex)
	case kind == RouteListing:
		s.serveListing(w, r, rc, q)
	case kind == RoutePost:
		s.servePost(w, r, rc, id, q)
	case route == "/wp/v2":
		s.serveBuilt(w, r, rc, s.appendNamespace)
	case s.serveExtra(w, r, rc, route, q):
	default:
		s.writeError(w, r, rc, errNoRoute)
	}
	return kind
}

// renderListing renders the normal listing body, for faults that distort it.
func (s *Site) renderListing(r *http.Request, rc *renderCtx, q url.Values) ([]byte, bool) {
	lq, errBody, _ := s.parseList(q)
	if errBody != nil {
		return nil, false
	}
	recs, _ := s.query(&lq)
	return s.appendList(nil, recs, rc, &lq.sel), true
}

func (s *Site) serveBuilt(w *countingWriter, r *http.Request, rc *renderCtx, build func([]byte, *renderCtx) []byte) {
	buf := s.bufs.get()
	defer s.bufs.put(buf)
	*buf = build(*buf, rc)
	s.writeJSON(w, r, rc, http.StatusOK, *buf)
}

// servePost answers /wp/v2/posts/ID like WordPress does for an anonymous
// visitor: 404 for unknown or deleted posts, 401 for trashed or private ones.
func (s *Site) servePost(w *countingWriter, r *http.Request, rc *renderCtx, id int64, q url.Values) {
	rec, ok := s.store.get(id)
	if !ok || rec.status == stDeleted {
		s.writeError(w, r, rc, errBadID)
		return
	}
	if ctx, _ := first(q, "context"); ctx == "edit" {
		s.writeError(w, r, rc, wpError{401, "rest_forbidden_context", "Sorry, you are not allowed to edit this post."})
		return
	}
	if rec.status != stPublish {
		s.writeError(w, r, rc, errForbid)
		return
	}
	sel := parseFields(q)
	w.Header().Add("Link", "<"+s.permalink(rc, &rec)+`>; rel="alternate"; type=text/html`)
	w.Header().Set("Allow", "GET")
	buf := s.bufs.get()
	defer s.bufs.put(buf)
	*buf = s.appendPost(*buf, &rec, rc, &sel)
	s.writeJSON(w, r, rc, http.StatusOK, *buf)
}

// checkAuth verifies Basic credentials like application passwords do.
func (s *Site) checkAuth(r *http.Request) (wpError, bool) {
	user, pass, ok := r.BasicAuth()
	want := s.opts.BasicAuth
	switch {
	case !ok:
		return errNoLogin, false
	case subtle.ConstantTimeCompare([]byte(user), []byte(want.User)) != 1:
		return errBadUser, false
	case subtle.ConstantTimeCompare([]byte(pass), []byte(want.Password)) != 1:
		return errBadPass, false
	}
	return wpError{}, true
}
