package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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

// now is the client's clock (the countdowns); the service has its own.
func (a *App) now() time.Time {
	return a.d.Clock.Now()
}

// startTicker calls f(now) on the UI goroutine every second until the
// screen changes.
func (a *App) startTicker(f func(time.Time)) {
	a.stopTicker()
	stop := make(chan struct{})
	a.tickStop = stop
	go func() {
		t := a.d.Clock.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-a.ctx.Done():
				return
			case <-t.Chan():
				now := a.now()
				a.do(func() {
					select {
					case <-stop:
					default:
						f(now)
					}
				})
			}
		}
	}()
}

func (a *App) stopTicker() {
	if a.tickStop != nil {
		close(a.tickStop)
		a.tickStop = nil
	}
}

// setScreen shows a full-window screen other than login and cabinet.
func (a *App) setScreen(s retranslator, content fyne.CanvasObject) {
	a.stopTicker()
	a.login = nil
	a.active = s
	a.win.SetContent(content)
}

// backToLogin returns to the login screen, prefilling iin when given.
func (a *App) backToLogin(iin string, noticeKey string, ok bool) {
	a.stopTicker()
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
func (a *App) showOTPExpired(key string, back func()) {
	l := widget.NewLabel(lang.L(key))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("common.error"), lang.L("common.ok"), l, a.win)
	d.SetOnClosed(back)
	d.Resize(fyne.NewSize(460, 220))
	d.Show()
}

// ---- Registration ----

func (a *App) showRegister() {
	r := screens.NewRegister()
	a.register = r
	a.setScreen(r, r.Content())
	r.OnBack = func() { a.backToLogin("", "", false) }
	r.OnEDS = func() { a.showEDSLoginThenSetPassword() }
	update := func() {
		q := r.Request()
		r.OTP.NewPass.SetContext(contextFor(q.IIN, q.Surname, q.GivenName, q.Patronymic, q.Phone, q.Email))
	}
	r.OnSubmit = func(req api.RegistrationRequest) {
		update()
		a.callOTP(r, r.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
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
			r.ShowStep2(ch, a.now())
			a.startTicker(func(now time.Time) {
				r.OTP.Tick(now)
				if r.Step() == 2 && r.OTP.Expired() {
					a.stopTicker()
					a.showOTPExpired("otp.error.expired", r.ShowStep1)
				}
			})
		})
	}
	r.OTP.OnResend = func() {
		id := r.OTP.Challenge().ID
		a.callOTP(r, r.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.RegisterResend(ctx, id)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				a.otpError(err, r, r.ShowStep1)
				return
			}
			r.OTP.SetChallenge(ch, a.now())
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
		a.calls.Call(a.onScreen(r), func(ctx context.Context, c *client.Client) error {
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
				a.otpError(err, r, r.ShowStep1)
				return
			}
			a.stopTicker()
			a.active = nil
			a.public = false
			a.showCabinet(me, acc)
		})
	}
}

// otpError shows an error of an OTP step; expired or dead requests show
// the memo's dialog and go back to step 1.
func (a *App) otpError(err error, s screens.Messenger, back func()) {
	m := errorMessage(err)
	switch client.Code(err) {
	case api.CodeOTPExpired, api.CodeOTPAttemptsExceeded:
		a.stopTicker()
		a.showOTPExpired(m.Key, back)
	default:
		s.Tell(screens.Problem(m.Key, m.Data))
	}
}

// callOTP runs a call that answers with a one-time-password challenge off
// the UI goroutine, with busy shown on screen s, and hands the answer to
// done on the UI goroutine unless s is no longer shown.
func (a *App) callOTP(s retranslator, busy func(bool), call func(context.Context, *client.Client) (api.OTPChallenge, error), done func(api.OTPChallenge, error)) {
	busy(true)
	CallValue(a.calls, a.onScreen(s), call, func(ch api.OTPChallenge, err error) {
		busy(false)
		done(ch, err)
	})
}

// ---- Forgot password ----

