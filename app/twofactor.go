package app

import (
	"context"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
)

// Two-factor login (issue 14): the second step after a right password
// (a full-window screen, like registration's code step), and «Вход в два
// шага» on the security page and on the staff workstation.

// SecondStep is the second login step's screen (nil unless shown).
func (ct *loginCtl) SecondStep() *screens.SecondStep {
	a := ct.app
	s, _ := a.active.(*screens.SecondStep)
	return s
}

// showSecondStep shows the code step of the login of iin; remember and
// public are the login screen's choices, applied once the session opens.
func (ct *loginCtl) showSecondStep(iin string, ch api.OTPChallenge, remember, public bool) {
	a := ct.app
	s := screens.NewSecondStep(iin)
	a.setScreen(s, s.Content())
	s.SetChallenge(ch, a.tick.now())
	a.win.Canvas().Focus(s.Code)
	back := func() { a.backToLogin(iin, "", false) }
	s.OnBack = back
	// ended shows why the challenge cannot be used any more and returns
	// to the login screen, the IIN kept.
	ended := func(key string) {
		a.tick.stopTicker()
		a.account.showOTPExpired(key, func() {
			if a.active == s {
				back()
			}
		})
	}
	a.tick.startTicker(func(now time.Time) {
		s.Tick(now)
		if s.Expired() {
			ended("secondstep.error.expired")
		}
	})
	s.OnResend = func() {
		id := s.Challenge().ID
		a.account.callOTP(s, s.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.SecondStepResend(ctx, id)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				if key, over := secondStepEnd(err); over {
					ended(key)
					return
				}
				m := errorMessage(err)
				s.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			s.SetChallenge(ch, a.tick.now())
		})
	}
	send := func(code string, recovery bool) {
		id := s.Challenge().ID
		kr, keyringOK := a.d.Keyring, ct.keyringOK
		s.SetBusy(true)
		var (
			sess   api.Session
			cl     *client.Client
			opened openedSession
		)
		ct.calls.Call(ct.stillShown(func() bool { return a.active == s }, &cl, &sess), func(ctx context.Context, c *client.Client) (err error) {
			cl = c
			if recovery {
				sess, err = c.SecondStepRecovery(ctx, id, code)
			} else {
				sess, err = c.SecondStep(ctx, id, code)
			}
			if err != nil {
				return err
			}
			opened, err = ct.openSession(c, kr, keyringOK, iin, remember, public)
			return err
		}, func(err error) {
			s.SetBusy(false)
			if err != nil {
				a.log.Info("second step failed", "code", client.Code(err))
				if key, over := secondStepEnd(err); over {
					ended(key)
					return
				}
				m := secondStepMessage(err)
				s.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			a.tick.stopTicker()
			a.active = nil
			ct.enterCabinet(opened, public)
		})
	}
	s.OnConfirm = func(code string) { send(code, false) }
	s.OnRecovery = func(code string) { send(code, true) }
}

// secondStepEnd tells whether err means the challenge is over (expired,
// too many wrong codes, used or unknown) and the message of the dialog.
func secondStepEnd(err error) (string, bool) {
	switch client.Code(err) {
	case api.CodeOTPExpired:
		return "secondstep.error.expired", true
	case api.CodeOTPAttemptsExceeded:
		return "secondstep.error.attempts", true
	case api.CodeNotFound:
		return "secondstep.error.gone", true
	}
	return "", false
}

// secondStepMessage is the message of a refused code of the second step
// (or of a setup's first code).
func secondStepMessage(err error) message {
	p, ok := client.ProblemOf(err)
	if !ok || p.Code != api.CodeOTPInvalid {
		return errorMessage(err)
	}
	n := 0
	if p.AttemptsLeft != nil {
		n = *p.AttemptsLeft
	}
	data := map[string]any{"N": n}
	switch {
	case p.Reason == api.ReasonReused:
		return message{Key: "secondstep.error.reused", Data: data}
	case p.Field == "recoveryCode":
		return message{Key: "secondstep.error.recovery", Data: data}
	}
	return message{Key: "secondstep.error.invalid", Data: data}
}

