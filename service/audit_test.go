package service

import (
	"crypto/tls"
	"fmt"
	"github.com/smallstep/pkcs7"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// Every answer carries X-Content-Type-Options: nosniff (JSON 200s lacked
// it); HSTS over TLS only.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	for _, w := range []*httptest.ResponseRecorder{
		e.do("GET", api.PathInfo, "", ""),
		e.do("GET", api.PathMe, "", tok),
		e.do("GET", api.PathMe, "", ""),
		e.do("GET", "/nope", "", ""),
		e.do("GET", api.PathCertificateAccounts, "", tok),
	} {
		if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%d %s: nosniff = %q", w.Code, w.Header().Get("Content-Type"), got)
		}
		if got := w.Header().Get("Strict-Transport-Security"); got != "" {
			t.Errorf("HSTS over plain HTTP: %q", got)
		}
	}
	r := httptest.NewRequest("GET", api.PathInfo, nil)
	r.TLS = &tls.ConnectionState{}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if got := w.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("HSTS over TLS = %q", got)
	}
}

// The one-time-password request ids are capabilities: they stay out of
// the access log.
func TestAccessLogRedactsOTPRequestIDs(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	ch := e.register(daurenReg())
	e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", "")
	e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody("000000", "x", "x"), "")
	e.do("POST", pathWithID(api.PathResetSend, ch.ID), "{}", "")
	e.do("GET", api.PathPasswordReset+"/"+ch.ID+"/nothing", "", "") // no route
	logs := e.logs.String()
	if strings.Contains(logs, ch.ID) {
		t.Fatalf("the log shows the request id:\n%s", logs)
	}
	if !strings.Contains(logs, `"path":"`+api.PathRegConfirm+`"`) {
		t.Errorf("the log does not show the route instead:\n%s", logs)
	}
}

// A CRL that cannot be fetched is said to be so, not "not issued by a CA
// this service trusts".
func TestCRLUnavailableDetail(t *testing.T) {
	err := fmt.Errorf("%w: %w: http://crl.example/x.crl: connection refused", pki.ErrCertificateUntrusted, pki.ErrCRLUnavailable)
	p := edsProblem(err, eds.CertInfo{})
	if p.p.Code != api.CodeCertificateUntrusted || !strings.Contains(p.p.Detail, "could not be fetched") ||
		strings.Contains(p.p.Detail, "not issued") {
		t.Errorf("problem = %+v", p.p)
	}
	p = certProblem(fmt.Errorf("%w: x", pki.ErrCertificateUntrusted), eds.CertInfo{}, "", "")
	if !strings.Contains(p.p.Detail, "not issued") {
		t.Errorf("untrusted = %+v", p.p)
	}
}

