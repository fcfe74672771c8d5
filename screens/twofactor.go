package screens

import (
	"bytes"
	"image/png"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// TwoFactor is the panel «Вход в два шага» of the security page (and of
// the staff workstation): whether a second login step is on and how,
// the choice of the method (a code by SMS or e-mail to the fund's
// contact, or an authenticator app), the password again, «Включить» /
// «Сменить способ» / «Отключить»; then the confirmation by a first code
// (the QR code and the secret of the app, or where the code went with a
// countdown and a throttled resend); then the recovery codes, shown once.
type TwoFactor struct {
	Title         *widget.Label
	Intro         *widget.Label
	State         *widget.Label
	RecoveryLeft  *widget.Label
	RequiredNote  *widget.Label
	MethodLabel   *widget.Label
	Method        *widget.RadioGroup
	PasswordLabel *widget.Label
	Password      *Entry
	Start         *Button
	Off           *Button
	Progress      *widget.ProgressBarInfinite
	Status        *widget.Label

	// The confirmation of a setup.
	Enrol       *widget.Card
	EnrolTitle  *widget.Label
	EnrolText   *widget.Label
	QR          *canvas.Image
	SecretLabel *widget.Label
	Secret      *widget.Label
	Sent        *widget.Label
	Countdown   *widget.Label
	Resend      *Button
	CodeLabel   *widget.Label
	Code        *Entry
	Confirm     *Button
	Cancel      *Button

	// The recovery codes, once.
	Codes      *widget.Card
	CodesTitle *widget.Label
	CodesText  *widget.Label
	CodesList  *widget.Label
	CodesDone  *Button

	// OnStart asks for a setup of method ("sms", "email", "totp") with
	// the password ("" when none is needed).
	OnStart   func(method, password string)
	OnOff     func(password string)
	OnConfirm func(code string)
	OnResend  func()
	OnCancel  func()

	st       api.TwoFactorStatus
	loaded   bool
	methods  []string // the methods offered, in the radio's order
	setup    api.TwoFactorSetup
	now      time.Time
	busy     bool
	msg      message
	ok       bool
	content  fyne.CanvasObject
	qrHolder *fyne.Container
	choice   *fyne.Container
	scroll   *container.Scroll
}

// NewTwoFactor builds the panel, empty until SetStatus.
func NewTwoFactor() *TwoFactor {
	t := &TwoFactor{}
	t.Title = heading()
	t.Intro = widget.NewLabel("")
	t.Intro.Wrapping = fyne.TextWrapWord
	t.Intro.Importance = widget.LowImportance
	t.State = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.State.Wrapping = fyne.TextWrapWord
	t.RecoveryLeft = widget.NewLabel("")
	t.RequiredNote = widget.NewLabel("")
	t.RequiredNote.Wrapping = fyne.TextWrapWord
	t.RequiredNote.Importance = widget.WarningImportance
	t.RequiredNote.Hide()
	t.MethodLabel = widget.NewLabel("")
	t.Method = widget.NewRadioGroup(nil, func(string) { t.update() })
	t.PasswordLabel = widget.NewLabel("")
	t.Password = NewPasswordEntry()
	t.Password.OnChanged = func(string) { t.update() }
	// Enter starts the setup, as «Включить» does; turning it off is
	// never done by Enter.
	t.Password.OnSubmitted = func(string) {
		if t.OnStart != nil && t.startReady() {
			t.OnStart(t.SelectedMethod(), t.Password.Text)
		}
	}
	t.Start = NewButtonWithIcon("", theme.ConfirmIcon(), func() {
		if t.OnStart != nil && t.startReady() {
			t.OnStart(t.SelectedMethod(), t.Password.Text)
		}
	})
	t.Start.Importance = widget.HighImportance
	t.Off = NewButtonWithIcon("", theme.CancelIcon(), func() {
		if t.OnOff != nil && t.offReady() {
			t.OnOff(t.Password.Text)
		}
	})
	t.Off.Importance = widget.DangerImportance
	t.Progress = newProgress()
	t.Status = widget.NewLabel("")
	t.Status.Wrapping = fyne.TextWrapWord
	t.Status.Hide()
	t.msg.label = t.Status

	t.EnrolTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.EnrolText = widget.NewLabel("")
	t.EnrolText.Wrapping = fyne.TextWrapWord
	t.QR = canvas.NewImageFromImage(nil)
	t.QR.FillMode = canvas.ImageFillContain
	t.QR.ScaleMode = canvas.ImageScalePixels
	t.QR.SetMinSize(fyne.NewSize(200, 200))
	t.qrHolder = container.NewCenter(t.QR)
	t.SecretLabel = widget.NewLabel("")
	t.Secret = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	t.Secret.Selectable = true
	t.Secret.Wrapping = fyne.TextWrapBreak
	t.Sent = widget.NewLabel("")
	t.Sent.Wrapping = fyne.TextWrapWord
	t.Countdown = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Resend = NewButtonWithIcon("", theme.MailSendIcon(), func() { call(t.OnResend) })
	t.Resend.Importance = widget.LowImportance
	t.CodeLabel = widget.NewLabel("")
	t.Code = NewEntry()
	t.Code.OnChanged = func(v string) {
		if d := digitsOnly(v, 6); d != v {
			t.Code.SetText(d)
			return
		}
		t.update()
	}
	t.Code.OnSubmitted = func(string) {
		if t.OnConfirm != nil && t.confirmReady() {
			t.OnConfirm(t.Code.Text)
		}
	}
	t.Confirm = NewButtonWithIcon("", theme.ConfirmIcon(), func() {
		if t.OnConfirm != nil && t.confirmReady() {
			t.OnConfirm(t.Code.Text)
		}
	})
	t.Confirm.Importance = widget.SuccessImportance
	t.Cancel = NewButton("", func() {
		t.HideSetup()
		call(t.OnCancel)
	})
	t.Enrol = widget.NewCard("", "", container.NewVBox(
		t.EnrolTitle, t.EnrolText, t.qrHolder, t.SecretLabel, t.Secret,
		t.Sent, container.NewHBox(widget.NewIcon(theme.HistoryIcon()), t.Countdown), t.Resend,
		t.CodeLabel, t.Code,
		container.NewGridWithColumns(2, t.Cancel, t.Confirm),
	))
	t.Enrol.Hide()

	t.CodesTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.CodesText = widget.NewLabel("")
	t.CodesText.Wrapping = fyne.TextWrapWord
	t.CodesText.Importance = widget.WarningImportance
	t.CodesList = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	t.CodesList.Selectable = true
	t.CodesDone = NewButtonWithIcon("", theme.ConfirmIcon(), t.HideRecoveryCodes)
	t.Codes = widget.NewCard("", "", container.NewVBox(t.CodesTitle, t.CodesText, t.CodesList, t.CodesDone))
	t.Codes.Hide()

	// The choice hides while a setup is confirmed, so that the
	// confirmation is right under the state, in view on a small screen;
	// the recovery codes come before it too.
	t.choice = container.NewVBox(
		t.MethodLabel, t.Method,
		t.PasswordLabel, t.Password,
		container.NewHBox(t.Start, t.Off),
	)
	form := container.NewVBox(
		t.Title, t.Intro, t.State, t.RecoveryLeft, t.RequiredNote,
		t.Progress, t.Status,
		t.Codes, t.Enrol,
		t.choice,
	)
	t.scroll = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 640}, form)))
	t.content = t.scroll
	t.Retranslate()
	return t
}

