package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// NotificationText is the translated text of a notification: «Заявление
// № … (тип): статус …», with the reason of a rejection.
func NotificationText(n api.Notification) string {
	s := lang.L("notify.status", map[string]any{"Number": n.Number, "Type": AppTypeText(n.AppType), "Status": AppStatusText(n.Status)})
	if r := RejectionText(n.ReasonCode, n.Reason); r != "" {
		s += " " + lang.L("app.history.reason", map[string]any{"Reason": r})
	}
	return s
}

// Notifications is the cabinet page «Уведомления»: the in-app
// notifications, newest first, unread ones in bold; tapping one opens its
// application; «Отметить все как прочитанные».
type Notifications struct {
	listState
	Title   *widget.Label
	MarkAll *Button
	Empty   *widget.Label
	List    *List

	OnOpen    func(n api.Notification)
	OnMarkAll func()
	OnRefresh func()

	items   []api.Notification
	content fyne.CanvasObject
}

// NewNotifications builds the page, empty until SetNotifications.
func NewNotifications() *Notifications {
	s := &Notifications{}
	s.Title = heading()
	s.MarkAll = NewButtonWithIcon("", theme.MailReplyAllIcon(), func() { call(s.OnMarkAll) })
	s.listState = newListState(func() { call(s.OnRefresh) })
	s.Empty = widget.NewLabel("")
	s.Empty.Importance = widget.LowImportance
	s.Empty.Hide()
	s.List = NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("")
			when.Importance = widget.LowImportance
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, when, nil, text)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.items) {
				return
			}
			n := s.items[id]
			c := o.(*fyne.Container)
			text, when := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
			when.SetText(FormatTimeZoned(n.At))
			text.TextStyle = fyne.TextStyle{Bold: !n.Read}
			text.SetText(NotificationText(n))
		},
	)
	s.List.OnSelected = func(id widget.ListItemID) {
		s.List.UnselectAll()
		if id >= 0 && id < len(s.items) && s.OnOpen != nil {
			s.OnOpen(s.items[id])
		}
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.MarkAll, s.Refresh), s.Title),
		s.Progress, s.Status, s.Empty)
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, s.List))
	s.Retranslate()
	return s
}

// Content is the page's object.
func (s *Notifications) Content() fyne.CanvasObject { return s.content }

// SetNotifications shows the list, newest first.
func (s *Notifications) SetNotifications(items []api.Notification) {
	s.items = items
	s.Empty.Hidden = len(items) > 0
	s.Empty.Refresh()
	unread := false
	for _, n := range items {
		unread = unread || !n.Read
	}
	if unread {
		s.MarkAll.Enable()
	} else {
		s.MarkAll.Disable()
	}
	s.List.Refresh()
}

// Items is what the list shows.
func (s *Notifications) Items() []api.Notification { return s.items }

// MarkRead shows ids (every one when ids is empty) as read.
func (s *Notifications) MarkRead(ids ...int64) {
	for i := range s.items {
		if len(ids) == 0 {
			s.items[i].Read = true
			continue
		}
		for _, id := range ids {
			if s.items[i].ID == id {
				s.items[i].Read = true
			}
		}
	}
	s.SetNotifications(s.items)
}

// Retranslate sets every text in the current language.
func (s *Notifications) Retranslate() {
	s.Title.SetText(ServiceTitle(ServiceNotifications))
	s.MarkAll.SetText(lang.L("notify.mark_all"))
	s.Refresh.SetText(lang.L("common.refresh"))
	s.Empty.SetText(lang.L("notify.empty"))
	s.err.retranslate()
	s.List.Refresh()
}