// Failures from one client lock that client only: the owner logs in with
// the right password from another (anyone could lock any IIN for 15
// minutes with five wrong passwords).
func TestLockoutIsPerClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const attacker, owner = "198.51.100.66:1", "192.0.2.10:1"
	for range 5 {
		e.doFrom(attacker, "POST", api.PathLogin, loginBody(iinBekzat, "guess"), "")
	}
	wantProblem(t, e.doFrom(attacker, "POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), ""),
		http.StatusLocked, api.CodeAccountLocked)
	if w := e.doFrom(owner, "POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), ""); w.Code != http.StatusOK {
		t.Fatalf("the owner on his own client: %d %s", w.Code, w.Body)
	}
	// The owner's wrong password on his client has its own count.
	w := e.doFrom(owner, "POST", api.PathLogin, loginBody(iinBekzat, "typo"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 4 {
		t.Errorf("owner's attemptsLeft = %d, want 4", *p.AttemptsLeft)
	}
}

// Failures below the threshold decay: one is forgotten per 15 minutes.
func TestLoginFailuresDecay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 4 {
		e.do("POST", api.PathLogin, loginBody(iinAsel, "wrong"), "")
	}
	e.clock.Advance(15 * time.Minute)
	w := e.do("POST", api.PathLogin, loginBody(iinAsel, "wrong"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 1 {
		t.Errorf("after 15 min: attemptsLeft = %d, want 1 (one failure forgotten)", *p.AttemptsLeft)
	}
	e.clock.Advance(time.Hour + time.Second)
	w = e.do("POST", api.PathLogin, loginBody(iinAsel, "wrong"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 4 {
		t.Errorf("after an hour and more: attemptsLeft = %d, want 4", *p.AttemptsLeft)
	}
}

// Guessing from many clients: beyond 10 failures of the IIN its attempts
// are spaced (429 with Retry-After, growing), concurrent guesses cannot
// share a turn, and the owner gets in with the right password after the
// wait — never locked out.
func TestDistributedGuessingIsSpaced(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.ClientBurst = 100 })
	client := func(i int) string { return fmt.Sprintf("198.51.100.%d:1", i) }
	for i := range 10 {
		w := e.doFrom(client(i), "POST", api.PathLogin, loginBody(iinSerik, "guess"), "")
		wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
	}
	// The 10th failure spaces the next attempt by 1 s, from any client.
	w := e.doFrom(client(50), "POST", api.PathLogin, loginBody(iinSerik, DemoPassword), "")
	p := wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited)
	if p.RetryAfterSeconds != 1 || w.Header().Get("Retry-After") != "1" {
		t.Fatalf("retry after %d (%q), want 1", p.RetryAfterSeconds, w.Header().Get("Retry-After"))
	}
	e.clock.Advance(time.Second)
	// One guess takes the turn; the next, at the same moment, waits.
	wantProblem(t, e.doFrom(client(11), "POST", api.PathLogin, loginBody(iinSerik, "guess"), ""),
		http.StatusUnauthorized, api.CodeInvalidCredentials)
	w = e.doFrom(client(12), "POST", api.PathLogin, loginBody(iinSerik, "guess"), "")
	if p := wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited); p.RetryAfterSeconds != 2 {
		t.Errorf("after the 11th failure: retry after %d, want 2 (doubled)", p.RetryAfterSeconds)
	}
	// The owner waits and gets in.
	e.clock.Advance(2 * time.Second)
	if w := e.doFrom(client(50), "POST", api.PathLogin, loginBody(iinSerik, DemoPassword), ""); w.Code != http.StatusOK {
		t.Fatalf("owner after the wait: %d %s", w.Code, w.Body)
	}
	// His success clears the IIN's count.
	if w := e.doFrom(client(13), "POST", api.PathLogin, loginBody(iinSerik, "guess"), ""); w.Code != http.StatusUnauthorized {
		t.Errorf("after the owner's login: %d %s", w.Code, w.Body)
	}
}

// PUT /me/password: wrong current passwords lock that client, not the
// owner's login elsewhere.
func TestChangePasswordFailuresPerClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const thief, owner = "198.51.100.77:1", "192.0.2.10:1"
	stolen := e.login(iinAsel, DemoPassword).Token
	body := `{"currentPassword":"guess","newPassword":"a-new-long-password-1","newPasswordRepeat":"a-new-long-password-1"}`
	for range 5 {
		e.doFrom(thief, "PUT", api.PathMePassword, body, stolen)
	}
	wantProblem(t, e.doFrom(thief, "PUT", api.PathMePassword, body, stolen), http.StatusLocked, api.CodeAccountLocked)
	if w := e.doFrom(owner, "POST", api.PathLogin, loginBody(iinAsel, DemoPassword), ""); w.Code != http.StatusOK {
		t.Fatalf("owner's login after the thief's guesses: %d %s", w.Code, w.Body)
	}
}

// signSHA1 signs data with ks like eds.SignCMS, but with SHA-1.
func signSHA1(t *testing.T, ks *eds.KeyStore, data []byte, detached bool) []byte {
	t.Helper()
	sd, err := pkcs7.NewSignedData(data)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA1)
	if err := sd.AddSigner(ks.Cert, ks.Signer, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range ks.Chain {
		sd.AddCertificate(c)
	}
	if detached {
		sd.Detach()
	}
	cms, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return cms
}

// SHA-1 CMS signatures are refused for the EDS login and for applications
// with their own code (they were accepted).
func TestSHA1SignaturesRefused(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	auth := e.demoKey(iinBekzat, eds.PurposeAuth, "valid")
	ch := e.challenge()
	w := e.edsLogin(ch.ID, signSHA1(t, auth, ch.Nonce, false))
	wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeWeakSignature)
	// The same key with SHA-256 logs in.
	if w := e.edsLoginWith(auth); w.Code != http.StatusOK {
		t.Fatalf("SHA-256 login: %d %s", w.Code, w.Body)
	}

	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)
	d := e.doc(iinAsel, api.AppBankDetails)
	d.Bank = &api.BankDetails{IBAN: testIBAN(t, "722")}
	b := docBytes(t, d)
	wantProblem(t, e.submitRaw(tok, "", b, signSHA1(t, ks, b, true)), http.StatusUnprocessableEntity, api.CodeWeakSignature)
	var n int
	if err := e.db().QueryRow(`SELECT COUNT(*) FROM applications WHERE iin = ?`, iinAsel).Scan(&n); err != nil || n != 0 {
		t.Errorf("applications stored = %d, %v", n, err)
	}
}
