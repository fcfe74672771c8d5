package screens

import (
	"bytes"
	"image"
	_ "image/png" // captcha images
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Forgot is «Забыли пароль?»: ИИН → «Я не робот» (an image captcha) →
// choice of contact, shown masked → one-time password → new password.
// «Восстановить по ЭЦП» is the other way.
type Forgot struct {
	Title        *widget.Label
	StepLabel    *widget.Label
	IINLabel     *widget.Label
	IIN          *Entry
	IINHint      *widget.Label
	RobotLabel   *widget.Label
	Captcha      *canvas.Image
	NewCaptcha   *Button
	CaptchaLabel *widget.Label
	Answer       *Entry
	Next         *Button
	ByEDS        *Button
	ContactLabel *widget.Label
	Contacts     *widget.RadioGroup
	Send         *Button
	OTP          *OTPStep
	Back         *Button
	Status       *widget.Label
	Progress     *widget.ProgressBarInfinite

	OnSubmit     func(iin, captchaID, answer string)
	OnNewCaptcha func()
	OnSend       func(contactID string)
	OnEDS        func()
	OnBack       func()

	captchaID string
	choices   []api.ContactChoice
	step      int
	busy      bool
	status    message
	stack     *fyne.Container
	steps     [3]fyne.CanvasObject
	content   fyne.CanvasObject
}

// NewForgot builds the screen on step 1.
func NewForgot() *Forgot {
	f := &Forgot{step: 1}
	f.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Title.SizeName = theme.SizeNameHeadingText
	f.StepLabel = widget.NewLabel("")
	f.IINLabel = widget.NewLabel("")
	f.IIN = NewEntry()
	f.IIN.OnChanged = func(string) { f.validate() }
	f.IIN.OnSubmitted = func(string) { f.submit() }
	f.IINHint = widget.NewLabel("")
	f.IINHint.Importance = widget.DangerImportance
	f.IINHint.Hide()
	f.RobotLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Captcha = canvas.NewImageFromImage(nil)
	f.Captcha.FillMode = canvas.ImageFillContain
	f.Captcha.SetMinSize(fyne.NewSize(240, 80))
	f.NewCaptcha = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(f.OnNewCaptcha) })
	f.CaptchaLabel = widget.NewLabel("")
	f.Answer = NewEntry()
	f.Answer.OnChanged = func(string) { f.validate() }
	f.Answer.OnSubmitted = func(string) { f.submit() }
	f.Next = NewButtonWithIcon("", theme.NavigateNextIcon(), f.submit)
	f.Next.Importance = widget.SuccessImportance
	f.ByEDS = NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { call(f.OnEDS) })
	f.ContactLabel = widget.NewLabel("")
	f.Contacts = widget.NewRadioGroup(nil, func(string) { f.validate() })
	f.Send = NewButtonWithIcon("", theme.MailSendIcon(), func() {
		if id := f.SelectedContact(); id != "" && f.OnSend != nil && !f.busy {
			f.OnSend(id)
		}
	})
	f.Send.Importance = widget.SuccessImportance
	f.OTP = NewOTPStep()
	f.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(f.OnBack) })
	f.Status = newErrorLabel()
	f.status.label = f.Status
	f.Progress = newProgress()
	f.steps[0] = container.NewVBox(
		f.IINLabel, f.IIN, f.IINHint,
		f.RobotLabel,
		container.NewBorder(nil, nil, nil, f.NewCaptcha, f.Captcha),
		f.CaptchaLabel, f.Answer,
		f.Next,
		widget.NewSeparator(),
		f.ByEDS,
	)
	f.steps[1] = container.NewVBox(f.ContactLabel, f.Contacts, f.Send)
	f.steps[2] = f.OTP.Content()
	f.stack = container.NewStack(f.steps[0])
	page := container.NewVBox(
		container.NewBorder(nil, nil, f.Back, nil, container.NewVBox(f.Title, f.StepLabel)),
		widget.NewCard("", "", container.NewVBox(f.stack, f.Progress, f.Status)),
	)
	f.content = newPageScroll(container.New(&maxWidth{Width: 620, Middle: true}, page))
	f.Retranslate()
	return f
}

// Content is the screen's root object.
func (f *Forgot) Content() fyne.CanvasObject { return f.content }

// Step is 1 (IIN and captcha), 2 (contact) or 3 (code and new password).
func (f *Forgot) Step() int { return f.step }

// SetCaptcha shows a new captcha image and clears the answer.
func (f *Forgot) SetCaptcha(c api.Captcha) {
	f.captchaID = c.ID
	img, _, err := image.Decode(bytes.NewReader(c.PNG))
	if err != nil {
		img = nil
	}
	f.Captcha.Image = img
	f.Captcha.Refresh()
	f.Answer.SetText("")
	f.validate()
}

