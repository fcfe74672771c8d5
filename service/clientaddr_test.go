package service

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

func TestRealClientAddr(t *testing.T) {
	trusted := trustedProxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	for _, tc := range []struct {
		peer, xff, fwd, want string
	}{
		{"192.0.2.10:1", "", "", "192.0.2.10"},
		{"192.0.2.10:1", "203.0.113.5", "", "192.0.2.10"},              // untrusted peer: header ignored
		{"192.0.2.10:1", "", "for=203.0.113.5", "192.0.2.10"},          // likewise
		{"10.1.1.1:1", "203.0.113.5", "", "203.0.113.5"},               // one proxy
		{"10.1.1.1:1", "198.51.100.7, 203.0.113.5", "", "203.0.113.5"}, // a forged left part is not believed
		{"10.1.1.1:1", "203.0.113.5, 10.2.2.2", "", "203.0.113.5"},     // two trusted proxies
		{"10.1.1.1:1", "10.3.3.3, 10.2.2.2", "", "10.3.3.3"},           // all trusted: the leftmost
		{"10.1.1.1:1", "garbage", "", "10.1.1.1"},                      // not an address: the proxy
		{"10.1.1.1:1", "", `for="[2001:db8::1]:4711";proto=https`, "2001:db8::1"},
		{"10.1.1.1:1", "198.51.100.1", `for=203.0.113.9, for=10.2.2.2`, "203.0.113.9"}, // Forwarded first
		{"10.1.1.1:1", "", "for=unknown", "10.1.1.1"},
		{"[2001:db8:ffff::1]:443", "203.0.113.5:5555", "", "203.0.113.5"},
		{"[::ffff:10.1.1.1]:1", "203.0.113.5", "", "203.0.113.5"},
		{"inprocess", "203.0.113.5", "", "inprocess"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if tc.fwd != "" {
			r.Header.Set("Forwarded", tc.fwd)
		}
		if got := realClientAddr(r, trusted); got != tc.want {
			t.Errorf("peer %s xff %q fwd %q: %s, want %s", tc.peer, tc.xff, tc.fwd, got, tc.want)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.1.1:1"
	r.Header.Set("X-Forwarded-For", "203.0.113.5")
	if got := realClientAddr(r, nil); got != "10.1.1.1" {
		t.Errorf("no trusted proxies: %s", got)
	}
}

func TestParseTrustedProxy(t *testing.T) {
	for in, want := range map[string]string{"10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8": "10.0.0.0/8",
		"127.0.0.1": "127.0.0.1/32", "::1": "::1/128"} {
		p, err := ParseTrustedProxy(in)
		if err != nil || p.String() != want {
			t.Errorf("%s: %v %v", in, p, err)
		}
	}
	if _, err := ParseTrustedProxy("nope"); err == nil {
		t.Error("nope parsed")
	}
}

// Behind a trusted proxy, the per-client limit, the security journal and
// the access log use the real client; each client has its own bucket.
func TestTrustedProxyClientAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	via := func(client, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Forwarded-For", client)
		r.RemoteAddr = "10.9.9.9:443"
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		return w
	}
	// A wrong password journaled with the real client.
	wantProblem(t, via("203.0.113.5", loginBody(iinSerik, "wrong-password")), http.StatusUnauthorized, api.CodeInvalidCredentials)
	var client string
	if err := e.db().QueryRow(`SELECT client FROM security_events WHERE iin = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
		iinSerik, store.EventLoginFailed).Scan(&client); err != nil || client != "203.0.113.5" {
		t.Errorf("journaled client = %q, %v; want 203.0.113.5", client, err)
	}
	if !strings.Contains(e.logs.String(), `"client":"203.0.113.5"`) {
		t.Error("the access log does not name the real client")
	}
	// One client uses up its bucket; another behind the same proxy does not share it.
	limited := false
	for range defaultClientBurst + 1 {
		if w := via("203.0.113.6", `{}`); w.Code == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Fatal("a client sending more than the burst was not limited")
	}
	if w := via("203.0.113.7", `{}`); w.Code == http.StatusTooManyRequests {
		t.Errorf("another client behind the proxy is limited too: %s", w.Body)
	}
	// A client outside the proxies cannot choose its address.
	for range defaultClientBurst + 1 {
		r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(`{}`))
		r.RemoteAddr = "192.0.2.99:1"
		r.Header.Set("X-Forwarded-For", "198.51.100.1")
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests {
			return
		}
	}
	t.Error("a spoofed X-Forwarded-For escaped the limit")
}