// Content is the panel's object.
func (t *TwoFactor) Content() fyne.CanvasObject { return t.content }

// StatusShown is the state shown.
func (t *TwoFactor) StatusShown() api.TwoFactorStatus { return t.st }

// Methods are the methods offered, in the radio's order.
func (t *TwoFactor) Methods() []string { return t.methods }

// SetStatus shows the state of the second step and the methods on offer
// (SMS and e-mail only where the fund has the contact).
func (t *TwoFactor) SetStatus(st api.TwoFactorStatus) {
	t.st, t.loaded = st, true
	t.methods = t.methods[:0]
	if st.PhoneMasked != "" {
		t.methods = append(t.methods, api.TwoFactorSMS)
	}
	if st.EmailMasked != "" {
		t.methods = append(t.methods, api.TwoFactorEmail)
	}
	t.methods = append(t.methods, api.TwoFactorTOTP)
	t.Method.Selected = ""
	t.Password.SetText("")
	t.Retranslate()
	t.SelectMethod(api.TwoFactorTOTP)
	if st.Enabled {
		for _, m := range t.methods {
			if m != st.Method {
				t.SelectMethod(m) // a change is to another method
				break
			}
		}
	}
}

// SelectMethod selects a method of Methods.
func (t *TwoFactor) SelectMethod(method string) {
	for i, m := range t.methods {
		if m == method && i < len(t.Method.Options) {
			t.Method.SetSelected(t.Method.Options[i])
		}
	}
	t.update()
}

// SelectedMethod is the method chosen ("" if none).
func (t *TwoFactor) SelectedMethod() string {
	for i, o := range t.Method.Options {
		if o == t.Method.Selected && i < len(t.methods) {
			return t.methods[i]
		}
	}
	return ""
}

func (t *TwoFactor) methodText(m string) string {
	switch m {
	case api.TwoFactorSMS:
		return lang.L("twofactor.method.sms", map[string]any{"To": t.st.PhoneMasked})
	case api.TwoFactorEmail:
		return lang.L("twofactor.method.email", map[string]any{"To": t.st.EmailMasked})
	}
	return lang.L("twofactor.method.totp")
}