// CaptchaID is the id of the captcha shown.
func (f *Forgot) CaptchaID() string { return f.captchaID }

// ShowStep1 goes back to the IIN and captcha, keeping the IIN.
func (f *Forgot) ShowStep1() { f.show(1) }

// ShowContacts shows the masked contacts to choose from (the first one
// selected).
func (f *Forgot) ShowContacts(cs []api.ContactChoice) {
	f.choices = cs
	f.Contacts.Options = nil
	for _, c := range cs {
		f.Contacts.Options = append(f.Contacts.Options, f.contactLabel(c))
	}
	f.Contacts.Refresh()
	if len(f.Contacts.Options) > 0 {
		f.Contacts.SetSelected(f.Contacts.Options[0])
	}
	f.show(2)
}

// ShowOTP shows the code step for ch.
func (f *Forgot) ShowOTP(ch api.OTPChallenge, now time.Time) {
	f.OTP.SetChallenge(ch, now)
	f.show(3)
	focus(f.OTP.Code)
}

func (f *Forgot) show(step int) {
	f.step = step
	f.stack.Objects = []fyne.CanvasObject{f.steps[step-1]}
	f.stack.Refresh()
	if step != 3 {
		f.OTP.NewPass.Clear()
	}
	f.Retranslate()
	f.content.Refresh()
}

func (f *Forgot) contactLabel(c api.ContactChoice) string {
	if c.Channel == "email" {
		return lang.L("forgot.contact.email", map[string]any{"To": c.Masked})
	}
	return lang.L("forgot.contact.sms", map[string]any{"To": c.Masked})
}

// SelectedContact is the id of the chosen contact ("" when none).
func (f *Forgot) SelectedContact() string {
	for i, c := range f.choices {
		if i < len(f.Contacts.Options) && f.Contacts.Options[i] == f.Contacts.Selected {
			return c.ID
		}
	}
	return ""
}

func (f *Forgot) validate() {
	key := IINMessageKey(strings.TrimSpace(f.IIN.Text))
	if key != "" && (len(f.IIN.Text) >= 12 || strings.Trim(f.IIN.Text, "0123456789") != "") {
		f.IINHint.SetText(lang.L(key))
		f.IINHint.Show()
	} else {
		f.IINHint.Hide()
	}
	if key == "" && strings.TrimSpace(f.Answer.Text) != "" && f.captchaID != "" && !f.busy {
		f.Next.Enable()
	} else {
		f.Next.Disable()
	}
	if f.SelectedContact() != "" && !f.busy {
		f.Send.Enable()
	} else {
		f.Send.Disable()
	}
}

func (f *Forgot) submit() {
	if f.busy || f.step != 1 || f.Next.Disabled() {
		return
	}
	if f.OnSubmit != nil {
		f.OnSubmit(strings.TrimSpace(f.IIN.Text), f.captchaID, strings.TrimSpace(f.Answer.Text))
	}
}

// SetBusy shows progress and disables input while a call runs.
func (f *Forgot) SetBusy(b bool) {
	f.busy = b
	for _, w := range []fyne.Disableable{f.IIN, f.Answer, f.NewCaptcha, f.Contacts} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	f.OTP.SetBusy(b)
	if b {
		f.Tell(Message{})
	}
	showProgress(f.Progress, b)
	f.validate()
}

// Retranslate sets every text in the current language; input stays.
func (f *Forgot) Retranslate() {
	f.Title.SetText(lang.L("forgot.title"))
	switch f.step {
	case 1:
		f.StepLabel.SetText(lang.L("forgot.step1"))
	case 2:
		f.StepLabel.SetText(lang.L("forgot.step2"))
	default:
		f.StepLabel.SetText(lang.L("forgot.step3"))
	}
	f.IINLabel.SetText(lang.L("login.iin") + " *")
	f.RobotLabel.SetText(lang.L("forgot.robot"))
	f.NewCaptcha.SetText(lang.L("forgot.new_captcha"))
	f.CaptchaLabel.SetText(lang.L("forgot.captcha"))
	f.Next.SetText(lang.L("common.next"))
	f.ByEDS.SetText(lang.L("forgot.by_eds"))
	f.ContactLabel.SetText(lang.L("forgot.choose_contact"))
	sel := f.SelectedContact()
	f.Contacts.Options = nil
	for _, c := range f.choices {
		f.Contacts.Options = append(f.Contacts.Options, f.contactLabel(c))
		if c.ID == sel {
			f.Contacts.Selected = f.contactLabel(c)
		}
	}
	f.Contacts.Refresh()
	f.Send.SetText(lang.L("forgot.send"))
	f.Back.SetText(lang.L("common.back"))
	f.OTP.Retranslate()
	f.status.retranslate()
	f.validate()
}

// Tell shows m on the status line (the zero Message clears it).
func (f *Forgot) Tell(m Message) { f.status.show(m.Key, m.Data) }
