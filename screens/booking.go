package screens

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // zone names on any OS

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// FundZone is the fund's time zone: every date and time on screen is
// shown in it (the offices' hours and slots, statements, applications,
// messages), as the service writes them on PDFs and in messages. It is
// Kazakhstan's (UTC+5) until the service says another (api.Info's
// TimeZone, SetFundZone).
var FundZone = time.FixedZone("UTC+5", 5*60*60)

// SetFundZone sets FundZone from an IANA name (Asia/Almaty) and tells
// whether it was known; an unknown one leaves the zone as it was. Call it
// on the UI goroutine before showing times.
func SetFundZone(name string) bool {
	switch name {
	case "", "Local":
		return false
	case "Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Oral", "Asia/Aqtau", "Asia/Atyrau", "Asia/Qyzylorda":
		// Kazakhstan, one UTC+5 zone since March 2024: the service too
		// writes UTC+5 for these.
		if FundZone.String() != "UTC+5" {
			FundZone = time.FixedZone("UTC+5", 5*60*60)
		}
		return true
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return false
	}
	FundZone = loc
	return true
}

// ZoneName is how a time's zone is named beside it: «UTC+5».
func ZoneName(t time.Time) string {
	_, off := t.In(FundZone).Zone()
	h, m := off/3600, (off%3600)/60
	if m < 0 {
		m = -m
	}
	if m != 0 {
		return fmt.Sprintf("UTC%+d:%02d", h, m)
	}
	return fmt.Sprintf("UTC%+d", h)
}

// Booking is «Забронировать очередь на обслуживание»: choose a city, an
// office, a service and a day; the free slots are buttons; tap one and
// book it. Below, my bookings with «Отменить» and «Скачать талон (PDF)».
type Booking struct {
	Title      *widget.Label
	City       *Select
	Office     *Select
	OfficeInfo *widget.Label
	Service    *Select
	Date       *DateField
	SlotsNote  *widget.Label
	Slots      *fyne.Container // one button per slot
	// SlotButtons are the buttons of Slots in order (tests tap them).
	SlotButtons []*Button
	Selected    *widget.Label
	Book        *Button
	now         func() time.Time // the client's clock
	Message     *widget.Label
	Progress    *widget.ProgressBarInfinite
	MineTitle   *widget.Label
	Mine        *fyne.Container // one row per booking
	// MineRows are the rows of Mine in order (tests tap their buttons).
	MineRows []*BookingRow
	Refresh  *Button

	// OnDay asks for the slots of an office on a date (YYYY-MM-DD).
	OnDay func(officeID int64, date string)
	// OnBook books the selected slot.
	OnBook func(req api.BookingRequest)
	// OnCancel cancels a booking (the app asks for confirmation).
	OnCancel func(b api.Booking)
	// OnTicket downloads the PDF ticket of a booking.
	OnTicket func(b api.Booking)
	// OnRefresh reloads offices and bookings.
	OnRefresh func()

	offices   api.Offices
	cities    []string
	shown     []api.Office // offices of the chosen city
	slots     api.Slots
	selected  *api.Slot
	bookings  api.Bookings
	msgKey    string
	msgData   map[string]any
	msgError  bool
	services  []string // translated service names, in api.BookingServices order
	content   fyne.CanvasObject
	officeSel int64
	// chooseForm holds city, office, service and date.
	chooseForm *widget.Form
}

// BookingRow is one of my bookings.
type BookingRow struct {
	Booking api.Booking
	Text    *widget.Label
	Status  *widget.Label
	Cancel  *Button
	Ticket  *Button
	box     fyne.CanvasObject
}

