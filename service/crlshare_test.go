package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// crlServer publishes a CA's CRL over HTTP as of the env's clock,
// counting the downloads; down makes it answer 503.
type crlServer struct {
	srv     *httptest.Server
	fetches atomic.Int64
	down    atomic.Bool
}

// crlEnv is a service that is not a demo, trusting the root of a CA of
// its own whose CRL is downloaded from a crlServer, with the demo
// depositors, and a key of Bekzat's issued by that CA.
type crlEnv struct {
	*env
	ca  *pki.CA
	crl *crlServer
	ks  *eds.KeyStore
}

func newCRLEnv(t *testing.T) *crlEnv {
	t.Helper()
	dir := t.TempDir()
	ca, err := pki.LoadOrCreateDemoCA(filepath.Join(dir, "ca"), testStart)
	if err != nil {
		t.Fatal(err)
	}
	p12, err := ca.Issue(pki.IssueRequest{IIN: iinBekzat, Surname: "СЕЙТКАЛИ", CommonName: "СЕЙТКАЛИ БЕКЗАТ",
		GivenName: "НУРЛАНОВИЧ", Purpose: eds.PurposeAuth, NotBefore: testStart.Add(-time.Hour), Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(p12, "pw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ks.Close)
	rootFile := filepath.Join(dir, "root.crt")
	if b, err := os.ReadFile(filepath.Join(dir, "ca", "root.crt")); err != nil || os.WriteFile(rootFile, b, 0o600) != nil {
		t.Fatal("copy the root certificate:", err)
	}
	ce := &crlEnv{ca: ca, crl: &crlServer{}, ks: ks}
	ce.crl.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ce.crl.fetches.Add(1)
		if ce.crl.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		der, err := ca.CRL(ce.clock.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(der)
	}))
	t.Cleanup(ce.crl.srv.Close)
	ce.env = newEnv(t, func(c *Config) {
		c.Demo, c.TrustRoots, c.ClientRate, c.ClientBurst = false, []string{rootFile}, 1e6, 1e6
		c.CRLURLs = []string{ce.crl.srv.URL + "/staff.crl"}
		c.CRLRefresh, c.CRLRefreshOff = time.Hour, true
	})
	ce.svc.Close()
	ce.demoData()
	ce.open()
	ce.svc.eds.wait()
	return ce
}

// refresh runs the refresher's round on each env in turn.
func refresh(t *testing.T, envs ...*env) {
	t.Helper()
	for _, e := range envs {
		if _, err := e.svc.RefreshCRLs(context.Background(), e.clock.Now()); err != nil && !strings.Contains(err.Error(), "503") {
			t.Fatal(err)
		}
	}
}

// Two instances on one database share the CRL: the first login
// downloads it once, the other instance uses that copy; a revocation
// published afterwards counts on both after one refresh, made by one of
// them (one download per period across the two); a refresh that fails
// keeps the list in hand until its NextUpdate, then logins are refused
// saying that the CRL could not be fetched.
func TestCRLSharedAcrossInstances(t *testing.T) {
	t.Parallel()
	a := newCRLEnv(t)
	b := a.twin()
	ok := func(e *env) {
		t.Helper()
		if w := e.edsLoginWith(a.ks); w.Code != http.StatusOK {
			t.Fatalf("EDS login: %d %s", w.Code, w.Body)
		}
	}
	wantFetches := func(n int64, when string) {
		t.Helper()
		if got := a.crl.fetches.Load(); got != n {
			t.Fatalf("%s: %d CRL downloads, want %d", when, got, n)
		}
	}
	ok(a.env)
	ok(b)
	ok(a.env)
	wantFetches(1, "first logins on both")

	if err := a.ca.Revoke(a.ks.Cert.SerialNumber, a.clock.Now()); err != nil {
		t.Fatal(err)
	}
	// Within the period: the list in hand, on both; the refresher's
	// rounds on both instances download nothing.
	for range 3 {
		a.clock.Advance(15 * time.Minute)
		refresh(t, b, a.env)
		ok(a.env)
		ok(b)
	}
	wantFetches(1, "within the refresh period")
	// The period is over: one round downloads it, on one instance.
	a.clock.Advance(15 * time.Minute)
	refresh(t, a.env, b, a.env, b)
	wantFetches(2, "after one period")
	wantProblem(t, a.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateRevoked)
	wantProblem(t, b.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateRevoked)
	for range 4 {
		a.clock.Advance(15 * time.Minute)
		refresh(t, b, a.env)
	}
	wantFetches(3, "after two periods")

	// The server is down: the refresh fails, the list in hand counts
	// until its NextUpdate (a day after it was issued).
	a.crl.down.Store(true)
	a.clock.Advance(time.Hour)
	refresh(t, a.env, b)
	wantFetches(4, "a failed refresh")
	wantProblem(t, b.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateRevoked)
	a.clock.Advance(24 * time.Hour)
	p := wantProblem(t, b.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateUntrusted)
	if !strings.Contains(p.Detail, "could not be fetched") {
		t.Errorf("detail %q", p.Detail)
	}
	if !strings.Contains(b.logs.String(), "a CRL could not be fetched") || !strings.Contains(b.logs.String(), "503") {
		t.Errorf("the log does not say the CRL could not be fetched:\n%s", b.logs.String())
	}
	wantFetches(5, "a login past the NextUpdate")
	// It is not tried again by every login at once.
	wantProblem(t, a.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateUntrusted)
	wantFetches(5, "a login right after a failed download")

	// Back up; a closes: b takes the refresh over at once.
	a.crl.down.Store(false)
	a.svc.Close()
	a.svc = nil
	a.clock.Advance(15 * time.Minute) // a failed download is retried a tick later
	refresh(t, b)
	wantFetches(6, "after the lease holder closed")
	wantProblem(t, b.edsLoginWith(a.ks), http.StatusUnauthorized, api.CodeCertificateRevoked)
}

// Of several concurrent first logins on two instances, one downloads
// the CRL and the others wait for it: one download, every login in.
func TestCRLFirstDownloadOnce(t *testing.T) {
	t.Parallel()
	a := newCRLEnv(t)
	b := a.twin()
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		e := a.env
		if i%2 == 1 {
			e = b
		}
		ch := e.challenge()
		cms := sign(t, a.ks, ch.Nonce, false)
		wg.Go(func() { codes[i] = e.edsLogin(ch.ID, cms).Code })
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("login %d: %d", i, c)
		}
	}
	if n := a.crl.fetches.Load(); n != 1 {
		t.Errorf("%d downloads, want 1", n)
	}
}

// A list that is not its CA's, or older than the one in hand, is not
// stored: the one in hand stays.
func TestCRLCheckedBeforeStored(t *testing.T) {
	t.Parallel()
	ca, err := pki.LoadOrCreateDemoCA(t.TempDir(), testStart)
	if err != nil {
		t.Fatal(err)
	}
	other, err := pki.LoadOrCreateDemoCA(t.TempDir(), testStart)
	if err != nil {
		t.Fatal(err)
	}
	now := testStart
	good, _ := ca.CRL(now)
	if _, err := checkCRL(good, ca.Issuing, now.Add(-time.Hour)); err != nil {
		t.Errorf("a good list: %v", err)
	}
	if _, err := checkCRL(good, ca.Issuing, now.Add(time.Hour)); err == nil {
		t.Error("a list older than the one in hand was accepted")
	}
	forged, _ := other.CRL(now)
	if _, err := checkCRL(forged, ca.Issuing, time.Time{}); err == nil {
		t.Error("another CA's list was accepted")
	}
	if _, err := checkCRL([]byte("junk"), ca.Issuing, time.Time{}); err == nil {
		t.Error("junk was accepted")
	}
}
