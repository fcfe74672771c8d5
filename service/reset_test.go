package service

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

func TestPasswordResetHappyPath(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	s1 := e.login(iinBekzat, DemoPassword)
	s2 := e.login(iinBekzat, DemoPassword)
	// Someone locked the account guessing.
	for range loginFailurePolicy.MaxFailures {
		e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong-guess-123"), "")
	}
	wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), ""), http.StatusLocked, api.CodeAccountLocked)

	pr := e.startReset(iinBekzat)
	want := []api.ContactChoice{
		{ID: "phone", Channel: "sms", Masked: "7701*****00"},
		{ID: "email", Channel: "email", Masked: "be*****@ma****"},
	}
	if len(pr.ID) != 22 || len(pr.Contacts) != 2 || pr.Contacts[0] != want[0] || pr.Contacts[1] != want[1] {
		t.Fatalf("reset = %+v", pr)
	}
	if n := len(e.outbox()); n != 0 {
		t.Errorf("%d messages before a contact was chosen", n)
	}
	w := e.do("POST", pathWithID(api.PathResetSend, pr.ID), jsonBody(api.SendRequest{Contact: "email"}), "")
	if w.Code != http.StatusOK {
		t.Fatalf("send: %d %s", w.Code, w.Body)
	}
	var ch api.OTPChallenge
	decode(t, w, &ch)
	if ch.ID != pr.ID || ch.Channel != "email" || ch.MaskedContact != "be*****@ma****" || ch.AttemptsLeft != 5 ||
		ch.Length != 6 || !ch.ExpiresAt.Equal(testStart.Add(15*time.Minute)) {
		t.Errorf("challenge = %+v", ch)
	}
	code := e.lastCode(bekzatEmail)

	// Confirming before the session checks: wrong code first.
	p := wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(wrongCode(code), goodPassword, goodPassword), ""),
		http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	if *p.AttemptsLeft != 4 {
		t.Errorf("attemptsLeft = %d", *p.AttemptsLeft)
	}
	wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(code, "Bekzat-lunar-sofa", "Bekzat-lunar-sofa"), ""),
		http.StatusUnprocessableEntity, api.CodeWeakPassword)
	w = e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(code, goodPassword, goodPassword), "")
	if w.Code != http.StatusNoContent {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}

	// Every session ended; the lock is gone; the new password works.
	for _, s := range []api.Session{s1, s2} {
		p := wantProblem(t, e.do("GET", api.PathMe, "", s.Token), http.StatusUnauthorized, api.CodeUnauthorized)
		if p.Reason != reasonEnded {
			t.Errorf("reason = %q", p.Reason)
		}
	}
	wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), ""), http.StatusUnauthorized, api.CodeInvalidCredentials)
	e.login(iinBekzat, goodPassword)

	// Single use.
	wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(code, otherPassword, otherPassword), ""),
		http.StatusNotFound, api.CodeNotFound)

	// The notice went to both contacts.
	notices := map[string]bool{}
	for _, m := range e.outbox() {
		if strings.Contains(m.Body, "Пароль кабинета изменён") {
			notices[m.To] = true
			if codeRE.MatchString(m.Body) && strings.Contains(m.Body, code) {
				t.Errorf("notice holds the code: %q", m.Body)
			}
		}
	}
	if !notices[bekzatPhone] || !notices[bekzatEmail] {
		t.Errorf("notices to %v", notices)
	}
	ev := e.eventCounts(iinBekzat)
	for _, k := range []string{store.EventResetStarted, store.EventOTPSent, store.EventOTPFailed, store.EventPasswordReset, store.EventSessionsEnded} {
		if ev[k] == 0 {
			t.Errorf("no %s event; events %v", k, ev)
		}
	}
}

