package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// SecurityEventKinds are the kinds of security event with a translation
// "event.<kind>"; other kinds are shown with "event.unknown".
var SecurityEventKinds = []string{
	"login_ok", "login_failed", "lock", "login_while_locked", "logout",
	"session_expired", "sessions_ended", "eds_login_ok", "eds_login_failed",
	"password_changed", "password_reset", "password_reset_started",
	"password_reset_refused", "registration_started", "registration_refused",
	"registration_completed", "otp_sent", "otp_failed", "otp_locked",
	"booking_created", "booking_cancelled", "dpv_order",
	"application_submitted", "contacts_confirmed", "contact_removed",
	"staff_contacts_confirmed", "staff_application_status",
	"second_step_started", "two_factor_setup_started", "two_factor_enabled",
	"two_factor_changed", "two_factor_disabled", "recovery_code_used", "totp_replay",
}

// SecurityEventMethods are the sign-in methods with a translation
// "event.method.<method>".
var SecurityEventMethods = []string{"password", "eds"}

// warningEvents are kinds shown in the danger colour.
var warningEvents = map[string]bool{
	"login_failed": true, "lock": true, "login_while_locked": true,
	"eds_login_failed": true, "otp_failed": true, "otp_locked": true,
	"contact_removed": true, "two_factor_disabled": true, "recovery_code_used": true,
	"totp_replay": true,
}

// EventKindText is the translated kind of a security event, with a
// fallback naming the raw kind for kinds this version does not know.
func EventKindText(kind string) string {
	for _, k := range SecurityEventKinds {
		if k == kind {
			return lang.L("event." + kind)
		}
	}
	return lang.L("event.unknown", map[string]string{"Kind": kind})
}

// EventClientText is where a request came from: «этот компьютер» for the
// bundled service, otherwise the address.
func EventClientText(client string) string {
	switch client {
	case api.ClientInProcess:
		return lang.L("event.client.this_computer")
	case "":
		return "—"
	}
	return client
}

// EventMethodText is the sign-in method of an event ("" when the event is
// not a sign-in).
func EventMethodText(ev api.SecurityEvent) string {
	switch {
	case strings.HasPrefix(ev.Kind, "eds_"):
		return lang.L("event.method.eds")
	case ev.Kind == "login_ok" && (ev.Detail == "password" || ev.Detail == "eds"):
		return lang.L("event.method." + ev.Detail)
	case ev.Kind == "login_failed" || ev.Kind == "lock" || ev.Kind == "login_while_locked":
		return lang.L("event.method.password")
	}
	return ""
}

// Security is the cabinet page «История входов и безопасность»: the
// depositor's sign-ins and other security events, newest first, in one
// tab, and «Вход в два шага» (TwoFactor) in another.
type Security struct {
	listState
	Title  *widget.Label
	Advice *widget.Label
	Empty  *widget.Label
	List   *List
	Detail *widget.Label // the row tapped, whole
	// Columns are the headings of the list's columns: date and time,
	// event, where from, sign-in method.
	Columns [4]*widget.Label

	OnRefresh func()

	// Tabs holds the history and the second login step.
	Tabs      *container.AppTabs
	History   *container.TabItem
	TwoFactor *TwoFactor
	TwoTab    *container.TabItem

	events  []api.SecurityEvent
	content fyne.CanvasObject
}

