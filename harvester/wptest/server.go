package wptest

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server serves a Site on a loopback port, like httptest.Server.
type Server struct {
	// URL is the root URL of the site, base path included, without a
	// trailing slash, e.g. http://127.0.0.1:38123/news.
	URL string

	site *Site
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// NewServer generates a site from opts and serves it on 127.0.0.1 at a
// free port. It panics if it cannot listen, like httptest.NewServer.
func NewServer(opts Options) *Server {
	s, err := Serve(NewSite(opts), "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("wptest: %v", err))
	}
	return s
}

// Serve serves site on addr (e.g. "127.0.0.1:0") until Close.
func Serve(site *Site, addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	s := &Server{
		URL:  "http://" + ln.Addr().String() + site.opts.BasePath,
		site: site,
		srv:  &http.Server{Handler: site.Handler(), ReadHeaderTimeout: 10 * time.Second},
		ln:   ln,
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		// Serve returns ErrServerClosed after Close; any other error means
		// the listener failed, which clients see as refused connections.
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Site returns the served site.
func (s *Server) Site() *Site { return s.site }

// Addr returns host:port of the listener.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server and drops open connections; slow answers in
// flight see their requests cancelled.
func (s *Server) Close() {
	_ = s.srv.Close()
	<-s.done
}
