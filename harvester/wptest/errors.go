package wptest

import (
	"net/http"
	"strconv"
)

// wpError is a WP_Error as the REST server serializes it.
type wpError struct {
	status  int
	code    string
	message string
}

var (
	errNoRoute = wpError{404, "rest_no_route", "No route was found matching the URL and request method."}
	errBadID   = wpError{404, "rest_post_invalid_id", "Invalid post ID."}
	errForbid  = wpError{401, "rest_forbidden", "Sorry, you are not allowed to do that."}
	errPastEnd = wpError{400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available."}
	errContext = wpError{401, "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type."}
	errCreate  = wpError{401, "rest_cannot_create", "Sorry, you are not allowed to create posts as this user."}
	errNoIncl  = wpError{400, "rest_orderby_include_missing_include", "You need to define an include parameter to order by include."}
	errNoLogin = wpError{401, "rest_not_logged_in", "You are not currently logged in."}
	errBadUser = wpError{401, "invalid_username", "Unknown username. Check again or try your email address."}
	errBadPass = wpError{401, "incorrect_password", "The provided password is an invalid application password."}
	errCrit    = wpError{500, "internal_server_error", "<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>"}
)

func (e wpError) body() []byte {
	b := []byte(`{"code":`)
	b = appendStr(b, e.code)
	b = append(b, `,"message":`...)
	b = appendStr(b, e.message)
	b = append(b, `,"data":{"status":`...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, `}}`...)
	return b
}

// badParam is one entry of a rest_invalid_param error.
type badParam struct {
	name    string
	message string
	code    string // of the detail error
	data    string // raw JSON of the detail error's data
}

// invalidParams builds WordPress's rest_invalid_param body.
func invalidParams(bad []badParam) []byte {
	b := []byte(`{"code":"rest_invalid_param","message":"Invalid parameter(s): `)
	for i, p := range bad {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendEsc(b, p.name)
	}
	b = append(b, `","data":{"status":400,"params":{`...)
	for i, p := range bad {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendStr(b, p.name), ':')
		b = appendStr(b, p.message)
	}
	b = append(b, `},"details":{`...)
	for i, p := range bad {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendStr(b, p.name), `:{"code":`...)
		b = appendStr(b, p.code)
		b = append(b, `,"message":`...)
		b = appendStr(b, p.message)
		b = append(b, `,"data":`...)
		b = append(b, p.data...)
		b = append(b, '}')
	}
	return append(b, `}}}`...)
}

// restHeaders sets the headers WordPress's REST server sends with every
// answer.
func (s *Site) restHeaders(w http.ResponseWriter, rc *renderCtx) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("X-Robots-Tag", "noindex")
	if s.linkHeader() {
		h.Add("Link", `<`+rc.apiRoot()+`>; rel="https://api.w.org/"`)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
	h.Set("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type")
	h.Set("Vary", "Origin")
}

func (s *Site) linkHeader() bool { return !s.opts.NoLinkHeader && !s.opts.NoDiscovery }

// writeJSON sends a complete JSON answer.
func (s *Site) writeJSON(w http.ResponseWriter, r *http.Request, rc *renderCtx, status int, body []byte) {
	s.restHeaders(w, rc)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (s *Site) writeError(w http.ResponseWriter, r *http.Request, rc *renderCtx, e wpError) {
	s.writeJSON(w, r, rc, e.status, e.body())
}

// writeHTML sends an HTML page with the front-end discovery header.
func (s *Site) writeHTML(w http.ResponseWriter, r *http.Request, rc *renderCtx, status int, page string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=UTF-8")
	if rc != nil && s.linkHeader() {
		h.Add("Link", `<`+rc.apiRoot()+`>; rel="https://api.w.org/"`)
	}
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(page))
	}
}