// twoFactorMessage is the message of a refusal of the settings: a wrong
// password names the attempts left.
func twoFactorMessage(err error) message {
	p, ok := client.ProblemOf(err)
	if ok && p.Code == api.CodeInvalidCredentials && p.AttemptsLeft != nil {
		return message{Key: "twofactor.error.password", Data: map[string]any{"N": *p.AttemptsLeft}}
	}
	return secondStepMessage(err)
}

// wireTwoFactor makes t (on page) work: it loads the state, starts a
// setup, confirms it, resends its code and turns the second step off.
func (ct *cabinetPages) wireTwoFactor(page retranslator, t *screens.TwoFactor) {
	a := ct.app
	load := func() {
		t.SetBusy(true)
		var st api.TwoFactorStatus
		ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) (err error) {
			st, err = c.TwoFactor(ctx)
			return err
		}, func(err error) {
			t.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				t.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			t.SetStatus(st)
		})
	}
	t.OnStart = func(method, password string) {
		t.SetBusy(true)
		var su api.TwoFactorSetup
		ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) (err error) {
			su, err = c.TwoFactorSetup(ctx, method, password)
			return err
		}, func(err error) {
			t.SetBusy(false)
			if err != nil {
				m := twoFactorMessage(err)
				t.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			t.HideRecoveryCodes()
			t.ShowSetup(su, a.tick.now())
			a.tick.startTicker(func(now time.Time) {
				if a.page != page {
					a.tick.stopTicker()
					return
				}
				t.Tick(now)
				if t.SetupShown() && t.Expired() {
					a.tick.stopTicker()
					t.HideSetup()
					t.Tell(screens.Problem("otp.error.expired", nil))
				}
			})
		})
	}
	t.OnResend = func() {
		id := t.Setup().Challenge.ID
		t.SetBusy(true)
		var ch api.OTPChallenge
		ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) (err error) {
			ch, err = c.TwoFactorResend(ctx, id)
			return err
		}, func(err error) {
			t.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				t.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			t.SetChallenge(ch, a.tick.now())
		})
	}
	t.OnConfirm = func(code string) {
		id := t.Setup().Challenge.ID
		wasOn := t.StatusShown().Enabled
		t.SetBusy(true)
		var en api.TwoFactorEnabled
		ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) (err error) {
			en, err = c.TwoFactorConfirm(ctx, id, code)
			return err
		}, func(err error) {
			t.SetBusy(false)
			if err != nil {
				if _, over := secondStepEnd(err); over {
					a.tick.stopTicker()
					t.HideSetup()
					m := errorMessage(err)
					t.Tell(screens.Problem(m.Key, m.Data))
					return
				}
				m := secondStepMessage(err)
				t.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			a.tick.stopTicker()
			t.HideSetup()
			t.ShowRecoveryCodes(en.RecoveryCodes)
			if wasOn {
				t.Tell(screens.Note("twofactor.done.changed", nil))
			} else {
				t.Tell(screens.Note("twofactor.done.enabled", nil))
			}
			ct.reloadTwoFactor(page, t)
		})
	}
	t.OnCancel = a.tick.stopTicker
	t.OnOff = func(password string) {
		t.SetBusy(true)
		ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) error {
			return c.TwoFactorOff(ctx, password)
		}, func(err error) {
			t.SetBusy(false)
			if err != nil {
				m := twoFactorMessage(err)
				t.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			t.HideRecoveryCodes()
			t.Tell(screens.Note("twofactor.done.disabled", nil))
			ct.reloadTwoFactor(page, t)
		})
	}
	load()
}

// reloadTwoFactor shows the state again after a change, keeping the
// result line.
func (ct *cabinetPages) reloadTwoFactor(page retranslator, t *screens.TwoFactor) {
	a := ct.app
	var st api.TwoFactorStatus
	ct.calls.Call(a.onPage(page), func(ctx context.Context, c *client.Client) (err error) {
		st, err = c.TwoFactor(ctx)
		return err
	}, func(err error) {
		if err == nil {
			t.SetStatus(st)
		}
	})
}

// showStaffTwoFactor opens «Вход в два шага» on the staff workstation.
func (ct *staffDesk) showStaffTwoFactor() {
	a := ct.app
	shell := ct.Staff()
	if shell == nil {
		return
	}
	p := screens.NewTwoFactor()
	a.setPage(p)
	shell.Show(screens.StaffPageTwoFactor, p.Content())
	a.pages.wireTwoFactor(p, p)
}
