package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// ChangePassword is the cabinet page «Сменить пароль»: the current
// password, the new one twice. Other sessions end when it succeeds.
type ChangePassword struct {
	Title        *widget.Label
	Info         *widget.Label
	CurrentLabel *widget.Label
	Current      *Entry
	NewPass      *NewPassword
	Save         *Button
	Status       *widget.Label
	Progress     *widget.ProgressBarInfinite

	OnSave func(current, password, repeat string)

	noCurrent bool
	busy      bool
	stKey     string
	stData    any
	ok        bool
	content   fyne.CanvasObject
}

// NewChangePassword builds the page.
func NewChangePassword() *ChangePassword {
	c := &ChangePassword{}
	c.Title = heading()
	c.Info = widget.NewLabel("")
	c.Info.Wrapping = fyne.TextWrapWord
	c.Info.Importance = widget.LowImportance
	c.CurrentLabel = widget.NewLabel("")
	c.Current = NewPasswordEntry()
	c.Current.OnChanged = func(string) { c.update() }
	c.NewPass = NewNewPassword()
	c.NewPass.OnChanged = c.update
	c.Save = NewButtonWithIcon("", theme.DocumentSaveIcon(), c.save)
	// Enter in any field saves, as «Сохранить» does, once the form is valid.
	c.Current.OnSubmitted = func(string) { c.save() }
	c.NewPass.OnSubmit = c.save
	c.Save.Importance = widget.SuccessImportance
	c.Status = widget.NewLabel("")
	c.Status.Wrapping = fyne.TextWrapWord
	c.Status.Hide()
	c.Progress = newProgress()
	form := container.NewVBox(c.Title, c.Info, c.CurrentLabel, c.Current, c.NewPass.Content(), c.Save, c.Progress, c.Status)
	c.content = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 560}, widget.NewCard("", "", form))))
	c.Retranslate()
	return c
}

// save sends the form when it is valid (the button and Enter).
func (c *ChangePassword) save() {
	if c.OnSave != nil && c.ready() {
		c.OnSave(c.Current.Text, c.NewPass.Password.Text, c.NewPass.Repeat.Text)
	}
}

// Content is the page's object.
func (c *ChangePassword) Content() fyne.CanvasObject { return c.content }

func (c *ChangePassword) ready() bool {
	return !c.busy && (c.noCurrent || c.Current.Text != "") && c.NewPass.Valid()
}

// SetByEDS switches the page to «set a new password» after a login by EDS:
// the current password is not asked for.
func (c *ChangePassword) SetByEDS(on bool) {
	c.noCurrent = on
	c.CurrentLabel.Hidden = on
	c.Current.Hidden = on
	c.Retranslate()
	c.content.Refresh()
}

func (c *ChangePassword) update() {
	if c.ready() {
		c.Save.Enable()
	} else {
		c.Save.Disable()
	}
}

// SetBusy disables the form while a call runs.
func (c *ChangePassword) SetBusy(b bool) {
	c.busy = b
	if b {
		c.Current.Disable()
		c.Status.Hide()
	} else {
		c.Current.Enable()
	}
	showProgress(c.Progress, b)
	c.NewPass.SetDisabled(b)
	c.update()
}

// Retranslate sets every text in the current language.
func (c *ChangePassword) Retranslate() {
	c.Title.SetText(lang.L("service.password"))
	if c.noCurrent {
		c.Info.SetText(lang.L("change.info_eds"))
	} else {
		c.Info.SetText(lang.L("change.info"))
	}
	c.CurrentLabel.SetText(lang.L("change.current") + " *")
	c.Save.SetText(lang.L("change.save"))
	c.NewPass.Retranslate()
	if c.stKey != "" {
		c.Status.SetText(lang.L(c.stKey, c.stData))
	}
	c.update()
}

// Tell shows m: news (the password changed) in green and clears the
// fields; an error in red.
func (c *ChangePassword) Tell(m Message) {
	ok := !m.Error
	c.ok, c.stKey, c.stData = ok, m.Key, m.Data
	if ok {
		c.Status.Importance = widget.SuccessImportance
		c.Current.SetText("")
		c.NewPass.Clear()
	} else {
		c.Status.Importance = widget.DangerImportance
	}
	c.Status.SetText(lang.L(m.Key, m.Data))
	c.Status.Show()
}
