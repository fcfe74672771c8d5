package service

import (
	"net/http"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// A fresh EDS session may set a password without the current one
// («восстановить пароль по ЭЦП», and the way to confirm a shared contact);
// a password session may not, nor an EDS session older than the window.
func TestSetPasswordAfterEDSLogin(t *testing.T) {
	e := newEDSEnv(t)
	edsToken := func(iin string) string {
		ks := e.demoKey(iin, eds.PurposeAuth, pki.DemoKeyValid)
		ch := e.challenge()
		w := e.edsLogin(ch.ID, sign(t, ks, ch.Nonce, false))
		if w.Code != http.StatusOK {
			t.Fatalf("eds login: %d %s", w.Code, w.Body)
		}
		var s api.Session
		decode(t, w, &s)
		return s.Token
	}
	const newPW = `{"newPassword":"Таулы өлке: жаңа құпия 2026","newPasswordRepeat":"Таулы өлке: жаңа құпия 2026"}`

	// Password session: the current password is still required.
	w := e.do(http.MethodPost, api.PathLogin, `{"iin":"`+iinBekzat+`","password":"`+DemoPassword+`"}`, "")
	var ps api.Session
	decode(t, w, &ps)
	if w := e.do(http.MethodPut, api.PathMePassword, newPW, ps.Token); w.Code != http.StatusBadRequest {
		t.Fatalf("password session without current: %d %s", w.Code, w.Body)
	}

	// Fresh EDS session: allowed, and the new password logs in.
	tok := edsToken(iinBekzat)
	if w := e.do(http.MethodPut, api.PathMePassword, newPW, tok); w.Code != http.StatusNoContent {
		t.Fatalf("eds session: %d %s", w.Code, w.Body)
	}
	if w := e.do(http.MethodPost, api.PathLogin, `{"iin":"`+iinBekzat+`","password":"Таулы өлке: жаңа құпия 2026"}`, ""); w.Code != http.StatusOK {
		t.Fatalf("login with the password set by EDS: %d %s", w.Code, w.Body)
	}

	// An EDS session older than the window must give the current password.
	tok = edsToken(iinBekzat)
	for _, step := range []time.Duration{10 * time.Minute, 5*time.Minute + time.Second} {
		e.clock.Advance(step) // idle timeout is 15 min: touch the session between steps
		defer e.clock.Advance(-step)
		if w := e.do(http.MethodGet, api.PathMe, "", tok); w.Code != http.StatusOK {
			t.Fatalf("session died: %d %s", w.Code, w.Body)
		}
	}
	if w := e.do(http.MethodPut, api.PathMePassword, newPW, tok); w.Code != http.StatusBadRequest {
		t.Fatalf("old eds session: %d %s", w.Code, w.Body)
	}
}
