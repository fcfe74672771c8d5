package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// twin opens a second Service on e's database (the same SQLite file, or
// the same PostgreSQL database) with e's clock: a second kabinetd
// instance behind the same load balancer.
func (e *env) twin() *env {
	e.t.Helper()
	t := *e
	t.svc, t.h = nil, nil
	t.open()
	e.t.Cleanup(func() {
		if t.svc != nil {
			t.svc.Close()
		}
	})
	if t.svc.eds != nil {
		t.svc.eds.wait()
	}
	return &t
}

// A flow started on one instance ends on another: an EDS challenge, a
// session, a captcha; each single-use across both.
func TestInstancesShareFlows(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\nknown")
	a := newEDSEnv(t, func(c *Config) {
		c.captchaDraw = func() (string, []byte, error) { return "K7M3P", png, nil }
	})
	b := a.twin()

	// EDS: challenge from a, answered on b; the session opens the
	// cabinet on a; the same challenge again, on either, is reused.
	ks := a.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid)
	ch := a.challenge()
	cms := sign(t, ks, ch.Nonce, false)
	w := b.edsLogin(ch.ID, cms)
	if w.Code != http.StatusOK {
		t.Fatalf("EDS login on the other instance: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	a.wantMe(sess.Token, iinBekzat)
	wantProblem(t, a.edsLogin(ch.ID, cms), http.StatusConflict, api.CodeChallengeReused)
	wantProblem(t, b.edsLogin(ch.ID, cms), http.StatusConflict, api.CodeChallengeReused)

	// A password login on b, the cabinet on a.
	a.wantMe(b.login(iinAsel, DemoPassword).Token, iinAsel)

	// Captcha: fetched from a, answered on b.
	captchaFrom := func(e *env) string {
		w := e.do("GET", api.PathCaptcha, "", "")
		if w.Code != http.StatusOK {
			t.Fatalf("captcha: %d %s", w.Code, w.Body)
		}
		var c api.Captcha
		decode(t, w, &c)
		return c.ID
	}
	reset := func(e *env, id, answer string) *httptest.ResponseRecorder {
		return e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iinBekzat, CaptchaID: id, CaptchaAnswer: answer}), "")
	}
	id := captchaFrom(a)
	wantProblem(t, reset(b, id, "WRONG"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	wantProblem(t, reset(a, id, "K7M3P"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid) // consumed by the wrong try
	id = captchaFrom(a)
	if w := reset(b, id, "k7m 3p"); w.Code != http.StatusCreated {
		t.Fatalf("right answer on the other instance: %d %s", w.Code, w.Body)
	}
	wantProblem(t, reset(a, id, "K7M3P"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
	// Expired: answered after the TTL on the other instance.
	id = captchaFrom(b)
	a.clock.Advance(6 * time.Minute)
	wantProblem(t, reset(a, id, "K7M3P"), http.StatusUnprocessableEntity, api.CodeCaptchaInvalid)
}

// The back office runs on one instance at a time: both tick at the same
// moment, one moves the application; when that one closes, the other
// carries on.
func TestBackOfficeOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	a := newAppEnv(t)
	b := a.twin()
	tok := a.login(iinBekzat, DemoPassword).Token
	ks := a.signKey(iinBekzat)
	port := a.doc(iinBekzat, api.AppPortfolioManager)
	port.Portfolio = &api.PortfolioChoice{ManagerID: "altyn-dala", SharePercent: 50}
	p := a.submit(tok, ks, port)

	run := func(e *env) int {
		t.Helper()
		n, err := e.svc.RunBackOffice(context.Background(), e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	a.clock.Advance(DefaultBackOfficeStep)
	na, nb := run(a), run(b)
	if na+nb != 1 || na != 1 {
		t.Fatalf("first round: a moved %d, b moved %d; want 1 and 0", na, nb)
	}
	if st := b.application(tok, p.ID).Status; st != api.StatusAccepted {
		t.Fatalf("status %s after one round", st)
	}
	// a keeps the job while it runs.
	a.clock.Advance(DefaultBackOfficeStep)
	if nb, na := run(b), run(a); nb != 0 || na != 1 {
		t.Fatalf("second round: b moved %d, a moved %d; want 0 and 1", nb, na)
	}
	// a stops: b takes over at its next round.
	a.svc.Close()
	a.svc = nil
	b.clock.Advance(DefaultBackOfficeStep)
	if nb := run(b); nb != 1 {
		t.Fatalf("after a closed, b moved %d", nb)
	}
	if st := b.application(tok, p.ID).Status; st != api.StatusApproved {
		t.Errorf("status %s after three rounds", st)
	}
}
