package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Applications is the cabinet page «Статус заявлений»: every application
// of the depositor, newest first (type, number, date, current status);
// tapping one opens its history.
type Applications struct {
	listState
	Title *widget.Label
	Empty *widget.Label
	List  *List
	// Columns are the headings: type, number, date, status.
	Columns [4]*widget.Label

	OnRefresh func()
	OnOpen    func(a api.Application)

	apps    []api.Application
	cols    *columns
	head    fyne.CanvasObject
	content fyne.CanvasObject
}

// NewApplications builds the page, empty until SetApplications.
func NewApplications() *Applications {
	s := &Applications{}
	s.Title = heading()
	s.listState = newListState(func() { call(s.OnRefresh) })
	s.Empty = widget.NewLabel("")
	s.Empty.Importance = widget.LowImportance
	s.Empty.Hide()
	s.cols = applicationColumns()
	s.head = columnsHeader(s.Columns[:], s.cols)
	s.head.Hide()
	var table fyne.CanvasObject
	s.List, table = newTable(s.cols, func() int { return len(s.apps) },
		func(id widget.ListItemID, cells []*widget.Label) {
			if id < 0 || id >= len(s.apps) {
				return
			}
			texts := s.RowTexts(id)
			for i, l := range cells {
				imp := widget.MediumImportance
				if i == 3 {
					imp = statusImportance(s.apps[id].Status, widget.MediumImportance)
				}
				setCell(l, texts[i], imp)
			}
		})
	s.List.OnSelected = func(id widget.ListItemID) {
		s.List.UnselectAll()
		if id >= 0 && id < len(s.apps) && s.OnOpen != nil {
			s.OnOpen(s.apps[id])
		}
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.Refresh, s.Title),
		s.Progress, s.Status, s.Empty, s.head, widget.NewSeparator())
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, table))
	s.Retranslate()
	return s
}

// Content is the page's object.
func (s *Applications) Content() fyne.CanvasObject { return s.content }

// SetApplications shows the applications, newest first.
func (s *Applications) SetApplications(apps []api.Application) {
	s.apps = apps
	s.Empty.Hidden = len(apps) > 0
	s.Empty.Refresh()
	s.fit()
	if len(apps) == 0 {
		s.head.Hide()
	} else {
		s.head.Show()
	}
	s.List.Refresh()
}

// fit makes each column as wide as its widest word at least.
func (s *Applications) fit() {
	rows := make([][]string, len(s.apps))
	for i := range s.apps {
		r := s.RowTexts(i)
		rows[i] = r[:]
	}
	s.cols.fit(s.Columns[:], rows)
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
	s.err.retranslate()
	s.fit()
	s.List.Refresh()
}
