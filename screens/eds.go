package screens

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
)

// EDS sources.
const (
	SourceFile     = "file"
	SourceNCALayer = "ncalayer"
)

// EDSSign is the signing step of the memo, used for «Вход по ЭЦП» and
// later for signing applications: choose «Ваш компьютер» (a key file
// *.p12/*.pfx and its password) or «NCALayer», see the certificate
// (owner, IIN, issuer, validity, AUTH/SIGN) and confirm with «Подписать».
type EDSSign struct {
	Title       *widget.Label
	Intro       *widget.Label
	Source      *widget.RadioGroup
	FileLabel   *widget.Label
	File        *Entry
	Choose      *Button
	FileHint    *widget.Label
	PassLabel   *widget.Label
	Password    *Entry
	Open        *Button
	NCAInfo     *widget.Label
	CertTitle   *widget.Label
	Owner       *widget.Label
	IIN         *widget.Label
	Org         *widget.Label
	Issuer      *widget.Label
	ValidUntil  *widget.Label
	Purpose     *widget.Label
	Algorithm   *widget.Label
	CertWarning *widget.Label
	Sign        *Button
	Back        *Button
	Status      *widget.Label
	Progress    *widget.ProgressBarInfinite

	// OnChooseFile asks app to show the file dialog.
	OnChooseFile func()
	// OnOpen opens the key store (app does it off the UI goroutine).
	OnOpen func(path, password string)
	// OnSign signs with the opened key (file) or through NCALayer.
	OnSign func(source string)
	OnBack func()

	// Want is the purpose the key is used for (auth for login).
	Want eds.Purpose

	info     *eds.CertInfo
	infoErr  string
	now      time.Time
	busy     bool
	status   message
	fileBox  fyne.CanvasObject
	ncaBox   fyne.CanvasObject
	certCard *widget.Card
	page     fyne.CanvasObject
	content  fyne.CanvasObject
}

// NewEDSSign builds the screen for keys of purpose want.
func NewEDSSign(want eds.Purpose) *EDSSign {
	s := &EDSSign{Want: want}
	s.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Title.SizeName = theme.SizeNameHeadingText
	s.Title.Wrapping = fyne.TextWrapWord
	s.Intro = widget.NewLabel("")
	s.Intro.Wrapping = fyne.TextWrapWord
	s.Source = widget.NewRadioGroup([]string{"", ""}, func(string) { s.sourceChanged() })
	s.Source.Horizontal = true
	s.FileLabel = widget.NewLabel("")
	s.File = NewEntry()
	// Another key: what was said of the last one («Сертификат отозван»)
	// no longer holds.
	s.File.OnChanged = func(string) { s.clearCert(); s.status.show("", nil); s.update() }
	// Enter in the path goes on to the password, or opens the key when
	// the password is there already.
	s.File.OnSubmitted = func(string) {
		if s.Password.Text == "" {
			focus(s.Password)
			return
		}
		s.open()
	}
	s.Choose = NewButtonWithIcon("", theme.FolderOpenIcon(), func() { call(s.OnChooseFile) })
	s.FileHint = widget.NewLabel("")
	s.FileHint.Wrapping = fyne.TextWrapWord
	s.FileHint.Importance = widget.LowImportance
	s.PassLabel = widget.NewLabel("")
	s.Password = NewPasswordEntry()
	s.Password.OnChanged = func(string) { s.clearCert(); s.update() }
	s.Password.OnSubmitted = func(string) { s.open() }
	s.Open = NewButtonWithIcon("", theme.FileIcon(), s.open)
	s.NCAInfo = widget.NewLabel("")
	s.NCAInfo.Wrapping = fyne.TextWrapWord
	for _, l := range []**widget.Label{&s.Owner, &s.IIN, &s.Org, &s.Issuer, &s.ValidUntil, &s.Purpose, &s.Algorithm} {
		*l = widget.NewLabel("")
		(*l).Wrapping = fyne.TextWrapWord
	}
	s.CertTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.CertWarning = widget.NewLabel("")
	s.CertWarning.Wrapping = fyne.TextWrapWord
	s.CertWarning.Hide()
	s.Sign = NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
		if s.OnSign != nil && !s.busy && s.canSign() {
			s.OnSign(s.SelectedSource())
		}
	})
	s.Sign.Importance = widget.SuccessImportance
	s.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(s.OnBack) })
	s.Status = newErrorLabel()
	s.status.label = s.Status
	s.Progress = newProgress()
	s.fileBox = container.NewVBox(
		s.FileLabel, container.NewBorder(nil, nil, nil, s.Choose, s.File), s.FileHint,
		s.PassLabel, s.Password, s.Open,
	)
	s.ncaBox = container.NewVBox(s.NCAInfo)
	s.ncaBox.Hide()
	form := widget.NewForm()
	s.certCard = widget.NewCard("", "", container.NewVBox(s.CertTitle, form, s.CertWarning))
	s.certCard.Hide()
	page := container.NewVBox(
		container.NewBorder(nil, nil, s.Back, nil, s.Title),
		s.Intro,
		widget.NewCard("", "", container.NewVBox(s.Source, s.fileBox, s.ncaBox)),
		s.certCard,
		s.Progress, s.Status,
		s.Sign,
	)
	s.page = page
	s.content = newPageScroll(container.New(&maxWidth{Width: 640, Middle: true}, page))
	s.Retranslate()
	s.Source.SetSelected(s.Source.Options[0])
	return s
}

