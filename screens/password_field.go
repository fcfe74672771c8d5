package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/passwords"
)

// NewPassword is the «new password» block shared by registration, reset
// and change: the password twice (paste allowed, show/hide), a live
// strength meter, the policy's verdict and «Предложить пароль».
type NewPassword struct {
	Label       *widget.Label
	Password    *Entry
	RepeatLabel *widget.Label
	Repeat      *Entry
	Meter       *widget.ProgressBar
	Verdict     *widget.Label
	Suggest     *Button
	Rules       *widget.Label

	// OnChanged runs after every edit (the owner re-checks its button).
	OnChanged func()
	// OnSubmit runs on Enter in either field (the owner's primary action).
	OnSubmit func()

	ctx     passwords.Context
	content fyne.CanvasObject
}

// NewNewPassword builds the block.
func NewNewPassword() *NewPassword {
	p := &NewPassword{}
	p.Label = widget.NewLabel("")
	p.Password = NewPasswordEntry()
	p.RepeatLabel = widget.NewLabel("")
	p.Repeat = NewPasswordEntry()
	p.Meter = widget.NewProgressBar()
	p.Meter.Max = 4
	p.Meter.TextFormatter = func() string {
		if p.Password.Text == "" {
			return "" // nothing typed: no verdict, not «Слабый»
		}
		return lang.L("password.strength." + strengthWord(int(p.Meter.Value)))
	}
	p.Verdict = widget.NewLabel("")
	p.Verdict.Wrapping = fyne.TextWrapWord
	p.Rules = widget.NewLabel("")
	p.Rules.Wrapping = fyne.TextWrapWord
	p.Rules.Importance = widget.LowImportance
	p.Suggest = NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		s := passwords.SuggestFor(p.ctx)
		p.Password.SetText(s)
		p.Repeat.SetText(s)
		// Show it: the user has to be able to write it down.
		p.Password.Password = false
		p.Password.Refresh()
		p.update()
	})
	p.Password.OnChanged = func(string) { p.update() }
	p.Repeat.OnChanged = func(string) { p.update() }
	p.Password.OnSubmitted = func(string) { call(p.OnSubmit) }
	p.Repeat.OnSubmitted = func(string) { call(p.OnSubmit) }
	p.content = container.NewVBox(
		p.Label, container.NewBorder(nil, nil, nil, p.Suggest, p.Password),
		p.Meter, p.Verdict,
		p.RepeatLabel, p.Repeat,
		p.Rules,
	)
	p.Retranslate()
	return p
}

func strengthWord(score int) string {
	switch {
	case score <= 1:
		return "weak"
	case score == 2:
		return "fair"
	case score == 3:
		return "good"
	}
	return "strong"
}

// Content is the block's object.
func (p *NewPassword) Content() fyne.CanvasObject { return p.content }

// SetContext gives the words a password must not contain (IIN, names,
// birth date, contacts).
func (p *NewPassword) SetContext(c passwords.Context) {
	p.ctx = c
	p.update()
}

// Retranslate sets every text in the current language.
func (p *NewPassword) Retranslate() {
	p.Label.SetText(lang.L("password.new") + " *")
	p.RepeatLabel.SetText(lang.L("password.repeat") + " *")
	p.Suggest.SetText(lang.L("password.suggest"))
	p.Rules.SetText(lang.L("password.rules", map[string]any{"Min": passwords.MinLength}))
	p.update()
}

// ReasonKey returns the translation key of why the password is not
// acceptable, or "" when it is acceptable and both fields match.
func (p *NewPassword) ReasonKey() string {
	if err := passwords.Check(p.Password.Text, p.ctx); err != nil {
		if pe, ok := err.(*passwords.PolicyError); ok {
			return "password.reason." + pe.Reason
		}
		return "password.reason.guessable"
	}
	if p.Password.Text != p.Repeat.Text {
		return "password.mismatch"
	}
	return ""
}

// Valid tells whether the password may be sent.
func (p *NewPassword) Valid() bool { return p.ReasonKey() == "" }

// Clear empties both fields.
func (p *NewPassword) Clear() {
	p.Password.SetText("")
	p.Repeat.SetText("")
	p.Password.Password = true
	p.Password.Refresh()
}

// SetDisabled enables or disables the inputs.
func (p *NewPassword) SetDisabled(off bool) {
	for _, w := range []fyne.Disableable{p.Password, p.Repeat, p.Suggest} {
		if off {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

func (p *NewPassword) update() {
	pw := p.Password.Text
	if pw == "" {
		p.Meter.SetValue(0)
		p.Verdict.SetText("")
		p.Verdict.Hide()
	} else {
		s := passwords.Strength(pw, p.ctx)
		p.Meter.SetValue(float64(s.Score))
		key := p.ReasonKey()
		switch {
		case key == "":
			p.Verdict.Importance = widget.SuccessImportance
			p.Verdict.SetText("✓ " + lang.L("password.ok"))
		case key == "password.mismatch" && p.Repeat.Text == "":
			p.Verdict.Importance = widget.LowImportance
			p.Verdict.SetText(lang.L("password.repeat_hint"))
		default:
			p.Verdict.Importance = widget.DangerImportance
			p.Verdict.SetText(lang.L(key, map[string]any{"Min": passwords.MinLength, "Max": passwords.MaxLength}))
		}
		p.Verdict.Show()
	}
	if p.OnChanged != nil {
		p.OnChanged()
	}
}
