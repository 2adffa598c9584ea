package harvester_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wpharvest/wpharvest/config"
	"github.com/wpharvest/wpharvest/harvester"
	"github.com/wpharvest/wpharvest/harvester/wptest"
	"github.com/wpharvest/wpharvest/store"
)

const (
	testUser     = "harvester"
	testPassword = "abcd EFGH 1234 ijkl MNOP 5678"
)

// syncBuffer is a log sink safe for the harvester's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func authSite(t *testing.T, name, url, password string) config.Site {
	site := testSite(t, name, url)
	site.Auth = &config.Auth{User: testUser, PasswordEnv: "WP_PASSWORD", Password: password}
	return site
}

// TestSecretsNeverLogged runs authenticated backfills with every log line
// at debug level captured (retries, a redirect refusal, a wrong password, a
// failing site) and searches the logs and errors for the password.
func TestSecretsNeverLogged(t *testing.T) {
	creds := &wptest.Credentials{User: testUser, Password: testPassword}
	srv := newServer(t, wptest.Options{Posts: 250, BasicAuth: creds})
	srv.Site().SetFaults(wptest.EveryNth(2, wptest.Fault503, wptest.FaultTruncatedJSON, wptest.FaultReset))
	var logs syncBuffer
	logger := zerolog.New(&logs).Level(zerolog.DebugLevel).With().Timestamp().Logger()
	db := openStore(t)
	h := newHarvester(db)
	h.Logger, h.Fetch.Logger = logger, logger

	res := h.Backfill(context.Background(), authSite(t, "news", srv.URL, testPassword))
	if res.Err != nil {
		t.Fatalf("authenticated backfill: %v", res.Err)
	}
	if n := len(exportLines(t, db, store.ExportOptions{})); n != 250 {
		t.Fatalf("%d posts", n)
	}
	var errs []string
	// A wrong password (401 from WordPress), a site that always fails, and
	// a redirect to another host, all with credentials.
	for _, tc := range []struct {
		password string
		fault    wptest.Fault
	}{
		{testPassword + "x", wptest.FaultNone},
		{testPassword, wptest.Fault503},
		{testPassword, wptest.FaultRedirectOffsite},
	} {
		srv.Site().SetFaults(wptest.Always(tc.fault))
		res := h.Backfill(context.Background(), authSite(t, "news", srv.URL, tc.password))
		if res.Err == nil {
			t.Fatalf("%v: want an error", tc.fault)
		}
		errs = append(errs, res.Err.Error())
	}
	if !strings.Contains(errs[0], "incorrect_password") {
		t.Fatalf("wrong password: %s", errs[0])
	}
	for _, r := range srv.Site().Log() {
		if r.Route == wptest.RouteListing && r.Authorization == "" {
			t.Fatalf("a listing request went without credentials: %s", r.URL)
		}
	}
	out := logs.String() + strings.Join(errs, "\n")
	if !strings.Contains(out, `"level":"debug"`) || !strings.Contains(out, "retrying") {
		t.Fatalf("the logs did not capture debug lines about retries:\n%.2000s", out)
	}
	for _, secret := range secretForms(testPassword) {
		if strings.Contains(out, secret) {
			t.Fatalf("a log line or error holds the password (%q):\n%s", secret, out)
		}
	}
}

// secretForms returns the password as it could leak: plain, inside Basic
// auth, and in the URL-ish and JSON-ish encodings of either.
func secretForms(password string) []string {
	b64 := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + password))
	forms := []string{password, b64, strings.TrimRight(b64, "="), base64.StdEncoding.EncodeToString([]byte(password))}
	for _, f := range []string{password} {
		forms = append(forms, strings.ReplaceAll(f, " ", "%20"), strings.ReplaceAll(f, " ", "+"))
	}
	return forms
}

// TestCredentialsStayOnTheSiteHost sends an authenticated site's listing to
// a second look-alike server on another port of 127.0.0.1 by a redirect.
func TestCredentialsStayOnTheSiteHost(t *testing.T) {
	other := newServer(t, wptest.Options{Posts: 120})
	site := wptest.NewSite(wptest.Options{Posts: 120, BasicAuth: &wptest.Credentials{User: testUser, Password: testPassword}})
	// The first site answers its listing with a redirect to the second.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/wp/v2/posts") {
			http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
			return
		}
		site.Handler().ServeHTTP(w, r)
	}))
	defer front.Close()
	otherHost := strings.TrimPrefix(other.URL, "http://")

	db := openStore(t)
	res := newHarvester(db).Backfill(context.Background(), authSite(t, "news", front.URL, testPassword))
	if !errors.Is(res.Err, harvester.ErrRedirect) || !strings.Contains(res.Err.Error(), "redirects to another host, "+otherHost) {
		t.Fatalf("redirect to another host: %v", res.Err)
	}
	if n := other.Site().Requests(); n != 0 {
		t.Fatalf("the other host got %d requests", n)
	}

	allowed := authSite(t, "news", front.URL, testPassword)
	allowed.AllowRedirectHosts = []string{otherHost}
	res = newHarvester(db).Backfill(context.Background(), allowed)
	if res.Err != nil || res.Stats.New != 120 {
		t.Fatalf("allowed redirect: %+v", res)
	}
	log := other.Site().Log()
	if len(log) == 0 {
		t.Fatal("the other host saw no request")
	}
	for _, r := range log {
		if r.Authorization != "" {
			t.Fatalf("the other host received an Authorization header: %s %s", r.Method, r.URL)
		}
	}
	// The site's own host still gets credentials (discovery went there).
	for _, r := range site.Log() {
		if r.Authorization == "" && r.Route == wptest.RouteIndex {
			t.Fatalf("the site's own host got a request without credentials: %s", r.URL)
		}
	}
}

// TestTLSVerificationIsOn harvests an HTTPS look-alike whose certificate
// no system root signed.
func TestTLSVerificationIsOn(t *testing.T) {
	site := wptest.NewSite(wptest.Options{Posts: 10})
	srv := httptest.NewUnstartedServer(site.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are expected
	srv.StartTLS()
	defer srv.Close()
	db := openStore(t)
	res := newHarvester(db).Backfill(context.Background(), testSite(t, "tls", srv.URL))
	var unknown x509.UnknownAuthorityError
	var verify *tls.CertificateVerificationError
	if res.Err == nil || !(errors.As(res.Err, &unknown) || errors.As(res.Err, &verify)) {
		t.Fatalf("err = %v, want a certificate error", res.Err)
	}
	if !strings.Contains(res.Err.Error(), "certificate") || !strings.Contains(res.Err.Error(), "gave up after 1 attempt(s)") {
		t.Fatalf("message does not say certificate, or it was retried: %v", res.Err)
	}
	if n := site.Requests(); n != 0 {
		t.Fatalf("%d requests reached the site over an unverified connection", n)
	}
}
