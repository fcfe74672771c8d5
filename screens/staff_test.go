package screens

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func TestStaffNextStatusesOnlyForward(t *testing.T) {
	cases := map[string][]string{
		api.StatusSubmitted:  {api.StatusAccepted, api.StatusRejected},
		api.StatusAccepted:   {api.StatusProcessing, api.StatusRejected},
		api.StatusProcessing: {api.StatusApproved, api.StatusRejected},
		api.StatusApproved:   {api.StatusExecuted},
		api.StatusExecuted:   nil,
		api.StatusRejected:   nil,
		api.StatusCanceled:   nil,
		"unknown":            nil,
	}
	for from, want := range cases {
		got := StaffNextStatuses(from)
		if !slices.Equal(got, want) {
			t.Errorf("from %s: %v, want %v", from, got, want)
		}
		for _, to := range got {
			if api.StatusRank(to) <= api.StatusRank(from) || api.StatusFinal(from) {
				t.Errorf("%s → %s is not forward", from, to)
			}
		}
	}
}

func staffTestApp(status string) api.Application {
	at := time.Date(2026, 11, 20, 5, 0, 0, 0, time.UTC)
	return api.Application{
		ID: "a1", Number: "Z-20261120-000001", Type: api.AppBankDetails, Status: status, CreatedAt: at,
		Document: api.Document{Version: 1, Type: api.AppBankDetails, IIN: "950109400452", FullName: "Сейткали Айгерим Нурлановна",
			CreatedAt: at, Bank: &api.BankDetails{IBAN: "KZ86125KZT5004100100", BankName: "Демо-банк"}},
		Signer:  api.Signer{Name: "СЕЙТКАЛИ АЙГЕРИМ", IIN: "950109400452", Serial: "0a1b", Issuer: "Demo CA", NotAfter: at.AddDate(1, 0, 0), SignedDigest: "abcd"},
		History: []api.StatusChange{{Status: api.StatusSubmitted, At: at, Actor: api.ActorDepositor}},
		IIN:     "950109400452", DepositorName: "Сейткали Айгерим Нурлановна",
	}
}

