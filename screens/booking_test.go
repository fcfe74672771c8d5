package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func fundTime(date, hhmm string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", date+" "+hhmm, FundZone)
	return t.UTC()
}

var testOffices = api.Offices{Timezone: "UTC+5", HorizonDays: 30, Offices: []api.Office{
	{ID: 3, City: "Алматы", Name: "Отделение «Алмалы»", Address: "пр. Абая, 100", Phone: "+7 727 355-00-01", Windows: 4, SlotMinutes: 30,
		Hours: []api.OfficeHours{{Weekday: 1, Opens: "09:00", Closes: "18:00", BreakFrom: "13:00", BreakTo: "14:00"}}},
	{ID: 1, City: "Астана", Name: "Отделение «Есиль»", Address: "пр. Мәңгілік Ел, 12", Windows: 3, SlotMinutes: 30,
		Hours: []api.OfficeHours{{Weekday: 1, Opens: "09:00", Closes: "18:00"}, {Weekday: 6, Opens: "10:00", Closes: "14:00"}}},
	{ID: 2, City: "Астана", Name: "Отделение «Сарыарка»", Address: "ул. Бейбітшілік, 45", Windows: 2, SlotMinutes: 20},
}}

func TestBookingPickOfficeDateSlotAndBook(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	b := NewBooking(time.Now)
	test.NewTempWindow(t, b.Content())
	type day struct {
		office int64
		date   string
	}
	var asked []day
	b.OnDay = func(id int64, date string) { asked = append(asked, day{id, date}) }
	var booked []api.BookingRequest
	b.OnBook = func(r api.BookingRequest) { booked = append(booked, r) }

	b.SetOffices(testOffices)
	if len(b.City.Options) != 2 || b.City.Selected != "Алматы" || b.Office.Selected != "Отделение «Алмалы»" {
		t.Fatalf("cities %v selected %q office %q", b.City.Options, b.City.Selected, b.Office.Selected)
	}
	if !strings.Contains(b.OfficeInfo.Text, "пр. Абая, 100") || !strings.Contains(b.OfficeInfo.Text, "Пн: 09:00–18:00 (перерыв 13:00–14:00)") {
		t.Errorf("office info %q", b.OfficeInfo.Text)
	}
	b.City.SetSelected("Астана")
	b.Office.SetSelected("Отделение «Есиль»")
	if !strings.Contains(b.OfficeInfo.Text, "Пн: 09:00–18:00\nСб: 10:00–14:00") {
		t.Errorf("office info %q", b.OfficeInfo.Text)
	}
	b.Office.SetSelected("Отделение «Есиль»")
	b.SetDate("2026-03-11")
	last := asked[len(asked)-1]
	if last != (day{1, "2026-03-11"}) {
		t.Fatalf("asked %v", asked)
	}
	if b.SlotsNote.Text != lang.L("booking.loading") {
		t.Errorf("note %q", b.SlotsNote.Text)
	}
	// An answer for an earlier choice is ignored.
	b.SetSlots(api.Slots{OfficeID: 3, Date: "2026-03-11", Slots: []api.Slot{{Start: fundTime("2026-03-11", "09:00")}}})
	if len(b.SlotButtons) != 0 {
		t.Fatal("stale slots shown")
	}
	b.SetSlots(api.Slots{OfficeID: 1, Date: "2026-03-11", Slots: []api.Slot{
		{Start: fundTime("2026-03-11", "09:00"), End: fundTime("2026-03-11", "09:30"), Free: 0, Capacity: 3},
		{Start: fundTime("2026-03-11", "09:30"), End: fundTime("2026-03-11", "10:00"), Free: 2, Capacity: 3},
		{Start: fundTime("2026-03-11", "10:00"), End: fundTime("2026-03-11", "10:30"), Free: 3, Capacity: 3},
	}})
	if len(b.SlotButtons) != 3 || b.SlotButtons[1].Text != "09:30 (2)" || !b.SlotButtons[0].Disabled() || !b.Book.Disabled() {
		t.Fatalf("buttons %d %q full disabled %v book disabled %v", len(b.SlotButtons), b.SlotButtons[1].Text, b.SlotButtons[0].Disabled(), b.Book.Disabled())
	}
	test.Tap(b.SlotButtons[0]) // full: nothing happens
	if _, ok := b.SelectedSlot(); ok {
		t.Error("a full slot was selected")
	}
	b.Service.SetSelectedIndex(1)
	test.Tap(b.SlotButtons[1])
	if !strings.Contains(b.Selected.Text, "11.03.2026, 09:30–10:00") || b.Book.Disabled() {
		t.Errorf("selected %q", b.Selected.Text)
	}
	test.Tap(b.Book)
	want := api.BookingRequest{OfficeID: 1, Start: fundTime("2026-03-11", "09:30"), Service: api.BookingPayment}
	if len(booked) != 1 || booked[0] != want {
		t.Fatalf("booked %+v, want %+v", booked, want)
	}

	// The booking appears in «Мои записи» with cancel and download.
	bk := api.Booking{ID: 7, Ticket: "A-001", Office: testOffices.Offices[1], Start: want.Start, End: fundTime("2026-03-11", "10:00"),
		Service: api.BookingPayment, Window: 1, Status: api.BookingActive}
	old := bk
	old.ID, old.Ticket, old.Status = 6, "A-000", api.BookingCancelled
	b.Tell(Message{Key: "booking.done", Data: map[string]any{"Ticket": "A-001", "Date": "11.03.2026", "From": "09:30"}, Error: false})
	b.SetBookings(api.Bookings{Bookings: []api.Booking{bk, old}})
	if len(b.MineRows) != 2 {
		t.Fatalf("rows %d", len(b.MineRows))
	}
	r := b.MineRows[0]
	if !strings.Contains(r.Status.Text, "Талон A-001") || !strings.Contains(r.Status.Text, "активна") ||
		!strings.Contains(r.Text.Text, "11.03.2026, 09:30–10:00") || !strings.Contains(r.Text.Text, "Заявление на пенсионную выплату") {
		t.Errorf("row %q / %q", r.Status.Text, r.Text.Text)
	}
	if b.MineRows[1].Cancel.Visible() || b.MineRows[1].Ticket.Visible() || !strings.Contains(b.MineRows[1].Status.Text, "отменена") {
		t.Error("a cancelled booking offers cancel or ticket")
	}
	var cancelled, tickets []int64
	b.OnCancel = func(x api.Booking) { cancelled = append(cancelled, x.ID) }
	b.OnTicket = func(x api.Booking) { tickets = append(tickets, x.ID) }
	test.Tap(r.Ticket)
	test.Tap(r.Cancel)
	if len(cancelled) != 1 || cancelled[0] != 7 || len(tickets) != 1 || tickets[0] != 7 {
		t.Errorf("cancel %v ticket %v", cancelled, tickets)
	}
	if r.Ticket.Text != "Скачать талон (PDF)" || !strings.Contains(b.Message.Text, "A-001") {
		t.Errorf("ticket button %q message %q", r.Ticket.Text, b.Message.Text)
	}

	// Day off and a full day say so.
	b.SetDate("2026-03-15")
	b.SetSlots(api.Slots{OfficeID: 1, Date: "2026-03-15", DayOff: true})
	if !strings.Contains(b.SlotsNote.Text, "не работает") || len(b.SlotButtons) != 0 {
		t.Errorf("day off: %q", b.SlotsNote.Text)
	}
	b.SetDate("2026-03-23")
	b.SetSlots(api.Slots{OfficeID: 1, Date: "2026-03-23", DayOff: true, Holiday: "Наурыз мейрамы"})
	if !strings.Contains(b.SlotsNote.Text, "Наурыз мейрамы") {
		t.Errorf("holiday: %q", b.SlotsNote.Text)
	}

	lang.Set("kk")
	b.Retranslate()
	if b.Book.Text != "Брондау" || !strings.Contains(b.MineRows[0].Status.Text, "белсенді") || b.Service.Options[0] != "Кеңес" {
		t.Errorf("kk: %q %q %v", b.Book.Text, b.MineRows[0].Status.Text, b.Service.Options)
	}
	lang.Set("en")
	b.Retranslate()
	if b.MineRows[0].Ticket.Text != "Download ticket (PDF)" || b.Service.Selected != "Pension payment application" {
		t.Errorf("en: %q %q", b.MineRows[0].Ticket.Text, b.Service.Selected)
	}
}

