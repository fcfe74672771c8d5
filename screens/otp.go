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

// OTPStep is the «one-time password + new password» step shared by
// registration and password reset: where the code went (masked), a
// countdown from 15:00, the code, the new password twice, «Отправить код
// повторно» once allowed.
type OTPStep struct {
	Sent      *widget.Label
	Countdown *widget.Label
	CodeLabel *widget.Label
	Code      *Entry
	NewPass   *NewPassword
	Resend    *Button
	Confirm   *Button

	OnConfirm func(otp, password, repeat string)
	OnResend  func()

	ch      api.OTPChallenge
	now     time.Time
	busy    bool
	content fyne.CanvasObject
}

// NewOTPStep builds the step.
func NewOTPStep() *OTPStep {
	s := &OTPStep{}
	s.Sent = widget.NewLabel("")
	s.Sent.Wrapping = fyne.TextWrapWord
	s.Countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Monospace: true})
	s.CodeLabel = widget.NewLabel("")
	s.Code = NewEntry()
	s.Code.OnChanged = func(v string) {
		// Digits only, at most the code's length; paste of "123 456" works.
		d := digitsOnly(v, s.codeLen())
		if d != v {
			s.Code.SetText(d)
			return
		}
		s.update()
	}
	s.NewPass = NewNewPassword()
	s.NewPass.OnChanged = s.update
	s.Resend = NewButtonWithIcon("", theme.MailSendIcon(), func() { call(s.OnResend) })
	s.Resend.Importance = widget.LowImportance
	confirm := func() {
		if s.OnConfirm != nil && s.ready() {
			s.OnConfirm(s.Code.Text, s.NewPass.Password.Text, s.NewPass.Repeat.Text)
		}
	}
	s.Confirm = NewButtonWithIcon("", theme.ConfirmIcon(), confirm)
	// Enter in any field confirms, as the button does, once all is valid.
	s.Code.OnSubmitted = func(string) { confirm() }
	s.NewPass.OnSubmit = confirm
	s.Confirm.Importance = widget.SuccessImportance
	s.content = container.NewVBox(
		s.Sent,
		container.NewHBox(widget.NewIcon(theme.HistoryIcon()), s.Countdown),
		s.CodeLabel, s.Code,
		s.Resend,
		widget.NewSeparator(),
		s.NewPass.Content(),
		s.Confirm,
	)
	s.Retranslate()
	return s
}

func (s *OTPStep) codeLen() int {
	if s.ch.Length > 0 {
		return s.ch.Length
	}
	return 6
}

func digitsOnly(v string, max int) string {
	out := make([]rune, 0, max)
	for _, r := range v {
		if r >= '0' && r <= '9' && len(out) < max {
			out = append(out, r)
		}
	}
	return string(out)
}

// Content is the step's object.
func (s *OTPStep) Content() fyne.CanvasObject { return s.content }

// SetChallenge shows where the code went and restarts the countdown.
func (s *OTPStep) SetChallenge(ch api.OTPChallenge, now time.Time) {
	s.ch = ch
	s.Code.SetText("")
	s.Tick(now)
	s.Retranslate()
}

// Challenge is the challenge shown.
func (s *OTPStep) Challenge() api.OTPChallenge { return s.ch }

// Expired tells whether the code's time is over at the last Tick.
func (s *OTPStep) Expired() bool { return !s.ch.ExpiresAt.IsZero() && !s.now.Before(s.ch.ExpiresAt) }

// Tick updates the countdown and the resend button; app calls it every
// second.
func (s *OTPStep) Tick(now time.Time) {
	s.now = now
	left := s.ch.ExpiresAt.Sub(now)
	if left < 0 {
		left = 0
	}
	s.Countdown.SetText(lang.L("otp.countdown", map[string]any{"Left": FormatDuration(left)}))
	if left == 0 {
		s.Countdown.Importance = widget.DangerImportance
	} else {
		s.Countdown.Importance = widget.MediumImportance
	}
	s.Countdown.Refresh()
	wait := s.ch.ResendAfter.Sub(now)
	if wait > 0 {
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

// SetBusy disables the step while a call runs.
func (s *OTPStep) SetBusy(b bool) {
	s.busy = b
	if b {
		s.Code.Disable()
		s.Resend.Disable()
	} else {
		s.Code.Enable()
	}
	s.NewPass.SetDisabled(b)
	s.Tick(s.now)
}

func (s *OTPStep) ready() bool {
	return !s.busy && len(s.Code.Text) == s.codeLen() && s.NewPass.Valid()
}

func (s *OTPStep) update() {
	if s.ready() {
		s.Confirm.Enable()
	} else {
		s.Confirm.Disable()
	}
}

// Retranslate sets every text in the current language.
func (s *OTPStep) Retranslate() {
	key := "otp.sent.sms"
	if s.ch.Channel == "email" {
		key = "otp.sent.email"
	}
	if s.ch.Delivery == "queued" {
		// The service could not deliver it yet and keeps trying: say so.
		key += ".queued"
	}
	s.Sent.SetText(lang.L(key, map[string]any{"To": s.ch.MaskedContact, "Min": 15}))
	if !s.ch.ExpiresAt.IsZero() && !s.ch.ResendAfter.IsZero() {
		// Minutes of validity as the service says (15 by default).
		s.Sent.SetText(lang.L(key, map[string]any{"To": s.ch.MaskedContact}))
	}
	s.CodeLabel.SetText(lang.L("otp.code") + " *")
	s.Code.SetPlaceHolder(lang.L("otp.code.placeholder"))
	s.Confirm.SetText(lang.L("otp.confirm"))
	s.NewPass.Retranslate()
	if !s.now.IsZero() {
		s.Tick(s.now)
	}
}
