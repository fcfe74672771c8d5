package screens

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
)

// Login is the login screen of the memo: ИИН*, Пароль*, «Запомнить ИИН»,
// «Войти в личный кабинет», «Регистрация», «Забыли пароль?», «Вход по ЭЦП»
// and the language switch, plus «Чужой компьютер».
type Login struct {
	Title     *widget.Label
	Subtitle  *widget.Label
	IINLabel  *widget.Label
	IIN       *Entry
	IINHint   *widget.Label // the IIN check result while typing
	PassLabel *widget.Label
	Password  *Entry
	Remember  *Check
	// RememberNote explains why «Запомнить ИИН» is unavailable.
	RememberNote *widget.Label
	Public       *Check
	PublicNote   *widget.Label
	LoginButton  *Button
	Register     *Button
	Forgot       *Button
	// MessagesOff says registration and recovery are switched off (a
	// fund's service that sends no one-time passwords); shown instead of
	// Register and Forgot.
	MessagesOff *widget.Label
	EDSTitle    *widget.Label
	EDSText     *widget.Label
	EDS         *Button
	Outbox      *Button       // demo message outbox, hidden unless offered
	Status      *widget.Label // errors from the service
	Retry       *Button       // shown when the service could not be reached
	Progress    *widget.ProgressBarInfinite
	Lang        *LangSwitch
	Footer      *widget.Label
	// Preparing says the service is still being prepared or connected
	// to (SetPreparing); the form can be filled in meanwhile.
	Preparing *widget.Label
	// PublicIdle is how long a session on «Чужой компьютер» may stay
	// idle before it ends (5 minutes when zero), named in its note.
	PublicIdle time.Duration
	// Demo says the bundled demo service is in use (no fund configured).
	Demo *widget.Label
	// Settings opens the connection settings; About the About box.
	Settings, About *Button

	// OnLogin is called with a valid IIN and a non-empty password.
	OnLogin func(iin, password string, remember, public bool)
	// OnRememberChanged is called when the user toggles «Запомнить ИИН».
	OnRememberChanged      func(remember bool)
	OnRegister, OnForgot   func()
	OnEDS, OnOutbox        func()
	OnRetry                func()
	OnSettings, OnAbout    func()
	OnLanguage             func(code string)
	rememberAvailable      bool
	rememberUnavailableKey string
	busy                   bool
	content                fyne.CanvasObject
	statusKey              string
	statusData             any
	fundName               string
	demoKey                string
	preparingKey           string
}

