package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// ServerSettings is the connection settings screen, reached from the
// login screen: the address of the fund's service as the user's own
// setting (office workstations), a connection test, and what the app uses
// now and why.
type ServerSettings struct {
	Title    *widget.Label
	Text     *widget.Label
	Current  *widget.Label // «Сейчас: …» — the address in use and where it comes from
	Override *widget.Label // --server is given: the setting waits
	URLLabel *widget.Label
	URL      *Entry
	Test     *Button
	Save     *Button
	Reset    *Button // forget the user's setting
	Back     *Button
	Progress *widget.ProgressBarInfinite
	Result   *widget.Label // the connection test's answer

	// OnTest checks the address typed; OnSave keeps it ("" forgets the
	// setting); OnBack returns to the login screen.
	OnTest  func(url string)
	OnSave  func(url string)
	OnBack  func()
	content fyne.CanvasObject

	current              lang.Later
	resultKey            string
	resultData           map[string]any
	resultOK, overridden bool
}

// NewServerSettings builds the screen with the user's setting typed in.
func NewServerSettings(userURL string) *ServerSettings {
	s := &ServerSettings{}
	s.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Title.SizeName = theme.SizeNameHeadingText
	s.Text = widget.NewLabel("")
	s.Text.Wrapping = fyne.TextWrapWord
	s.Current = widget.NewLabel("")
	s.Current.Wrapping = fyne.TextWrapWord
	s.Override = widget.NewLabel("")
	s.Override.Wrapping = fyne.TextWrapWord
	s.Override.Importance = widget.WarningImportance
	s.Override.Hide()
	s.URLLabel = widget.NewLabel("")
	s.URL = NewEntry()
	s.URL.SetText(userURL)
	s.URL.OnSubmitted = func(string) { s.test() }
	s.Test = NewButtonWithIcon("", theme.SearchIcon(), s.test)
	s.Save = NewButtonWithIcon("", theme.DocumentSaveIcon(), func() {
		if s.OnSave != nil {
			s.OnSave(s.URL.Text)
		}
	})
	s.Save.Importance = widget.HighImportance
	s.Reset = NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		s.URL.SetText("")
		if s.OnSave != nil {
			s.OnSave("")
		}
	})
	s.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(s.OnBack) })
	s.Progress = newProgress()
	s.Result = widget.NewLabel("")
	s.Result.Wrapping = fyne.TextWrapWord
	s.Result.Hide()
	s.Retranslate()

	page := container.NewVBox(
		container.NewHBox(s.Back),
		s.Title, s.Text, s.Current, s.Override,
		s.URLLabel, s.URL,
		container.NewHBox(s.Test, s.Save, s.Reset),
		s.Progress, s.Result,
	)
	s.content = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 720}, page)))
	return s
}

func (s *ServerSettings) test() {
	if s.OnTest != nil {
		s.OnTest(s.URL.Text)
	}
}

// Content is the screen's root object.
func (s *ServerSettings) Content() fyne.CanvasObject { return s.content }

// SetCurrent says which service the app uses now (a text made in the
// language of the moment), and whether --server overrides the setting.
func (s *ServerSettings) SetCurrent(text lang.Later, overridden bool) {
	s.current, s.overridden = text, overridden
	s.Retranslate()
}

// SetBusy shows progress while a test runs and keeps the buttons from a
// second one.
func (s *ServerSettings) SetBusy(busy bool) {
	for _, w := range []fyne.Disableable{s.Test, s.Save, s.Reset, s.URL} {
		if busy {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if busy {
		s.Result.Hide()
	}
	showProgress(s.Progress, busy)
}

// ResultText is the shown answer ("" when none).
func (s *ServerSettings) ResultText() string {
	if !s.Result.Visible() {
		return ""
	}
	return s.Result.Text
}

// Retranslate sets every text in the current language; the typed address
// stays.
func (s *ServerSettings) Retranslate() {
	s.Title.SetText(lang.L("server.title"))
	s.Text.SetText(lang.L("server.text"))
	if s.current != nil {
		s.Current.SetText(lang.L("server.current", map[string]any{"What": s.current}))
	}
	s.Override.SetText(lang.L("server.overridden"))
	s.Override.Hidden = !s.overridden
	s.Override.Refresh()
	s.URLLabel.SetText(lang.L("server.url"))
	s.URL.SetPlaceHolder("https://cabinet.example.kz")
	s.Test.SetText(lang.L("server.test"))
	s.Save.SetText(lang.L("server.save"))
	s.Reset.SetText(lang.L("server.reset"))
	s.Back.SetText(lang.L("common.back"))
	if s.resultKey != "" {
		if s.resultOK {
			s.Result.Importance = widget.SuccessImportance
		} else {
			s.Result.Importance = widget.DangerImportance
		}
		s.Result.SetText(lang.L(s.resultKey, s.resultData))
		s.Result.Show()
	}
}

// Tell shows the result of a test or a save: news in green, an error in red.
func (s *ServerSettings) Tell(m Message) {
	s.resultOK, s.resultKey, s.resultData = !m.Error, m.Key, m.dataMap()
	s.Retranslate()
}
