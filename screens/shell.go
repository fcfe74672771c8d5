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
	Logout   *Button
	Menu     map[string]*MenuItem
	Notice   *widget.Label // e.g. "you will be logged out when idle"

	menu *fyne.Container
	// menuScroll holds menu: laid out again when an entry's title or
	// weight changes (relayoutMenu).
	menuScroll *container.Scroll
	main       *fyne.Container
	current    string
	content    fyne.CanvasObject
}

// newShell builds the widgets and a menu entry for each of ids; the
// callbacks are called with the entry's id, the language code, or none.
func newShell(ids []string, icon func(id string) fyne.Resource, open func(id string), language func(code string), logout func()) shell {
	s := shell{Menu: map[string]*MenuItem{}}
	// The fund and the user wrap onto a second line rather than widen
	// the window (the header held 813 px in kk) or end in «…» (at 800x600
	// the staff header showed «Кузнецова Ольга Ви…», with the whole name
	// nowhere else on the office screens).
	s.FundName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.FundName.Wrapping = fyne.TextWrapWord
	s.UserName = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	s.UserName.Wrapping = fyne.TextWrapWord
	s.Lang = NewLangSwitch(language)
	s.Logout = NewButtonWithIcon("", theme.LogoutIcon(), logout)
	s.Notice = widget.NewLabel("")
	s.Notice.Importance = widget.WarningImportance
	s.Notice.Hide()
	s.menu = container.NewVBox()
	for _, id := range ids {
		b := NewMenuItem("", icon(id), func() { open(id) })
		s.Menu[id] = b
		s.menu.Add(b)
	}
	s.main = container.NewStack()
	return s
}

// layout puts the header (with badge, if any, after the user's name), the
// notice and under it, the menu taking offset of the width and the page.
func (s *shell) layout(offset float64, badge fyne.CanvasObject, under ...fyne.CanvasObject) {
	controls := container.NewHBox()
	if badge != nil {
		controls.Add(badge)
	}
	controls.Add(s.Lang.Content())
	controls.Add(s.Logout)
	user := container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, s.UserName)
	names := container.NewGridWithColumns(2, s.FundName, user)
	header := container.NewBorder(nil, nil, widget.NewIcon(theme.HomeIcon()), controls, names)
	top := container.NewVBox(header, s.Notice)
	for _, o := range under {
		top.Add(o)
	}
	top.Add(widget.NewSeparator())
	s.menuScroll = container.NewVScroll(s.menu)
	body := container.New(&sidebar{share: float32(offset)}, s.menuScroll, widget.NewSeparator(), s.main)
	s.content = container.NewBorder(top, nil, nil, nil, body)
}

// Content is the screen's root object.
func (s *shell) Content() fyne.CanvasObject { return s.content }

// Show puts a page into the main area and marks its menu entry.
func (s *shell) Show(id string, page fyne.CanvasObject) {
	s.current = id
	scrollToTop(page) // a page shown again starts at its top
	s.main.Objects = []fyne.CanvasObject{fitPage(page)}
	s.main.Refresh()
	for mid, b := range s.Menu {
		if mid == id {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	s.relayoutMenu()
}

// relayoutMenu lays the menu out again after its entries changed: a title
// in bold (the page shown) or in another language takes more or fewer
// lines, and the entries below move at once, not leaving the room of a
// line that is gone (or overlapping) until the window is resized.
func (s *shell) relayoutMenu() {
	if s.menuScroll != nil {
		relayout(s.menuScroll)
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

// sidebar lays out the menu (objs[0]), a separator (objs[1]) and the page
// (objs[2]) side by side. The menu takes share of the width, kept between
// sidebarMin and sidebarMax whatever the language (its titles wrap), and
// the page the rest.
type sidebar struct{ share float32 }

const sidebarMin, sidebarMax = 200, 300

func (s *sidebar) width(total float32) float32 {
	return fyne.Min(fyne.Max(total*s.share, sidebarMin), sidebarMax)
}

func (s *sidebar) MinSize(objs []fyne.CanvasObject) fyne.Size {
	page := objs[2].MinSize()
	return fyne.NewSize(sidebarMin+theme.Padding()+page.Width, fyne.Max(page.Height, objs[0].MinSize().Height))
}

func (s *sidebar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := s.width(size.Width)
	p := theme.Padding()
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(theme.SeparatorThicknessSize(), size.Height))
	objs[1].Move(fyne.NewPos(w+p/2, 0))
	objs[2].Resize(fyne.NewSize(size.Width-w-p, size.Height))
	objs[2].Move(fyne.NewPos(w+p, 0))
}

// fitPage puts a page in a scroll of its own when it is wider or taller
// than the room it has, so that no page makes the window grow.
// A page that scrolls up and down only is put in a sideways scroll: a
// page that turns out wider than the room (a long title or name with the
// data) scrolls sideways instead of widening the window (the window grew
// from 784 to 1073 px on a portfolio application's page).
func fitPage(page fyne.CanvasObject) fyne.CanvasObject {
	if s, ok := page.(*container.Scroll); ok {
		if s.Direction == container.ScrollVerticalOnly {
			return container.NewHScroll(page)
		}
		return page
	}
	return container.NewScroll(page)
}
