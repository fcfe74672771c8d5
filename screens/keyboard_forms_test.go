package screens

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
)

// space presses Space in the focused widget: Fyne's buttons, check
// boxes and lists are activated by it.
func space(f fyne.Focusable) { f.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }

func TestKeyboardEDSLogin(t *testing.T) {
	test.NewTempApp(t)
	s := NewEDSSign(eds.PurposeAuth)
	cv := show(t, s.Content())
	type opened struct{ path, pw string }
	var opens []opened
	s.OnOpen = func(p, pw string) { opens = append(opens, opened{p, pw}) }
	var signs []string
	s.OnSign = func(src string) { signs = append(signs, src) }

	// Enter in the path with no password goes on to the password.
	cv.Focus(s.File)
	test.Type(s.File, "/keys/AUTH_RSA256.p12")
	enter(s.File)
	if cv.Focused() != s.Password || len(opens) != 0 {
		t.Fatalf("Enter in the path: focus on %T, opened %v", cv.Focused(), opens)
	}
	test.Type(s.Password, "Qwerty12")
	enter(s.Password)
	enter(s.File)
	if want := (opened{"/keys/AUTH_RSA256.p12", "Qwerty12"}); len(opens) != 2 || opens[0] != want || opens[1] != want {
		t.Fatalf("Enter in the password and the path opened %v", opens)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	s.ShowCertificate(eds.CertInfo{IIN: "880415300157", Surname: "СЕЙТКАЛИ", GivenName: "БЕКЗАТ", CommonName: "СЕЙТКАЛИ БЕКЗАТ",
		Issuer: "Demo NCA", NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0), Purpose: eds.PurposeAuth}, now, "")
	order := focusWalk(cv, s.Back)
	assertOrder(t, order, s.Back, s.File, s.Choose, s.Password, s.Open, s.Sign)
	// The source is chosen from the keyboard too: its two choices are
	// stops between «Назад» and the path.
	if i, j := slices.Index(order, fyne.Focusable(s.Back)), slices.Index(order, fyne.Focusable(s.File)); j-i != 3 {
		t.Errorf("%d stops between «Назад» and the path, want the 2 sources", j-i-1)
	}
	space(s.Sign)
	if !slices.Equal(signs, []string{SourceFile}) {
		t.Fatalf("Space on «Войти» signed %v", signs)
	}
	// A key that cannot be used: «Подписать» is not a stop.
	s.ShowCertificate(eds.CertInfo{IIN: "880415300157", NotBefore: now.AddDate(-2, 0, 0), NotAfter: now.AddDate(-1, 0, 0),
		Purpose: eds.PurposeAuth}, now, "eds.error.expired")
	if slices.Contains(focusWalk(cv, s.Back), fyne.Focusable(s.Sign)) {
		t.Error("a disabled «Подписать» is a Tab stop")
	}
}