// NewLogin builds the login screen.
func NewLogin() *Login {
	l := &Login{rememberAvailable: true}
	l.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Title.SizeName = theme.SizeNameHeadingText
	l.Subtitle = widget.NewLabel("")
	l.IINLabel = widget.NewLabel("")
	l.IIN = NewEntry()
	l.IIN.OnChanged = func(string) { l.validateIIN(false) }
	l.IIN.OnSubmitted = func(string) { l.submit() }
	l.IINHint = widget.NewLabel("")
	l.IINHint.Importance = widget.DangerImportance
	l.IINHint.Wrapping = fyne.TextWrapWord
	l.PassLabel = widget.NewLabel("")
	l.Password = NewPasswordEntry()
	l.Password.OnSubmitted = func(string) { l.submit() }
	l.Password.OnChanged = func(string) { l.updateButton() }
	l.Remember = NewCheck("", func(on bool) {
		if on && l.Public.Checked {
			l.Public.SetChecked(false)
		}
		if l.OnRememberChanged != nil {
			l.OnRememberChanged(on)
		}
	})
	l.RememberNote = widget.NewLabel("")
	l.RememberNote.Importance = widget.WarningImportance
	l.RememberNote.Wrapping = fyne.TextWrapWord
	l.RememberNote.Hide()
	l.Public = NewCheck("", func(on bool) {
		if on && l.Remember.Checked {
			l.Remember.SetChecked(false)
		}
		l.PublicNote.Hidden = !on
		l.PublicNote.Refresh()
	})
	l.PublicNote = widget.NewLabel("")
	l.PublicNote.Wrapping = fyne.TextWrapWord
	l.PublicNote.Importance = widget.LowImportance
	l.PublicNote.Hide()
	l.LoginButton = NewButtonWithIcon("", theme.LoginIcon(), l.submit)
	l.LoginButton.Importance = widget.SuccessImportance
	l.Register = NewButtonWithIcon("", theme.AccountIcon(), func() { call(l.OnRegister) })
	l.Register.Importance = widget.WarningImportance
	l.Forgot = NewButton("", func() { call(l.OnForgot) })
	l.Forgot.Importance = widget.LowImportance
	l.MessagesOff = widget.NewLabel("")
	l.MessagesOff.Wrapping = fyne.TextWrapWord
	l.MessagesOff.Importance = widget.WarningImportance
	l.MessagesOff.Hide()
	l.EDSTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.EDSText = widget.NewLabel("")
	l.EDSText.Wrapping = fyne.TextWrapWord
	l.EDS = NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { call(l.OnEDS) })
	l.EDS.Importance = widget.HighImportance
	l.Outbox = NewButtonWithIcon("", theme.MailComposeIcon(), func() { call(l.OnOutbox) })
	l.Outbox.Hide()
	l.Status = newErrorLabel()
	l.Retry = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(l.OnRetry) })
	l.Retry.Hide()
	l.Progress = newProgress()
	l.Preparing = widget.NewLabel("")
	l.Preparing.Wrapping = fyne.TextWrapWord
	l.Preparing.Importance = widget.HighImportance
	l.Preparing.Hide()
	l.Lang = NewLangSwitch(func(code string) {
		if l.OnLanguage != nil {
			l.OnLanguage(code)
		}
	})
	l.Footer = widget.NewLabel("")
	l.Footer.Importance = widget.LowImportance
	l.Footer.Alignment = fyne.TextAlignCenter
	l.Demo = widget.NewLabel("")
	l.Demo.Importance = widget.WarningImportance
	l.Demo.Wrapping = fyne.TextWrapWord
	l.Demo.Hide()
	l.Settings = NewButtonWithIcon("", theme.SettingsIcon(), func() { call(l.OnSettings) })
	l.Settings.Importance = widget.LowImportance
	l.About = NewButtonWithIcon("", theme.InfoIcon(), func() { call(l.OnAbout) })
	l.About.Importance = widget.LowImportance
	l.Retranslate()
	l.updateButton()

	form := container.NewVBox(
		l.IINLabel, l.IIN, l.IINHint,
		l.PassLabel, l.Password,
		l.Remember, l.RememberNote,
		l.Public, l.PublicNote,
		l.LoginButton,
		newFlow(l.Register, l.Forgot),
		l.MessagesOff,
		// Under the buttons, so that a message or the progress never
		// moves them under the cursor.
		l.Progress, l.Status, l.Retry,
	)
	eds := container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.DocumentCreateIcon()), l.EDSTitle),
		l.EDSText,
		l.EDS,
	)
	left := widget.NewCard("", "", form)
	right := widget.NewCard("", "", eds)
	// The note that the service is being prepared goes under the EDS
	// card: seen without scrolling at 800×600, and pushing no field or
	// button (the demo outbox's button comes when it goes).
	body := container.NewGridWithColumns(2, left, container.NewVBox(right, l.Preparing, l.Outbox))
	header := container.NewBorder(nil, nil, nil, container.NewVBox(l.Lang.Content()), container.NewVBox(l.Title, l.Subtitle, l.Demo))
	page := container.NewVBox(header, body, l.Footer, container.NewCenter(container.NewHBox(l.Settings, l.About)))
	// Top-aligned in a scroll: a message appearing under a field never
	// re-centres the form, and a short window scrolls. The scroll bar is
	// drawn over the page's right edge: the page leaves it that room, the
	// bar shown or not, so that the language switch and the EDS card are
	// never under it and do not move when it comes.
	l.content = newPageScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()),
		container.New(&maxWidth{Width: 880}, page)))
	return l
}

// SetPublicIdle sets PublicIdle and the note naming it.
func (l *Login) SetPublicIdle(d time.Duration) {
	l.PublicIdle = d
	l.Retranslate()
}

func (l *Login) publicIdle() time.Duration {
	if l.PublicIdle <= 0 {
		return 5 * time.Minute
	}
	return l.PublicIdle
}

// Content is the screen's root object.
func (l *Login) Content() fyne.CanvasObject { return l.content }