// ShowSetup shows the confirmation of a setup: the QR code and the
// secret of an app, or where the code went.
func (t *TwoFactor) ShowSetup(su api.TwoFactorSetup, now time.Time) {
	t.setup = su
	t.Code.SetText("")
	totp := su.Challenge.Channel == api.ChannelTOTP
	t.QR.Image = nil
	if totp && len(su.QRPNG) > 0 {
		if img, err := png.Decode(bytes.NewReader(su.QRPNG)); err == nil {
			t.QR.Image = img
		}
	}
	t.QR.Refresh()
	t.qrHolder.Hidden, t.QR.Hidden = !totp, !totp
	t.SecretLabel.Hidden, t.Secret.Hidden = !totp, !totp
	t.Secret.SetText(groupSecret(su.Secret))
	t.Sent.Hidden, t.Resend.Hidden = totp, totp
	t.Password.SetText("")
	t.msg.show("", nil)
	t.Enrol.Show()
	t.choice.Hide()
	t.Retranslate()
	t.Tick(now)
	focusVia(t.Title, t.Code)
}

// groupSecret writes a base32 secret in groups of four for reading.
func groupSecret(s string) string {
	var out []rune
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, r)
	}
	return string(out)
}

// SetChallenge shows a new code's challenge (after a resend).
func (t *TwoFactor) SetChallenge(ch api.OTPChallenge, now time.Time) {
	t.setup.Challenge = ch
	t.Code.SetText("")
	t.Retranslate()
	t.Tick(now)
}

// Setup is the setup being confirmed (zero when none).
func (t *TwoFactor) Setup() api.TwoFactorSetup { return t.setup }

// SetupShown tells whether a setup is being confirmed.
func (t *TwoFactor) SetupShown() bool { return t.Enrol.Visible() }

// HideSetup drops the setup being confirmed.
func (t *TwoFactor) HideSetup() {
	t.setup = api.TwoFactorSetup{}
	t.Secret.SetText("")
	t.QR.Image = nil
	t.QR.Refresh()
	t.Enrol.Hide()
	t.choice.Show()
	t.update()
}

// Expired tells whether the setup's code is over at the last Tick.
func (t *TwoFactor) Expired() bool {
	e := t.setup.Challenge.ExpiresAt
	return !e.IsZero() && !t.now.Before(e)
}

// Tick updates the countdown and the resend button (every second).
func (t *TwoFactor) Tick(now time.Time) {
	t.now = now
	ch := t.setup.Challenge
	left := max(ch.ExpiresAt.Sub(now), 0)
	t.Countdown.SetText(lang.L("secondstep.countdown", map[string]any{"Left": FormatDuration(left)}))
	if wait := ch.ResendAfter.Sub(now); wait > 0 {
		t.Resend.SetText(lang.L("otp.resend_in", map[string]any{"Left": FormatDuration(wait)}))
		t.Resend.Disable()
	} else {
		t.Resend.SetText(lang.L("otp.resend"))
		if !t.busy {
			t.Resend.Enable()
		}
	}
	t.update()
}

// ShowRecoveryCodes shows the new recovery codes, this once.
func (t *TwoFactor) ShowRecoveryCodes(codes []string) {
	var b bytes.Buffer
	for i, c := range codes {
		b.WriteString(c)
		if i%2 == 0 && i+1 < len(codes) {
			b.WriteString("    ")
		} else if i+1 < len(codes) {
			b.WriteString("\n")
		}
	}
	t.CodesList.SetText(b.String())
	t.Codes.Show()
	t.scroll.ScrollToTop() // the state and the codes, in view
}

// RecoveryCodesShown tells whether the recovery codes are on screen.
func (t *TwoFactor) RecoveryCodesShown() bool { return t.Codes.Visible() }

// HideRecoveryCodes takes the recovery codes off the screen for good.
func (t *TwoFactor) HideRecoveryCodes() {
	t.CodesList.SetText("")
	t.Codes.Hide()
}

// SetBusy disables the panel while a call runs.
func (t *TwoFactor) SetBusy(b bool) {
	t.busy = b
	for _, w := range []fyne.Disableable{t.Method, t.Password, t.Code, t.Cancel} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if b {
		t.Resend.Disable()
		t.msg.show("", nil)
	}
	showProgress(t.Progress, b)
	t.Tick(t.now)
}

func (t *TwoFactor) startReady() bool {
	// The same method again is allowed: a new phone's app, a new code.
	return t.loaded && !t.busy && t.SelectedMethod() != "" && (!t.st.PasswordNeeded || t.Password.Text != "")
}

