package screens

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Pages of the office staff workstation, in menu order.
const (
	StaffPageQueue    = "queue"
	StaffPageContacts = "contacts"
	StaffPageBookings = "bookings"
	// StaffPageTwoFactor is «Вход в два шага» (TwoFactor): a fund may
	// require it of staff accounts.
	StaffPageTwoFactor = "two_factor"
)

// StaffPages lists the workstation's menu entries.
var StaffPages = []string{StaffPageQueue, StaffPageContacts, StaffPageBookings, StaffPageTwoFactor}

// StaffPagesFor lists the pages a staff member of role (api.StaffRole*)
// may use, in menu order: the queue of applications for the
// "applications" role, contacts and bookings for the "office" role, all
// of them for "all" (and for a service too old to tell the role, which
// refuses what the role may not do anyway). «Вход в два шага» is for every
// role.
func StaffPagesFor(role string) []string {
	switch role {
	case api.StaffRoleApplications:
		return []string{StaffPageQueue, StaffPageTwoFactor}
	case api.StaffRoleOffice:
		return []string{StaffPageContacts, StaffPageBookings, StaffPageTwoFactor}
	}
	return StaffPages
}

// StaffPageTitle is the translated menu title of a workstation page.
func StaffPageTitle(id string) string { return lang.L("staff.menu." + id) }

// Staff is the office workstation's shell after a staff login: a header
// with the fund, the employee and the «Сотрудник отделения» badge, the
// language switch and «Выйти», a menu of the workstation's pages and the
// selected page. It is the depositor Cabinet's counterpart: no depositor
// service is offered here.
type Staff struct {
	shell
	Role *widget.Label // the role badge

	OnLogout   func()
	OnPage     func(id string)
	OnLanguage func(code string)

	noticeKey  string
	noticeData map[string]any
	role       string
	allowed    []string // the pages the role may use (SetRole)
}

// NewStaff builds the shell with an empty main area.
func NewStaff() *Staff {
	s := &Staff{}
	s.shell = newShell(StaffPages, staffIcon,
		func(id string) {
			if s.OnPage != nil {
				s.OnPage(id)
			}
		},
		func(code string) {
			if s.OnLanguage != nil {
				s.OnLanguage(code)
			}
		},
		func() { call(s.OnLogout) })
	s.allowed = StaffPages
	s.Role = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Role.Importance = widget.HighImportance
	s.Role.SizeName = theme.SizeNameCaptionText
	s.layout(0.22, container.NewCenter(container.NewStack(newBadgeBackground(), s.Role)))
	s.Retranslate()
	return s
}

// SetRole shows in the menu only the pages the staff member's role
// (api.StaffRole*) may use, and names the role in the badge.
func (s *Staff) SetRole(role string) {
	s.role = role
	s.allowed = StaffPagesFor(role)
	for id, b := range s.Menu {
		if s.Allowed(id) {
			b.Show()
		} else {
			b.Hide()
		}
	}
	s.Role.SetText(staffRoleText(role))
}

// Allowed tells whether the role may use the page id.
func (s *Staff) Allowed(id string) bool { return slices.Contains(s.allowed, id) }

// FirstPage is the page the workstation opens on: the first the role may use.
func (s *Staff) FirstPage() string { return s.allowed[0] }

// staffRoleText is the badge: the role when it is not every page's
// («Приём посетителей»), else «Сотрудник отделения»; short, so that the
// header holds at 800 px in every language.
func staffRoleText(role string) string {
	switch role {
	case api.StaffRoleApplications, api.StaffRoleOffice:
		return lang.L("staff.role." + role)
	}
	return lang.L("staff.role")
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
	case StaffPageTwoFactor:
		return theme.AccountIcon()
	}
	return theme.InfoIcon()
}

// Tell shows m in a line under the header (kept across a language
// switch); the zero Message hides it.
func (s *Staff) Tell(m Message) {
	key, data := m.Key, m.dataMap()
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
	s.Role.SetText(staffRoleText(s.role))
	s.retranslate()
	for id, b := range s.Menu {
		b.SetText(StaffPageTitle(id))
	}
	s.relayoutMenu()
	if s.noticeKey != "" {
		s.Notice.SetText(lang.L(s.noticeKey, s.noticeData))
	}
}
