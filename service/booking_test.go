package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// The test clock is Tuesday 2026-03-10 09:00 in the fund's zone (UTC+5).
func at(date, hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+hhmm, fundZone())
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// officeNamed finds a demo office by the start of its name.
func (e *env) officeNamed(tok, name string) api.Office {
	e.t.Helper()
	var offices api.Offices
	decode(e.t, e.do("GET", api.PathOffices, "", tok), &offices)
	for _, o := range offices.Offices {
		if strings.Contains(o.Name, name) {
			return o
		}
	}
	e.t.Fatalf("no office %q in %+v", name, offices)
	return api.Office{}
}

func (e *env) slots(tok string, officeID int64, date string) api.Slots {
	e.t.Helper()
	var s api.Slots
	w := e.do("GET", api.PathOfficeSlots(officeID)+"?date="+date, "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("slots %s: %d %s", date, w.Code, w.Body)
	}
	decode(e.t, w, &s)
	return s
}

func bookBody(officeID int64, start time.Time, service string) string {
	b, _ := json.Marshal(api.BookingRequest{OfficeID: officeID, Start: start, Service: service})
	return string(b)
}

func (e *env) book(tok string, officeID int64, start time.Time) api.Booking {
	e.t.Helper()
	w := e.do("POST", api.PathBookings, bookBody(officeID, start, api.BookingConsultation), tok)
	if w.Code != http.StatusCreated {
		e.t.Fatalf("book %v: %d %s", start, w.Code, w.Body)
	}
	var b api.Booking
	decode(e.t, w, &b)
	return b
}

func TestOfficesAndSlots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	var offices api.Offices
	decode(t, e.do("GET", api.PathOffices, "", tok), &offices)
	cities := map[string]int{}
	for _, o := range offices.Offices {
		cities[o.City]++
		if o.Address == "" || o.Windows < 1 || o.SlotMinutes < 5 || len(o.Hours) < 5 {
			t.Errorf("office %+v", o)
		}
	}
	for _, c := range []string{"Астана", "Алматы", "Шымкент", "Караганда"} {
		if cities[c] == 0 {
			t.Errorf("no office in %s: %v", c, cities)
		}
	}
	// Kazakh and English texts of every office.
	for _, o := range offices.Offices {
		kk, en := o.Localized("kk"), o.Localized("en")
		if kk.Name == o.Name || en.Name == o.Name || en.Address == o.Address || kk.Address == o.Address {
			t.Errorf("office %q: kk %q %q, en %q %q", o.Name, kk.Name, kk.Address, en.Name, en.Address)
		}
	}
	if k := e.officeNamed(tok, "Қазыбек"); k.City != "Караганда" || k.Localized("kk").City != "Қарағанды" ||
		k.Localized("en").City != "Karaganda" || k.Localized("de").City != "Караганда" {
		t.Errorf("Karaganda: %+v", k)
	}
	if offices.Timezone != "UTC+5" || offices.HorizonDays != 30 {
		t.Errorf("offices %+v", offices)
	}

	esil := e.officeNamed(tok, "Есиль") // 3 windows, 30 min, 09–18 with 13–14 lunch, Saturday 10–14
	// Today: 09:00 has begun, so 09:30..12:30 and 14:00..17:30 remain (7 + 8).
	s := e.slots(tok, esil.ID, "2026-03-10")
	if len(s.Slots) != 15 || !s.Slots[0].Start.Equal(at("2026-03-10", "09:30")) || s.DayOff {
		t.Fatalf("today %+v", s)
	}
	for _, sl := range s.Slots {
		if sl.Free != 3 || sl.Capacity != 3 || sl.End.Sub(sl.Start) != 30*time.Minute {
			t.Errorf("slot %+v", sl)
		}
		if local := sl.Start.In(fundZone()); local.Hour() == 13 {
			t.Errorf("slot in the lunch break: %v", local)
		}
	}
	if s := e.slots(tok, esil.ID, "2026-03-11"); len(s.Slots) != 16 {
		t.Errorf("tomorrow: %d slots", len(s.Slots))
	}
	if s := e.slots(tok, esil.ID, "2026-03-14"); len(s.Slots) != 8 || s.DayOff { // Saturday 10–14
		t.Errorf("Saturday: %+v", s)
	}
	if s := e.slots(tok, esil.ID, "2026-03-15"); !s.DayOff || len(s.Slots) != 0 { // Sunday
		t.Errorf("Sunday: %+v", s)
	}
	if s := e.slots(tok, esil.ID, "2026-03-23"); !s.DayOff || !strings.Contains(s.Holiday, "Наурыз") ||
		s.HolidayTexts["kk"] != "Наурыз мейрамы" || s.HolidayTexts["en"] != "Nauryz" {
		t.Errorf("Nauryz: %+v", s)
	}
	if s := e.slots(tok, esil.ID, "2026-03-24"); s.HolidayTexts["en"] != "Nauryz (moved)" || s.HolidayTexts["kk"] != "Наурыз мейрамы (ауыстырылған)" {
		t.Errorf("24 March: %+v", s)
	}
	if s := e.slots(tok, esil.ID, "2026-03-09"); len(s.Slots) != 0 { // the past, and a holiday
		t.Errorf("yesterday: %+v", s)
	}
	sary := e.officeNamed(tok, "Сарыарка") // 20-minute slots, closed on Saturday
	if s := e.slots(tok, sary.ID, "2026-03-11"); len(s.Slots) != 24 {
		t.Errorf("20-minute slots: %d", len(s.Slots))
	}
	if s := e.slots(tok, sary.ID, "2026-03-14"); !s.DayOff {
		t.Errorf("Sarыarka on Saturday: %+v", s)
	}

	p := wantProblem(t, e.do("GET", api.PathOfficeSlots(esil.ID)+"?date=2026-05-01", "", tok), http.StatusUnprocessableEntity, api.CodeValidation)
	if p.Reason != api.ReasonSlotTooFar || p.Field != "date" {
		t.Errorf("too far: %+v", p)
	}
	wantProblem(t, e.do("GET", api.PathOfficeSlots(esil.ID)+"?date=11.03.2026", "", tok), http.StatusBadRequest, api.CodeBadRequest)
	wantProblem(t, e.do("GET", api.PathOfficeSlots(999)+"?date=2026-03-11", "", tok), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("GET", api.PathOffices+"/x/slots", "", tok), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("GET", api.PathOffices, "", ""), http.StatusUnauthorized, api.CodeUnauthorized)
}

