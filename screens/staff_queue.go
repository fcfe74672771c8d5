package screens

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// StaffQueue is the workstation page «Очередь заявлений»: the
// applications of all depositors, oldest first, filtered by status
// (by default every unfinished one). Tapping a row opens it.
type StaffQueue struct {
	listState
	Title  *widget.Label
	Filter *Select
	Empty  *widget.Label
	List   *List
	// Columns are the headings: number, date, type, depositor, status.
	Columns [5]*widget.Label

	// OnFilter asks for the applications with a status ("" for every
	// unfinished one).
	OnFilter  func(status string)
	OnRefresh func()
	OnOpen    func(a api.Application)

	apps    []api.Application
	head    fyne.CanvasObject // the headings, hidden while there is no row
	cols    *columns
	filter  string
	content fyne.CanvasObject
}

// NewStaffQueue builds the page, empty until SetApplications.
func NewStaffQueue() *StaffQueue {
	q := &StaffQueue{}
	q.Title = heading()
	q.Filter = NewSelect(nil, func(string) {
		i := q.Filter.SelectedIndex()
		f := ""
		if i > 0 && i <= len(AppStatuses) {
			f = AppStatuses[i-1]
		}
		if f == q.filter {
			return
		}
		q.filter = f
		if q.OnFilter != nil {
			q.OnFilter(f)
		}
	})
	q.listState = newListState(func() { call(q.OnRefresh) })
	q.Empty = widget.NewLabel("")
	q.Empty.Importance = widget.LowImportance
	q.Empty.Hide()
	q.cols = queueColumns()
	var table fyne.CanvasObject
	q.List, table = newTable(q.cols, func() int { return len(q.apps) },
		func(id widget.ListItemID, cells []*widget.Label) {
			if id < 0 || id >= len(q.apps) {
				return
			}
			texts := q.RowTexts(id)
			for i, l := range cells {
				imp := widget.MediumImportance
				if i == 4 {
					imp = statusImportance(q.apps[id].Status, widget.HighImportance)
				}
				setCell(l, texts[i], imp)
			}
		})
	q.List.OnSelected = func(id widget.ListItemID) {
		q.List.Unselect(id)
		if id >= 0 && id < len(q.apps) && q.OnOpen != nil {
			q.OnOpen(q.apps[id])
		}
	}
	q.head = columnsHeader(q.Columns[:], q.cols)
	q.head.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, q.Refresh, q.Title),
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, q.Filter),
		q.Progress, q.Status, q.Empty, widget.NewSeparator(), q.head,
	)
	q.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, table))
	q.Retranslate()
	return q
}

// Content is the page's root object.
func (q *StaffQueue) Content() fyne.CanvasObject { return q.content }

// FilterStatus is the status chosen ("" for every unfinished one).
func (q *StaffQueue) FilterStatus() string { return q.filter }

// SetFilter chooses a status ("" for every unfinished one) and asks for
// its applications.
func (q *StaffQueue) SetFilter(status string) {
	i := slices.Index(AppStatuses, status)
	q.Filter.SetSelectedIndex(i + 1)
}

// Applications are the applications shown, oldest first.
func (q *StaffQueue) Applications() []api.Application { return q.apps }

// SetApplications shows the applications oldest first and clears an error.
func (q *StaffQueue) SetApplications(apps []api.Application) {
	q.apps = slices.Clone(apps)
	slices.SortStableFunc(q.apps, func(a, b api.Application) int { return a.CreatedAt.Compare(b.CreatedAt) })
	q.Tell(Message{})
	q.Empty.Hidden = len(q.apps) > 0
	q.Empty.Refresh()
	if len(q.apps) == 0 {
		q.head.Hide()
	} else {
		q.head.Show()
	}
	q.fit()
	q.List.Refresh()
}

// fit makes each column as wide as its widest word at least.
func (q *StaffQueue) fit() {
	rows := make([][]string, len(q.apps))
	for i := range q.apps {
		r := q.RowTexts(i)
		rows[i] = r[:]
	}
	q.cols.fit(q.Columns[:], rows)
}

// RowTexts are the cells of row i: number, date, type, depositor (name
// and IIN), status.
func (q *StaffQueue) RowTexts(i int) [5]string {
	a := q.apps[i]
	dep := strings.TrimSpace(breakableHyphens(a.DepositorName) + ", " + a.IIN)
	return [5]string{a.Number, FormatTime(a.CreatedAt, true), AppTypeText(a.Type), strings.Trim(dep, ", "), AppStatusText(a.Status)}
}

// hairSpace follows the hyphen of a double name: a place where the
// cell may wrap (a label wraps at spaces only), of no visible width.
const hairSpace = "\u200a"

// breakableHyphens is name with a hair space after each hyphen between
// two letters: «Сейтқали-Длиннофамильная» may wrap after its hyphen, and
// the depositor's column is as wide as the longer half, not the whole
// (at FYNE_SCALE 1.5 on a 1366 px screen the queue scrolled sideways).
func breakableHyphens(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		b.WriteRune(r)
		if r == '-' && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			b.WriteString(hairSpace)
		}
	}
	return b.String()
}

// Retranslate sets every text in the current language.
func (q *StaffQueue) Retranslate() {
	q.Title.SetText(lang.L("staff.menu.queue"))
	opts := []string{lang.L("staff.queue.unfinished")}
	for _, s := range AppStatuses {
		opts = append(opts, AppStatusText(s))
	}
	q.Filter.Options = opts
	q.Filter.PlaceHolder = lang.L("staff.queue.filter")
	onChanged := q.Filter.OnChanged
	q.Filter.OnChanged = nil
	q.Filter.SetSelectedIndex(slices.Index(AppStatuses, q.filter) + 1)
	q.Filter.OnChanged = onChanged
	q.Refresh.SetText(lang.L("common.refresh"))
	q.Empty.SetText(lang.L("staff.queue.empty"))
	for i, k := range []string{"staff.col.number", "staff.col.date", "staff.col.type", "staff.col.depositor", "staff.col.status"} {
		q.Columns[i].SetText(lang.L(k, map[string]any{"Zone": ZoneName(time.Now())}))
	}
	q.err.retranslate()
	q.fit()
	q.List.Refresh()
}
