package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"kabinet/api"
	"kabinet/lang"
)

// Applications is the cabinet page «Статус заявлений»: every application
// of the depositor, newest first (type, number, date, current status);
// tapping one opens its history.
type Applications struct {
	listState
	Title *widget.Label
	Empty *widget.Label
	List  *widget.List
	// Columns are the headings: type, number, date, status.
	Columns [4]*widget.Label

	OnRefresh func()
	OnOpen    func(a api.Application)

	apps    []api.Application
	head    *fyne.Container
	content fyne.CanvasObject
}

// NewApplications builds the page, empty until SetApplications.
func NewApplications() *Applications {
	s := &Applications{}
	s.Title = heading()
	s.Refresh = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(s.OnRefresh) })
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Status.Importance = widget.DangerImportance
	s.Status.Hide()
	s.Empty = widget.NewLabel("")
	s.Empty.Importance = widget.LowImportance
	s.Empty.Hide()
	s.Progress = widget.NewProgressBarInfinite()
	s.Progress.Stop()
	s.Progress.Hide()
	row := func() *fyne.Container {
		c := container.New(&appColumns{Weights: []float32{3, 2, 1.4, 1.4}})
		for range 4 {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			c.Add(l)
		}
		return c
	}
	head := row()
	head.Hide()
	s.head = head
	for i := range s.Columns {
		s.Columns[i] = head.Objects[i].(*widget.Label)
		s.Columns[i].TextStyle = fyne.TextStyle{Bold: true}
	}
	s.List = widget.NewList(
		func() int { return len(s.apps) },
		func() fyne.CanvasObject { return row() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < 0 || id >= len(s.apps) {
				return
			}
			texts := s.RowTexts(id)
			for i, obj := range o.(*fyne.Container).Objects {
				l := obj.(*widget.Label)
				l.SetText(texts[i])
				if i == 3 {
					l.Importance = appStatusImportance(s.apps[id].Status)
					l.Refresh()
				}
			}
		},
	)
	s.List.OnSelected = func(id widget.ListItemID) {
		s.List.UnselectAll()
		if id >= 0 && id < len(s.apps) && s.OnOpen != nil {
			s.OnOpen(s.apps[id])
		}
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.Refresh, s.Title),
		s.Progress, s.Status, s.Empty, head, widget.NewSeparator())
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, s.List))
	s.Retranslate()
	return s
}

func appStatusImportance(st string) widget.Importance {
	switch st {
	case api.StatusRejected:
		return widget.DangerImportance
	case api.StatusExecuted, api.StatusApproved:
		return widget.SuccessImportance
	case api.StatusCanceled:
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// Content is the page's object.
func (s *Applications) Content() fyne.CanvasObject { return s.content }

// SetApplications shows the applications, newest first.
func (s *Applications) SetApplications(apps []api.Application) {
	s.apps = apps
	s.Empty.Hidden = len(apps) > 0
	s.Empty.Refresh()
	s.head.Hidden = len(apps) == 0
	s.head.Refresh()
	s.List.Refresh()
}

// ApplicationList is what the list shows.
func (s *Applications) ApplicationList() []api.Application { return s.apps }

// RowTexts are the cells of application i.
func (s *Applications) RowTexts(i int) [4]string {
	a := s.apps[i]
	return [4]string{AppTypeText(a.Type), "№ " + a.Number, FormatTime(a.CreatedAt, false), AppStatusText(a.Status)}
}

// Retranslate sets every text in the current language.
func (s *Applications) Retranslate() {
	s.Title.SetText(ServiceTitle(ServiceStatus))
	s.Refresh.SetText(lang.L("common.refresh"))
	s.Empty.SetText(lang.L("app.list.empty"))
	for i, k := range []string{"app.field.type", "app.list.number", "app.field.date", "app.list.status"} {
		s.Columns[i].SetText(lang.L(k))
	}
	s.retranslateError()
	s.List.Refresh()
}

// appColumns lays objects out in one row with widths in proportion to
// Weights.
type appColumns struct{ Weights []float32 }

func (c *appColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if m := o.MinSize(); m.Height > h {
			h = m.Height
		}
	}
	return fyne.NewSize(float32(len(objs))*60, h)
}

func (c *appColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for i := range objs {
		total += c.weight(i)
	}
	pad := theme.Padding()
	x := float32(0)
	avail := size.Width - pad*float32(len(objs)-1)
	for i, o := range objs {
		w := avail * c.weight(i) / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c *appColumns) weight(i int) float32 {
	if i < len(c.Weights) && c.Weights[i] > 0 {
		return c.Weights[i]
	}
	return 1
}