// SetDemo says the service in use has demo data: key is the note's
// translation key (the bundled demo or a fund's demo server), "" hides it.
func (l *Login) SetDemo(key string) {
	l.demoKey = key
	l.Demo.Hidden = key == ""
	if key != "" {
		l.Demo.SetText(lang.L(key))
	}
	// Shown after the first layout: laid out now, not over the form.
	if fyne.CurrentApp().Driver().CanvasForObject(l.content) != nil {
		relayout(l.content)
	}
}

// SetPreparing says that the service is being prepared (the bundled
// demo's first start) or connected to: key is the note's translation key,
// "" hides it.
func (l *Login) SetPreparing(key string) {
	if key == l.preparingKey {
		return
	}
	l.preparingKey = key
	l.Preparing.Hidden = key == ""
	l.Retranslate()
}

// SetMessagesOff hides «Регистрация» and «Забыли пароль?» and says why
// when the service sends no one-time passwords (Info.MessagesOff).
func (l *Login) SetMessagesOff(off bool) {
	l.Register.Hidden, l.Forgot.Hidden, l.MessagesOff.Hidden = off, off, !off
	l.Register.Refresh()
	l.Forgot.Refresh()
	l.MessagesOff.Refresh()
}

// SetFundName shows the fund's display name from the service.
func (l *Login) SetFundName(name string) {
	l.fundName = name
	l.Retranslate()
}

// Retranslate sets every text in the current language; typed values stay.
func (l *Login) Retranslate() {
	l.Title.SetText(lang.L("login.title"))
	if l.fundName != "" {
		l.Subtitle.SetText(l.fundName)
	} else {
		l.Subtitle.SetText(lang.L("app.name"))
	}
	l.IINLabel.SetText(lang.L("login.iin") + " *")
	l.IIN.SetPlaceHolder(lang.L("login.iin.placeholder"))
	l.PassLabel.SetText(lang.L("login.password") + " *")
	l.Password.SetPlaceHolder(lang.L("login.password.placeholder"))
	l.Remember.Text = lang.L("login.remember")
	l.Remember.Refresh()
	if l.rememberUnavailableKey != "" {
		l.RememberNote.SetText(lang.L(l.rememberUnavailableKey))
	}
	l.Public.Text = lang.L("login.public")
	l.Public.Refresh()
	l.PublicNote.SetText(lang.L("login.public.note", map[string]any{"Minutes": int(l.publicIdle().Minutes())}))
	l.LoginButton.SetText(lang.L("login.submit"))
	l.Register.SetText(lang.L("login.register"))
	l.Forgot.SetText(lang.L("login.forgot"))
	l.MessagesOff.SetText(lang.L("login.messages_off"))
	l.EDSTitle.SetText(lang.L("login.eds.title"))
	l.EDSText.SetText(lang.L("login.eds.text"))
	l.EDS.SetText(lang.L("login.eds.button"))
	l.Outbox.SetText(lang.L("login.outbox"))
	l.Retry.SetText(lang.L("common.retry"))
	l.Footer.SetText(lang.L("login.footer"))
	if l.demoKey != "" {
		l.Demo.SetText(lang.L(l.demoKey))
	}
	if l.preparingKey != "" {
		l.Preparing.SetText(lang.L(l.preparingKey))
	} else {
		l.Preparing.SetText("")
	}
	l.Settings.SetText(lang.L("login.settings"))
	l.About.SetText(lang.L("login.about"))
	l.Lang.Retranslate()
	l.validateIIN(false)
	if l.statusKey != "" {
		l.Status.SetText(lang.L(l.statusKey, l.statusData))
	}
}

// IINMessageKey returns the translation key describing why s is not a
// valid IIN, or "" when it is valid.
func IINMessageKey(s string) string {
	_, err := kz.ParseIIN(s)
	if err == nil {
		return ""
	}
	var ie *kz.IINError
	if errors.As(err, &ie) {
		return "iin.error." + string(ie.Reason)
	}
	return "iin.error.checksum"
}

// phoneErrorKey is the translation key of an error of kz.ParsePhone.
func phoneErrorKey(err error) string {
	var pe *kz.PhoneError
	if errors.As(err, &pe) {
		return "phone.error." + string(pe.Reason)
	}
	return "phone.error.operator"
}

// displayPhone is a phone number as people write it (+7 701 234 56 00),
// or s itself when it is not a valid one.
func displayPhone(s string) string {
	if p, err := kz.ParsePhone(s); err == nil {
		return p.Format()
	}
	return s
}