// NewBooking builds the page (empty until SetOffices); now is the
// client's clock (the default date is tomorrow by it).
func NewBooking(now func() time.Time) *Booking {
	b := &Booking{now: now}
	b.Title = heading()
	b.City = NewSelect(nil, func(string) { b.cityChanged() })
	b.Office = NewSelect(nil, func(string) { b.officeChanged() })
	b.OfficeInfo = widget.NewLabel("")
	b.OfficeInfo.Wrapping = fyne.TextWrapWord
	b.OfficeInfo.Importance = widget.LowImportance
	b.Service = NewSelect(nil, nil)
	b.Date = NewDateField()
	b.Date.OnChanged = func(*time.Time) { b.askDay() }
	// Enter in the date books the slot chosen, as «Забронировать» does,
	// or, none chosen yet, goes on to the day's first free slot.
	b.Date.OnSubmitted = func(string) {
		if b.selected != nil && !b.Book.Disabled() {
			b.book()
			return
		}
		for _, s := range b.SlotButtons {
			if !s.Disabled() {
				focus(s)
				return
			}
		}
	}
	b.SlotsNote = widget.NewLabel("")
	b.SlotsNote.Wrapping = fyne.TextWrapWord
	b.Slots = container.NewGridWrap(fyne.NewSize(118, 38))
	b.Selected = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.Selected.Wrapping = fyne.TextWrapWord
	b.Book = NewButtonWithIcon("", theme.ConfirmIcon(), b.book)
	b.Book.Importance = widget.HighImportance
	b.Book.Disable()
	b.Message = widget.NewLabel("")
	b.Message.Wrapping = fyne.TextWrapWord
	b.Message.Hide()
	b.Progress = newProgress()
	b.MineTitle = heading()
	b.Mine = container.NewVBox()
	b.Refresh = NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { call(b.OnRefresh) })

	choose := widget.NewForm()
	b.chooseForm = choose
	top := container.NewVBox(choose, b.OfficeInfo)
	slots := container.NewVBox(b.SlotsNote, b.Slots, b.Selected, b.Progress, b.Message, container.NewHBox(b.Book))
	mine := container.NewVBox(container.NewBorder(nil, nil, nil, b.Refresh, b.MineTitle), b.Mine)
	b.content = newPageScroll(container.NewPadded(container.NewVBox(
		b.Title,
		widget.NewCard("", "", top),
		widget.NewCard("", "", slots),
		widget.NewCard("", "", mine),
	)))
	b.Retranslate()
	return b
}

// Content is the page's root object.
func (b *Booking) Content() fyne.CanvasObject { return b.content }

// SetOffices fills the city and office choices and picks the first city
// (or keeps the current choice).
func (b *Booking) SetOffices(o api.Offices) {
	b.offices = o
	b.cities = nil
	for _, of := range o.Offices {
		if c := localOffice(of).City; !slices.Contains(b.cities, c) {
			b.cities = append(b.cities, c)
		}
	}
	city := b.City.Selected
	// After a language switch the city chosen has another name: the one
	// of the office chosen.
	if i := slices.IndexFunc(o.Offices, func(of api.Office) bool { return of.ID == b.officeSel }); i >= 0 &&
		!slices.Contains(b.cities, city) {
		city = localOffice(o.Offices[i]).City
	}
	b.City.Options = b.cities
	b.City.Refresh()
	if !slices.Contains(b.cities, city) && len(b.cities) > 0 {
		city = b.cities[0]
	}
	if b.Date.Date == nil {
		b.setDefaultDate()
	}
	b.City.SetSelected(city)
}

// relabelOffices renames the cities and offices in the current language,
// keeping the choice (and the day's slots) as they are.
func (b *Booking) relabelOffices() {
	cur, chosen := b.CurrentOffice()
	b.cities = nil
	for _, of := range b.offices.Offices {
		if c := localOffice(of).City; !slices.Contains(b.cities, c) {
			b.cities = append(b.cities, c)
		}
	}
	b.City.Options = b.cities
	names := make([]string, 0, len(b.shown))
	for _, o := range b.shown {
		names = append(names, officeLabel(o))
	}
	b.Office.Options = names
	if chosen {
		b.City.Selected = localOffice(cur).City
		b.Office.Selected = officeLabel(cur)
	}
	b.City.Refresh()
	b.Office.Refresh()
}

// setDefaultDate is tomorrow in the fund's zone.
func (b *Booking) setDefaultDate() {
	now := b.now().In(FundZone)
	d := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, FundZone)
	b.Date.OnChanged = nil
	b.Date.SetDate(&d)
	b.Date.OnChanged = func(*time.Time) { b.askDay() }
}

