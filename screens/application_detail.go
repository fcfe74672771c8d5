package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// TimelineEntry is one shown step of an application's history.
type TimelineEntry struct {
	Status, When, Actor, Reason string
}

// ApplicationDetail is one application: its number, type and current
// status, the signed document in readable form, who signed it, and the
// full history as a timeline (status, date and time, actor, reason of a
// rejection). «Обновить» reloads it; «Отменить» shows for a transfer
// application that may still be canceled.
type ApplicationDetail struct {
	Title    *widget.Label
	Number   *widget.Label
	Current  *widget.Label
	Message  *widget.Label
	Doc      *widget.Form
	doc      *fyne.Container // holds Doc, new at each fill
	Signer   *widget.Label
	History  *widget.Label
	Timeline *fyne.Container
	Back     *Button
	Refresh  *Button
	Cancel   *Button
	// Save keeps the signed document and its signature (CMS) as files.
	Save     *Button
	Status   *widget.Label
	Progress *widget.ProgressBarInfinite

	OnBack    func()
	OnRefresh func()
	OnCancel  func(a api.Application)
	OnSave    func(a api.Application)

	app     api.Application
	markers []string
	names   DocNames
	message message
	status  message
	content fyne.CanvasObject
}

// NewApplicationDetail builds the page, empty until SetApplication.
func NewApplicationDetail() *ApplicationDetail {
	d := &ApplicationDetail{}
	d.Title = heading()
	d.Number = widget.NewLabel("")
	d.Current = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.Message = widget.NewLabel("")
	d.Message.Wrapping = fyne.TextWrapWord
	d.Message.Importance = widget.SuccessImportance
	d.Message.Hide()
	d.message.label = d.Message
	d.Doc = widget.NewForm()
	d.doc = container.NewStack(d.Doc)
	d.Signer = widget.NewLabel("")
	d.Signer.Wrapping = fyne.TextWrapWord
	d.Signer.Importance = widget.LowImportance
	d.History = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.Timeline = container.NewVBox()
	d.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { call(d.OnBack) })
	d.Refresh = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(d.OnRefresh) })
	d.Cancel = NewButtonWithIcon("", theme.CancelIcon(), func() {
		if d.OnCancel != nil && d.app.Cancelable {
			d.OnCancel(d.app)
		}
	})
	d.Cancel.Importance = widget.DangerImportance
	d.Cancel.Hide()
	d.Save = NewButtonWithIcon("", theme.DocumentSaveIcon(), func() {
		if d.OnSave != nil && d.app.ID != "" {
			d.OnSave(d.app)
		}
	})
	d.Save.Importance = widget.LowImportance
	d.Status = newErrorLabel()
	d.status.label = d.Status
	d.Progress = newProgress()
	page := container.NewVBox(
		// The buttons have a row of their own above the title: a long
		// title («Выбор управляющего инвестиционным портфелем») ran
		// under «Отменить».
		container.NewBorder(nil, nil, d.Back, container.NewHBox(d.Cancel, d.Refresh)),
		d.Title,
		d.Number, d.Current, d.Message, d.Progress, d.Status,
		d.History, d.Timeline, widget.NewSeparator(),
		widget.NewCard("", "", container.NewVBox(d.doc, d.Signer, container.NewHBox(d.Save))),
	)
	d.content = newPageScroll(container.NewPadded(container.New(&maxWidth{Width: 760}, page)))
	d.Retranslate()
	return d
}

// Content is the page's object.
func (d *ApplicationDetail) Content() fyne.CanvasObject { return d.content }

// Application is the application shown.
func (d *ApplicationDetail) Application() api.Application { return d.app }

// SetApplication shows a (or its newer state); names resolve the ids in
// its document.
func (d *ApplicationDetail) SetApplication(a api.Application, names DocNames) {
	d.app, d.names = a, names
	d.Tell(Message{})
	d.Retranslate()
}

// SetBusy shows progress while the application reloads.
func (d *ApplicationDetail) SetBusy(b bool) {
	if b {
		d.Refresh.Disable()
	} else {
		d.Refresh.Enable()
	}
	showProgress(d.Progress, b)
}

