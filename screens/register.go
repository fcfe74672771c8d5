package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

// Register is «Регистрация» in two steps, as in the memo. Step 1: фамилия,
// имя, отчество (optional), ИИН, mobile phone of a Kazakhstan operator
// and/or e-mail. Step 2 (OTP) is an OTPStep.
type Register struct {
	Title      *widget.Label
	StepLabel  *widget.Label
	Surname    *Entry
	GivenName  *Entry
	Patronymic *Entry
	IIN        *Entry
	Phone      *Entry
	Email      *Entry
	Hint       *widget.Label // validation of step 1
	Note       *widget.Label // «* Номер мобильного телефона должен быть указан казахстанского провайдера»
	Next       *Button
	Back       *Button
	Status     *widget.Label
	ByEDS      *Button // shown when the contact is shared: confirm by EDS
	Progress   *widget.ProgressBarInfinite
	OTP        *OTPStep

	OnSubmit func(api.RegistrationRequest)
	OnBack   func()
	OnEDS    func()

	form    *widget.Form
	step1   fyne.CanvasObject
	step2   fyne.CanvasObject
	stack   *fyne.Container
	step    int
	busy    bool
	status  message
	content fyne.CanvasObject
}

// NewRegister builds the screen on step 1.
func NewRegister() *Register {
	r := &Register{step: 1}
	r.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.Title.SizeName = theme.SizeNameHeadingText
	r.StepLabel = widget.NewLabel("")
	r.Surname, r.GivenName, r.Patronymic = NewEntry(), NewEntry(), NewEntry()
	r.IIN, r.Phone, r.Email = NewEntry(), NewEntry(), NewEntry()
	for _, e := range []*Entry{r.Surname, r.GivenName, r.Patronymic, r.IIN, r.Phone, r.Email} {
		e.OnChanged = func(string) { r.validate() }
		e.OnSubmitted = func(string) { r.submit() }
	}
	r.Hint = newErrorLabel()
	r.Note = widget.NewLabel("")
	r.Note.Wrapping = fyne.TextWrapWord
	r.Note.Importance = widget.LowImportance
	r.Next = NewButtonWithIcon("", theme.NavigateNextIcon(), r.submit)
	r.Next.Importance = widget.SuccessImportance
	r.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(r.OnBack) })
	r.Status = newErrorLabel()
	r.status.label = r.Status
	r.ByEDS = NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { call(r.OnEDS) })
	r.ByEDS.Importance = widget.HighImportance
	r.ByEDS.Hide()
	r.Progress = newProgress()
	r.OTP = NewOTPStep()
	r.form = widget.NewForm()
	r.step1 = container.NewVBox(r.form, r.Hint, r.Note, r.Next)
	r.step2 = r.OTP.Content()
	r.stack = container.NewStack(r.step1)
	page := container.NewVBox(
		container.NewBorder(nil, nil, r.Back, nil, container.NewVBox(r.Title, r.StepLabel)),
		widget.NewCard("", "", container.NewVBox(r.stack, r.Progress, r.Status, r.ByEDS)),
	)
	r.content = newPageScroll(container.New(&maxWidth{Width: 620, Middle: true}, page))
	r.Retranslate()
	r.validate()
	return r
}

// Content is the screen's root object.
func (r *Register) Content() fyne.CanvasObject { return r.content }

// Step is 1 (details) or 2 (one-time password).
func (r *Register) Step() int { return r.step }

// ShowStep1 returns to the details, keeping what was typed.
func (r *Register) ShowStep1() {
	r.step = 1
	r.stack.Objects = []fyne.CanvasObject{r.step1}
	r.stack.Refresh()
	r.OTP.NewPass.Clear()
	r.Retranslate()
	r.content.Refresh()
}

// ShowStep2 shows the one-time password step for ch.
func (r *Register) ShowStep2(ch api.OTPChallenge, now time.Time) {
	r.step = 2
	r.stack.Objects = []fyne.CanvasObject{r.step2}
	r.stack.Refresh()
	r.OTP.SetChallenge(ch, now)
	r.Retranslate()
	r.content.Refresh()
	focus(r.OTP.Code)
}

// Request is the step-1 request built from the form (normalised).
func (r *Register) Request() api.RegistrationRequest {
	req := api.RegistrationRequest{
		Surname:    strings.TrimSpace(r.Surname.Text),
		GivenName:  strings.TrimSpace(r.GivenName.Text),
		Patronymic: strings.TrimSpace(r.Patronymic.Text),
		IIN:        strings.TrimSpace(r.IIN.Text),
	}
	if p, err := kz.ParsePhone(r.Phone.Text); err == nil {
		req.Phone = p.String()
	}
	if e, err := kz.ParseEmail(r.Email.Text); err == nil {
		req.Email = e
	}
	return req
}