// SetDate sets the day (tests; YYYY-MM-DD) and asks for its slots.
func (b *Booking) SetDate(date string) {
	d, err := time.ParseInLocation(time.DateOnly, date, FundZone)
	if err != nil {
		return
	}
	b.Date.SetDate(&d)
}

func (b *Booking) cityChanged() {
	b.shown = nil
	var names []string
	for _, o := range b.offices.Offices {
		if localOffice(o).City == b.City.Selected {
			b.shown = append(b.shown, o)
			names = append(names, officeLabel(o))
		}
	}
	b.Office.Options = names
	b.Office.Refresh()
	if len(names) > 0 {
		i := slices.IndexFunc(b.shown, func(o api.Office) bool { return o.ID == b.officeSel })
		b.Office.SetSelectedIndex(max(i, 0))
	} else {
		b.Office.ClearSelected()
	}
}

func officeLabel(o api.Office) string { return localOffice(o).Name }

// localOffice is o with its city, name and address in the current
// language when the service has them.
func localOffice(o api.Office) api.Office { return o.Localized(lang.Current()) }

// CurrentOffice is the office chosen, if any.
func (b *Booking) CurrentOffice() (api.Office, bool) {
	i := b.Office.SelectedIndex()
	if i < 0 || i >= len(b.shown) {
		return api.Office{}, false
	}
	return b.shown[i], true
}

func (b *Booking) officeChanged() {
	o, ok := b.CurrentOffice()
	if !ok {
		b.OfficeInfo.SetText("")
		return
	}
	b.officeSel = o.ID
	b.OfficeInfo.SetText(officeDescription(o))
	b.askDay()
}

// officeDescription is the address, phone, windows and hours of an office.
func officeDescription(o api.Office) string {
	s := lang.L("booking.office.address", map[string]any{"Address": localOffice(o).Address, "Phone": o.Phone})
	s += "\n" + lang.L("booking.office.windows", map[string]any{"N": o.Windows, "Minutes": o.SlotMinutes, "Zone": ZoneName(time.Now())})
	// Consecutive weekdays with the same hours share a line: «Пн–Пт: ...».
	same := func(a, b api.OfficeHours) bool {
		return a.Opens == b.Opens && a.Closes == b.Closes && a.BreakFrom == b.BreakFrom && a.BreakTo == b.BreakTo
	}
	for i := 0; i < len(o.Hours); {
		j := i
		for j+1 < len(o.Hours) && o.Hours[j+1].Weekday == o.Hours[j].Weekday+1 && same(o.Hours[j+1], o.Hours[i]) {
			j++
		}
		h := o.Hours[i]
		days := lang.L(fmt.Sprintf("weekday.%d", h.Weekday))
		if j > i {
			days += "–" + lang.L(fmt.Sprintf("weekday.%d", o.Hours[j].Weekday))
		}
		line := days + ": " + h.Opens + "–" + h.Closes
		if h.BreakFrom != "" {
			line += " " + lang.L("booking.office.break", map[string]any{"From": h.BreakFrom, "To": h.BreakTo})
		}
		s += "\n" + line
		i = j + 1
	}
	return s
}

// DateString is the chosen day, YYYY-MM-DD ("" when none).
func (b *Booking) DateString() string {
	if b.Date.Date == nil {
		return ""
	}
	return b.Date.Date.Format(time.DateOnly)
}

func (b *Booking) askDay() {
	b.Tell(Message{}) // the user chose another office or day
	o, ok := b.CurrentOffice()
	date := b.DateString()
	b.clearSlots()
	if !ok || date == "" {
		return
	}
	b.SlotsNote.SetText(lang.L("booking.loading"))
	if b.OnDay != nil {
		b.OnDay(o.ID, date)
	}
}

func (b *Booking) clearSlots() {
	b.slots = api.Slots{}
	b.selected = nil
	b.SlotButtons = nil
	b.Slots.Objects = nil
	b.Slots.Refresh()
	b.Book.Disable()
	b.Selected.SetText("")
}

