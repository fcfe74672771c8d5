package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
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