func TestKeyboardBooking(t *testing.T) {
	test.NewTempApp(t)
	b := NewBooking(func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, FundZone) })
	cv := show(t, b.Content())
	var booked []api.BookingRequest
	b.OnBook = func(r api.BookingRequest) { booked = append(booked, r) }
	b.SetOffices(testOffices)
	b.City.SetSelected("Астана")
	b.SetDate("2026-03-11")
	// Enter in the date before the slots are there: nothing.
	enter(b.Date)
	if len(booked) != 0 {
		t.Fatal("Enter booked with no slot")
	}
	b.SetSlots(api.Slots{OfficeID: 1, Date: "2026-03-11", Slots: []api.Slot{
		{Start: fundTime("2026-03-11", "09:00"), End: fundTime("2026-03-11", "09:30"), Free: 0, Capacity: 3},
		{Start: fundTime("2026-03-11", "09:30"), End: fundTime("2026-03-11", "10:00"), Free: 2, Capacity: 3},
		{Start: fundTime("2026-03-11", "10:00"), End: fundTime("2026-03-11", "10:30"), Free: 3, Capacity: 3},
	}})
	b.SetBookings(api.Bookings{Bookings: []api.Booking{{ID: 7, Ticket: "A-007", Status: api.BookingActive, Office: testOffices.Offices[1],
		Service: api.BookingConsultation, Start: fundTime("2026-03-12", "10:00"), End: fundTime("2026-03-12", "10:30")}}})

	// City, office, service, date, the free slots (not the full one),
	// then «Обновить» and the booking's buttons; «Забронировать» only
	// once a slot is chosen.
	order := focusWalk(cv, b.City)
	assertOrder(t, order, b.City, b.Office, b.Service, b.Date, b.SlotButtons[1], b.SlotButtons[2], b.Refresh,
		b.MineRows[0].Ticket, b.MineRows[0].Cancel)
	if slices.Contains(order, fyne.Focusable(b.SlotButtons[0])) || slices.Contains(order, fyne.Focusable(b.Book)) {
		t.Error("a full slot or a disabled «Забронировать» is a Tab stop")
	}
	// Enter in the date goes on to the first free slot; Space chooses it.
	enter(b.Date)
	if cv.Focused() != b.SlotButtons[1] {
		t.Fatalf("Enter in the date: focus on %v", cv.Focused())
	}
	space(b.SlotButtons[1])
	if s, ok := b.SelectedSlot(); !ok || !s.Start.Equal(fundTime("2026-03-11", "09:30")) {
		t.Fatalf("Space on 09:30 chose %v %v", s, ok)
	}
	assertOrder(t, focusWalk(cv, b.City), b.Date, b.SlotButtons[1], b.SlotButtons[2], b.Book, b.Refresh)
	space(b.Book)
	// Enter in the date books the slot chosen, as the button does.
	enter(b.Date)
	want := api.BookingRequest{OfficeID: 1, Start: fundTime("2026-03-11", "09:30"), Service: api.BookingConsultation}
	if len(booked) != 2 || booked[0] != want || booked[1] != want {
		t.Fatalf("booked %+v", booked)
	}
}