// Content is the screen's root object: the step centred in the window,
// as a screen of its own (login by EDS).
func (s *EDSSign) Content() fyne.CanvasObject { return s.content }

// Inline is the step for a page of the cabinet (signing an
// application): at the top like the form and review it follows, not
// centred in the empty space below them. Use either Content or Inline.
// Its title, margins and width are those of the form and the review.
func (s *EDSSign) Inline() fyne.CanvasObject {
	s.Title.SizeName = theme.SizeNameSubHeadingText
	return newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 720}, s.page)))
}

// SelectedSource is SourceFile or SourceNCALayer.
func (s *EDSSign) SelectedSource() string {
	if len(s.Source.Options) > 1 && s.Source.Selected == s.Source.Options[1] {
		return SourceNCALayer
	}
	return SourceFile
}

func (s *EDSSign) sourceChanged() {
	if s.SelectedSource() == SourceNCALayer {
		s.fileBox.Hide()
		s.ncaBox.Show()
		s.certCard.Hide()
	} else {
		s.ncaBox.Hide()
		s.fileBox.Show()
		if s.info != nil {
			s.certCard.Show()
		}
	}
	s.Tell(Message{})
	s.update()
	if s.content != nil {
		s.content.Refresh()
	}
}

// SetFile puts a chosen file path into the form.
func (s *EDSSign) SetFile(path string) {
	s.File.SetText(path)
	focus(s.Password)
}

func (s *EDSSign) open() {
	if s.busy || s.OnOpen == nil || strings.TrimSpace(s.File.Text) == "" || s.Password.Text == "" {
		return
	}
	s.OnOpen(strings.TrimSpace(s.File.Text), s.Password.Text)
}

func (s *EDSSign) clearCert() {
	if s.info == nil {
		return
	}
	s.info, s.infoErr = nil, ""
	s.certCard.Hide()
	s.content.Refresh()
}

// ShowCertificate shows what the key store holds; problemKey, when not "",
// is why it cannot be used (expired, wrong purpose, GOST...), shown in red
// while the contents are still shown.
func (s *EDSSign) ShowCertificate(ci eds.CertInfo, now time.Time, problemKey string) {
	s.info, s.infoErr, s.now = &ci, problemKey, now
	s.certCard.Show()
	s.Tell(Message{})
	s.fillCert()
	s.update()
	s.content.Refresh()
}

