package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// SecondStep is the login's second step after a right password: where
// the code went (SMS, e-mail) or «the code of your authenticator app»,
// the IIN being logged in, a countdown, the code, «Отправить код
// повторно» once allowed (sent codes only), «Войти», «Использовать
// резервный код» (a recovery code instead) and «Назад» to the login
// screen, the IIN kept.
type SecondStep struct {
	Title     *widget.Label
	IINLine   *widget.Label
	Sent      *widget.Label
	Countdown *widget.Label
	CodeLabel *widget.Label
	Code      *Entry
	Resend    *Button
	// UseRecovery switches between the code and a recovery code.
	UseRecovery   *Button
	RecoveryLabel *widget.Label
	Recovery      *Entry
	Confirm       *Button
	Back          *Button
	Status        *widget.Label
	Progress      *widget.ProgressBarInfinite

	OnConfirm  func(code string)
	OnRecovery func(recoveryCode string)
	OnResend   func()
	OnBack     func()

	iin      string
	ch       api.OTPChallenge
	now      time.Time
	busy     bool
	recovery bool
	err      message
	box      *fyne.Container
	content  fyne.CanvasObject
}

// NewSecondStep builds the screen for the login of iin.
func NewSecondStep(iin string) *SecondStep {
	s := &SecondStep{iin: iin}
	s.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Title.SizeName = theme.SizeNameHeadingText
	s.IINLine = widget.NewLabel("")
	s.Sent = widget.NewLabel("")
	s.Sent.Wrapping = fyne.TextWrapWord
	s.Countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.CodeLabel = widget.NewLabel("")
	s.Code = NewEntry()
	s.Code.OnChanged = func(v string) {
		if d := digitsOnly(v, s.codeLen()); d != v {
			s.Code.SetText(d)
			return
		}
		s.update()
	}
	s.Code.OnSubmitted = func(string) { s.submit() }
	s.Resend = NewButtonWithIcon("", theme.MailSendIcon(), func() { call(s.OnResend) })
	s.Resend.Importance = widget.LowImportance
	s.UseRecovery = NewButton("", func() { s.SetRecovery(!s.recovery) })
	s.UseRecovery.Importance = widget.LowImportance
	s.RecoveryLabel = widget.NewLabel("")
	s.Recovery = NewEntry()
	s.Recovery.OnChanged = func(string) { s.update() }
	s.Recovery.OnSubmitted = func(string) { s.submit() }
	s.Confirm = NewButtonWithIcon("", theme.LoginIcon(), s.submit)
	s.Confirm.Importance = widget.SuccessImportance
	s.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(s.OnBack) })
	s.Status = newErrorLabel()
	s.err.label = s.Status
	s.Progress = newProgress()
	s.box = container.NewVBox(
		s.Title, s.IINLine, s.Sent,
		container.NewHBox(widget.NewIcon(theme.HistoryIcon()), s.Countdown),
		s.CodeLabel, s.Code, s.Resend,
		s.RecoveryLabel, s.Recovery,
		s.Progress, s.Status,
		s.Confirm,
		container.NewGridWithColumns(2, s.Back, s.UseRecovery),
	)
	s.content = container.New(&maxWidth{Width: 520, Middle: true}, widget.NewCard("", "", s.box))
	s.SetRecovery(false)
	s.Retranslate()
	return s
}

// Content is the screen's root object.
func (s *SecondStep) Content() fyne.CanvasObject { return s.content }

// IIN is the IIN being logged in.
func (s *SecondStep) IIN() string { return s.iin }

func (s *SecondStep) codeLen() int {
	if s.ch.Length > 0 {
		return s.ch.Length
	}
	return 6
}

// Sends tells whether the code is sent (SMS, e-mail), not an app's.
func (s *SecondStep) Sends() bool { return s.ch.Channel != api.ChannelTOTP }

// SetChallenge shows the challenge and restarts the countdown.
func (s *SecondStep) SetChallenge(ch api.OTPChallenge, now time.Time) {
	s.ch = ch
	s.Code.SetText("")
	s.Resend.Hidden = !s.Sends()
	s.Resend.Refresh()
	s.Retranslate()
	s.Tick(now)
	s.focus(s.Code)
}

// Challenge is the challenge shown.
func (s *SecondStep) Challenge() api.OTPChallenge { return s.ch }

// Expired tells whether the challenge's time is over at the last Tick.
func (s *SecondStep) Expired() bool { return !s.ch.ExpiresAt.IsZero() && !s.now.Before(s.ch.ExpiresAt) }

