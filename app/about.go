package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// aboutText is the About box's text in the language of the moment: the
// app, its version, the service in use, the fund and the licence.
func (ct *connCtl) aboutText() string {
	a := ct.app
	text := lang.L("about.version", map[string]any{"Version": kabinet.Version()}) + "\n" +
		lang.L("about.server", map[string]any{"What": serverText(ct.usedServer())})
	if n := a.conn.fundName(); n != "" {
		text += "\n" + lang.L("about.fund", map[string]any{"Fund": n})
	}
	return text + "\n\n" + lang.L("about.license")
}

// showAbout opens the About box.
func (ct *connCtl) showAbout() {
	a := ct.app
	name := widget.NewLabelWithStyle(lang.L("app.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(ct.aboutText())
	body.Wrapping = fyne.TextWrapWord
	d := screens.NewMessageDialog(lang.L("about.title"), lang.L("common.ok"), container.NewVBox(name, body), a.win)
	d.Resize(fyne.NewSize(480, 300))
	d.Show()
}