// TimelineEntries is the history as shown, oldest first.
func (d *ApplicationDetail) TimelineEntries() []TimelineEntry {
	out := make([]TimelineEntry, 0, len(d.app.History))
	for _, ch := range d.app.History {
		out = append(out, TimelineEntry{
			Status: AppStatusText(ch.Status),
			When:   FormatTime(ch.At, true),
			Actor:  ActorText(ch),
			Reason: RejectionText(ch.ReasonCode, ch.Reason),
		})
	}
	return out
}

// Markers are the kinds of the timeline's markers, top to bottom: the
// history's entries (MarkerDone, MarkerCurrent, MarkerRejected,
// MarkerCanceled), then the steps still to come (MarkerPending).
func (d *ApplicationDetail) Markers() []string { return d.markers }

func (d *ApplicationDetail) fillTimeline() {
	d.Timeline.Objects = nil
	d.markers = nil
	entries := d.TimelineEntries()
	toCome := []string(nil)
	if n := len(d.app.History); n > 0 {
		toCome = stepsToCome(d.app.History[n-1].Status)
	}
	total := len(entries) + len(toCome)
	add := func(kind string, rows fyne.CanvasObject) {
		i := len(d.markers)
		d.markers = append(d.markers, kind)
		d.Timeline.Add(container.NewBorder(nil, nil, newMarker(kind, i == 0, i == total-1), nil, rows))
	}
	for i, e := range entries {
		ch := d.app.History[i]
		current := i == len(entries)-1
		status := widget.NewLabelWithStyle(e.Status, fyne.TextAlignLeading, fyne.TextStyle{Bold: current})
		status.Importance = statusImportance(ch.Status, widget.MediumImportance)
		meta := widget.NewLabel(e.When + " · " + e.Actor)
		meta.Importance = widget.LowImportance
		meta.Wrapping = fyne.TextWrapWord
		rows := container.NewVBox(status, meta)
		if e.Reason != "" {
			r := widget.NewLabel(lang.L("app.history.reason", map[string]any{"Reason": e.Reason}))
			r.Wrapping = fyne.TextWrapWord
			r.Importance = widget.DangerImportance
			rows.Add(r)
		}
		add(markerKind(ch.Status, current), rows)
	}
	for _, st := range toCome {
		l := widget.NewLabel(lang.L("app.history.pending", map[string]any{"Status": AppStatusText(st)}))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		add(MarkerPending, l)
	}
	d.Timeline.Refresh()
}

// Retranslate sets every text in the current language.
func (d *ApplicationDetail) Retranslate() {
	a := d.app
	d.Back.SetText(lang.L("app.detail.back"))
	d.Refresh.SetText(lang.L("common.refresh"))
	d.Cancel.SetText(lang.L("app.detail.cancel"))
	d.Save.SetText(lang.L("app.detail.save"))
	d.Cancel.Hidden = !a.Cancelable
	d.Cancel.Refresh()
	d.History.SetText(lang.L("app.history"))
	if a.ID == "" {
		d.Title.SetText(ServiceTitle(ServiceStatus))
		d.Number.SetText("")
		d.Current.SetText("")
	} else {
		d.Title.SetText(AppTypeText(a.Type))
		d.Number.SetText(lang.L("app.detail.number", map[string]any{"Number": a.Number, "Date": FormatTimeZoned(a.CreatedAt)}))
		d.Current.SetText(lang.L("app.detail.status", map[string]any{"Status": AppStatusText(a.Status)}))
		d.Current.Importance = statusImportance(a.Status, widget.MediumImportance)
		d.Current.Refresh()
	}
	d.Doc = showDocument(d.doc, a.Document, d.names, false)
	if a.Signer.Name != "" || a.Signer.Serial != "" {
		d.Signer.SetText(lang.L("app.detail.signer", map[string]any{"Name": a.Signer.Name, "IIN": a.Signer.IIN, "Serial": a.Signer.Serial}))
		d.Signer.Show()
	} else {
		d.Signer.Hide()
	}
	d.fillTimeline()
	d.message.retranslate()
	d.status.retranslate()
}

// Tell shows m: an error on the status line, other news on the message
// line (clearing an error); the zero Message clears both.
func (d *ApplicationDetail) Tell(m Message) {
	if m.Error {
		d.status.show(m.Key, m.Data)
		return
	}
	d.status.show("", nil)
	d.message.show(m.Key, m.Data)
}
