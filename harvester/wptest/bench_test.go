package wptest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// discardWriter is a ResponseWriter that throws the body away.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// BenchmarkListing100 renders one listing page of 100 full posts of a
// 100,000-post site, through the handler but without a network.
func BenchmarkListing100(b *testing.B) {
	site := NewSite(Options{Posts: 100000, Seed: 1})
	h := site.Handler()
	req := httptest.NewRequest(http.MethodGet, "http://news.example/wp-json/wp/v2/posts?per_page=100&orderby=id&order=asc&page=321", nil)
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	site.ResetCounters()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.h = http.Header{}
		h.ServeHTTP(w, req)
	}
	b.StopTimer()
	b.SetBytes(site.Bytes() / int64(b.N))
}

// BenchmarkListing100Date is BenchmarkListing100 in the default order
// (date desc), which walks the cached date index.
func BenchmarkListing100Date(b *testing.B) {
	site := NewSite(Options{Posts: 100000, Seed: 1})
	h := site.Handler()
	req := httptest.NewRequest(http.MethodGet, "http://news.example/wp-json/wp/v2/posts?per_page=100&page=500", nil)
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.h = http.Header{}
		h.ServeHTTP(w, req)
	}
}

// BenchmarkLightListing100 renders a _fields=id,guid,modified_gmt page, the
// shape of reconcile and sync listings.
func BenchmarkLightListing100(b *testing.B) {
	site := NewSite(Options{Posts: 100000, Seed: 1})
	h := site.Handler()
	req := httptest.NewRequest(http.MethodGet, "http://news.example/wp-json/wp/v2/posts?per_page=100&orderby=id&order=asc&page=321&_fields=id,guid,modified_gmt", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.h = http.Header{}
		h.ServeHTTP(w, req)
	}
}
