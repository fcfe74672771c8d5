package service

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// The metrics count requests by route pattern (no ids), method and
// status; the login outcomes are the login route's statuses.
func TestMetricsCountRoutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong-password-1"), "")
	e.do("GET", api.PathMe, "", tok)
	e.do("GET", api.PathMe, "", tok)
	e.do("GET", api.PathBooking(12345), "", tok) // a path with an id: counted by its pattern
	w := httptest.NewRecorder()
	e.svc.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("metrics: %d", w.Code)
	}
	text := w.Body.String()
	for _, want := range []string{
		`kabinet_http_requests_total{method="POST",route="POST /api/v1/auth/login",status="200"} 1`,
		`kabinet_http_requests_total{method="POST",route="POST /api/v1/auth/login",status="401"} 1`,
		`kabinet_http_requests_total{method="GET",route="GET /api/v1/me",status="200"} 2`,
		`kabinet_http_request_duration_seconds_count{method="GET",route="GET /api/v1/me"} 2`,
		`kabinet_argon2_running 0`,
		`kabinet_build_info{version="test"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(text, "12345") {
		t.Error("a raw path reached the metrics")
	}
}

// scrape returns the service's metrics text.
func (e *env) scrape() string {
	e.t.Helper()
	w := httptest.NewRecorder()
	e.svc.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		e.t.Fatalf("metrics: %d", w.Code)
	}
	return w.Body.String()
}

// The outcomes of logins, EDS and one-time passwords are counted by
// result, read back from /metrics after driving the flows.
func TestMetricsOutcomes(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t, func(c *Config) { c.Captcha = newFakeCaptcha() })
	e.login(iinBekzat, DemoPassword)
	for range 5 {
		e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong-password"), "")
	}
	e.do("POST", api.PathLogin, loginBody(iinSerik, DemoPassword), "") // locked
	if w := e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid)); w.Code != http.StatusOK {
		t.Fatalf("EDS login: %d %s", w.Code, w.Body)
	}
	e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyRevoked))
	e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyExpired))
	ch := e.register(daurenReg())
	code := e.lastCode(daurenPhone)
	e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(wrongCode(code), "Strong-Passw0rd-2026", "Strong-Passw0rd-2026"), "")
	if w := e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, "Strong-Passw0rd-2026", "Strong-Passw0rd-2026"), ""); w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}

	text := e.scrape()
	for _, want := range []string{
		`kabinet_auth_outcomes_total{flow="password_login",result="ok"} 1`,
		`kabinet_auth_outcomes_total{flow="password_login",result="wrong_password"} 4`,
		`kabinet_auth_outcomes_total{flow="password_login",result="locked"} 2`,
		`kabinet_auth_outcomes_total{flow="eds_login",result="ok"} 1`,
		`kabinet_auth_outcomes_total{flow="eds_login",result="revoked"} 1`,
		`kabinet_auth_outcomes_total{flow="eds_login",result="expired"} 1`,
		`kabinet_auth_outcomes_total{flow="registration_otp",result="wrong_code"} 1`,
		`kabinet_auth_outcomes_total{flow="registration_otp",result="ok"} 1`,
		`kabinet_argon2_waiting 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "kabinet_auth_outcomes_total") {
				t.Log(l)
			}
		}
	}
}

// A certificate refused because its CA's CRL cannot be fetched counts as
// crl_unavailable, not as an untrusted CA.
func TestMetricsCRLUnavailable(t *testing.T) {
	t.Parallel()
	p := certProblem(fmt.Errorf("%w: %w: x", pki.ErrCertificateUntrusted, pki.ErrCRLUnavailable), eds.CertInfo{}, "", "")
	w := &outcomeWriter{ResponseWriter: httptest.NewRecorder()}
	s := &server{log: slog.New(slog.DiscardHandler)}
	s.fail(w, httptest.NewRequest("POST", api.PathEDSLogin, nil), p)
	if got := outcomeResult(w.status, w.code, w.result); got != resultCRLUnavailable {
		t.Errorf("result %q", got)
	}
	p = certProblem(fmt.Errorf("%w: x", pki.ErrCertificateUntrusted), eds.CertInfo{}, "", "")
	w = &outcomeWriter{ResponseWriter: httptest.NewRecorder()}
	s.fail(w, httptest.NewRequest("POST", api.PathEDSLogin, nil), p)
	if got := outcomeResult(w.status, w.code, w.result); got != "untrusted" {
		t.Errorf("result %q", got)
	}
}