// validateIIN updates the hint under the IIN field. While the user is
// still typing (fewer than 12 digits) only wrong characters are reported.
func (l *Login) validateIIN(final bool) bool {
	s := l.IIN.Text
	key := IINMessageKey(s)
	switch {
	case key == "":
		l.IINHint.Importance = widget.SuccessImportance
		l.IINHint.SetText("✓ " + lang.L("iin.ok"))
		l.IINHint.Show()
	case s == "" && !final:
		// Kept as an empty line: the fields under it do not move when
		// a hint appears.
		l.IINHint.SetText(" ")
		l.IINHint.Show()
	case key == "iin.error.length" && len(s) < 12 && !final:
		l.IINHint.Importance = widget.LowImportance
		l.IINHint.SetText(lang.L("iin.typing", map[string]any{"N": 12 - len(s)}))
		l.IINHint.Show()
	default:
		l.IINHint.Importance = widget.DangerImportance
		l.IINHint.SetText(lang.L(key))
		l.IINHint.Show()
	}
	l.updateButton()
	return key == ""
}

func (l *Login) updateButton() {
	if l.busy || IINMessageKey(l.IIN.Text) != "" || l.Password.Text == "" {
		l.LoginButton.Disable()
	} else {
		l.LoginButton.Enable()
	}
}

func (l *Login) submit() {
	if l.busy {
		return
	}
	if !l.validateIIN(true) {
		focus(l.IIN)
		return
	}
	if l.Password.Text == "" {
		l.Tell(Problem("login.error.password_empty", nil))
		return
	}
	if l.OnLogin != nil {
		l.OnLogin(l.IIN.Text, l.Password.Text, l.Remember.Checked, l.Public.Checked)
	}
}

// SetBusy shows progress and disables input while a call runs.
func (l *Login) SetBusy(busy bool) {
	l.busy = busy
	for _, w := range []fyne.Disableable{l.IIN, l.Password, l.Register, l.Forgot, l.EDS, l.Remember, l.Public} {
		if busy {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if !l.rememberAvailable {
		l.Remember.Disable()
	}
	if busy {
		l.Status.Hide()
		l.Retry.Hide()
	}
	showProgress(l.Progress, busy)
	l.updateButton()
}

func (l *Login) showStatus(key string, data any, retry bool) {
	l.statusKey, l.statusData = key, data
	l.Status.Importance = widget.DangerImportance
	l.Status.SetText(lang.L(key, data))
	l.Status.Show()
	if retry {
		l.Retry.Show()
	} else {
		l.Retry.Hide()
	}
}

// SetRememberAvailable enables «Запомнить ИИН», or disables it with a note
// (translation key) saying why, e.g. the OS keyring is locked or missing.
func (l *Login) SetRememberAvailable(ok bool, noteKey string) {
	l.rememberAvailable = ok
	l.rememberUnavailableKey = noteKey
	if ok {
		l.Remember.Enable()
		l.RememberNote.Hide()
		return
	}
	l.Remember.SetChecked(false)
	l.Remember.Disable()
	if noteKey != "" {
		l.RememberNote.SetText(lang.L(noteKey))
		l.RememberNote.Show()
	}
}

// Prefill puts a remembered IIN into the form and ticks «Запомнить ИИН».
func (l *Login) Prefill(iin string) {
	l.IIN.SetText(iin)
	cb := l.OnRememberChanged
	l.OnRememberChanged = nil
	l.Remember.SetChecked(true)
	l.OnRememberChanged = cb
}

// Reset clears the password (after logout or a failed attempt).
func (l *Login) ClearPassword() { l.Password.SetText("") }

func call(f func()) {
	if f != nil {
		f()
	}
}

// Tell shows m under the form: an error in red (with «Повторить» when
// m.Retry: the service was unreachable), other news in green; the zero
// Message hides the line.
func (l *Login) Tell(m Message) {
	if m.Key == "" {
		l.statusKey, l.statusData = "", nil
		l.Status.SetText("")
		l.Status.Hide()
		l.Retry.Hide()
		return
	}
	l.showStatus(m.Key, m.Data, m.Retry)
	if !m.Error {
		l.Status.Importance = widget.SuccessImportance
		l.Status.Refresh()
	}
}