// TestBookingOfficesInTheUserLanguage: cities, offices, addresses and
// holidays follow the language switch without losing the choice or asking
// the service again.
func TestBookingOfficesInTheUserLanguage(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	b := NewBooking(time.Now)
	test.NewTempWindow(t, b.Content())
	asked := 0
	b.OnDay = func(int64, string) { asked++ }
	offices := api.Offices{Offices: []api.Office{
		{ID: 6, City: "Караганда", Name: "Отделение «Қазыбек би»", Address: "пр. Бұқар жырау, 60", Windows: 1, SlotMinutes: 30,
			Texts: map[string]api.OfficeText{
				"kk": {City: "Қарағанды", Name: "«Қазыбек би» бөлімшесі", Address: "Бұқар жырау даңғылы, 60"},
				"en": {City: "Karaganda", Name: "Kazybek Bi branch", Address: "60 Bukhar Zhyrau Ave."},
			}},
		{ID: 1, City: "Астана", Name: "Отделение «Есиль»", Address: "пр. Мәңгілік Ел, 12", Windows: 3, SlotMinutes: 30,
			Texts: map[string]api.OfficeText{"en": {City: "Astana", Name: "Yesil branch", Address: "12 Mangilik Yel Ave."}}},
	}}
	b.SetOffices(offices)
	b.SetDate("2026-03-24")
	b.SetSlots(api.Slots{OfficeID: 6, Date: "2026-03-24", DayOff: true, Holiday: "Наурыз мейрамы (перенос)",
		HolidayTexts: map[string]string{"kk": "Наурыз мейрамы (ауыстырылған)", "en": "Nauryz (moved)"}})
	if b.City.Selected != "Караганда" || b.Office.Selected != "Отделение «Қазыбек би»" || !strings.Contains(b.SlotsNote.Text, "(перенос)") {
		t.Fatalf("ru: %q %q %q", b.City.Selected, b.Office.Selected, b.SlotsNote.Text)
	}
	before := asked
	lang.Set("kk")
	b.Retranslate()
	if b.City.Selected != "Қарағанды" || b.Office.Selected != "«Қазыбек би» бөлімшесі" ||
		!strings.Contains(b.OfficeInfo.Text, "Бұқар жырау даңғылы, 60") || !strings.Contains(b.SlotsNote.Text, "ауыстырылған") {
		t.Errorf("kk: %q %q %q %q", b.City.Selected, b.Office.Selected, b.OfficeInfo.Text, b.SlotsNote.Text)
	}
	lang.Set("en")
	b.Retranslate()
	if b.City.Selected != "Karaganda" || b.Office.Selected != "Kazybek Bi branch" || b.City.Options[1] != "Astana" ||
		!strings.Contains(b.SlotsNote.Text, "Nauryz (moved)") {
		t.Errorf("en: %q %q %v %q", b.City.Selected, b.Office.Selected, b.City.Options, b.SlotsNote.Text)
	}
	if asked != before {
		t.Errorf("the language switch asked the service again (%d times)", asked-before)
	}
	// An office without a Kazakh text stays in Russian.
	lang.Set("kk")
	b.Retranslate()
	b.City.SetSelected("Астана")
	if b.Office.Selected != "Отделение «Есиль»" {
		t.Errorf("kk fallback: %q", b.Office.Selected)
	}
}
