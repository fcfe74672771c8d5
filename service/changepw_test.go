package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

func changeBody(current, pw, repeat string) string {
	return jsonBody(api.ChangePasswordRequest{CurrentPassword: current, NewPassword: pw, NewPasswordRepeat: repeat})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	here := e.login(iinAsel, DemoPassword)
	other := e.login(iinAsel, DemoPassword)
	bekzat := e.login(iinBekzat, DemoPassword)
	change := func(body string) *httptest.ResponseRecorder { return e.do("PUT", api.PathMePassword, body, here.Token) }

	// Wrong current password: 403 (not 401, which would end the app's session).
	p := wantProblem(t, change(changeBody("not-my-password", goodPassword, goodPassword)), http.StatusForbidden, api.CodeInvalidCredentials)
	if p.AttemptsLeft == nil || *p.AttemptsLeft != 4 || p.Field != "currentPassword" {
		t.Errorf("problem = %+v", p)
	}
	wantProblem(t, change(changeBody("", goodPassword, goodPassword)), http.StatusBadRequest, api.CodeBadRequest)
	p = wantProblem(t, change(changeBody(DemoPassword, goodPassword, otherPassword)), http.StatusUnprocessableEntity, api.CodePasswordMismatch)
	if p.Field != "newPasswordRepeat" {
		t.Errorf("field = %q", p.Field)
	}
	p = wantProblem(t, change(changeBody(DemoPassword, DemoPassword, DemoPassword)), http.StatusUnprocessableEntity, api.CodeWeakPassword)
	if p.Reason != api.ReasonReuse || p.Field != "newPassword" {
		t.Errorf("problem = %+v", p)
	}
	for pw, reason := range map[string]string{"short": api.ReasonTooShort, "password1": api.ReasonCommon, "Asel-lunar-sofa": api.ReasonContext} {
		p = wantProblem(t, change(changeBody(DemoPassword, pw, pw)), http.StatusUnprocessableEntity, api.CodeWeakPassword)
		if p.Reason != reason {
			t.Errorf("%q: reason %q, want %q", pw, p.Reason, reason)
		}
	}

	if w := change(changeBody(DemoPassword, goodPassword, goodPassword)); w.Code != http.StatusNoContent {
		t.Fatalf("change: %d %s", w.Code, w.Body)
	}
	// This session goes on, the other one of Asel ended, Bekzat's is untouched.
	if w := e.do("GET", api.PathMe, "", here.Token); w.Code != http.StatusOK {
		t.Errorf("current session: %d %s", w.Code, w.Body)
	}
	if p := wantProblem(t, e.do("GET", api.PathMe, "", other.Token), http.StatusUnauthorized, api.CodeUnauthorized); p.Reason != reasonEnded {
		t.Errorf("other session: reason %q", p.Reason)
	}
	if w := e.do("GET", api.PathMe, "", bekzat.Token); w.Code != http.StatusOK {
		t.Errorf("another person's session: %d", w.Code)
	}
	wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinAsel, DemoPassword), ""), http.StatusUnauthorized, api.CodeInvalidCredentials)
	e.login(iinAsel, goodPassword)

	notices := map[string]string{}
	for _, m := range e.outbox() {
		notices[m.To] = m.Body
	}
	for _, to := range []string{"77771234501", "asel.n@mail.kz"} {
		if !strings.Contains(notices[to], "Пароль кабинета изменён") {
			t.Errorf("no notice to %s: %q", to, notices[to])
		}
	}
	ev := e.eventCounts(iinAsel)
	if ev[store.EventPasswordChanged] != 1 || ev[store.EventSessionsEnded] != 1 || ev[store.EventLoginFailed] < 1 {
		t.Errorf("events = %v", ev)
	}
}

// Wrong current passwords count towards the login lock.
func TestChangePasswordLocks(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	s := e.login(iinSerik, DemoPassword)
	for i := range loginFailurePolicy.MaxFailures - 1 {
		w := e.do("PUT", api.PathMePassword, changeBody("guess-"+string(rune('a'+i)), goodPassword, goodPassword), s.Token)
		wantProblem(t, w, http.StatusForbidden, api.CodeInvalidCredentials)
	}
	w := e.do("PUT", api.PathMePassword, changeBody("guess-last", goodPassword, goodPassword), s.Token)
	wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
	// Locked: even the right password is refused, at login too.
	w = e.do("PUT", api.PathMePassword, changeBody(DemoPassword, goodPassword, goodPassword), s.Token)
	wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
	wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinSerik, DemoPassword), ""), http.StatusLocked, api.CodeAccountLocked)
}

func TestChangePasswordNeedsSession(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	wantProblem(t, e.do("PUT", api.PathMePassword, changeBody(DemoPassword, goodPassword, goodPassword), ""),
		http.StatusUnauthorized, api.CodeUnauthorized)
	wantProblem(t, e.do("POST", api.PathMePassword, changeBody(DemoPassword, goodPassword, goodPassword), ""),
		http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
}
