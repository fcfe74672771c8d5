package app

import (
	"fyne.io/fyne/v2"

	"github.com/kabinet-kz/kabinet/lang"
)

const prefLanguage = "language"

// initLanguage picks the language: forced by flag, else the saved
// preference, else the OS locale (ru when unknown or "C").
func initLanguage(d Deps) {
	code := d.Language
	if code == "" {
		code = d.FyneApp.Preferences().String(prefLanguage)
	}
	if code == "" {
		code = lang.FromEnvironment(d.Getenv)
	}
	lang.Set(lang.Normalize(code))
}

// applyFyneLanguage makes Fyne's own texts (file dialogs, the entry's
// menu) follow the app's language.
func applyFyneLanguage() {
	if err := lang.ApplyToFyne(); err != nil {
		fyne.LogError("Fyne's texts stay in the OS language", err)
	}
}

// SetLanguage switches the language of every screen, keeping what the user
// typed, and remembers it in preferences.
func (a *App) SetLanguage(code string) {
	lang.Set(code)
	applyFyneLanguage()
	a.fa.Preferences().SetString(prefLanguage, lang.Current())
	a.retranslate()
	a.idle.touch()
}

func (a *App) retranslate() {
	a.applyTitle()
	fund := a.conn.fundName()
	if a.login != nil {
		a.login.SetFundName(fund) // and retranslates the screen
	}
	if a.cabinet != nil {
		a.cabinet.SetFund(fund)
		a.cabinet.Retranslate()
		if a.public {
			a.cabinet.SetNotice(lang.L("cabinet.public_notice", map[string]any{"N": int(a.d.PublicIdle.Minutes())}))
		}
	}
	if a.home != nil {
		a.home.Retranslate()
	}
	if s := a.staff.Staff(); s != nil {
		s.SetFund(fund)
	}
	for _, r := range []retranslator{a.active, a.page} {
		if r != nil {
			r.Retranslate()
		}
	}
	if a.demo.screen != nil {
		a.demo.screen.Retranslate()
		a.demo.win.SetTitle(lang.L("login.outbox"))
	}
}

// fundName is the fund's display name in the current language (the
// service's Russian name when it names the fund in no other), "" until
// the service has answered.
func (ct *connCtl) fundName() string { return ct.app.Info().FundNameIn(lang.Current()) }

func (a *App) applyTitle() {
	title := lang.L("app.title")
	if n := a.conn.fundName(); n != "" {
		title += " — " + n
	}
	a.win.SetTitle(title)
}