func (a *App) showForgot(iin string) {
	f := screens.NewForgot()
	a.forgot = f
	a.setScreen(f, f.Content())
	f.IIN.SetText(iin)
	var resetID string
	f.OnBack = func() {
		if f.Step() > 1 {
			a.stopTicker()
			f.ShowStep1()
			a.loadCaptcha(f)
			return
		}
		a.backToLogin(f.IIN.Text, "", false)
	}
	f.OnEDS = func() { a.showEDSLoginThenSetPassword() }
	f.OnNewCaptcha = func() { a.loadCaptcha(f) }
	f.OnSubmit = func(iin, captchaID, answer string) {
		f.OTP.NewPass.SetContext(contextFor(iin, "", "", "", "", ""))
		f.SetBusy(true)
		CallValue(a.calls, a.onScreen(f), func(ctx context.Context, c *client.Client) (api.PasswordReset, error) {
			return c.PasswordReset(ctx, api.PasswordResetRequest{IIN: iin, CaptchaID: captchaID, CaptchaAnswer: answer})
		}, func(pr api.PasswordReset, err error) {
			f.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				f.Tell(screens.Problem(m.Key, m.Data))
				// A captcha is single use: always show a new one.
				a.loadCaptcha(f)
				return
			}
			resetID = pr.ID
			f.ShowContacts(pr.Contacts)
		})
	}
	tick := func() {
		a.startTicker(func(now time.Time) {
			f.OTP.Tick(now)
			if f.Step() == 3 && f.OTP.Expired() {
				a.stopTicker()
				a.showOTPExpired("otp.error.expired", func() { f.ShowStep1(); a.loadCaptcha(f) })
			}
		})
	}
	restart := func() { f.ShowStep1(); a.loadCaptcha(f) }
	f.OnSend = func(contact string) {
		id := resetID
		a.callOTP(f, f.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.ResetSend(ctx, id, contact)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				a.otpError(err, f, restart)
				return
			}
			f.ShowOTP(ch, a.now())
			tick()
		})
	}
	f.OTP.OnResend = func() {
		id := resetID
		a.callOTP(f, f.SetBusy, func(ctx context.Context, c *client.Client) (api.OTPChallenge, error) {
			return c.ResetResend(ctx, id)
		}, func(ch api.OTPChallenge, err error) {
			if err != nil {
				a.otpError(err, f, restart)
				return
			}
			f.OTP.SetChallenge(ch, a.now())
		})
	}
	f.OTP.OnConfirm = func(otp, pw, repeat string) {
		f.SetBusy(true)
		id := resetID
		iin := f.IIN.Text
		a.calls.Call(a.onScreen(f), func(ctx context.Context, c *client.Client) error {
			return c.ResetConfirm(ctx, id, api.ConfirmRequest{OTP: otp, Password: pw, PasswordRepeat: repeat})
		}, func(err error) {
			f.SetBusy(false)
			if err != nil {
				a.otpError(err, f, func() { f.ShowStep1(); a.loadCaptcha(f) })
				return
			}
			a.backToLogin(iin, "forgot.done", true)
		})
	}
	a.loadCaptcha(f)
}

func (a *App) loadCaptcha(f *screens.Forgot) {
	f.NewCaptcha.Disable()
	CallValue(a.calls, nil, func(ctx context.Context, c *client.Client) (api.Captcha, error) {
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

// ---- Change password (cabinet page) ----

func (a *App) showChangePassword() {
	a.showPasswordPage(false)
}

// showPasswordPage opens «Сменить пароль»; byEDS asks no current password
// (right after a login by EDS).
func (a *App) showPasswordPage(byEDS bool) {
	p := screens.NewChangePassword()
	p.SetByEDS(byEDS)
	a.setPage(p)
	me := a.me
	p.NewPass.SetContext(contextFor(me.IIN, me.Surname, me.GivenName, me.Patronymic, "", ""))
	p.OnSave = func(current, pw, repeat string) {
		p.SetBusy(true)
		a.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) error {
			return c.ChangePassword(ctx, api.ChangePasswordRequest{CurrentPassword: current, NewPassword: pw, NewPasswordRepeat: repeat})
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				if client.IsCode(err, api.CodeInvalidCredentials) {
					m = message{Key: "change.error.current"}
				}
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.Tell(screens.Note("change.done", nil))
		})
	}
	a.cabinet.Show(screens.ServicePassword, p.Content())
}

// ---- Demo outbox ----

// DefaultOutboxPoll is how often the open outbox window reloads itself.
const DefaultOutboxPoll = 3 * time.Second

// showOutbox opens the demo outbox window, which reloads itself every
// Deps.OutboxPoll while it is open. A reload (or a tap on «Обновить»)
// is skipped while a load is still on its way: on a slow service the
// ticks would otherwise stack calls; the answer on its way shows the
// messages anyway.
func (a *App) showOutbox() {
	if a.outboxWin != nil {
		a.outboxWin.RequestFocus()
		return
	}
	o := screens.NewOutbox()
	w := a.fa.NewWindow(lang.L("login.outbox"))
	a.outboxWin, a.outbox = w, o
	w.SetContent(o.Content())
	w.Resize(fyne.NewSize(560, 520))
	stop := make(chan struct{})
	w.SetOnClosed(func() {
		close(stop)
		a.outboxWin, a.outbox = nil, nil
	})
	loading := false // a load is on its way (UI goroutine)
	// load asks for the messages; auto is a reload of the ticker, not
	// tracked for WaitIdle (a poller's WaitGroup Add would race Wait).
	load := func(auto bool) {
		if loading {
			return
		}
		loading = true
		call := callFunc(a.calls.Call)
		if auto {
			call = a.calls.Background
		}
		var box api.Outbox
		call(func(error) bool {
			loading = false // the answer is here, wanted or not
			return a.outbox == o
		}, func(ctx context.Context, c *client.Client) (err error) {
			box, err = c.Outbox(ctx)
			return err
		}, func(err error) {
			if err != nil {
				o.Tell(screens.Problem(errorMessage(err).Key, nil))
				return
			}
			o.SetMessages(box.Messages)
		})
	}
	o.OnRefresh = func() { load(false) }
	load(false)
	every := a.d.OutboxPoll
	if every <= 0 {
		every = DefaultOutboxPoll
	}
	// New messages appear by themselves while the window is open.
	a.everyTick(every, stop, func() {
		if a.outbox == o {
			load(true)
		}
	})
	w.Show()
}
