package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// shell is what the depositor Cabinet and the staff workstation share: a
// header with the fund, the user, the language switch and «Выйти», a line
// for a notice, a menu of pages and the page shown beside it.
type shell struct {
	FundName *widget.Label
	UserName *widget.Label
	Lang     *LangSwitch
	Logout   *widget.Button
	Menu     map[string]*widget.Button
	Notice   *widget.Label // e.g. "you will be logged out when idle"

	menu    *fyne.Container
	main    *fyne.Container
	current string
	content fyne.CanvasObject
}

// newShell builds the widgets and a menu entry for each of ids; the
// callbacks are called with the entry's id, the language code, or none.
func newShell(ids []string, icon func(id string) fyne.Resource, open func(id string), language func(code string), logout func()) shell {
	s := shell{Menu: map[string]*widget.Button{}}
	s.FundName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.UserName = widget.NewLabel("")
	s.Lang = NewLangSwitch(language)
	s.Logout = widget.NewButtonWithIcon("", theme.LogoutIcon(), logout)
	s.Notice = widget.NewLabel("")
	s.Notice.Importance = widget.WarningImportance
	s.Notice.Hide()
	s.menu = container.NewVBox()
	for _, id := range ids {
		b := widget.NewButtonWithIcon("", icon(id), func() { open(id) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		s.Menu[id] = b
		s.menu.Add(b)
	}
	s.main = container.NewStack()
	return s
}

// layout puts the header (with badge, if any, after the user's name), the
// notice and under it, the menu taking offset of the width and the page.
func (s *shell) layout(offset float64, badge fyne.CanvasObject, under ...fyne.CanvasObject) {
	user := container.NewHBox(widget.NewIcon(theme.AccountIcon()), s.UserName)
	if badge != nil {
		user.Add(badge)
	}
	user.Add(s.Lang.Content())
	user.Add(s.Logout)
	header := container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.HomeIcon()), s.FundName), user)
	top := container.NewVBox(header, s.Notice)
	for _, o := range under {
		top.Add(o)
	}
	top.Add(widget.NewSeparator())
	split := container.NewHSplit(container.NewVScroll(s.menu), s.main)
	split.Offset = offset
	s.content = container.NewBorder(top, nil, nil, nil, split)
}

// Content is the screen's root object.
func (s *shell) Content() fyne.CanvasObject { return s.content }

// Show puts a page into the main area and marks its menu entry.
func (s *shell) Show(id string, page fyne.CanvasObject) {
	s.current = id
	s.main.Objects = []fyne.CanvasObject{page}
	s.main.Refresh()
	for mid, b := range s.Menu {
		if mid == id {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
}

// Current is the id of the page shown.
func (s *shell) Current() string { return s.current }

// SetUser shows the fund and the user's name in the header.
func (s *shell) SetUser(fund, name string) {
	s.FundName.SetText(fund)
	s.UserName.SetText(name)
}

// SetFund shows the fund's name in the header (after a language switch).
func (s *shell) SetFund(fund string) { s.FundName.SetText(fund) }

// retranslate sets the shell's own texts in the current language.
func (s *shell) retranslate() {
	s.Logout.SetText(lang.L("cabinet.logout"))
	s.Lang.Retranslate()
}