func TestPasswordResetCaptcha(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	id, ans := e.captcha()
	reset := func(iin, id, ans string) *httptest.ResponseRecorder {
		return e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iin, CaptchaID: id, CaptchaAnswer: ans}), "")
	}
	p := wantProblem(t, reset(iinBekzat, id, "wrong"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	if p.Field != "captchaAnswer" {
		t.Errorf("field = %q", p.Field)
	}
	// Single use: the right answer after a wrong one is refused too.
	wantProblem(t, reset(iinBekzat, id, ans), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	wantProblem(t, reset(iinBekzat, "", ""), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	wantProblem(t, reset(iinBekzat, "nope", "ans1"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	// The captcha is checked before the IIN.
	wantProblem(t, reset("123", "nope", "x"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)

	id, ans = e.captcha()
	if w := reset(iinBekzat, id, ans); w.Code != http.StatusCreated {
		t.Fatalf("reset: %d %s", w.Code, w.Body)
	}
	// and a right answer is used up as well.
	wantProblem(t, reset(iinBekzat, id, ans), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	if ev := e.eventCounts(iinBekzat); ev[store.EventResetStarted] != 1 {
		t.Errorf("events = %v", ev)
	}
}

// The real image captcha is the default.
func TestCaptchaDefault(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.do("GET", api.PathCaptcha, "", "")
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("captcha: %d %s", w.Code, w.Body)
	}
	var c api.Captcha
	decode(t, w, &c)
	if c.ID == "" || !bytes.HasPrefix(c.PNG, []byte("\x89PNG\r\n\x1a\n")) || !c.ExpiresAt.Equal(testStart.Add(5*time.Minute)) {
		t.Errorf("captcha id %q, %d bytes, expires %v", c.ID, len(c.PNG), c.ExpiresAt)
	}
	w = e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iinBekzat, CaptchaID: c.ID, CaptchaAnswer: "?"}), "")
	wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
}

// An IIN without an account (or unknown) is the memo's
// depositor_not_found, after the same steps; a malformed one invalid_iin.
func TestPasswordResetNotFound(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	var detail string
	for _, iin := range []string{iinNobody, iinDauren, iinAigerim} {
		id, ans := e.captcha()
		w := e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iin, CaptchaID: id, CaptchaAnswer: ans}), "")
		p := wantProblem(t, w, http.StatusNotFound, api.CodeDepositorNotFound)
		if detail == "" {
			detail = p.Detail
		}
		if p.Detail != detail {
			t.Errorf("%s: detail %q differs from %q", iin, p.Detail, detail)
		}
		if ev := e.eventCounts(iin); ev[store.EventResetRefused] != 1 {
			t.Errorf("%s: events %v", iin, ev)
		}
	}
	id, ans := e.captcha()
	w := e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: "880415300158", CaptchaID: id, CaptchaAnswer: ans}), "")
	if p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeInvalidIIN); p.Reason != "checksum" {
		t.Errorf("reason = %q", p.Reason)
	}
	// Five starts per IIN an hour, known or not.
	for range 4 {
		id, ans := e.captcha()
		e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iinNobody, CaptchaID: id, CaptchaAnswer: ans}), "")
	}
	id, ans = e.captcha()
	w = e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iinNobody, CaptchaID: id, CaptchaAnswer: ans}), "")
	wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited)
}

func TestPasswordResetSendAndResend(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	pr := e.startReset(iinSerik)
	send := func(contact string) *httptest.ResponseRecorder {
		return e.do("POST", pathWithID(api.PathResetSend, pr.ID), jsonBody(api.SendRequest{Contact: contact}), "")
	}
	// Nothing to confirm or resend before a contact is chosen.
	wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody("123456", goodPassword, goodPassword), ""),
		http.StatusConflict, api.CodeInvalidState)
	wantProblem(t, e.do("POST", pathWithID(api.PathResetResend, pr.ID), "", ""), http.StatusConflict, api.CodeInvalidState)
	for _, c := range []string{"", "fax", "PHONE"} {
		if p := wantProblem(t, send(c), http.StatusUnprocessableEntity, api.CodeValidation); p.Field != "contact" {
			t.Errorf("field = %q", p.Field)
		}
	}
	wantProblem(t, e.do("POST", pathWithID(api.PathResetSend, pr.ID), `{"contact":1}`, ""), http.StatusBadRequest, api.CodeBadRequest)

	if w := send("phone"); w.Code != http.StatusOK {
		t.Fatalf("send: %d %s", w.Code, w.Body)
	}
	first := e.lastCode("77051234567")
	// Choosing again is a resend: not before 60 s.
	p := wantProblem(t, send("email"), http.StatusTooManyRequests, api.CodeResendTooSoon)
	if p.RetryAfterSeconds != 60 {
		t.Errorf("retryAfterSeconds = %d", p.RetryAfterSeconds)
	}
	wantProblem(t, e.do("POST", pathWithID(api.PathResetResend, pr.ID), "", ""), http.StatusTooManyRequests, api.CodeResendTooSoon)
	e.clock.Advance(time.Minute)
	w := e.do("POST", pathWithID(api.PathResetResend, pr.ID), "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("resend: %d %s", w.Code, w.Body)
	}
	var ch api.OTPChallenge
	decode(t, w, &ch)
	if ch.Channel != "sms" || ch.MaskedContact != "7705*****67" {
		t.Errorf("resend challenge = %+v", ch)
	}
	second := e.lastCode("77051234567")
	e.clock.Advance(time.Minute)
	if w := send("email"); w.Code != http.StatusOK {
		t.Fatalf("send to e-mail: %d %s", w.Code, w.Body)
	}
	third := e.lastCode("serik.akhmetov@mail.kz")
	for _, old := range []string{first, second} {
		if old == third {
			continue
		}
		wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(old, goodPassword, goodPassword), ""),
			http.StatusUnprocessableEntity, api.CodeOTPInvalid)
	}
	w = e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(third, goodPassword, goodPassword), "")
	if w.Code != http.StatusNoContent {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	e.login(iinSerik, goodPassword)
}

// A reset's code is valid 15 minutes too.
func TestPasswordResetExpiry(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	pr := e.startReset(iinAsel)
	if w := e.do("POST", pathWithID(api.PathResetSend, pr.ID), `{"contact":"phone"}`, ""); w.Code != http.StatusOK {
		t.Fatalf("send: %d %s", w.Code, w.Body)
	}
	code := e.lastCode("77771234501")
	e.clock.Advance(15*time.Minute + time.Minute)
	wantProblem(t, e.do("POST", pathWithID(api.PathResetConfirm, pr.ID), confirmBody(code, goodPassword, goodPassword), ""),
		http.StatusGone, api.CodeOTPExpired)
	e.login(iinAsel, DemoPassword)
}