// validationKey is the first problem of step 1, "" when it can be sent.
func (r *Register) validationKey() string {
	if strings.TrimSpace(r.Surname.Text) == "" {
		return "register.error.surname"
	}
	if strings.TrimSpace(r.GivenName.Text) == "" {
		return "register.error.given_name"
	}
	if k := IINMessageKey(strings.TrimSpace(r.IIN.Text)); k != "" {
		return k
	}
	phone, email := strings.TrimSpace(r.Phone.Text), strings.TrimSpace(r.Email.Text)
	if phone == "" && email == "" {
		return "register.error.contact"
	}
	if phone != "" {
		if _, err := kz.ParsePhone(phone); err != nil {
			return phoneErrorKey(err)
		}
	}
	if email != "" {
		if _, err := kz.ParseEmail(email); err != nil {
			return "email.error"
		}
	}
	return ""
}

// validate shows the first problem once the user has typed something
// into the field concerned; the button waits for a complete form.
func (r *Register) validate() {
	key := r.validationKey()
	show := key != "" && r.touched(key)
	if show {
		r.Hint.SetText(lang.L(key))
		r.Hint.Show()
	} else {
		r.Hint.Hide()
	}
	if key == "" && !r.busy {
		r.Next.Enable()
	} else {
		r.Next.Disable()
	}
}

func (r *Register) touched(key string) bool {
	switch {
	case key == "register.error.surname":
		return false
	case key == "register.error.given_name":
		return false
	case strings.HasPrefix(key, "iin."):
		return len(r.IIN.Text) >= 12 || strings.Trim(r.IIN.Text, "0123456789") != ""
	case key == "register.error.contact":
		return false
	case strings.HasPrefix(key, "phone."):
		return len(digitsOnly(r.Phone.Text, 20)) >= 10 || strings.ContainsAny(r.Phone.Text, "abcdefghijklmnopqrstuvwxyz")
	case key == "email.error":
		return strings.Contains(r.Email.Text, "@") && len(r.Email.Text) > 5
	}
	return true
}

func (r *Register) submit() {
	if r.busy || r.step != 1 {
		return
	}
	if key := r.validationKey(); key != "" {
		r.Hint.SetText(lang.L(key))
		r.Hint.Show()
		return
	}
	if r.OnSubmit != nil {
		r.OnSubmit(r.Request())
	}
}

// SetBusy shows progress and disables input while a call runs.
func (r *Register) SetBusy(b bool) {
	r.busy = b
	for _, e := range []*Entry{r.Surname, r.GivenName, r.Patronymic, r.IIN, r.Phone, r.Email} {
		if b {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	r.OTP.SetBusy(b)
	if b {
		r.Tell(Message{})
	}
	showProgress(r.Progress, b)
	r.validate()
}

// Retranslate sets every text in the current language; input stays.
func (r *Register) Retranslate() {
	r.Title.SetText(lang.L("register.title"))
	if r.step == 1 {
		r.StepLabel.SetText(lang.L("register.step1"))
	} else {
		r.StepLabel.SetText(lang.L("register.step2"))
	}
	r.form.Items = []*widget.FormItem{
		{Text: lang.L("register.surname") + " *", Widget: r.Surname},
		{Text: lang.L("register.given_name") + " *", Widget: r.GivenName},
		{Text: lang.L("register.patronymic"), Widget: r.Patronymic},
		{Text: lang.L("login.iin") + " *", Widget: r.IIN},
		{Text: lang.L("register.phone") + " **", Widget: r.Phone},
		{Text: lang.L("register.email") + " **", Widget: r.Email},
	}
	r.form.Refresh()
	r.Phone.SetPlaceHolder("+7 7XX XXX XX XX")
	r.Email.SetPlaceHolder("name@example.kz")
	r.Note.SetText(lang.L("register.note"))
	r.Next.SetText(lang.L("common.next"))
	r.Back.SetText(lang.L("common.back"))
	r.ByEDS.SetText(lang.L("register.by_eds"))
	r.OTP.Retranslate()
	r.status.retranslate()
	r.validate()
}

// Tell shows m on the status line; the zero Message clears it and hides
// «Подтвердить ЭЦП».
func (r *Register) Tell(m Message) {
	r.status.show(m.Key, m.Data)
	if m.Key == "" {
		r.ByEDS.Hide()
	}
}