func buttonStatuses(p *StaffApplication) []string {
	var out []string
	for s := range p.StatusButtons {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestStaffApplicationForwardButtonsAndReject(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	p := NewStaffApplication()
	test.NewTempWindow(t, p.Content())
	type move struct{ status, reason string }
	var moves []move
	p.OnStatus = func(s, r string) { moves = append(moves, move{s, r}) }

	p.SetApplication(staffTestApp(api.StatusProcessing))
	if got := buttonStatuses(p); !slices.Equal(got, []string{api.StatusApproved, api.StatusRejected}) {
		t.Fatalf("buttons for processing: %v", got)
	}
	if len(p.Actions.Objects) != 2 || p.FinalNote.Visible() {
		t.Errorf("%d action objects, final note %v", len(p.Actions.Objects), p.FinalNote.Visible())
	}
	if b := p.StatusButtons[api.StatusApproved]; b.Text != "Одобрить" {
		t.Errorf("approve button %q", b.Text)
	}
	if !strings.Contains(p.Title.Text, "Z-20261120-000001") || !strings.Contains(p.Depositor.Text, "950109400452") {
		t.Errorf("title %q, depositor %q", p.Title.Text, p.Depositor.Text)
	}
	if !strings.Contains(p.Signer.Text, "СЕЙТКАЛИ АЙГЕРИМ") || !strings.Contains(p.Signer.Text, "Demo CA") {
		t.Errorf("signer %q", p.Signer.Text)
	}
	if items := p.DocForm.Items; len(items) < 5 || items[0].Widget.(*widget.Label).Text != "Изменение банковских реквизитов" ||
		items[1].Widget.(*widget.Label).Text != "Сейткали Айгерим Нурлановна" {
		t.Errorf("document lines %+v", items)
	}
	if h := p.HistoryTexts(); len(h) != 1 || !strings.Contains(h[0], lang.L("app.status.submitted")) {
		t.Errorf("history %q", h)
	}

	// A forward move goes straight to the callback.
	test.Tap(p.StatusButtons[api.StatusApproved])
	if len(moves) != 1 || moves[0] != (move{api.StatusApproved, ""}) {
		t.Fatalf("moves after approve: %+v", moves)
	}

	// «Отклонить» asks for a reason; an empty (or blank) one is refused.
	test.Tap(p.StatusButtons[api.StatusRejected])
	if !p.RejectBox.Visible() || len(moves) != 1 {
		t.Fatalf("reject panel %v, moves %+v", p.RejectBox.Visible(), moves)
	}
	test.Tap(p.RejectConfirm)
	test.Type(p.Reason, "   ")
	test.Tap(p.RejectConfirm)
	if len(moves) != 1 || !p.ReasonHint.Visible() || p.ReasonHint.Text != lang.L("staff.reject.empty") {
		t.Fatalf("empty reason: moves %+v, hint %v %q", moves, p.ReasonHint.Visible(), p.ReasonHint.Text)
	}
	p.Reason.SetText("")
	test.Type(p.Reason, "Нет справки об инвалидности")
	if p.ReasonHint.Visible() {
		t.Error("the hint stays after typing a reason")
	}
	test.Tap(p.RejectConfirm)
	if len(moves) != 2 || moves[1] != (move{api.StatusRejected, "Нет справки об инвалидности"}) {
		t.Fatalf("moves after reject: %+v", moves)
	}

	// Busy: nothing is sent twice.
	p.SetBusy(true)
	test.Tap(p.StatusButtons[api.StatusApproved])
	if len(moves) != 2 {
		t.Errorf("a tap while busy sent %+v", moves)
	}
	p.SetBusy(false)

	// Final statuses offer nothing.
	for _, s := range []string{api.StatusExecuted, api.StatusRejected, api.StatusCanceled} {
		p.SetApplication(staffTestApp(s))
		if len(p.StatusButtons) != 0 || len(p.Actions.Objects) != 0 || !p.FinalNote.Visible() || p.RejectBox.Visible() {
			t.Errorf("%s: buttons %v, final note %v", s, buttonStatuses(p), p.FinalNote.Visible())
		}
	}
	p.SetApplication(staffTestApp(api.StatusApproved))
	if got := buttonStatuses(p); !slices.Equal(got, []string{api.StatusExecuted}) {
		t.Errorf("buttons for approved: %v", got)
	}

	// The language switch retranslates in place.
	lang.Set("en")
	p.Retranslate()
	if b := p.StatusButtons[api.StatusExecuted]; b.Text != "Mark as executed" || !strings.HasPrefix(p.Title.Text, "Application No.") {
		t.Errorf("en: button %q, title %q", b.Text, p.Title.Text)
	}
}

// docValue is the value shown on the document's line labelled label.
func docValue(t *testing.T, f *widget.Form, label string) string {
	t.Helper()
	for _, it := range f.Items {
		if it.Text == label {
			return it.Widget.(*widget.Label).Text
		}
	}
	t.Fatalf("no line %q in the document", label)
	return ""
}

// A portfolio manager is named as on the depositor's own review: by the
// names from the service, the National Bank by its translation, an
// unknown id as is.
func TestStaffApplicationNamesManager(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	p := NewStaffApplication()
	test.NewTempWindow(t, p.Content())
	a := staffTestApp(api.StatusSubmitted)
	a.Type, a.Document.Type, a.Document.Bank = api.AppPortfolioManager, api.AppPortfolioManager, nil
	a.Document.Portfolio = &api.PortfolioChoice{ManagerID: "m-halyk", SharePercent: 40}
	p.SetApplication(a)
	manager := lang.L("app.field.manager")
	if got := docValue(t, p.DocForm, manager); got != "m-halyk" {
		t.Errorf("before the names: %q", got)
	}
	p.SetNames(DocNames{Managers: map[string]string{"m-halyk": "АО «Halyk Global Markets»"}})
	if got := docValue(t, p.DocForm, manager); got != "АО «Halyk Global Markets»" {
		t.Errorf("with the names: %q", got)
	}
	if got := docValue(t, p.DocForm, lang.L("app.field.share")); got != "40\u00a0%" {
		t.Errorf("share %q", got)
	}
	// The names stay through a reload and a language switch.
	p.SetApplication(a)
	lang.Set("kk")
	p.Retranslate()
	if got := docValue(t, p.DocForm, lang.L("app.field.manager")); got != "АО «Halyk Global Markets»" {
		t.Errorf("kk after a reload: %q", got)
	}
	a.Document.Portfolio.ManagerID = api.ManagerNationalBank
	p.SetApplication(a)
	if got := docValue(t, p.DocForm, lang.L("app.field.manager")); got != lang.L("app.portfolio.nbrk") {
		t.Errorf("National Bank: %q", got)
	}
}

func TestStaffQueueOldestFirstAndFilter(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	q := NewStaffQueue()
	test.NewTempWindow(t, q.Content())
	var filters []string
	q.OnFilter = func(s string) { filters = append(filters, s) }
	var opened []string
	q.OnOpen = func(a api.Application) { opened = append(opened, a.ID) }

	older, newer := staffTestApp(api.StatusSubmitted), staffTestApp(api.StatusProcessing)
	newer.ID, newer.Number, newer.CreatedAt = "a2", "Z-2", older.CreatedAt.Add(time.Hour)
	q.SetApplications([]api.Application{newer, older})
	if q.List.Length() != 2 || q.Applications()[0].ID != "a1" {
		t.Fatalf("order %v", q.Applications())
	}
	row := q.RowTexts(0)
	if row[0] != older.Number || row[2] != "Изменение банковских реквизитов" ||
		row[3] != "Сейткали Айгерим Нурлановна, 950109400452" || row[4] != "Подано" {
		t.Errorf("row 0 = %q", row)
	}
	if q.Empty.Visible() || !q.head.Visible() {
		t.Errorf("two applications: empty note shown %v, headings shown %v", q.Empty.Visible(), q.head.Visible())
	}
	q.List.Select(1)
	if !slices.Equal(opened, []string{"a2"}) {
		t.Errorf("opened %v", opened)
	}

	if q.FilterStatus() != "" || q.Filter.Selected != "Все незавершённые" {
		t.Errorf("default filter %q (%q)", q.FilterStatus(), q.Filter.Selected)
	}
	q.Filter.SetSelected("На рассмотрении")
	if q.FilterStatus() != api.StatusProcessing || !slices.Equal(filters, []string{api.StatusProcessing}) {
		t.Errorf("filter %q, asked %v", q.FilterStatus(), filters)
	}
	q.SetApplications(nil)
	if q.head.Visible() {
		t.Error("headings shown over no application, under the empty note")
	}
	if !q.Empty.Visible() {
		t.Error("no empty note")
	}
	lang.Set("kk")
	q.Retranslate()
	if q.Filter.Selected != "Қаралуда" || q.FilterStatus() != api.StatusProcessing || len(filters) != 1 {
		t.Errorf("kk: selected %q, filter %q, asked %v", q.Filter.Selected, q.FilterStatus(), filters)
	}
}

// A reload (the app's periodic one) keeps the filter and where the user
// scrolled to, and asks for nothing itself.
func TestStaffQueueReloadKeepsPlace(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	q := NewStaffQueue()
	w := test.NewTempWindow(t, q.Content())
	w.Resize(fyne.NewSize(800, 400))
	asked := 0
	q.OnFilter = func(string) { asked++ }
	var apps []api.Application
	for i := range 60 {
		a := staffTestApp(api.StatusAccepted)
		a.ID, a.Number, a.CreatedAt = fmt.Sprint("a", i), fmt.Sprint("Z-", i), a.CreatedAt.Add(time.Duration(i)*time.Minute)
		apps = append(apps, a)
	}
	q.SetFilter(api.StatusAccepted)
	q.SetApplications(apps)
	q.List.ScrollToOffset(300)
	offset := q.List.GetScrollOffset()
	if offset <= 0 {
		t.Fatalf("did not scroll: %v", offset)
	}
	late := staffTestApp(api.StatusAccepted)
	late.ID, late.Number, late.CreatedAt = "late", "Z-late", apps[59].CreatedAt.Add(time.Hour)
	q.SetApplications(append(apps, late))
	if q.List.Length() != 61 || q.List.GetScrollOffset() != offset {
		t.Errorf("after the reload: %d rows, offset %v, want %v", q.List.Length(), q.List.GetScrollOffset(), offset)
	}
	if q.FilterStatus() != api.StatusAccepted || q.Filter.Selected != "Принято" || asked != 1 {
		t.Errorf("filter %q (%q), asked %d", q.FilterStatus(), q.Filter.Selected, asked)
	}
}

func TestStaffContactsValidatesAsTyped(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	p := NewStaffContacts()
	test.NewTempWindow(t, p.Content())
	var found []string
	p.OnFind = func(iin string) { found = append(found, iin) }
	var confirmed []api.ContactConfirmRequest
	p.OnConfirm = func(_ api.StaffDepositor, r api.ContactConfirmRequest) { confirmed = append(confirmed, r) }

	if !p.Find.Disabled() || p.Card.Visible() {
		t.Fatal("«Найти» enabled or the card shown at the start")
	}
	test.Type(p.IIN, "95010940")
	if !p.Find.Disabled() || p.IINHint.Text != "Осталось ввести цифр: 4" {
		t.Errorf("8 digits: find enabled %v, hint %q", !p.Find.Disabled(), p.IINHint.Text)
	}
	test.Type(p.IIN, "0453") // a wrong check digit
	if !p.Find.Disabled() || p.IINHint.Text != lang.L("iin.error.checksum") {
		t.Errorf("bad checksum: find enabled %v, hint %q", !p.Find.Disabled(), p.IINHint.Text)
	}
	test.Tap(p.Find)
	if len(found) != 0 {
		t.Fatalf("found with a bad IIN: %v", found)
	}
	p.IIN.SetText("")
	test.Type(p.IIN, "95010940x")
	if !p.Find.Disabled() || p.IINHint.Text != lang.L("iin.error.digits") {
		t.Errorf("a letter: hint %q", p.IINHint.Text)
	}
	p.IIN.SetText("")
	test.Type(p.IIN, "950109400452")
	if p.Find.Disabled() || !strings.Contains(p.IINHint.Text, "ИИН верный") {
		t.Fatalf("valid IIN: find disabled %v, hint %q", p.Find.Disabled(), p.IINHint.Text)
	}
	test.Tap(p.Find)
	if !slices.Equal(found, []string{"950109400452"}) {
		t.Fatalf("found %v", found)
	}

	p.SetDepositor(api.StaffDepositor{IIN: "950109400452", FullName: "Сейткали Айгерим Нурлановна", BirthDate: "1995-01-09",
		Phone: "77012345600", Email: "aigerim.s@mail.kz", Registered: true})
	if !p.Card.Visible() || p.Name.Text != "Сейткали Айгерим Нурлановна" || p.BirthDate.Text != "09.01.1995" ||
		!strings.Contains(p.Phone.Text, "701") || p.Email.Text != "aigerim.s@mail.kz" || p.Registered.Text != "зарегистрирован" ||
		p.Confirmed.Text != "не было" {
		t.Fatalf("card: %q %q %q %q %q %q", p.Name.Text, p.BirthDate.Text, p.Phone.Text, p.Email.Text, p.Registered.Text, p.Confirmed.Text)
	}
	if p.Confirm.Disabled() {
		t.Fatal("confirm disabled with valid prefilled contacts")
	}
	// A malformed phone is refused as typed.
	p.NewPhone.SetText("")
	test.Type(p.NewPhone, "+7 123")
	if !p.Confirm.Disabled() || !p.ContactHint.Visible() {
		t.Errorf("bad phone: confirm enabled %v, hint %q", !p.Confirm.Disabled(), p.ContactHint.Text)
	}
	p.NewPhone.SetText("")
	p.NewEmail.SetText("")
	if !p.Confirm.Disabled() || p.ContactHint.Text != lang.L("staff.contacts.need_one") {
		t.Errorf("nothing to confirm: hint %q", p.ContactHint.Text)
	}
	test.Type(p.NewEmail, "not-an-address")
	if !p.Confirm.Disabled() || p.ContactHint.Text != lang.L("email.error") {
		t.Errorf("bad e-mail: hint %q", p.ContactHint.Text)
	}
	p.NewEmail.SetText("")
	test.Type(p.NewPhone, "8 (701) 234-56-00")
	test.Tap(p.Confirm)
	if len(confirmed) != 1 || confirmed[0] != (api.ContactConfirmRequest{Phone: "77012345600"}) {
		t.Fatalf("confirmed %+v", confirmed)
	}
	// Changing the IIN hides the card: nothing is confirmed for a person
	// not shown.
	test.Type(p.IIN, "1")
	if p.Card.Visible() || !p.Find.Disabled() {
		t.Errorf("card visible %v after editing the IIN", p.Card.Visible())
	}
	test.Tap(p.Confirm)
	if len(confirmed) != 1 {
		t.Errorf("confirmed %+v", confirmed)
	}
}

func TestStaffBookingsTodayAndOffices(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	p := NewStaffBookings(time.Now)
	test.NewTempWindow(t, p.Content())
	type load struct {
		date   string
		office int64
	}
	var loads []load
	p.OnLoad = func(d string, o int64) { loads = append(loads, load{d, o}) }
	today := time.Now().In(FundZone).Format(time.DateOnly)
	if p.DateString() != today {
		t.Errorf("default date %q, want %q", p.DateString(), today)
	}
	p.SetOffices(testOffices)
	if len(p.Office.Options) != 4 || p.Office.Selected != "Все отделения" || p.OfficeID() != 0 {
		t.Fatalf("offices %q, selected %q", p.Office.Options, p.Office.Selected)
	}
	p.SetOffice(1)
	p.SetDate("2026-11-24")
	want := []load{{today, 1}, {"2026-11-24", 1}}
	if !slices.Equal(loads, want) {
		t.Fatalf("loads %v, want %v", loads, want)
	}
	test.Tap(p.Refresh)
	if len(loads) != 3 {
		t.Errorf("refresh: %v", loads)
	}
	start := fundTime("2026-11-24", "10:30")
	early := fundTime("2026-11-24", "09:00")
	p.SetBookings(api.StaffBookings{Date: "2026-11-24", Bookings: []api.StaffBooking{
		{Booking: api.Booking{Ticket: "A-002", Office: testOffices.Offices[1], Start: start, End: start.Add(30 * time.Minute), Service: api.BookingContacts, Status: api.BookingActive},
			IIN: "950109400452", DepositorName: "Сейткали Айгерим Нурлановна"},
		{Booking: api.Booking{Ticket: "A-001", Office: testOffices.Offices[1], Start: early, End: early.Add(30 * time.Minute), Service: api.BookingPayment, Status: api.BookingCancelled},
			IIN: "880415300157", DepositorName: "Бекзат"},
	}})
	if p.List.Length() != 2 {
		t.Fatalf("%d rows", p.List.Length())
	}
	row := p.RowTexts(0)
	if row[0] != "09:00–09:30" || row[1] != "A-001" || row[2] != "Бекзат, 880415300157" || row[4] != "Заявление на пенсионную выплату" || row[5] != "отменена" {
		t.Errorf("row 0 = %q", row)
	}
	if p.RowTexts(1)[0] != "10:30–11:00" || !strings.Contains(p.Count.Text, "2") {
		t.Errorf("row 1 %q, count %q", p.RowTexts(1), p.Count.Text)
	}
	// An answer for another day is ignored.
	p.SetBookings(api.StaffBookings{Date: "2026-11-25"})
	if p.List.Length() != 2 {
		t.Error("a stale answer replaced the list")
	}
	p.SetBookings(api.StaffBookings{Date: "2026-11-24"})
	if !p.Empty.Visible() {
		t.Error("no empty note")
	}
}

// The title names the day chosen: today, or the date, in every language.
func TestStaffBookingsTitleFollowsDate(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	p := NewStaffBookings(time.Now)
	test.NewTempWindow(t, p.Content())
	var loads []string
	p.OnLoad = func(d string, _ int64) { loads = append(loads, d) }
	today := time.Now().In(FundZone).Format(time.DateOnly)
	if p.Title.Text != "Записи на сегодня" {
		t.Errorf("today: %q", p.Title.Text)
	}
	p.SetDate("2025-11-25")
	if p.Title.Text != "Записи на 25.11.2025" {
		t.Errorf("another day: %q", p.Title.Text)
	}
	for _, c := range []struct{ code, want string }{
		{"kk", "25.11.2025 күнгі жазылулар"}, {"en", "Bookings for 25 Nov 2025"}, {"ru", "Записи на 25.11.2025"},
	} {
		lang.Set(c.code)
		p.Retranslate()
		if p.Title.Text != c.want {
			t.Errorf("%s: %q, want %q", c.code, p.Title.Text, c.want)
		}
	}
	// An emptied date field keeps the day of the list on the title.
	p.Date.SetText("")
	if p.Title.Text != "Записи на 25.11.2025" || len(loads) != 1 {
		t.Errorf("emptied: %q, loads %v", p.Title.Text, loads)
	}
	p.SetDate(today)
	if p.Title.Text != "Записи на сегодня" || !slices.Equal(loads, []string{"2025-11-25", today}) {
		t.Errorf("back to today: %q, loads %v", p.Title.Text, loads)
	}
	lang.Set("kk")
	p.Retranslate()
	if p.Title.Text != "Бүгінгі жазылулар" {
		t.Errorf("kk today: %q", p.Title.Text)
	}
}

func TestStaffShellMenuAndLanguage(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	s := NewStaff()
	test.NewTempWindow(t, s.Content())
	var pages, langs []string
	s.OnPage = func(id string) { pages = append(pages, id) }
	s.OnLanguage = func(c string) { langs = append(langs, c) }
	logout := 0
	s.OnLogout = func() { logout++ }
	s.SetUser("Демо-фонд", "Кузнецова Ольга Викторовна")
	if s.Role.Text != "Сотрудник отделения" || len(s.Menu) != 4 || s.Menu[StaffPageQueue].Text != "Очередь заявлений" ||
		s.Menu[StaffPageContacts].Text != "Подтверждение контактов" || s.Menu[StaffPageBookings].Text != "Записи на сегодня" {
		t.Fatalf("role %q, menu %d", s.Role.Text, len(s.Menu))
	}
	test.Tap(s.Menu[StaffPageBookings])
	test.Tap(s.Lang.Buttons["kk"])
	test.Tap(s.Logout)
	if !slices.Equal(pages, []string{StaffPageBookings}) || !slices.Equal(langs, []string{"kk"}) || logout != 1 {
		t.Errorf("pages %v, langs %v, logout %d", pages, langs, logout)
	}
	lang.Set("kk")
	s.Retranslate()
	if s.Role.Text != "Бөлімше қызметкері" || s.Menu[StaffPageQueue].Text != "Өтініштер кезегі" {
		t.Errorf("kk: %q %q", s.Role.Text, s.Menu[StaffPageQueue].Text)
	}
}

// TestShellNamesWhole: at 800x600 the header shows the fund's and the
// user's names whole, on two lines where one is too short, in ru, kk and
// en; it used to cut the staff name to «Кузнецова Ольга Ви…».
func TestShellNamesWhole(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			st := NewStaff()
			st.SetUser("Демо пенсионный фонд «Болашақ Зейнетақы»", "Кузнецова Ольга Викторовна")
			w := test.NewTempWindow(t, st.Content())
			w.Resize(fyne.NewSize(784, 552))
			w.Content().Refresh()
			for _, l := range []*widget.Label{st.FundName, st.UserName} {
				lines := drawnLines(l)
				if got := strings.Join(lines, " "); got != l.Text {
					t.Errorf("%q drawn as %q", l.Text, lines)
				}
			}
			if got := w.Canvas().Size().Width; got > 784 {
				t.Errorf("the header widened the window to %v", got)
			}
		})
	}
}
