package screens

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// StaffBookings is the workstation page «Записи на сегодня»: the bookings
// of a day (today in the fund's zone by default) at one office or at all,
// by start time. The title names the day chosen: «Записи на сегодня» for
// today, «Записи на 25.11.2026» for another day.
type StaffBookings struct {
	listState
	Title  *widget.Label
	Date   *DateField
	Office *Select
	Count  *widget.Label
	Empty  *widget.Label
	List   *List
	// Columns are the headings: time, ticket, depositor, office, service,
	// status.
	Columns [6]*widget.Label

	// OnLoad asks for the bookings of a day (YYYY-MM-DD) at an office (0:
	// every office).
	OnLoad func(date string, officeID int64)

	offices  []api.Office
	office   int64
	bookings api.StaffBookings
	cols     *columns
	// titleDate is the day the title names (YYYY-MM-DD): the last one
	// chosen, kept while the date field is emptied or half typed.
	titleDate string
	form      *widget.Form
	content   fyne.CanvasObject
	now       func() time.Time
}

// NewStaffBookings builds the page on today (in the fund's zone) and
// every office; now is the client's clock.
func NewStaffBookings(now func() time.Time) *StaffBookings {
	p := &StaffBookings{now: now}
	p.Title = heading()
	p.Date = NewDateField()
	today := p.today()
	p.Date.SetDate(&today)
	p.Date.OnChanged = func(*time.Time) {
		p.retranslateTitle()
		p.load()
	}
	// Enter in the date shows its bookings again.
	p.Date.OnSubmitted = func(string) { p.load() }
	p.Office = NewSelect(nil, func(string) {
		i := p.Office.SelectedIndex()
		id := int64(0)
		if i > 0 && i <= len(p.offices) {
			id = p.offices[i-1].ID
		}
		if id == p.office {
			return
		}
		p.office = id
		p.load()
	})
	p.listState = newListState(p.load)
	p.Count = widget.NewLabel("")
	p.Empty = widget.NewLabel("")
	p.Empty.Importance = widget.LowImportance
	p.Empty.Hide()
	p.cols = bookingsColumns()
	var table fyne.CanvasObject
	p.List, table = newTable(p.cols, func() int { return len(p.bookings.Bookings) },
		func(id widget.ListItemID, cells []*widget.Label) {
			if id < 0 || id >= len(p.bookings.Bookings) {
				return
			}
			texts := p.RowTexts(id)
			for i, l := range cells {
				imp := widget.MediumImportance
				if i == 5 && p.bookings.Bookings[id].Status != api.BookingActive {
					imp = widget.LowImportance
				}
				setCell(l, texts[i], imp)
			}
		})
	p.form = widget.NewForm()
	head := columnsHeader(p.Columns[:], p.cols)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, p.Refresh, p.Title),
		p.form, p.Count, p.Progress, p.Status, p.Empty, widget.NewSeparator(), head,
	)
	p.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, table))
	p.Retranslate()
	return p
}

// Content is the page's root object.
func (p *StaffBookings) Content() fyne.CanvasObject { return p.content }

// DateString is the chosen day, YYYY-MM-DD ("" when none).
func (p *StaffBookings) DateString() string {
	if p.Date.Date == nil {
		return ""
	}
	return p.Date.Date.Format(time.DateOnly)
}

// SetDate sets the day (YYYY-MM-DD) and asks for its bookings.
func (p *StaffBookings) SetDate(date string) {
	d, err := time.ParseInLocation(time.DateOnly, date, FundZone)
	if err != nil {
		return
	}
	p.Date.SetDate(&d)
}

// OfficeID is the office chosen (0: every office).
func (p *StaffBookings) OfficeID() int64 { return p.office }

// SetOffices fills the office choice («Все отделения» first), keeping
// the current choice when it is still there.
func (p *StaffBookings) SetOffices(o api.Offices) {
	p.offices = o.Offices
	if !slices.ContainsFunc(p.offices, func(x api.Office) bool { return x.ID == p.office }) {
		p.office = 0
	}
	p.fillOffices()
}

func (p *StaffBookings) fillOffices() {
	opts := []string{lang.L("staff.bookings.all_offices")}
	sel := 0
	for i, o := range p.offices {
		o = localOffice(o)
		opts = append(opts, o.City+", "+o.Name)
		if o.ID == p.office {
			sel = i + 1
		}
	}
	p.Office.Options = opts
	cb := p.Office.OnChanged
	p.Office.OnChanged = nil
	p.Office.SetSelectedIndex(sel)
	p.Office.OnChanged = cb
}

