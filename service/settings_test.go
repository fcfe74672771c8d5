package service

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// The settings kabinetd offers as flags change what the service does
// (at the service's fake clock), and nonsense is refused by Open.
func TestSettingsChangeBehaviour(t *testing.T) {
	t.Run("session idle and absolute", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.IdleTimeout, c.AbsoluteTimeout = 2*time.Minute, 5*time.Minute })
		s := e.login(iinBekzat, DemoPassword)
		if s.IdleTimeoutSeconds != 120 || !s.ExpiresAt.Equal(testStart.Add(5*time.Minute)) {
			t.Fatalf("session told idle %d s, expires %v", s.IdleTimeoutSeconds, s.ExpiresAt)
		}
		// Precision touchEvery = 2m/15 = 8s: gone 2m10s after the last call.
		e.clock.Advance(2*time.Minute + 10*time.Second)
		w := e.do("GET", api.PathMe, "", s.Token)
		if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized); p.Reason != reasonIdle {
			t.Errorf("reason %q, want %q", p.Reason, reasonIdle)
		}
		s = e.login(iinBekzat, DemoPassword)
		for range 4 {
			e.clock.Advance(time.Minute)
			if w := e.do("GET", api.PathMe, "", s.Token); w.Code != http.StatusOK {
				t.Fatalf("active session refused: %d %s", w.Code, w.Body)
			}
		}
		e.clock.Advance(time.Minute)
		w = e.do("GET", api.PathMe, "", s.Token)
		if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized); p.Reason != reasonExpired {
			t.Errorf("reason %q, want %q", p.Reason, reasonExpired)
		}
	})
	t.Run("login attempts and lock", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.LoginAttempts, c.LoginLock = 2, 3*time.Minute })
		w := e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong-password-1"), "")
		if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); p.AttemptsLeft == nil || *p.AttemptsLeft != 1 {
			t.Fatalf("attempts left %v, want 1", p.AttemptsLeft)
		}
		w = e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong-password-2"), "")
		wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
		e.clock.Advance(3*time.Minute - time.Second)
		w = e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), "")
		wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
		e.clock.Advance(time.Second)
		e.login(iinBekzat, DemoPassword)
	})
	t.Run("client rate and burst", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.ClientRate, c.ClientBurst = 0.5, 2 })
		codes := []int{}
		for range 3 {
			codes = append(codes, e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong-password"), "").Code)
		}
		if codes[0] == http.StatusTooManyRequests || codes[1] == http.StatusTooManyRequests || codes[2] != http.StatusTooManyRequests {
			t.Fatalf("statuses %v, want the third 429", codes)
		}
		e.clock.Advance(2 * time.Second) // 0.5/s: one token back
		if w := e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), ""); w.Code != http.StatusOK {
			t.Fatalf("after 2 s: %d %s", w.Code, w.Body)
		}
	})
	t.Run("otp validity, resend and attempts", func(t *testing.T) {
		e := otpEnv(t, func(c *Config) { c.OTPValidity, c.OTPResend, c.OTPAttempts = 3*time.Minute, 20*time.Second, 2 })
		ch := e.register(daurenReg())
		if ch.AttemptsLeft != 2 || !ch.ExpiresAt.Equal(testStart.Add(3*time.Minute)) || !ch.ResendAfter.Equal(testStart.Add(20*time.Second)) {
			t.Fatalf("challenge %+v", ch)
		}
		e.clock.Advance(19 * time.Second)
		w := e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", "")
		wantProblem(t, w, http.StatusTooManyRequests, api.CodeResendTooSoon)
		e.clock.Advance(time.Second)
		if w := e.do("POST", pathWithID(api.PathRegResend, ch.ID), "", ""); w.Code != http.StatusOK {
			t.Fatalf("resend after 20 s: %d %s", w.Code, w.Body)
		}
		code := e.lastCode(daurenPhone)
		body := confirmBody(wrongCode(code), "Strong-Passw0rd-2026", "Strong-Passw0rd-2026")
		w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), body, "")
		if p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeOTPInvalid); p.AttemptsLeft == nil || *p.AttemptsLeft != 1 {
			t.Fatalf("attempts left %v, want 1", p.AttemptsLeft)
		}
		w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), body, "")
		if w.Code == http.StatusOK || w.Code == http.StatusCreated {
			t.Fatalf("second wrong code accepted: %d", w.Code)
		}
		// A new registration: its code is refused 3 minutes after it was sent.
		e.clock.Advance(time.Hour)
		ch = e.register(daurenReg())
		code = e.lastCode(daurenPhone)
		e.clock.Advance(3 * time.Minute)
		w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, "Strong-Passw0rd-2026", "Strong-Passw0rd-2026"), "")
		wantProblem(t, w, http.StatusGone, api.CodeOTPExpired)
	})
}

func TestSettingsRefused(t *testing.T) {
	for name, mod := range map[string]func(*Config){
		"idle longer than absolute": func(c *Config) { c.IdleTimeout, c.AbsoluteTimeout = 2*time.Hour, time.Hour },
		"resend not before expiry":  func(c *Config) { c.OTPValidity, c.OTPResend = time.Minute, time.Minute },
		"negative attempts":         func(c *Config) { c.LoginAttempts = -1 },
		"negative rate":             func(c *Config) { c.ClientRate = -3 },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := Config{DataDir: t.TempDir()}
			mod(&cfg)
			svc, err := Open(context.Background(), cfg)
			if err == nil {
				svc.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), "service: ") {
				t.Errorf("error %q", err)
			}
		})
	}
}