func (s *EDSSign) fillCert() {
	ci := s.info
	if ci == nil {
		return
	}
	s.CertTitle.SetText(lang.L("eds.cert.title"))
	form := s.certCard.Content.(*fyne.Container).Objects[1].(*widget.Form)
	s.Owner.SetText(orDash(ci.FullName()))
	s.IIN.SetText(orDash(ci.IIN))
	org := ci.Organization
	if ci.BIN != "" {
		org = strings.TrimSpace(org + " " + lang.L("eds.cert.bin", map[string]any{"BIN": ci.BIN}))
	}
	s.Org.SetText(orDash(org))
	s.Issuer.SetText(orDash(ci.Issuer))
	days := ci.DaysLeft(s.now)
	valid := lang.L("eds.cert.valid", map[string]any{"From": FormatTime(ci.NotBefore, false), "To": FormatTime(ci.NotAfter, false)})
	if days >= 0 {
		valid += " " + lang.L("eds.cert.days_left", map[string]any{"N": days})
	}
	s.ValidUntil.SetText(valid)
	s.Purpose.SetText(lang.L("eds.purpose." + purposeKey(ci.Purpose)))
	s.Algorithm.SetText(lang.L("eds.alg." + algKey(ci.Algorithm)))
	form.Items = []*widget.FormItem{
		{Text: lang.L("eds.cert.owner"), Widget: s.Owner},
		{Text: lang.L("login.iin"), Widget: s.IIN},
		{Text: lang.L("eds.cert.org"), Widget: s.Org},
		{Text: lang.L("eds.cert.issuer"), Widget: s.Issuer},
		{Text: lang.L("eds.cert.validity"), Widget: s.ValidUntil},
		{Text: lang.L("eds.cert.purpose"), Widget: s.Purpose},
		{Text: lang.L("eds.cert.algorithm"), Widget: s.Algorithm},
	}
	form.Refresh()
	switch {
	case s.infoErr != "":
		s.CertWarning.Importance = widget.DangerImportance
		s.CertWarning.SetText(lang.L(s.infoErr))
		s.CertWarning.Show()
	case days >= 0 && days <= 30:
		s.CertWarning.Importance = widget.WarningImportance
		s.CertWarning.SetText(lang.L("eds.cert.expires_soon", map[string]any{"N": days}))
		s.CertWarning.Show()
	default:
		s.CertWarning.Hide()
	}
}

func purposeKey(p eds.Purpose) string {
	switch p {
	case eds.PurposeAuth:
		return "auth"
	case eds.PurposeSign:
		return "sign"
	case eds.PurposeBoth:
		return "both"
	}
	return "none"
}

func algKey(a eds.Algorithm) string {
	switch a {
	case eds.AlgorithmRSA, eds.AlgorithmGOST2004, eds.AlgorithmGOST2015, eds.AlgorithmECDSA:
		return string(a)
	}
	return "other"
}

func (s *EDSSign) canSign() bool {
	if s.SelectedSource() == SourceNCALayer {
		return true
	}
	return s.info != nil && s.infoErr == ""
}

func (s *EDSSign) update() {
	if s.busy || !s.canSign() {
		s.Sign.Disable()
	} else {
		s.Sign.Enable()
	}
	if s.busy || strings.TrimSpace(s.File.Text) == "" || s.Password.Text == "" {
		s.Open.Disable()
	} else {
		s.Open.Enable()
	}
}

// SetBusy shows progress and disables input while work runs.
func (s *EDSSign) SetBusy(b bool) {
	s.busy = b
	for _, w := range []fyne.Disableable{s.File, s.Choose, s.Password, s.Source} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if b {
		s.Tell(Message{})
	}
	showProgress(s.Progress, b)
	s.update()
}

// FileDir is the folder of the chosen file ("" when none).
func (s *EDSSign) FileDir() string {
	if strings.TrimSpace(s.File.Text) == "" {
		return ""
	}
	return filepath.Dir(s.File.Text)
}

// Retranslate sets every text in the current language; input stays.
func (s *EDSSign) Retranslate() {
	if s.Want == eds.PurposeAuth {
		s.Title.SetText(lang.L("login.eds.title"))
		s.Intro.SetText(lang.L("eds.intro.auth"))
		s.FileHint.SetText(lang.L("eds.hint.auth"))
	} else {
		s.Title.SetText(lang.L("eds.title.sign"))
		s.Intro.SetText(lang.L("eds.intro.sign"))
		s.FileHint.SetText(lang.L("eds.hint.sign"))
	}
	src := s.SelectedSource()
	s.Source.Options = []string{lang.L("eds.source.file"), lang.L("eds.source.ncalayer")}
	if src == SourceNCALayer {
		s.Source.Selected = s.Source.Options[1]
	} else {
		s.Source.Selected = s.Source.Options[0]
	}
	s.Source.Refresh()
	s.FileLabel.SetText(lang.L("eds.file") + " *")
	s.File.SetPlaceHolder(lang.L("eds.file.placeholder"))
	s.Choose.SetText(lang.L("eds.choose"))
	s.PassLabel.SetText(lang.L("eds.password") + " *")
	s.Open.SetText(lang.L("eds.open"))
	s.NCAInfo.SetText(lang.L("eds.ncalayer.info"))
	s.Sign.SetText(lang.L("eds.sign"))
	s.Back.SetText(lang.L("common.back"))
	s.fillCert()
	s.status.retranslate()
	s.update()
}

// Tell shows m on the status line (the zero Message clears it).
func (s *EDSSign) Tell(m Message) { s.status.show(m.Key, m.Data) }
