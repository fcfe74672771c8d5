package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Outbox is the demo service's message outbox: the SMS and e-mails the
// bundled service "sent", so that a newcomer can read the one-time
// password with no phone. Only a demo service offers it.
type Outbox struct {
	Banner   *widget.Label
	Refresh  *Button
	List     *List
	Empty    *widget.Label
	Messages []api.OutboxMessage

	OnRefresh func()
	content   fyne.CanvasObject
	errKey    string // the last load's error, shown in place of «empty»
}

// NewOutbox builds the window content.
func NewOutbox() *Outbox {
	o := &Outbox{}
	o.Banner = widget.NewLabel("")
	o.Banner.Wrapping = fyne.TextWrapWord
	o.Banner.Importance = widget.WarningImportance
	o.Refresh = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(o.OnRefresh) })
	o.Empty = widget.NewLabel("")
	fitter := &rowFitter{}
	o.List = NewList(
		func() int { return len(o.Messages) },
		func() fyne.CanvasObject {
			head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			head.Wrapping = fyne.TextWrapWord
			body := widget.NewLabel("")
			body.Wrapping = fyne.TextWrapWord
			return container.NewVBox(head, body)
		},
		func(i widget.ListItemID, obj fyne.CanvasObject) {
			m := o.Messages[i]
			box := obj.(*fyne.Container)
			ch := lang.L("outbox.sms")
			if m.Channel == "email" {
				ch = lang.L("outbox.email")
			}
			head := ch + " → " + m.To + " · " + FormatTimeZoned(m.CreatedAt)
			if m.Subject != "" {
				head += " · " + m.Subject
			}
			setCell(box.Objects[0].(*widget.Label), head, widget.MediumImportance)
			setCell(box.Objects[1].(*widget.Label), m.Body, widget.MediumImportance)
			fitter.fit(i, box)
		},
	)
	fitter.list = &o.List.List
	o.content = container.New(atLeastWide{outboxMinWidth}, container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.MailComposeIcon()), o.Refresh, o.Banner), o.Empty),
		nil, nil, nil, followingWidth(o.List)))
	o.Retranslate()
	return o
}

// Content is the window's content.
func (o *Outbox) Content() fyne.CanvasObject { return o.content }

// SetMessages shows the messages, newest first, and clears an error.
func (o *Outbox) SetMessages(ms []api.OutboxMessage) {
	o.Messages = ms
	o.errKey = ""
	o.showEmpty()
	o.List.Refresh()
}

// showEmpty sets the line over the list: the error, else «no messages»
// when there are none.
func (o *Outbox) showEmpty() {
	if o.errKey != "" {
		o.Empty.Importance = widget.DangerImportance
		o.Empty.Text = lang.L(o.errKey)
		o.Empty.Hidden = false
	} else {
		o.Empty.Importance = widget.MediumImportance
		o.Empty.Text = lang.L("outbox.empty")
		o.Empty.Hidden = len(o.Messages) > 0
	}
	o.Empty.Refresh()
}

// Retranslate sets every text in the current language.
func (o *Outbox) Retranslate() {
	o.Banner.SetText(lang.L("outbox.banner"))
	o.Refresh.SetText(lang.L("common.refresh"))
	o.showEmpty()
	o.List.Refresh()
}

// Tell shows m in place of the messages (the zero Message clears it).
func (o *Outbox) Tell(m Message) {
	o.errKey = m.Key
	o.showEmpty()
}

// outboxMinWidth is the outbox window's least width: narrower, its
// banner wraps word by word and the window's least height grows past an
// 800×600 screen.
const outboxMinWidth = 360

// atLeastWide lays its objects over its whole size and is at least width
// wide.
type atLeastWide struct{ width float32 }

func (l atLeastWide) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.width, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (atLeastWide) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}