func TestKeyboardStaffApplication(t *testing.T) {
	test.NewTempApp(t)
	p := NewStaffApplication()
	cv := show(t, p.Content())
	type move struct{ status, reason string }
	var moves []move
	p.OnStatus = func(s, r string) { moves = append(moves, move{s, r}) }
	p.SetApplication(staffTestApp(api.StatusProcessing))
	approve, reject := p.StatusButtons[api.StatusApproved], p.StatusButtons[api.StatusRejected]
	assertOrder(t, focusWalk(cv, p.Back), p.Back, approve, reject)
	space(reject)
	if !p.RejectBox.Visible() || cv.Focused() != p.Reason {
		t.Fatalf("«Отклонить»: panel %v, focus on %T", p.RejectBox.Visible(), cv.Focused())
	}
	assertOrder(t, focusWalk(cv, p.Back), p.Back, approve, reject, p.Reason, p.RejectConfirm, p.RejectCancel)
	// Enter in the reason is a new line; Shift+Enter rejects, never
	// with an empty reason.
	shiftEnter := func() {
		p.Reason.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		enter(p.Reason)
		p.Reason.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	shiftEnter()
	if len(moves) != 0 || !p.ReasonHint.Visible() {
		t.Fatalf("Shift+Enter with no reason: moves %v, hint %v", moves, p.ReasonHint.Visible())
	}
	test.Type(p.Reason, "Счёт закрыт")
	enter(p.Reason)
	if len(moves) != 0 || !strings.Contains(p.Reason.Text, "\n") {
		t.Fatalf("Enter in the reason: moves %v, text %q", moves, p.Reason.Text)
	}
	shiftEnter()
	if len(moves) != 1 || moves[0] != (move{api.StatusRejected, "Счёт закрыт"}) {
		t.Fatalf("Shift+Enter: moves %v", moves)
	}
	space(approve)
	if len(moves) != 2 || moves[1].status != api.StatusApproved {
		t.Fatalf("Space on «Одобрить»: moves %v", moves)
	}
}

// The lists that open a row (the staff queue, my applications, the
// notifications) open the focused one with Enter as with Space.
func TestKeyboardListsOpenWithEnter(t *testing.T) {
	test.NewTempApp(t)
	q := NewStaffQueue()
	cv := show(t, q.Content())
	var opened []string
	q.OnOpen = func(a api.Application) { opened = append(opened, a.ID) }
	older, newer := staffTestApp(api.StatusSubmitted), staffTestApp(api.StatusProcessing)
	newer.ID, newer.CreatedAt = "a2", older.CreatedAt.Add(time.Hour)
	q.SetApplications([]api.Application{newer, older})
	assertOrder(t, focusWalk(cv, q.Refresh), q.Refresh, q.Filter, q.List)
	cv.Focus(q.List)
	enter(q.List)
	q.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	space(q.List)
	if !slices.Equal(opened, []string{"a1", "a2"}) {
		t.Fatalf("Enter, Down, Space opened %v", opened)
	}
	// Other keys still do what they did: Up moves, a letter nothing.
	q.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	q.List.TypedRune('x')
	enter(q.List)
	if !slices.Equal(opened, []string{"a1", "a2", "a1"}) {
		t.Fatalf("Up, Enter opened %v", opened)
	}

	a := NewApplications()
	cv = show(t, a.Content())
	var app string
	a.OnOpen = func(x api.Application) { app = x.ID }
	a.SetApplications([]api.Application{{ID: "z1", Number: "Z-1", Type: api.AppBankDetails, Status: api.StatusAccepted}})
	assertOrder(t, focusWalk(cv, a.Refresh), a.Refresh, a.List)
	cv.Focus(a.List)
	enter(a.List)
	if app != "z1" {
		t.Errorf("Enter in my applications opened %q", app)
	}

	n := NewNotifications()
	cv = show(t, n.Content())
	var note int64
	n.OnOpen = func(x api.Notification) { note = x.ID }
	n.SetNotifications([]api.Notification{{ID: 5, Number: "Z-1", AppType: api.AppBankDetails, Status: api.StatusAccepted}})
	assertOrder(t, focusWalk(cv, n.MarkAll), n.MarkAll, n.Refresh, n.List)
	cv.Focus(n.List)
	enter(n.List)
	if note != 5 {
		t.Errorf("Enter in the notifications opened %d", note)
	}

	s := NewSecurity()
	cv = show(t, s.Content())
	s.SetEvents([]api.SecurityEvent{{At: time.Date(2026, 11, 23, 9, 5, 0, 0, FundZone), Kind: "login_ok", Client: "10.0.0.7", Detail: "password"}})
	cv.Focus(s.List)
	enter(s.List)
	if !s.Detail.Visible() || s.Detail.Text == "" {
		t.Error("Enter in the sign-in history shows no detail")
	}
}

func TestKeyboardStaffBookings(t *testing.T) {
	test.NewTempApp(t)
	p := NewStaffBookings(func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, FundZone) })
	cv := show(t, p.Content())
	var loads []string
	p.OnLoad = func(d string, _ int64) { loads = append(loads, d) }
	p.SetOffices(testOffices)
	assertOrder(t, focusWalk(cv, p.Refresh), p.Refresh, p.Date, p.Office, p.List)
	enter(p.Date)
	if !slices.Equal(loads, []string{"2026-11-24"}) {
		t.Fatalf("Enter in the date loaded %v", loads)
	}
}

func TestKeyboardStatements(t *testing.T) {
	s, w := newStatementsScreen(t)
	cv := w.Canvas()
	var queries []api.StatementQuery
	s.OnQuery = func(q api.StatementQuery) { queries = append(queries, q) }
	s.SetAccounts([]string{api.AccountOPV, api.AccountDPV})
	// The row of the title (its downloads) first, then the filter as read.
	assertOrder(t, focusWalk(cv, s.DownloadPDF), s.DownloadPDF, s.DownloadCSV, s.Account, s.From, s.To, s.Show,
		s.Year, s.ThreeYears, s.AllTime)
	s.From.SetText("01.01.2026")
	enter(s.From)
	s.To.SetText("01.02.2026")
	enter(s.To)
	if len(queries) != 2 || queries[0].From != "2026-01-01" || queries[1].To != "2026-02-01" {
		t.Fatalf("Enter in the dates asked %+v", queries)
	}
	s.To.SetText("01.13.2026")
	enter(s.To)
	if len(queries) != 2 || !s.Message.Visible() {
		t.Fatalf("Enter with a bad date asked %+v, message %v", queries, s.Message.Visible())
	}
}