func (t *TwoFactor) offReady() bool {
	return t.loaded && !t.busy && t.st.Enabled && !t.st.Required && (!t.st.PasswordNeeded || t.Password.Text != "")
}

func (t *TwoFactor) confirmReady() bool {
	return !t.busy && t.Enrol.Visible() && !t.Expired() && len(t.Code.Text) == 6
}

func (t *TwoFactor) update() {
	for _, c := range []struct {
		b  *Button
		ok bool
	}{{t.Start, t.startReady()}, {t.Off, t.offReady()}, {t.Confirm, t.confirmReady()}} {
		if c.ok {
			c.b.Enable()
		} else {
			c.b.Disable()
		}
	}
}

// Retranslate sets every text in the current language; typed values stay.
func (t *TwoFactor) Retranslate() {
	t.Title.SetText(lang.L("twofactor.title"))
	t.Intro.SetText(lang.L("twofactor.intro"))
	st := t.st
	switch {
	case !t.loaded:
		t.State.SetText("")
	case !st.Enabled:
		t.State.SetText(lang.L("twofactor.state.off"))
	case st.Method == api.TwoFactorTOTP:
		t.State.SetText(lang.L("twofactor.state.totp"))
	case st.Method == api.TwoFactorEmail:
		t.State.SetText(lang.L("twofactor.state.email", map[string]any{"To": st.MaskedContact}))
	default:
		t.State.SetText(lang.L("twofactor.state.sms", map[string]any{"To": st.MaskedContact}))
	}
	t.State.Importance = widget.MediumImportance
	if st.Enabled {
		t.State.Importance = widget.SuccessImportance
	}
	t.State.Refresh()
	t.RecoveryLeft.Hidden = !st.Enabled
	t.RecoveryLeft.SetText(lang.L("twofactor.recovery_left", map[string]any{"N": st.RecoveryCodesLeft}))
	t.RequiredNote.Hidden = !st.Required
	t.RequiredNote.SetText(lang.L("twofactor.required"))
	t.MethodLabel.SetText(lang.L("twofactor.method"))
	sel := t.SelectedMethod()
	opts := make([]string, len(t.methods))
	for i, m := range t.methods {
		opts[i] = t.methodText(m)
	}
	t.Method.Options = opts
	t.Method.Selected = ""
	for i, m := range t.methods {
		if m == sel {
			t.Method.Selected = opts[i]
		}
	}
	t.Method.Refresh()
	t.PasswordLabel.Hidden = !st.PasswordNeeded
	t.Password.Hidden = !st.PasswordNeeded
	t.PasswordLabel.SetText(lang.L("twofactor.password") + " *")
	t.Password.SetPlaceHolder(lang.L("login.password.placeholder"))
	if st.Enabled {
		t.Start.SetText(lang.L("twofactor.change"))
	} else {
		t.Start.SetText(lang.L("twofactor.enable"))
	}
	t.Off.SetText(lang.L("twofactor.disable"))
	t.Off.Hidden = !st.Enabled || st.Required
	t.Off.Refresh()

	t.EnrolTitle.SetText(lang.L("twofactor.confirm.title"))
	ch := t.setup.Challenge
	switch ch.Channel {
	case api.ChannelTOTP:
		t.EnrolText.SetText(lang.L("twofactor.confirm.totp"))
	case api.TwoFactorEmail:
		t.Sent.SetText(lang.L("twofactor.sent.email", map[string]any{"To": ch.MaskedContact}))
		t.EnrolText.SetText(lang.L("twofactor.confirm.sent"))
	default:
		t.Sent.SetText(lang.L("twofactor.sent.sms", map[string]any{"To": ch.MaskedContact}))
		t.EnrolText.SetText(lang.L("twofactor.confirm.sent"))
	}
	t.SecretLabel.SetText(lang.L("twofactor.secret"))
	t.CodeLabel.SetText(lang.L("secondstep.code") + " *")
	t.Code.SetPlaceHolder(lang.L("otp.code.placeholder"))
	t.Confirm.SetText(lang.L("twofactor.confirm"))
	t.Cancel.SetText(lang.L("common.cancel"))
	t.CodesTitle.SetText(lang.L("twofactor.codes.title"))
	t.CodesText.SetText(lang.L("twofactor.codes.text"))
	t.CodesDone.SetText(lang.L("twofactor.codes.done"))
	t.msg.retranslate()
	if !t.now.IsZero() {
		t.Tick(t.now)
	}
	t.update()
}

// Tell shows m: news in green, an error in red.
func (t *TwoFactor) Tell(m Message) {
	t.ok = !m.Error
	t.Status.Importance = widget.DangerImportance
	if t.ok {
		t.Status.Importance = widget.SuccessImportance
	}
	t.msg.show(m.Key, m.Data)
	t.Status.Refresh()
}
