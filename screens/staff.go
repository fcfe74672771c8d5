package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"kabinet/lang"
)

// Pages of the office staff workstation, in menu order.
const (
	StaffPageQueue    = "queue"
	StaffPageContacts = "contacts"
	StaffPageBookings = "bookings"
)

// StaffPages lists the workstation's menu entries.
var StaffPages = []string{StaffPageQueue, StaffPageContacts, StaffPageBookings}

// StaffPageTitle is the translated menu title of a workstation page.
func StaffPageTitle(id string) string { return lang.L("staff.menu." + id) }

// Staff is the office workstation's shell after a staff login: a header
// with the fund, the employee and the «Сотрудник отделения» badge, the
// language switch and «Выйти», a menu of the workstation's pages and the
// selected page. It is the depositor Cabinet's counterpart: no depositor
// service is offered here.
type Staff struct {
	FundName *widget.Label
	UserName *widget.Label
	Role     *widget.Label // the role badge
	Lang     *LangSwitch
	Logout   *widget.Button
	Menu     map[string]*widget.Button
	Notice   *widget.Label // e.g. "you will be logged out when idle"

	OnLogout   func()
	OnPage     func(id string)
	OnLanguage func(code string)

	noticeKey  string
	noticeData map[string]any
	main       *fyne.Container
	current    string
	content    fyne.CanvasObject
}

// NewStaff builds the shell with an empty main area.
func NewStaff() *Staff {
	s := &Staff{Menu: map[string]*widget.Button{}}
	s.FundName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.UserName = widget.NewLabel("")
	s.Role = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Role.Importance = widget.HighImportance
	s.Role.SizeName = theme.SizeNameCaptionText
	s.Lang = NewLangSwitch(func(code string) {
		if s.OnLanguage != nil {
			s.OnLanguage(code)
		}
	})
	s.Logout = widget.NewButtonWithIcon("", theme.LogoutIcon(), func() { call(s.OnLogout) })
	s.Notice = widget.NewLabel("")
	s.Notice.Importance = widget.WarningImportance
	s.Notice.Hide()
	menu := container.NewVBox()
	for _, id := range StaffPages {
		id := id
		b := widget.NewButtonWithIcon("", staffIcon(id), func() {
			if s.OnPage != nil {
				s.OnPage(id)
			}
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		s.Menu[id] = b
		menu.Add(b)
	}
	s.main = container.NewStack()
	badge := container.NewStack(newBadgeBackground(), s.Role)
	header := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewIcon(theme.HomeIcon()), s.FundName),
		container.NewHBox(widget.NewIcon(theme.AccountIcon()), s.UserName, container.NewCenter(badge), s.Lang.Content(), s.Logout),
	)
	split := container.NewHSplit(container.NewVScroll(menu), s.main)
	split.Offset = 0.22
	s.content = container.NewBorder(container.NewVBox(header, s.Notice, widget.NewSeparator()), nil, nil, nil, split)
	s.Retranslate()
	return s
}

// newBadgeBackground is the rounded tint behind the role badge.
func newBadgeBackground() fyne.CanvasObject {
	c := theme.Color(theme.ColorNamePrimary)
	r, g, b, _ := c.RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30})
	bg.CornerRadius = theme.InputRadiusSize()
	return bg
}

func staffIcon(id string) fyne.Resource {
	switch id {
	case StaffPageQueue:
		return theme.ListIcon()
	case StaffPageContacts:
		return theme.AccountIcon()
	case StaffPageBookings:
		return theme.CalendarIcon()
	}
	return theme.InfoIcon()
}

// Content is the screen's root object.
func (s *Staff) Content() fyne.CanvasObject { return s.content }

// Show puts a page into the main area and marks its menu entry.
func (s *Staff) Show(id string, page fyne.CanvasObject) {
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
func (s *Staff) Current() string { return s.current }

// SetUser shows the fund and the employee's name in the header.
func (s *Staff) SetUser(fund, name string) {
	s.FundName.SetText(fund)
	s.UserName.SetText(name)
}

// SetNotice shows the translated text of key in a line under the header
// (kept across a language switch); "" hides it.
func (s *Staff) SetNotice(key string, data map[string]any) {
	s.noticeKey, s.noticeData = key, data
	if key == "" {
		s.Notice.SetText("")
		s.Notice.Hide()
		return
	}
	s.Notice.SetText(lang.L(key, data))
	s.Notice.Show()
}

// Retranslate sets every text in the current language.
func (s *Staff) Retranslate() {
	s.Role.SetText(lang.L("staff.role"))
	s.Logout.SetText(lang.L("cabinet.logout"))
	for id, b := range s.Menu {
		b.SetText(StaffPageTitle(id))
	}
	s.Lang.Retranslate()
	if s.noticeKey != "" {
		s.Notice.SetText(lang.L(s.noticeKey, s.noticeData))
	}
}