// The holidays with a fixed date and their moves apply in every year,
// not only in the years the fund's calendar lists: in 2027 Nauryz's
// Sunday moves to Wednesday 24 March. Kurban ait is in the calendar for
// 2026 only.
func TestHolidaysOfAnotherYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.clock.Advance(time.Date(2027, 3, 15, 4, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	tok := e.login(iinBekzat, DemoPassword).Token
	esil := e.officeNamed(tok, "Есиль")
	if s := e.slots(tok, esil.ID, "2027-03-24"); !s.DayOff || len(s.Slots) != 0 || s.Holiday != "Наурыз мейрамы (перенос)" ||
		s.HolidayTexts["kk"] != "Наурыз мейрамы (ауыстырылған)" || s.HolidayTexts["en"] != "Nauryz (moved)" {
		t.Errorf("24 March 2027: %+v", s)
	}
	if s := e.slots(tok, esil.ID, "2027-03-25"); s.DayOff || len(s.Slots) == 0 {
		t.Errorf("25 March 2027 (Thursday): %+v", s)
	}
	slots := e.slots(tok, esil.ID, "2027-03-22")
	if !slots.DayOff || slots.Holiday != "Наурыз мейрамы" {
		t.Errorf("22 March 2027: %+v", slots)
	}
	w := e.do("POST", api.PathBookings, bookBody(esil.ID, time.Date(2027, 3, 24, 5, 0, 0, 0, time.UTC), api.BookingConsultation), tok)
	if p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeValidation); p.Reason != api.ReasonSlotDayOff {
		t.Errorf("booking on the moved day off: reason %q", p.Reason)
	}
}

func TestBookAndRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.IdleTimeout = 24 * time.Hour }) // the clock moves by hours

	bek := e.login(iinBekzat, DemoPassword).Token
	serik := e.login(iinSerik, DemoPassword).Token
	esil := e.officeNamed(bek, "Есиль")
	kar := e.officeNamed(bek, "Қазыбек") // one window

	w := e.do("POST", api.PathBookings, bookBody(esil.ID, at("2026-03-11", "10:00"), api.BookingPayment), bek)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var b api.Booking
	decode(t, w, &b)
	if b.Ticket != "A-001" || b.Window != 1 || b.Status != api.BookingActive || b.Office.ID != esil.ID ||
		!b.End.Equal(at("2026-03-11", "10:30")) || b.Service != api.BookingPayment || w.Header().Get("Location") != api.PathBooking(b.ID) {
		t.Errorf("booking %+v", b)
	}
	if s := e.slots(bek, esil.ID, "2026-03-11"); s.Slots[2].Free != 2 { // 09:00, 09:30, 10:00
		t.Errorf("free after booking: %+v", s.Slots[2])
	}

	refuse := func(tok string, officeID int64, start time.Time, service string, status int, code, reason string) {
		t.Helper()
		p := wantProblem(t, e.do("POST", api.PathBookings, bookBody(officeID, start, service), tok), status, code)
		if p.Reason != reason {
			t.Errorf("%v: reason %q, want %q", start, p.Reason, reason)
		}
	}
	c := api.BookingConsultation
	// One booking a day.
	refuse(bek, esil.ID, at("2026-03-11", "15:00"), c, http.StatusConflict, api.CodeBookingLimit, "")
	refuse(bek, kar.ID, at("2026-03-11", "15:00"), c, http.StatusConflict, api.CodeBookingLimit, "")
	// A slot that has begun (now is 09:00) or is over.
	refuse(bek, esil.ID, at("2026-03-10", "09:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotPast)
	refuse(bek, esil.ID, at("2026-03-06", "10:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotPast)
	// Days off: Sunday, Nauryz.
	refuse(bek, esil.ID, at("2026-03-15", "10:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotDayOff)
	refuse(bek, esil.ID, at("2026-03-23", "10:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotDayOff)
	// Not a slot: off the grid, in the lunch break, after closing.
	refuse(bek, esil.ID, at("2026-03-12", "10:15"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotNotASlot)
	refuse(bek, esil.ID, at("2026-03-12", "13:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotNotASlot)
	refuse(bek, esil.ID, at("2026-03-12", "18:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotNotASlot)
	// Beyond the horizon, an unknown service, an unknown office.
	refuse(bek, esil.ID, at("2026-04-28", "10:00"), c, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonSlotTooFar)
	refuse(bek, esil.ID, at("2026-03-12", "10:00"), "coffee", http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonBadService)
	refuse(bek, 999, at("2026-03-12", "10:00"), c, http.StatusNotFound, api.CodeNotFound, "")
	wantProblem(t, e.do("POST", api.PathBookings, `{"officeId":1,"start":"tomorrow"}`, bek), http.StatusBadRequest, api.CodeBadRequest)
	wantProblem(t, e.do("POST", api.PathBookings, bookBody(esil.ID, at("2026-03-12", "10:00"), c), ""), http.StatusUnauthorized, api.CodeUnauthorized)

	// The one place of Қарағанды's 10:00 slot: Bekzat has it, Serik gets slot_taken.
	kb := e.book(bek, kar.ID, at("2026-03-12", "10:00"))
	if kb.Ticket != "F-001" {
		t.Errorf("ticket %s", kb.Ticket)
	}
	refuse(serik, kar.ID, at("2026-03-12", "10:00"), c, http.StatusConflict, api.CodeSlotTaken, "")
	if s := e.slots(serik, kar.ID, "2026-03-12"); s.Slots[2].Free != 0 || s.Slots[3].Free != 1 {
		t.Errorf("slots after: %+v", s.Slots[2:4])
	}

	// Someone else's booking is not found, to cancel or to print.
	wantProblem(t, e.do("DELETE", api.PathBooking(kb.ID), "", serik), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("GET", api.PathBookingTicket(kb.ID), "", serik), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("DELETE", api.PathBooking(99999), "", bek), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("DELETE", api.PathBookings+"/abc", "", bek), http.StatusNotFound, api.CodeNotFound)
	var list api.Bookings
	decode(t, e.do("GET", api.PathBookings, "", serik), &list)
	if len(list.Bookings) != 0 {
		t.Errorf("Serik sees %+v", list)
	}

	// Bekzat cancels: the place is free again for Serik, and Bekzat may
	// book that day again; cancelling twice is the same answer.
	w = e.do("DELETE", api.PathBooking(kb.ID), "", bek)
	var cancelled api.Booking
	decode(t, w, &cancelled)
	if w.Code != http.StatusOK || cancelled.Status != api.BookingCancelled || cancelled.Cancelled == nil {
		t.Fatalf("cancel: %d %+v", w.Code, cancelled)
	}
	if w := e.do("DELETE", api.PathBooking(kb.ID), "", bek); w.Code != http.StatusOK {
		t.Errorf("cancel twice: %d %s", w.Code, w.Body)
	}
	wantProblem(t, e.do("GET", api.PathBookingTicket(kb.ID), "", bek), http.StatusConflict, api.CodeInvalidState)
	sb := e.book(serik, kar.ID, at("2026-03-12", "10:00"))
	if sb.Ticket != "F-002" || sb.Window != 1 {
		t.Errorf("Serik's booking %+v", sb)
	}
	e.book(bek, kar.ID, at("2026-03-12", "10:30"))

	// Cancel after the start: book today 10:00, the clock passes 10:00.
	today := e.book(serik, esil.ID, at("2026-03-10", "10:00"))
	e.clock.Advance(61 * time.Minute)
	wantProblem(t, e.do("DELETE", api.PathBooking(today.ID), "", serik), http.StatusConflict, api.CodeInvalidState)
	decode(t, e.do("GET", api.PathBookings, "", bek), &list)
	if len(list.Bookings) != 3 || list.Bookings[0].Start.Before(list.Bookings[1].Start) {
		t.Errorf("Bekzat's list %+v", list)
	}
	statuses := map[string]int{}
	for _, b := range list.Bookings {
		statuses[b.Status]++
	}
	if statuses[api.BookingActive] != 2 || statuses[api.BookingCancelled] != 1 {
		t.Errorf("statuses %v", statuses)
	}
	e.clock.Advance(time.Hour)
	decode(t, e.do("GET", api.PathBookings, "", serik), &list)
	if list.Bookings[len(list.Bookings)-1].Status != api.BookingPast {
		t.Errorf("a booking of this morning is past: %+v", list.Bookings)
	}

	if n := e.eventCounts(iinBekzat); n[store.EventBookingCreated] != 3 || n[store.EventBookingCancelled] != 1 {
		t.Errorf("Bekzat's events %v", n)
	}
	if n := e.eventCounts(iinSerik); n[store.EventBookingCreated] != 2 || n[store.EventBookingCancelled] != 0 {
		t.Errorf("Serik's events %v", n)
	}
}

func TestBookingTicketPDF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	b := e.book(tok, e.officeNamed(tok, "Қазыбек").ID, at("2026-03-11", "14:30"))
	w := e.do("GET", api.PathBookingTicket(b.ID), "", tok)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" ||
		!bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF-")) || !strings.Contains(w.Header().Get("Content-Disposition"), "ticket-F-001.pdf") {
		t.Fatalf("%d %v %.20q", w.Code, w.Header(), w.Body.Bytes())
	}
	// Russian by default; Kazakh and English on request, the office in
	// that language; the time in the fund's zone, named.
	want := map[string][]string{
		"": {"Талон электронной очереди", "Караганда", "Отделение «Қазыбек би»", "пр. Бұқар жырау, 60",
			"Дата и время", "Консультация", DefaultFundName},
		"kk": {"Электронды кезек талоны", "Қарағанды", "«Қазыбек би» бөлімшесі", "Бұқар жырау даңғылы, 60",
			"Күні мен уақыты", "Кеңес", DefaultFundNameKK},
		"en": {"Electronic queue ticket", "Karaganda", "Kazybek Bi branch", "60 Bukhar Zhyrau Ave.",
			"Date and time", "Consultation", DefaultFundNameEN},
	}
	for lang, words := range want {
		path := api.PathBookingTicket(b.ID)
		if lang != "" {
			path += "?lang=" + lang
		}
		w := e.do("GET", path, "", tok)
		text := strings.Join(pdfPages(t, w.Body.Bytes()), "\n")
		for _, want := range append(words, "F-001", "Сейткали Бекзат Нурланович", "11.03.2026", "14:30–15:00", "UTC+5", "880415*****7") {
			if !strings.Contains(text, want) {
				t.Errorf("ticket (%q) lacks %q:\n%s", lang, want, text)
			}
		}
		if strings.Contains(text, iinBekzat) {
			t.Error("the ticket prints the full IIN")
		}
	}
}

// newDepositors adds n registered depositors straight into the service's
// file and opens a session for each; it returns their tokens.
func (e *env) newDepositors(n int) []string {
	e.t.Helper()
	db := e.rawDB()
	srv := newServer(Deps{Store: e.svc.store, Argon2: *cheapArgon2(), Clock: e.clock.Now})
	var tokens []string
	for i := 0; len(tokens) < n; i++ {
		first11 := fmt.Sprintf("900101%05d", 30000+i)
		c, ok := kz.IINCheckDigit(first11)
		if !ok {
			continue
		}
		iin := fmt.Sprintf("%s%d", first11, c)
		if _, err := db.Exec(`INSERT INTO depositors (iin, surname, given_name, birth_date, sex, password_hash, created_at)
			VALUES (?, 'Тестов', ?, '1990-01-01', 'male', 'x', ?)`, iin, fmt.Sprintf("Гонщик %d", len(tokens)+1), testStart); err != nil {
			e.t.Fatal(err)
		}
		sess, err := srv.startSession(context.Background(), iin, "password", "192.0.2.99", e.clock.Now())
		if err != nil {
			e.t.Fatal(err)
		}
		tokens = append(tokens, sess.Token)
	}
	return tokens
}

// TestBookingLastPlaceRace: 50 depositors ask for the last free place of
// a slot at the same moment, over real HTTP to the real handler on the
// real database (SQLite, or PostgreSQL on its run). Exactly one gets 201;
// the 49 others get 409 slot_taken; the database holds exactly one booking of theirs.
func TestBookingLastPlaceRace(t *testing.T) {
	t.Parallel()
	const racers = 50
	e := newEnv(t)
	bek := e.login(iinBekzat, DemoPassword).Token
	serik := e.login(iinSerik, DemoPassword).Token
	esil := e.officeNamed(bek, "Есиль") // 3 places a slot
	start := at("2026-03-11", "11:00")
	e.book(bek, esil.ID, start)
	e.book(serik, esil.ID, start)
	if s := e.slots(bek, esil.ID, "2026-03-11"); s.Slots[4].Free != 1 {
		t.Fatalf("before the race: %+v", s.Slots[4])
	}
	tokens := e.newDepositors(racers)

	srv := httptest.NewServer(e.h)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = racers
	body := bookBody(esil.ID, start, api.BookingConsultation)

	var (
		wg     sync.WaitGroup
		ready  sync.WaitGroup
		gate   = make(chan struct{})
		mu     sync.Mutex
		counts = map[string]int{}
	)
	ready.Add(racers)
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", srv.URL+api.PathBookings, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			ready.Done()
			<-gate
			resp, err := client.Do(req)
			key := ""
			if err != nil {
				key = "error: " + err.Error()
			} else {
				var p api.Problem
				json.NewDecoder(resp.Body).Decode(&p)
				resp.Body.Close()
				key = fmt.Sprintf("%d %s", resp.StatusCode, p.Code)
			}
			mu.Lock()
			counts[key]++
			mu.Unlock()
		}()
	}
	ready.Wait()
	close(gate)
	wg.Wait()
	t.Logf("answers: %v", counts)
	if counts["201 "] != 1 || counts["409 "+api.CodeSlotTaken] != racers-1 || len(counts) != 2 {
		t.Errorf("answers %v, want one 201 and %d × 409 slot_taken", counts, racers-1)
	}
	var rows, places int
	slotRows, err := e.db().Query(`SELECT start_at, place FROM bookings WHERE office_id = ? AND cancelled_at IS NULL`, esil.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for slotRows.Next() {
		var at time.Time
		var place int
		if err := slotRows.Scan(&at, &place); err != nil {
			t.Fatal(err)
		}
		if at.Equal(start) {
			rows++
			seen[place] = true
		}
	}
	if err := slotRows.Err(); err != nil {
		t.Fatal(err)
	}
	slotRows.Close()
	places = len(seen)
	var theirs int
	if err := e.db().QueryRow(`SELECT count(*) FROM bookings WHERE iin LIKE '900101%'`).Scan(&theirs); err != nil {
		t.Fatal(err)
	}
	if rows != 3 || places != 3 || theirs != 1 {
		t.Errorf("slot rows %d (places %d), racers' rows %d; want 3, 3, 1", rows, places, theirs)
	}
	if s := e.slots(bek, esil.ID, "2026-03-11"); s.Slots[4].Free != 0 {
		t.Errorf("after the race: %+v", s.Slots[4])
	}
}

// The unique index holds even without the service's checks: a second
// active row for the same place is refused by SQLite itself.
func TestBookingPlaceUniqueInSQLite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	kar := e.officeNamed(tok, "Қазыбек")
	b := e.book(tok, kar.ID, at("2026-03-11", "10:00"))
	db := e.rawDB()
	_, err := db.Exec(`INSERT INTO bookings (office_id, iin, service, start_at, end_at, place, day, ticket, created_at)
		SELECT office_id, ?, service, start_at, end_at, place, day, 'F-999', created_at FROM bookings WHERE id = ?`, iinSerik, b.ID)
	if err == nil || !strings.Contains(err.Error(), "UNIQUE constraint failed: bookings.office_id, bookings.start_at, bookings.place") &&
		!strings.Contains(err.Error(), `"bookings_place"`) {
		t.Errorf("second row for the same place: %v", err)
	}
}
