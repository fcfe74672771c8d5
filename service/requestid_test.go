package service

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

// Every answer has an X-Request-Id, new for each request; a problem body
// repeats it; the access log line of the request carries it, and a
// trusted proxy's own id is logged beside it (an untrusted peer's is not).
func TestRequestID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	w1 := e.do("GET", api.PathInfo, "", "")
	w2 := e.do("GET", api.PathInfo, "", "")
	id1, id2 := w1.Header().Get(HeaderRequestID), w2.Header().Get(HeaderRequestID)
	if id1 == "" || id2 == "" || id1 == id2 {
		t.Fatalf("request ids %q, %q", id1, id2)
	}
	p := wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong-password"), ""), http.StatusUnauthorized, api.CodeInvalidCredentials)
	if p.RequestID == "" {
		t.Fatal("no requestId in the problem")
	}

	send := func(remote, proxyID string) string {
		r := httptest.NewRequest("GET", api.PathHealthz, nil)
		r.RemoteAddr = remote
		r.Header.Set(HeaderRequestID, proxyID)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		return w.Header().Get(HeaderRequestID)
	}
	viaProxy := send("10.1.1.1:443", "nginx-abc123")
	direct := send("198.51.100.7:5000", "forged-by-client")
	if viaProxy == "nginx-abc123" || direct == "forged-by-client" {
		t.Error("the service answered with a caller's id instead of its own")
	}

	lines := map[string]map[string]any{}
	sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "request" {
			if id, ok := m["requestId"].(string); ok {
				lines[id] = m
			}
		}
	}
	if l := lines[p.RequestID]; l == nil || l["status"] != float64(401) {
		t.Errorf("access log of the failed login: %v", l)
	}
	if l := lines[viaProxy]; l == nil || l["proxyRequestId"] != "nginx-abc123" {
		t.Errorf("access log via the trusted proxy: %v", l)
	}
	if l := lines[direct]; l == nil || l["proxyRequestId"] != nil {
		t.Errorf("access log of a direct caller: %v", l)
	}
}
