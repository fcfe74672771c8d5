package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/passwords"
	"github.com/kabinet-kz/kabinet/screens"
)

// retranslator is a screen that can change language in place.
type retranslator interface{ Retranslate() }

// setScreen shows a full-window screen other than login and cabinet.
func (a *App) setScreen(s retranslator, content fyne.CanvasObject) {
	a.tick.stopTicker()
	a.login = nil
	a.active = s
	a.setContent(content)
}

// setContent shows a screen in the window. A window's SetContent sizes
// the window again from its size in Fyne units, rounded up to pixels: at
// a fractional scale (FYNE_SCALE 1.5) the window grew by a pixel at each
// login and logout (1342 -> 1343 -> 1344 on a 1366 screen). The screens
// are swapped in one root instead; the keyboard focus, which belonged to
// the screen that goes, is dropped.
func (a *App) setContent(content fyne.CanvasObject) {
	a.win.Canvas().Unfocus()
	a.root.Objects = []fyne.CanvasObject{content}
	a.root.Refresh()
}

// backToLogin returns to the login screen, prefilling iin when given.
func (a *App) backToLogin(iin string, noticeKey string, ok bool) {
	a.tick.stopTicker()
	a.active = nil
	a.showLogin()
	a.signin.startKeyring()
	if iin != "" {
		a.login.IIN.SetText(iin)
	}
	if noticeKey != "" {
		if ok {
			a.login.Tell(screens.Note(noticeKey, nil))
		} else {
			a.login.Tell(screens.Problem(noticeKey, nil))
		}
	}
	if iin != "" {
		a.win.Canvas().Focus(a.login.Password)
	}
}

func contextFor(iin, surname, given, patronymic, phone, email string) passwords.Context {
	c := passwords.Context{IIN: iin, Surname: surname, GivenName: given, Patronymic: patronymic, Phone: phone, Email: email}
	if v, err := kz.ParseIIN(iin); err == nil {
		c.BirthDate = v.BirthDate().Format("2006-01-02")
	}
	return c
}

// showOTPExpired is the memo's dialog: OK returns to step 1.
func (ct *accountCtl) showOTPExpired(key string, back func()) {
	a := ct.app
	l := widget.NewLabel(lang.L(key))
	l.Wrapping = fyne.TextWrapWord
	d := screens.NewMessageDialog(lang.L("common.error"), lang.L("common.ok"), l, a.win)
	d.SetOnClosed(back)
	d.Resize(fyne.NewSize(460, 220))
	d.Show()
}

// accountCtl is registration and password recovery: full-window screens
// off the login screen, each a form, then a code sent by SMS (or the
// demo outbox), then a new password.
type accountCtl struct {
	app      *App
	calls    *caller
	register *screens.Register // shown, else nil
	forgot   *screens.Forgot   // shown, else nil
}

// ---- Registration ----

func (ct *accountCtl) showRegister() {
	a := ct.app
	r := screens.NewRegister()
	ct.register = r
	a.preloadPasswords()
	a.setScreen(r, r.Content())
	// The form starts at its first field, as the login at the IIN.
	a.win.Canvas().Focus(r.Surname)
	r.OnBack = func() { a.backToLogin("", "", false) }
	r.OnEDS = func() { a.edsKeys.showEDSLoginThenSetPassword() }
	update := func() {
		q := r.Request()
		r.OTP.NewPass.SetContext(contextFor(q.IIN, q.Surname, q.GivenName, q.Patronymic, q.Phone, q.Email))
	}
	r.OnSubmit = func(req api.RegistrationRequest) {
		update()
		ct.callOTP(r, r.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.Register(ctx, req)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				m := errorMessage(err)
				r.Tell(screens.Problem(m.Key, m.Data))
				if client.IsCode(err, api.CodeContactShared) {
					r.ByEDS.Show() // the memo's way 1: confirm by EDS in the cabinet
				}
				return
			}
			r.ShowStep2(ch, a.tick.now())
			a.tick.startTicker(func(now time.Time) {
				r.OTP.Tick(now)
				if r.Step() == 2 && r.OTP.Expired() {
					a.tick.stopTicker()
					ct.showOTPExpired("otp.error.expired", r.ShowStep1)
				}
			})
		})
	}
	r.OTP.OnResend = func() {
		id := r.OTP.Challenge().ID
		ct.callOTP(r, r.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.RegisterResend(ctx, id)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				ct.otpError(err, r, r.ShowStep1)
				return
			}
			r.OTP.SetChallenge(ch, a.tick.now())
		})
	}
	r.OTP.OnConfirm = func(otp, pw, repeat string) {
		id := r.OTP.Challenge().ID
		iin := r.Request().IIN
		r.SetBusy(true)
		var (
			me  api.Me
			acc api.Accounts
		)
		ct.calls.Call(a.onScreen(r), func(ctx context.Context, c *client.Client) error {
			if _, err := c.RegisterConfirm(ctx, id, api.ConfirmRequest{OTP: otp, Password: pw, PasswordRepeat: repeat}); err != nil {
				return err
			}
			var err error
			me, acc, err = a.signin.loadHome(c)
			return err
		}, func(err error) {
			r.SetBusy(false)
			if err != nil {
				if client.IsCode(err, api.CodeUnauthorized) {
					a.backToLogin(iin, "register.done_login", true)
					return
				}
				ct.otpError(err, r, r.ShowStep1)
				return
			}
			a.tick.stopTicker()
			a.active = nil
			a.public = false
			a.showCabinet(me, acc)
		})
	}
}