// SetOffice chooses an office (0: every office) and asks for its bookings.
func (p *StaffBookings) SetOffice(id int64) {
	i := slices.IndexFunc(p.offices, func(o api.Office) bool { return o.ID == id })
	p.Office.SetSelectedIndex(i + 1)
}

func (p *StaffBookings) load() {
	date := p.DateString()
	if date == "" || p.OnLoad == nil {
		return
	}
	p.OnLoad(date, p.office)
}

// Load asks for the bookings of the day and office chosen.
func (p *StaffBookings) Load() { p.load() }

// Bookings are the bookings shown.
func (p *StaffBookings) Bookings() []api.StaffBooking { return p.bookings.Bookings }

// SetBookings shows the bookings of a day by start time; an answer for
// another day than the one chosen is ignored.
func (p *StaffBookings) SetBookings(b api.StaffBookings) {
	if b.Date != "" && b.Date != p.DateString() {
		return
	}
	b.Bookings = slices.Clone(b.Bookings)
	slices.SortStableFunc(b.Bookings, func(x, y api.StaffBooking) int { return x.Start.Compare(y.Start) })
	p.bookings = b
	p.Tell(Message{})
	p.Empty.Hidden = len(b.Bookings) > 0
	p.retranslateCount()
	p.fit()
	p.List.Refresh()
}

// fit makes each column as wide as its widest word at least.
func (p *StaffBookings) fit() {
	rows := make([][]string, len(p.bookings.Bookings))
	for i := range p.bookings.Bookings {
		r := p.RowTexts(i)
		rows[i] = r[:]
	}
	p.cols.fit(p.Columns[:], rows)
}

// RowTexts are the cells of row i: time (in the fund's zone), ticket,
// depositor (name and IIN), office, service, status.
func (p *StaffBookings) RowTexts(i int) [6]string {
	b := p.bookings.Bookings[i]
	dep := strings.Trim(strings.TrimSpace(b.DepositorName+", "+b.IIN), ", ")
	return [6]string{
		b.Start.In(FundZone).Format("15:04") + "–" + b.End.In(FundZone).Format("15:04"),
		b.Ticket, dep, localOffice(b.Office).Name,
		lang.L("booking.service." + b.Service),
		lang.L("booking.status." + b.Status),
	}
}

// today is the day of now in the fund's zone, as a local date.
func (p *StaffBookings) today() time.Time {
	now := p.now().In(FundZone)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, FundZone)
}

// retranslateTitle names the day chosen in the title: «Записи на сегодня»
// for today in the fund's zone, else «Записи на 25.11.2026».
func (p *StaffBookings) retranslateTitle() {
	if d := p.DateString(); d != "" {
		p.titleDate = d
	}
	day, err := time.ParseInLocation(time.DateOnly, p.titleDate, FundZone)
	if err != nil || p.titleDate == p.today().Format(time.DateOnly) {
		p.Title.SetText(lang.L("staff.bookings.title.today"))
		return
	}
	p.Title.SetText(lang.L("staff.bookings.title.date", map[string]any{"Date": FormatTime(day, false)}))
}

func (p *StaffBookings) retranslateCount() {
	active := 0
	for _, b := range p.bookings.Bookings {
		if b.Status == api.BookingActive {
			active++
		}
	}
	p.Count.SetText(lang.L("staff.bookings.count", map[string]any{"N": len(p.bookings.Bookings), "Active": active, "Zone": ZoneName(p.today())}))
}

// Retranslate sets every text in the current language.
func (p *StaffBookings) Retranslate() {
	p.retranslateTitle()
	p.fillOffices()
	p.form.Items = []*widget.FormItem{
		{Text: lang.L("staff.bookings.date"), Widget: p.Date},
		{Text: lang.L("staff.bookings.office"), Widget: p.Office},
	}
	p.form.Refresh()
	p.Refresh.SetText(lang.L("common.refresh"))
	p.Empty.SetText(lang.L("staff.bookings.empty"))
	for i, k := range []string{"staff.col.time", "staff.col.ticket", "staff.col.depositor", "staff.col.office", "staff.col.service", "staff.col.status"} {
		p.Columns[i].SetText(lang.L(k))
	}
	p.retranslateCount()
	p.err.retranslate()
	p.fit()
	p.List.Refresh()
}