// NewSecurity builds the page, empty until SetEvents.
func NewSecurity() *Security {
	s := &Security{}
	s.Title = heading()
	s.Advice = widget.NewLabel("")
	s.Advice.Wrapping = fyne.TextWrapWord
	s.Advice.Importance = widget.WarningImportance
	s.listState = newListState(func() { call(s.OnRefresh) })
	s.Empty = widget.NewLabel("")
	s.Empty.Importance = widget.LowImportance
	s.Empty.Hide()
	s.List = NewList(
		func() int { return len(s.events) },
		func() fyne.CanvasObject {
			return container.NewGridWithColumns(4,
				widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.events) {
				return
			}
			cells := s.RowTexts(id)
			row := o.(*fyne.Container)
			for i, obj := range row.Objects {
				l := obj.(*widget.Label)
				l.Truncation = fyne.TextTruncateEllipsis
				l.Importance = widget.MediumImportance
				if i == 1 && warningEvents[s.events[id].Kind] {
					l.Importance = widget.DangerImportance
				}
				l.SetText(cells[i])
			}
		},
	)
	head := container.NewGridWithColumns(4)
	for i := range s.Columns {
		s.Columns[i] = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		// Headings wrap (the time's names the zone): never cut.
		s.Columns[i].Wrapping = fyne.TextWrapWord
		head.Add(s.Columns[i])
	}
	// A row's cells are cut to the column: a tap shows the row whole.
	s.Detail = widget.NewLabel("")
	s.Detail.Wrapping = fyne.TextWrapWord
	s.Detail.Hide()
	s.List.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(s.events) {
			return
		}
		c := s.RowTexts(id)
		s.Detail.SetText(strings.Join([]string{c[0], c[1], c[2], c[3]}, " · "))
		s.Detail.Show()
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.Refresh, s.Title),
		s.Advice, s.Progress, s.Status, s.Empty, widget.NewSeparator(), head,
	)
	s.TwoFactor = NewTwoFactor()
	s.History = container.NewTabItemWithIcon("", theme.HistoryIcon(), container.NewPadded(container.NewBorder(top, s.Detail, nil, nil, s.List)))
	s.TwoTab = container.NewTabItemWithIcon("", theme.AccountIcon(), s.TwoFactor.Content())
	s.Tabs = container.NewAppTabs(s.History, s.TwoTab)
	s.content = s.Tabs
	s.Retranslate()
	return s
}

// Content is the page's object.
func (s *Security) Content() fyne.CanvasObject { return s.content }

// Events are the events shown.
func (s *Security) Events() []api.SecurityEvent { return s.events }

// RowTexts are the cells of row i: date and time, the kind, the client
// and the method.
func (s *Security) RowTexts(i int) [4]string {
	ev := s.events[i]
	return [4]string{FormatTime(ev.At, true), EventKindText(ev.Kind), EventClientText(ev.Client), EventMethodText(ev)}
}

// SetEvents shows the events (newest first) and clears an error.
func (s *Security) SetEvents(events []api.SecurityEvent) {
	s.events = mergeEDSLogins(events)
	s.Detail.Hide()
	s.List.UnselectAll()
	s.Tell(Message{})
	s.Empty.Hidden = len(s.events) > 0
	s.List.Refresh()
}

// Retranslate sets every text in the current language.
func (s *Security) Retranslate() {
	s.Title.SetText(lang.L("service.security"))
	s.Advice.SetText(lang.L("security.advice"))
	s.Refresh.SetText(lang.L("security.refresh"))
	s.Empty.SetText(lang.L("security.empty"))
	s.Columns[0].SetText(lang.L("security.col.time", map[string]any{"Zone": ZoneName(time.Now())}))
	s.Columns[1].SetText(lang.L("security.col.event"))
	s.Columns[2].SetText(lang.L("security.col.where"))
	s.Columns[3].SetText(lang.L("security.col.method"))
	s.err.retranslate()
	s.List.Refresh()
	s.History.Text = lang.L("security.tab.history")
	s.TwoTab.Text = lang.L("twofactor.title")
	s.Tabs.Refresh()
	s.TwoFactor.Retranslate()
}

// mergeEDSLogins drops the session's login_ok of an EDS login that has
// its eds_login_ok (with the certificate) at the same moment: one login,
// one line, though the service keeps both records.
func mergeEDSLogins(events []api.SecurityEvent) []api.SecurityEvent {
	eds := map[int64]bool{}
	for _, e := range events {
		if e.Kind == "eds_login_ok" {
			eds[e.At.Unix()] = true
		}
	}
	out := make([]api.SecurityEvent, 0, len(events))
	for _, e := range events {
		if e.Kind == "login_ok" && e.Detail == "eds" && (eds[e.At.Unix()] || eds[e.At.Unix()-1] || eds[e.At.Unix()+1]) {
			continue
		}
		out = append(out, e)
	}
	return out
}
