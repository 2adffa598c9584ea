package wptest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
)

// More faults: hostile or broken answers beyond what proxies and rate
// limiters send.
const (
	// FaultRedirectLoop answers 302 to the very same URL, forever.
	FaultRedirectLoop Fault = FaultForbidden + 1 + iota
	// FaultRedirectOffsite answers 302 to the same path on another host
	// name of this server: "localhost" with the same port. Requests that
	// arrive under the host name "localhost" are answered normally.
	FaultRedirectOffsite
	// FaultGzipBomb answers 200 with Content-Encoding: gzip and a body of
	// about 256 KiB that expands to GzipBombSize bytes of spaces.
	FaultGzipBomb
	// FaultGzipBombXGzip is FaultGzipBomb with Content-Encoding: x-gzip,
	// which Go's transport does not decompress by itself.
	FaultGzipBombXGzip
	// FaultInvalidUTF8 puts bytes that are not UTF-8 into every title of
	// the normal answer.
	FaultInvalidUTF8
	// FaultNoGUID removes the guid member of every post of the answer.
	FaultNoGUID
	// FaultNullGUID sets the guid of every post of the answer to null.
	FaultNullGUID
	// FaultNullModifiedGMT sets modified_gmt to null (modified stays).
	FaultNullModifiedGMT
	// FaultNullDateGMT sets date_gmt to null (date stays).
	FaultNullDateGMT
	// FaultNoGMTDates removes both date_gmt and modified_gmt.
	FaultNoGMTDates
	// FaultRESTForbidden is a security plugin's 401 rest_forbidden JSON.
	FaultRESTForbidden
	// FaultRESTCannotAccess is the 401 rest_cannot_access JSON of plugins
	// that disable the REST API for visitors.
	FaultRESTCannotAccess
	// FaultStallBody sends the headers and half of the normal body, then
	// stalls for Options.SlowDelay (or until the client gives up) before
	// sending the rest.
	FaultStallBody
)

// GzipBombSize is how many bytes the body of FaultGzipBomb expands to.
const GzipBombSize = 256 << 20

var extraFaultNames = [...]string{"redirect-loop", "redirect-offsite", "gzip-bomb", "gzip-bomb-x-gzip",
	"invalid-utf8", "no-guid", "null-guid", "null-modified-gmt", "null-date-gmt", "no-gmt-dates",
	"rest-forbidden", "rest-cannot-access", "stall-body"}

var (
	errRESTForbidden    = wpError{401, "rest_forbidden", "Sorry, you are not allowed to do that."}
	errRESTCannotAccess = wpError{401, "rest_cannot_access", "DRA: Only authenticated users can access the REST API."}
)

// extraFaultName returns the name of a fault declared in this file.
func extraFaultName(f Fault) (string, bool) {
	i := int(f - FaultRedirectLoop)
	if i < 0 || i >= len(extraFaultNames) {
		return "", false
	}
	return extraFaultNames[i], true
}

// applyExtraFault is applyFault for the faults declared in this file.
func (s *Site) applyExtraFault(f Fault, w *countingWriter, r *http.Request, rc *renderCtx) bool {
	switch f {
	case FaultRedirectLoop:
		http.Redirect(w, r, r.URL.RequestURI(), http.StatusFound)
	case FaultRedirectOffsite:
		host, port, err := net.SplitHostPort(r.Host)
		if err != nil || host == "localhost" {
			return false
		}
		u := url.URL{Scheme: "http", Host: net.JoinHostPort("localhost", port), Path: r.URL.Path, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusFound)
	case FaultGzipBomb, FaultGzipBombXGzip:
		writeGzipBomb(w, f == FaultGzipBomb)
	case FaultRESTForbidden:
		s.writeError(w, r, rc, errRESTForbidden)
	case FaultRESTCannotAccess:
		s.writeError(w, r, rc, errRESTCannotAccess)
	case FaultInvalidUTF8, FaultNoGUID, FaultNullGUID, FaultNullModifiedGMT, FaultNullDateGMT, FaultNoGMTDates, FaultStallBody:
		s.serveDistorted(f, w, r, rc)
	default:
		return false
	}
	return true
}

// writeGzipBomb writes many copies of one gzip member of 1 MiB of spaces;
// gzip readers decode concatenated members as one stream.
func writeGzipBomb(w *countingWriter, standard bool) {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	_, _ = zw.Write(bytes.Repeat([]byte{' '}, 1<<20))
	_ = zw.Close()
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	if standard {
		h.Set("Content-Encoding", "gzip")
	} else {
		h.Set("Content-Encoding", "x-gzip")
	}
	h.Set("Content-Length", strconv.Itoa(member.Len()*(GzipBombSize>>20)))
	w.WriteHeader(http.StatusOK)
	for range GzipBombSize >> 20 {
		if _, err := w.Write(member.Bytes()); err != nil {
			return // the client hung up
		}
	}
}

// serveDistorted renders the normal answer (headers included) and sends
// it distorted by f.
func (s *Site) serveDistorted(f Fault, w *countingWriter, r *http.Request, rc *renderCtx) {
	rec := &recorder{header: http.Header{}}
	s.serveListing(&countingWriter{ResponseWriter: rec}, r, rc, r.URL.Query())
	body := rec.body.Bytes()
	if rec.status == http.StatusOK && f != FaultStallBody {
		body = distortPosts(f, body)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	if r.Method == http.MethodHead {
		return
	}
	if f == FaultStallBody && rec.status == http.StatusOK {
		half := len(body) / 2
		_, _ = w.Write(body[:half])
		w.Flush()
		if !sleepCtx(r, s.opts.SlowDelay) {
			return
		}
		body = body[half:]
	}
	_, _ = w.Write(body)
}

// distortPosts changes every post object of a JSON list as f says.
func distortPosts(f Fault, list []byte) []byte {
	if f == FaultInvalidUTF8 {
		return bytes.ReplaceAll(list, []byte(`"title":{"rendered":"`), []byte("\"title\":{\"rendered\":\"\xff\xfe\xc3(\xed\xa0\x80 "))
	}
	var posts []map[string]json.RawMessage
	if json.Unmarshal(list, &posts) != nil {
		return list
	}
	null := json.RawMessage("null")
	for _, p := range posts {
		switch f {
		case FaultNoGUID:
			delete(p, "guid")
		case FaultNullGUID:
			p["guid"] = null
		case FaultNullModifiedGMT:
			p["modified_gmt"] = null
		case FaultNullDateGMT:
			p["date_gmt"] = null
		case FaultNoGMTDates:
			delete(p, "date_gmt")
			delete(p, "modified_gmt")
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if enc.Encode(posts) != nil {
		return list
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

// recorder is a ResponseWriter that keeps the answer in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}
