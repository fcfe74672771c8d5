package service

import (
	"crypto/tls"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"kabinet/api"
	"kabinet/eds"
	"kabinet/service/pki"
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