// otpError shows an error of an OTP step; expired or dead requests show
// the memo's dialog and go back to step 1.
func (ct *accountCtl) otpError(err error, s screens.Messenger, back func()) {
	a := ct.app
	m := errorMessage(err)
	switch client.Code(err) {
	case api.CodeOTPExpired, api.CodeOTPAttemptsExceeded:
		a.tick.stopTicker()
		ct.showOTPExpired(m.Key, back)
	default:
		s.Tell(screens.Problem(m.Key, m.Data))
	}
}

// callOTP runs a call that answers with a one-time-password challenge off
// the UI goroutine, with busy shown on screen s, and hands the answer to
// done on the UI goroutine unless s is no longer shown.
func (ct *accountCtl) callOTP(s retranslator, busy func(bool), call func(context.Context, *client.Client) (api.OTPChallenge, error), done func(api.OTPChallenge, error)) {
	a := ct.app
	busy(true)
	CallValue(ct.calls, a.onScreen(s), call, func(ch api.OTPChallenge, err error) {
		busy(false)
		done(ch, err)
	})
}

// ---- Forgot password ----

func (ct *accountCtl) showForgot(iin string) {
	a := ct.app
	f := screens.NewForgot()
	ct.forgot = f
	a.preloadPasswords()
	a.setScreen(f, f.Content())
	f.IIN.SetText(iin)
	// The first field to fill: the IIN, or the picture's answer when the
	// login screen passed the IIN on.
	if iin == "" {
		a.win.Canvas().Focus(f.IIN)
	} else {
		a.win.Canvas().Focus(f.Answer)
	}
	var resetID string
	f.OnBack = func() {
		if f.Step() > 1 {
			a.tick.stopTicker()
			f.ShowStep1()
			ct.loadCaptcha(f)
			return
		}
		a.backToLogin(f.IIN.Text, "", false)
	}
	f.OnEDS = func() { a.edsKeys.showEDSLoginThenSetPassword() }
	f.OnNewCaptcha = func() { ct.loadCaptcha(f) }
	f.OnSubmit = func(iin, captchaID, answer string) {
		f.OTP.NewPass.SetContext(contextFor(iin, "", "", "", "", ""))
		f.SetBusy(true)
		CallValue(ct.calls, a.onScreen(f), func(ctx context.Context, c *client.Client) (api.PasswordReset, error) {
			return c.PasswordReset(ctx, api.PasswordResetRequest{IIN: iin, CaptchaID: captchaID, CaptchaAnswer: answer})
		}, func(pr api.PasswordReset, err error) {
			f.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				f.Tell(screens.Problem(m.Key, m.Data))
				// A captcha is single use: always show a new one.
				ct.loadCaptcha(f)
				return
			}
			resetID = pr.ID
			f.ShowContacts(pr.Contacts)
		})
	}
	tick := func() {
		a.tick.startTicker(func(now time.Time) {
			f.OTP.Tick(now)
			if f.Step() == 3 && f.OTP.Expired() {
				a.tick.stopTicker()
				ct.showOTPExpired("otp.error.expired", func() { f.ShowStep1(); ct.loadCaptcha(f) })
			}
		})
	}
	restart := func() { f.ShowStep1(); ct.loadCaptcha(f) }
	f.OnSend = func(contact string) {
		id := resetID
		ct.callOTP(f, f.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.ResetSend(ctx, id, contact)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				ct.otpError(err, f, restart)
				return
			}
			f.ShowOTP(ch, a.tick.now())
			tick()
		})
	}
	f.OTP.OnResend = func() {
		id := resetID
		ct.callOTP(f, f.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.ResetResend(ctx, id)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				ct.otpError(err, f, restart)
				return
			}
			f.OTP.SetChallenge(ch, a.tick.now())
		})
	}
	f.OTP.OnConfirm = func(otp, pw, repeat string) {
		f.SetBusy(true)
		id := resetID
		iin := f.IIN.Text
		ct.calls.Call(a.onScreen(f), func(ctx context.Context, c *client.Client) error {
			return c.ResetConfirm(ctx, id, api.ConfirmRequest{OTP: otp, Password: pw, PasswordRepeat: repeat})
		}, func(err error) {
			f.SetBusy(false)
			if err != nil {
				ct.otpError(err, f, func() { f.ShowStep1(); ct.loadCaptcha(f) })
				return
			}
			a.backToLogin(iin, "forgot.done", true)
		})
	}
	ct.loadCaptcha(f)
}

func (ct *accountCtl) loadCaptcha(f *screens.Forgot) {
	f.NewCaptcha.Disable()
	CallValue(ct.calls, nil, func(ctx context.Context, c *client.Client) (api.Captcha, error) {
		return c.Captcha(ctx)
	}, func(cp api.Captcha, err error) {
		f.NewCaptcha.Enable()
		if err != nil {
			m := errorMessage(err)
			f.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		f.SetCaptcha(cp)
	})
}
