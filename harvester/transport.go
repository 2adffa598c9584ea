package harvester

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
)

// decodingTransport makes sure that answers reach colly already decoded,
// so that colly's size limit (an io.LimitReader on the body it is given)
// bounds the decoded bytes. Go's transport decodes gzip only when it asked
// for it and the answer says exactly "gzip"; colly decodes the rest itself
// (Content-Encoding x-gzip, "gzip, gzip", a gzip Content-Type) after the
// limit, so a small gzip bomb could fill memory. Here such answers are
// decoded lazily under the limit colly applies, and every answer is marked
// Uncompressed so that colly never decodes again.
type decodingTransport struct {
	next http.RoundTripper
}

func (t *decodingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Uncompressed {
		return resp, err
	}
	if enc := strings.ToLower(resp.Header.Get("Content-Encoding")); strings.Contains(enc, "gzip") {
		resp.Body = &gunzipBody{raw: resp.Body}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	resp.Uncompressed = true
	return resp, nil
}

// gunzipBody decodes a gzip body as it is read.
type gunzipBody struct {
	raw io.ReadCloser
	zr  *gzip.Reader
}

func (b *gunzipBody) Read(p []byte) (int, error) {
	if b.zr == nil {
		zr, err := gzip.NewReader(b.raw)
		if err != nil {
			return 0, err
		}
		b.zr = zr
	}
	return b.zr.Read(p)
}

func (b *gunzipBody) Close() error { return b.raw.Close() }