// Tick updates the countdown and the resend button; app calls it every
// second.
func (s *SecondStep) Tick(now time.Time) {
	s.now = now
	left := max(s.ch.ExpiresAt.Sub(now), 0)
	s.Countdown.SetText(lang.L("secondstep.countdown", map[string]any{"Left": FormatDuration(left)}))
	s.Countdown.Importance = widget.MediumImportance
	if left == 0 {
		s.Countdown.Importance = widget.DangerImportance
	}
	s.Countdown.Refresh()
	if wait := s.ch.ResendAfter.Sub(now); wait > 0 {
		s.Resend.SetText(lang.L("otp.resend_in", map[string]any{"Left": FormatDuration(wait)}))
		s.Resend.Disable()
	} else {
		s.Resend.SetText(lang.L("otp.resend"))
		if !s.busy {
			s.Resend.Enable()
		}
	}
	s.update()
}

// SetRecovery shows the recovery code's field instead of the code's.
func (s *SecondStep) SetRecovery(on bool) {
	s.recovery = on
	s.CodeLabel.Hidden, s.Code.Hidden = on, on
	s.Resend.Hidden = on || !s.Sends()
	s.RecoveryLabel.Hidden = !on
	s.Recovery.Hidden = !on
	s.box.Refresh()
	s.Retranslate()
	s.update()
	if on {
		s.focus(s.Recovery)
	} else {
		s.focus(s.Code)
	}
}

func (s *SecondStep) focus(o fyne.Focusable) { focusVia(s.Title, o) }

// focusVia gives o the keyboard through the canvas of anchor, an object
// already on screen: a field shown only now has no canvas of its own yet.
func focusVia(anchor fyne.CanvasObject, o fyne.Focusable) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	if c := app.Driver().CanvasForObject(anchor); c != nil {
		c.Focus(o)
	}
}

// RecoveryMode tells whether a recovery code is being typed.
func (s *SecondStep) RecoveryMode() bool { return s.recovery }

// SetBusy disables the screen while a call runs.
func (s *SecondStep) SetBusy(b bool) {
	s.busy = b
	for _, w := range []fyne.Disableable{s.Code, s.Recovery, s.UseRecovery, s.Back} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if b {
		s.Resend.Disable()
		s.err.show("", nil)
	}
	showProgress(s.Progress, b)
	s.Tick(s.now)
}

func (s *SecondStep) ready() bool {
	if s.busy || s.Expired() {
		return false
	}
	if s.recovery {
		return len(normRecovery(s.Recovery.Text)) >= 12
	}
	return len(s.Code.Text) == s.codeLen()
}

// normRecovery counts what matters of a typed recovery code.
func normRecovery(v string) string {
	out := make([]rune, 0, len(v))
	for _, r := range v {
		if r != '-' && r != ' ' {
			out = append(out, r)
		}
	}
	return string(out)
}

func (s *SecondStep) update() {
	if s.ready() {
		s.Confirm.Enable()
	} else {
		s.Confirm.Disable()
	}
}

func (s *SecondStep) submit() {
	if !s.ready() {
		return
	}
	if s.recovery {
		if s.OnRecovery != nil {
			s.OnRecovery(s.Recovery.Text)
		}
		return
	}
	if s.OnConfirm != nil {
		s.OnConfirm(s.Code.Text)
	}
}

// Retranslate sets every text in the current language; typed values stay.
func (s *SecondStep) Retranslate() {
	s.Title.SetText(lang.L("secondstep.title"))
	s.IINLine.SetText(lang.L("secondstep.iin", map[string]any{"IIN": s.iin}))
	switch s.ch.Channel {
	case api.ChannelTOTP:
		s.Sent.SetText(lang.L("secondstep.sent.totp"))
	case "email":
		s.Sent.SetText(lang.L("secondstep.sent.email", map[string]any{"To": s.ch.MaskedContact}))
	default:
		s.Sent.SetText(lang.L("secondstep.sent.sms", map[string]any{"To": s.ch.MaskedContact}))
	}
	if s.recovery {
		s.Sent.SetText(lang.L("secondstep.recovery.text"))
	}
	s.CodeLabel.SetText(lang.L("secondstep.code") + " *")
	s.Code.SetPlaceHolder(lang.L("otp.code.placeholder"))
	s.RecoveryLabel.SetText(lang.L("secondstep.recovery") + " *")
	s.Recovery.SetPlaceHolder("xxxx-xxxx-xxxx")
	s.Confirm.SetText(lang.L("secondstep.submit"))
	s.Back.SetText(lang.L("common.back"))
	if s.recovery {
		s.UseRecovery.SetText(lang.L("secondstep.use_code"))
	} else {
		s.UseRecovery.SetText(lang.L("secondstep.use_recovery"))
	}
	s.err.retranslate()
	if !s.now.IsZero() {
		s.Tick(s.now)
	}
}

// Tell shows m; an error clears the code typed and puts the focus back.
func (s *SecondStep) Tell(m Message) {
	s.err.show(m.Key, m.Data)
	if m.Key != "" {
		s.Code.SetText("")
		if s.recovery {
			s.focus(s.Recovery)
		} else {
			s.focus(s.Code)
		}
	}
}
