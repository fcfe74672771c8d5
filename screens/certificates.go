package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// Certificate kinds of the Certificates screen.
const (
	CertificateAccounts = "accounts" // «Справка о наличии счетов»
	CertificateOPPV     = "oppv"     // «Справка по ОППВ»
)

// Certificates is «Справка о наличии счетов / справка по ОППВ»: a card
// per certificate with what it holds and «Скачать PDF»; the app saves
// the file where the user chooses and offers to open it.
type Certificates struct {
	Title        *widget.Label
	Intro        *widget.Label
	AccountsName *widget.Label
	AccountsText *widget.Label
	Accounts     *Button
	OPPVName     *widget.Label
	OPPVText     *widget.Label
	OPPV         *Button
	Message      *widget.Label
	Progress     *widget.ProgressBarInfinite

	// OnDownload asks for a certificate (CertificateAccounts or
	// CertificateOPPV) in the current language.
	OnDownload func(kind string)

	msgKey  string
	msgData map[string]any
	content fyne.CanvasObject
}

// NewCertificates builds the screen.
func NewCertificates() *Certificates {
	c := &Certificates{}
	c.Title = heading()
	c.Intro = valueLabel()
	card := func(name, text **widget.Label, btn **Button, kind string) fyne.CanvasObject {
		*name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		(*name).Wrapping = fyne.TextWrapWord
		*text = valueLabel()
		*btn = NewButtonWithIcon("", theme.DocumentSaveIcon(), func() {
			if c.OnDownload != nil {
				c.OnDownload(kind)
			}
		})
		(*btn).Importance = widget.HighImportance
		return widget.NewCard("", "", container.NewBorder(nil, container.NewHBox(*btn), nil, nil,
			container.NewVBox(*name, *text)))
	}
	accounts := card(&c.AccountsName, &c.AccountsText, &c.Accounts, CertificateAccounts)
	oppv := card(&c.OPPVName, &c.OPPVText, &c.OPPV, CertificateOPPV)
	c.Message = valueLabel()
	c.Message.Hide()
	c.Progress = newProgress()
	c.content = newPageScroll(container.NewPadded(container.NewVBox(
		c.Title, c.Intro,
		container.NewGridWithColumns(2, accounts, oppv),
		c.Progress, c.Message,
	)))
	c.Retranslate()
	return c
}

// Content is the screen's root object.
func (c *Certificates) Content() fyne.CanvasObject { return c.content }

// SetBusy disables the buttons while a certificate is made and saved.
func (c *Certificates) SetBusy(busy bool) {
	for _, b := range []*Button{c.Accounts, c.OPPV} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	showProgress(c.Progress, busy)
}

// Retranslate sets every text in the current language.
func (c *Certificates) Retranslate() {
	c.Title.SetText(lang.L("cert.title"))
	c.Intro.SetText(lang.L("cert.intro"))
	c.AccountsName.SetText(lang.L("cert.accounts.title"))
	c.AccountsText.SetText(lang.L("cert.accounts.text"))
	c.OPPVName.SetText(lang.L("cert.oppv.title"))
	c.OPPVText.SetText(lang.L("cert.oppv.text"))
	c.Accounts.SetText(lang.L("cert.download"))
	c.OPPV.SetText(lang.L("cert.download"))
	if c.msgKey != "" {
		c.Message.SetText(lang.L(c.msgKey, c.msgData))
	}
}

// Tell shows m (an error in red); the zero Message hides the line.
func (c *Certificates) Tell(m Message) {
	c.msgKey, c.msgData = m.Key, m.dataMap()
	if m.Key == "" {
		c.Message.Hide()
		return
	}
	if m.Error {
		c.Message.Importance = widget.DangerImportance
	} else {
		c.Message.Importance = widget.SuccessImportance
	}
	c.Message.SetText(lang.L(m.Key, c.msgData))
	c.Message.Show()
}