// SetSlots shows the slots of a day: free ones as buttons, full ones
// disabled; a day off or a day with nothing left says so.
func (b *Booking) SetSlots(s api.Slots) {
	o, ok := b.CurrentOffice()
	if !ok || o.ID != s.OfficeID || b.DateString() != s.Date {
		return // an answer for an earlier choice
	}
	b.clearSlots()
	b.slots = s
	for i := range s.Slots {
		sl := s.Slots[i]
		btn := NewButton(SlotLabel(sl), nil)
		btn.OnTapped = func() { b.selectSlot(sl, btn) }
		if sl.Free <= 0 {
			btn.Disable()
		}
		b.SlotButtons = append(b.SlotButtons, btn)
		b.Slots.Add(btn)
	}
	b.Slots.Refresh()
	b.retranslateSlots()
}

// SlotLabel is "10:00 (2)": the start in the fund's zone and the free places.
func SlotLabel(s api.Slot) string {
	return fmt.Sprintf("%s (%d)", s.Start.In(FundZone).Format("15:04"), s.Free)
}

func (b *Booking) selectSlot(s api.Slot, btn *Button) {
	b.selected = &s
	for _, x := range b.SlotButtons {
		x.Importance = widget.MediumImportance
		x.Refresh()
	}
	btn.Importance = widget.HighImportance
	btn.Refresh()
	b.Book.Enable()
	b.retranslateSlots()
}

// SelectedSlot is the slot chosen, if any.
func (b *Booking) SelectedSlot() (api.Slot, bool) {
	if b.selected == nil {
		return api.Slot{}, false
	}
	return *b.selected, true
}

// ServiceCode is the chosen service (api.Booking...).
func (b *Booking) ServiceCode() string {
	i := b.Service.SelectedIndex()
	if i < 0 || i >= len(api.BookingServices) {
		return api.BookingConsultation
	}
	return api.BookingServices[i]
}

func (b *Booking) book() {
	o, ok := b.CurrentOffice()
	s, ok2 := b.SelectedSlot()
	if !ok || !ok2 || b.OnBook == nil {
		return
	}
	b.OnBook(api.BookingRequest{OfficeID: o.ID, Start: s.Start, Service: b.ServiceCode()})
}

// SetBusy shows progress during a call.
func (b *Booking) SetBusy(busy bool) {
	showProgress(b.Progress, busy)
	if busy {
		b.Book.Disable()
		b.Refresh.Disable()
		return
	}
	b.Refresh.Enable()
	if b.selected != nil {
		b.Book.Enable()
	}
}

// SetBookings shows my bookings.
func (b *Booking) SetBookings(list api.Bookings) {
	b.bookings = list
	b.Mine.Objects = nil
	b.MineRows = nil
	for _, bk := range list.Bookings {
		r := b.newRow(bk)
		b.MineRows = append(b.MineRows, r)
		b.Mine.Add(r.box)
	}
	if len(list.Bookings) == 0 {
		b.Mine.Add(widget.NewLabel(lang.L("booking.mine.none")))
	}
	b.Mine.Refresh()
}

func (b *Booking) newRow(bk api.Booking) *BookingRow {
	r := &BookingRow{Booking: bk}
	r.Text = widget.NewLabel("")
	r.Text.Wrapping = fyne.TextWrapWord
	r.Status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.Cancel = NewButtonWithIcon("", theme.CancelIcon(), func() {
		if b.OnCancel != nil {
			b.OnCancel(bk)
		}
	})
	r.Ticket = NewButtonWithIcon("", theme.DownloadIcon(), func() {
		if b.OnTicket != nil {
			b.OnTicket(bk)
		}
	})
	if bk.Status != api.BookingActive {
		r.Cancel.Hide()
		r.Ticket.Hide()
	}
	r.retranslate()
	r.box = widget.NewCard("", "", container.NewBorder(nil, nil, nil,
		container.NewVBox(r.Ticket, r.Cancel),
		container.NewVBox(r.Status, r.Text)))
	return r
}

