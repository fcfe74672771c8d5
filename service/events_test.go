package service

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

func TestMeEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.login(iinBekzat, DemoPassword)
	w := e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword+"x"), "")
	wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
	if w := e.do("POST", api.PathLogout, "", first.Token); w.Code/100 != 2 {
		t.Fatalf("logout: %d %s", w.Code, w.Body)
	}
	second := e.login(iinBekzat, DemoPassword)

	w = e.do("GET", api.PathMeEvents, "", second.Token)
	if w.Code != http.StatusOK {
		t.Fatalf("events: %d %s", w.Code, w.Body)
	}
	if got := w.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
	var got api.SecurityEvents
	decode(t, w, &got)
	want := []string{"login_ok", "logout", "login_failed", "login_ok"}
	if len(got.Events) < len(want) {
		t.Fatalf("events = %+v, want at least %q", got.Events, want)
	}
	for i, kind := range want {
		ev := got.Events[i]
		if ev.Kind != kind {
			t.Errorf("event %d = %+v, want kind %s", i, ev, kind)
		}
		if ev.At.IsZero() || ev.Client != testClientIP {
			t.Errorf("event %d = %+v, want a time and client %s", i, ev, testClientIP)
		}
		if i > 0 && ev.At.After(got.Events[i-1].At) {
			t.Errorf("event %d at %v after event %d at %v", i, ev.At, i-1, got.Events[i-1].At)
		}
	}
	if got.Events[0].Detail != "password" || got.Events[3].Detail != "password" {
		t.Errorf("sign-in method = %q, %q, want password", got.Events[0].Detail, got.Events[3].Detail)
	}
	body := w.Body.String()
	for _, secret := range []string{DemoPassword, second.Token, first.Token} {
		if strings.Contains(body, secret) {
			t.Errorf("answer holds a secret %q: %s", secret, body)
		}
	}

	// A limit.
	var one api.SecurityEvents
	decode(t, e.do("GET", api.PathMeEvents+"?limit=1", "", second.Token), &one)
	if len(one.Events) != 1 || one.Events[0].Kind != "login_ok" {
		t.Errorf("limit=1: %+v", one.Events)
	}
	for _, bad := range []string{"0", "x", "201"} {
		p := wantProblem(t, e.do("GET", api.PathMeEvents+"?limit="+bad, "", second.Token), http.StatusBadRequest, api.CodeBadRequest)
		if p.Field != "limit" {
			t.Errorf("limit=%s: field %q", bad, p.Field)
		}
	}

	// Another depositor sees only their own events.
	asel := e.login(iinAsel, DemoPassword)
	var other api.SecurityEvents
	decode(t, e.do("GET", api.PathMeEvents, "", asel.Token), &other)
	if len(other.Events) != 1 || other.Events[0].Kind != "login_ok" {
		t.Errorf("Asel's events = %+v, want her one sign-in", other.Events)
	}

	// Without a token.
	wantProblem(t, e.do("GET", api.PathMeEvents, "", ""), http.StatusUnauthorized, api.CodeUnauthorized)
}