func TestKeyboardForecast(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme())
	f := NewForecast()
	cv := show(t, f.Content())
	f.SetParams(testParams)
	var got int
	f.OnCalculate = func(api.ForecastRequest) { got++ }
	entries := []*Entry{f.Savings, f.Monthly, f.Growth, f.Return, f.Inflation, f.RetireAge, f.PayoutYears}
	want := []fyne.Focusable{}
	for _, e := range entries {
		want = append(want, e)
	}
	assertOrder(t, focusWalk(cv, f.Savings), append(want, f.Calculate, f.Defaults)...)
	for _, e := range entries {
		enter(e)
	}
	if got != len(entries) {
		t.Fatalf("Enter in the %d fields calculated %d times", len(entries), got)
	}
	f.RetireAge.SetText("15")
	enter(f.RetireAge)
	if got != len(entries) {
		t.Fatal("Enter calculated with a bad age")
	}
}

func TestKeyboardTwoFactorSetup(t *testing.T) {
	test.NewTempApp(t)
	p := NewTwoFactor()
	cv := show(t, p.Content())
	var starts, offs int
	p.OnStart = func(string, string) { starts++ }
	p.OnOff = func(string) { offs++ }
	p.SetStatus(api.TwoFactorStatus{Enabled: true, Method: api.TwoFactorTOTP, PhoneMasked: "7701*****00", PasswordNeeded: true})
	enter(p.Password)
	if starts != 0 {
		t.Fatal("Enter started a setup with no password")
	}
	test.Type(p.Password, "secret pw")
	assertOrder(t, focusWalk(cv, p.Password), p.Password, p.Start, p.Off)
	// Enter does what «Сменить»/«Включить» does, never «Выключить».
	enter(p.Password)
	if starts != 1 || offs != 0 {
		t.Fatalf("Enter in the password: %d starts, %d offs", starts, offs)
	}
}

func TestKeyboardServerAndPortfolio(t *testing.T) {
	test.NewTempApp(t)
	s := NewServerSettings("")
	cv := show(t, s.Content())
	var tested []string
	s.OnTest = func(u string) { tested = append(tested, u) }
	test.Type(s.URL, "https://kabinet.example.kz")
	assertOrder(t, focusWalk(cv, s.URL), s.URL, s.Test)
	enter(s.URL)
	if len(tested) != 1 {
		t.Fatalf("Enter in the address tested %v", tested)
	}

	f := NewApplicationForm(ServicePortfolio)
	cv = show(t, f.Content())
	f.SetOptions(demoOptions())
	var next int
	f.OnNext = func(api.Document) { next++ }
	f.SelectManager("m2")
	f.Share.SetText("30")
	assertOrder(t, focusWalk(cv, f.Manager), f.Manager, f.Share, f.Next)
	enter(f.Share)
	if next != 1 {
		t.Fatalf("Enter in the share went on %d times", next)
	}
	f.Share.SetText("150")
	enter(f.Share)
	if next != 1 {
		t.Fatal("Enter went on with a share of 150 %")
	}
}

// Focus is visible on the menu's own entries: a focused one is outlined
// in the focus colour and filled as under the pointer.
func TestMenuItemShowsFocus(t *testing.T) {
	test.NewTempApp(t)
	m := NewMenuItem("Выписка", theme.ListIcon(), nil)
	var tapped int
	m.OnTapped = func() { tapped++ }
	cv := show(t, m)
	bg := test.WidgetRenderer(m).(*menuItemRenderer).bg
	if bg.StrokeWidth != 0 || bg.FillColor != nil {
		t.Fatalf("unfocused: stroke %v, fill %v", bg.StrokeWidth, bg.FillColor)
	}
	cv.Focus(m)
	if bg.StrokeWidth < 2 || bg.StrokeColor != theme.Color(theme.ColorNameFocus) || bg.FillColor == nil {
		t.Fatalf("focused: stroke %v %v, fill %v", bg.StrokeWidth, bg.StrokeColor, bg.FillColor)
	}
	enter(m)
	space(m)
	m.TypedRune(' ')
	if tapped != 2 {
		t.Errorf("Enter and Space opened the entry %d times", tapped)
	}
	cv.Unfocus()
	if bg.StrokeWidth != 0 {
		t.Error("the focus outline stays after the focus left")
	}
}