func (r *BookingRow) retranslate() {
	bk := r.Booking
	start, end := bk.Start.In(FundZone), bk.End.In(FundZone)
	r.Status.SetText(lang.L("booking.ticket", map[string]any{"Ticket": bk.Ticket}) + " · " + lang.L("booking.status."+bk.Status))
	r.Text.SetText(lang.L("booking.mine.row", map[string]any{
		"Date": FormatTime(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, FundZone), false),
		"From": start.Format("15:04"), "To": end.Format("15:04"), "Zone": ZoneName(start),
		"City": localOffice(bk.Office).City, "Office": localOffice(bk.Office).Name, "Address": localOffice(bk.Office).Address,
		"Service": lang.L("booking.service." + bk.Service),
	}))
	r.Cancel.SetText(lang.L("booking.cancel"))
	r.Ticket.SetText(lang.L("booking.download"))
}

func (b *Booking) retranslateSlots() {
	switch {
	case b.slots.DayOff && b.slots.Holiday != "":
		name := b.slots.Holiday
		if t := b.slots.HolidayTexts[lang.Current()]; t != "" {
			name = t
		}
		b.SlotsNote.SetText(lang.L("booking.day_off.holiday", map[string]any{"Name": name}))
	case b.slots.DayOff:
		b.SlotsNote.SetText(lang.L("booking.day_off"))
	case b.slots.OfficeID != 0 && len(b.slots.Slots) == 0:
		b.SlotsNote.SetText(lang.L("booking.no_slots"))
	case b.slots.OfficeID != 0:
		b.SlotsNote.SetText(lang.L("booking.choose_slot", map[string]any{"Zone": ZoneName(b.now())}))
	default:
		b.SlotsNote.SetText(lang.L("booking.choose_day"))
	}
	if s, ok := b.SelectedSlot(); ok {
		b.Selected.SetText(lang.L("booking.selected", map[string]any{
			"Date": FormatDate(b.DateString()), "From": s.Start.In(FundZone).Format("15:04"), "To": s.End.In(FundZone).Format("15:04"), "Zone": ZoneName(s.Start),
		}))
	} else {
		b.Selected.SetText("")
	}
}

// Retranslate sets every text in the current language.
func (b *Booking) Retranslate() {
	b.Title.SetText(lang.L("service.booking"))
	b.City.PlaceHolder = lang.L("booking.city.placeholder")
	b.Office.PlaceHolder = lang.L("booking.office.placeholder")
	b.City.Refresh()
	b.Office.Refresh()
	sel := b.Service.SelectedIndex()
	b.services = nil
	for _, s := range api.BookingServices {
		b.services = append(b.services, lang.L("booking.service."+s))
	}
	b.Service.Options = b.services
	b.Service.SetSelectedIndex(max(sel, 0))
	b.chooseForm.Items = []*widget.FormItem{
		{Text: lang.L("booking.city"), Widget: b.City},
		{Text: lang.L("booking.office"), Widget: b.Office},
		{Text: lang.L("booking.service"), Widget: b.Service},
		{Text: lang.L("booking.date"), Widget: b.Date},
	}
	b.chooseForm.Refresh()
	b.relabelOffices()
	if o, ok := b.CurrentOffice(); ok {
		b.OfficeInfo.SetText(officeDescription(o))
	}
	b.Book.SetText(lang.L("booking.book"))
	b.Refresh.SetText(lang.L("common.refresh"))
	b.MineTitle.SetText(lang.L("booking.mine"))
	b.retranslateSlots()
	if b.msgKey != "" {
		b.Message.SetText(lang.L(b.msgKey, b.msgData))
	}
	for _, r := range b.MineRows {
		r.retranslate()
	}
	if len(b.bookings.Bookings) == 0 {
		b.SetBookings(b.bookings)
	}
}

// Tell shows m (an error in red); the zero Message hides the line.
func (b *Booking) Tell(m Message) {
	if m.Key == "" {
		b.msgKey = ""
		b.Message.Hide()
		return
	}
	b.msgKey, b.msgData, b.msgError = m.Key, m.dataMap(), m.Error
	b.Message.Importance = widget.SuccessImportance
	if m.Error {
		b.Message.Importance = widget.DangerImportance
	}
	b.Message.SetText(lang.L(m.Key, b.msgData))
	b.Message.Show()
}
