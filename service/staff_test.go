package service

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// staffRoute is one staff route with a body that would pass validation.
type staffRoute struct{ method, path, body string }

func staffRoutes() []staffRoute {
	return []staffRoute{
		{"GET", api.PathStaffQueue, ""},
		{"GET", api.PathStaffApplication("x"), ""},
		{"POST", api.PathStaffApplicationStatus("x"), jsonBody(api.StaffStatusRequest{Status: api.StatusAccepted})},
		{"GET", api.PathStaffDepositor(iinAigerim), ""},
		{"POST", api.PathStaffContacts(iinAigerim), jsonBody(api.ContactConfirmRequest{Phone: bekzatPhone})},
		{"GET", api.PathStaffBookings + "?date=2026-03-11", ""},
	}
}

// Depositors get 403 on every staff route, without a session 401; the
// route changes nothing.
func TestStaffRoutesForbiddenToDepositors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	for _, rt := range staffRoutes() {
		p := wantProblem(t, e.do(rt.method, rt.path, rt.body, tok), http.StatusForbidden, api.CodeForbidden)
		if p.Detail == "" {
			t.Errorf("%s %s: %+v", rt.method, rt.path, p)
		}
		wantProblem(t, e.do(rt.method, rt.path, rt.body, ""), http.StatusUnauthorized, api.CodeUnauthorized)
	}
	if ev := e.eventCounts(iinBekzat); ev[store.EventContactRemoved] != 0 {
		t.Errorf("a depositor confirmed a contact: %v", ev)
	}
}

func (e *env) staffDepositor(tok, iin string) api.StaffDepositor {
	e.t.Helper()
	w := e.do("GET", api.PathStaffDepositor(iin), "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("staff depositor %s: %d %s", iin, w.Code, w.Body)
	}
	var d api.StaffDepositor
	decode(e.t, w, &d)
	return d
}

func TestStaffDepositor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinStaff, DemoStaffPassword).Token
	d := e.staffDepositor(tok, iinAsel)
	if d.IIN != iinAsel || d.FullName != "Нурланова Асель Маратовна" || d.BirthDate != "1992-11-02" ||
		d.Phone != "77771234501" || d.Email != "asel.n@mail.kz" || !d.Registered ||
		d.Disability != "2" || !d.DisabilityForLife || d.ContactsConfirmedAt != nil {
		t.Errorf("Asel = %+v", d)
	}
	if d := e.staffDepositor(tok, iinAigerim); d.Registered || d.Phone != bekzatPhone {
		t.Errorf("Aigerim = %+v", d)
	}
	p := wantProblem(t, e.do("GET", api.PathStaffDepositor("880415300158"), "", tok), http.StatusUnprocessableEntity, api.CodeInvalidIIN)
	if p.Field != "iin" {
		t.Errorf("bad IIN: %+v", p)
	}
	wantProblem(t, e.do("GET", api.PathStaffDepositor(iinNobody), "", tok), http.StatusNotFound, api.CodeDepositorNotFound)
	// Staff are not depositors.
	wantProblem(t, e.do("GET", api.PathStaffDepositor(iinStaff), "", tok), http.StatusNotFound, api.CodeDepositorNotFound)
}

// The memo's case: Aigerim's phone is also Bekzat's, so her registration
// by it is refused until an office confirms the phone as hers; then it
// starts (the code goes out) and Bekzat no longer holds the phone.
func TestStaffConfirmsSharedPhone(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	reg := api.RegistrationRequest{Surname: "Сейткали", GivenName: "Айгерим", Patronymic: "Нурлановна",
		IIN: iinAigerim, Phone: "8 701 234 56 00"}
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(reg), ""), http.StatusConflict, api.CodeContactShared)

	tok := e.login(iinStaff, DemoStaffPassword).Token
	path := api.PathStaffContacts(iinAigerim)
	for _, tc := range []struct {
		body          api.ContactConfirmRequest
		status        int
		code, problem string
	}{
		{api.ContactConfirmRequest{Phone: "+7 495 123 45 67"}, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonPhone},
		{api.ContactConfirmRequest{Phone: "7701"}, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonPhone},
		{api.ContactConfirmRequest{Phone: bekzatPhone, Email: "not-an-address"}, http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonEmail},
		{api.ContactConfirmRequest{}, http.StatusBadRequest, api.CodeBadRequest, ""},
	} {
		p := wantProblem(t, e.do("POST", path, jsonBody(tc.body), tok), tc.status, tc.code)
		if tc.problem != "" && (p.Field != tc.problem || p.Reason != tc.problem) {
			t.Errorf("%+v: problem %+v", tc.body, p)
		}
	}
	wantProblem(t, e.do("POST", api.PathStaffContacts(iinNobody), jsonBody(api.ContactConfirmRequest{Phone: bekzatPhone}), tok),
		http.StatusNotFound, api.CodeDepositorNotFound)
	wantProblem(t, e.do("POST", api.PathStaffContacts("12345"), jsonBody(api.ContactConfirmRequest{Phone: bekzatPhone}), tok),
		http.StatusUnprocessableEntity, api.CodeInvalidIIN)
	if d := e.staffDepositor(tok, iinBekzat); d.Phone != bekzatPhone { // refusals changed nothing
		t.Fatalf("Bekzat after refusals = %+v", d)
	}
	wantProblem(t, e.do("POST", api.PathRegistration, jsonBody(reg), ""), http.StatusConflict, api.CodeContactShared)

	w := e.do("POST", path, jsonBody(api.ContactConfirmRequest{Phone: "+7 (701) 234-56-00"}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var d api.StaffDepositor
	decode(t, w, &d)
	if d.IIN != iinAigerim || d.Phone != bekzatPhone || d.Email != aigerimMail || d.ContactsConfirmedAt == nil ||
		!d.ContactsConfirmedAt.Equal(testStart) {
		t.Errorf("confirmed = %+v", d)
	}
	if b := e.staffDepositor(tok, iinBekzat); b.Phone != "" || b.Email != bekzatEmail {
		t.Errorf("Bekzat still holds the phone: %+v", b)
	}
	var by string
	if err := e.db().QueryRow(`SELECT contacts_confirmed_by FROM depositors WHERE iin = ?`, iinAigerim).Scan(&by); err != nil || by != iinStaff {
		t.Errorf("confirmed by %q, %v", by, err)
	}
	for iin, kind := range map[string]string{
		iinAigerim: store.EventContactsConfirmed,
		iinBekzat:  store.EventContactRemoved,
		iinStaff:   store.EventStaffContactsConfirmed,
	} {
		if ev := e.eventCounts(iin); ev[kind] != 1 {
			t.Errorf("%s: events %v, want one %s", iin, ev, kind)
		}
	}

	ch := e.register(reg)
	if ch.Channel != "sms" || ch.MaskedContact != "7701*****00" {
		t.Errorf("challenge = %+v", ch)
	}
	code := e.lastCode(bekzatPhone)
	w = e.do("POST", pathWithID(api.PathRegConfirm, ch.ID), confirmBody(code, goodPassword, goodPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("registration confirm: %d %s", w.Code, w.Body)
	}
	// Bekzat recovers his password by his e-mail only now.
	id, answer := e.captcha()
	w = e.do("POST", api.PathPasswordReset, jsonBody(api.PasswordResetRequest{IIN: iinBekzat, CaptchaID: id, CaptchaAnswer: answer}), "")
	var pr api.PasswordReset
	decode(t, w, &pr)
	if len(pr.Contacts) != 1 || pr.Contacts[0].ID != contactEmail {
		t.Errorf("Bekzat's reset contacts = %+v", pr.Contacts)
	}
}

// An e-mail shared with another depositor is taken from him too, and the
// e-mail confirmed is then the depositor's for registration.
func TestStaffConfirmsEmail(t *testing.T) {
	t.Parallel()
	e := otpEnv(t)
	tok := e.login(iinStaff, DemoStaffPassword).Token
	w := e.do("POST", api.PathStaffContacts(iinDauren), jsonBody(api.ContactConfirmRequest{Email: " Bekzat.S@MAIL.kz "}), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	var d api.StaffDepositor
	decode(t, w, &d)
	if d.Email != "Bekzat.S@mail.kz" || d.Phone != daurenPhone {
		t.Errorf("Dauren = %+v", d)
	}
	if b := e.staffDepositor(tok, iinBekzat); b.Email != "" || b.Phone != bekzatPhone {
		t.Errorf("Bekzat = %+v", b)
	}
	r := daurenReg()
	r.Phone, r.Email = "", "bekzat.s@mail.kz"
	if ch := e.register(r); ch.Channel != "email" {
		t.Errorf("challenge = %+v", ch)
	}
}

func (e *env) staffBookings(tok, query string) api.StaffBookings {
	e.t.Helper()
	w := e.do("GET", api.PathStaffBookings+query, "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("staff bookings %s: %d %s", query, w.Code, w.Body)
	}
	var b api.StaffBookings
	decode(e.t, w, &b)
	return b
}

func TestStaffDayBookings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bekzat := e.login(iinBekzat, DemoPassword).Token
	serik := e.login(iinSerik, DemoPassword).Token
	esil := e.officeNamed(bekzat, "Есиль")
	var other api.Office
	var offices api.Offices
	decode(t, e.do("GET", api.PathOffices, "", bekzat), &offices)
	for _, o := range offices.Offices {
		if o.ID != esil.ID {
			other = o
			break
		}
	}
	late := e.book(bekzat, esil.ID, at("2026-03-11", "15:00"))
	early := e.book(serik, other.ID, e.slots(serik, other.ID, "2026-03-11").Slots[0].Start)
	cancelled := e.book(serik, esil.ID, at("2026-03-12", "10:00"))
	if w := e.do("DELETE", api.PathBooking(cancelled.ID), "", serik); w.Code != http.StatusOK {
		t.Fatalf("cancel: %d %s", w.Code, w.Body)
	}

	tok := e.login(iinStaff, DemoStaffPassword).Token
	day := e.staffBookings(tok, "?date=2026-03-11")
	if day.Date != "2026-03-11" || len(day.Bookings) != 2 {
		t.Fatalf("day = %+v", day)
	}
	first, second := day.Bookings[0], day.Bookings[1]
	if first.ID != early.ID || first.IIN != iinSerik || first.DepositorName != "Ахметов Серик Болатович" ||
		first.Office.ID != other.ID || first.Status != api.BookingActive {
		t.Errorf("first = %+v", first)
	}
	if second.ID != late.ID || second.IIN != iinBekzat || second.DepositorName != "Сейткали Бекзат Нурланович" ||
		second.Ticket != late.Ticket || !second.Start.Equal(late.Start) || second.Office.Name != esil.Name {
		t.Errorf("second = %+v", second)
	}
	if one := e.staffBookings(tok, "?date=2026-03-11&office="+strconv.FormatInt(esil.ID, 10)); len(one.Bookings) != 1 || one.Bookings[0].ID != late.ID {
		t.Errorf("Esil only = %+v", one)
	}
	if next := e.staffBookings(tok, "?date=2026-03-12"); len(next.Bookings) != 1 || next.Bookings[0].Status != api.BookingCancelled ||
		next.Bookings[0].Cancelled == nil {
		t.Errorf("cancelled = %+v", next)
	}
	if none := e.staffBookings(tok, "?date=2026-03-13"); len(none.Bookings) != 0 || none.Bookings == nil {
		t.Errorf("another day = %+v", none)
	}
	if today := e.staffBookings(tok, ""); today.Date != "2026-03-10" || len(today.Bookings) != 0 {
		t.Errorf("today = %+v", today)
	}
	for _, q := range []string{"?date=11.03.2026", "?office=x", "?office=-1"} {
		wantProblem(t, e.do("GET", api.PathStaffBookings+q, "", tok), http.StatusBadRequest, api.CodeBadRequest)
	}
	wantProblem(t, e.do("GET", api.PathStaffBookings+"?office=9999", "", tok), http.StatusNotFound, api.CodeNotFound)
}

// submitApp stores a signed application of iin as the submit handler
// would (the signature itself is not looked at by the staff routes).
func (e *env) submitApp(iin string, doc api.Document, eff store.Effect) store.Application {
	e.t.Helper()
	doc.Version, doc.IIN, doc.CreatedAt = api.DocumentVersion, iin, e.clock.Now()
	b, err := api.DocumentBytes(doc)
	if err != nil {
		e.t.Fatal(err)
	}
	a, _, err := e.svc.store.CreateApplication(context.Background(), store.NewApplication{
		IIN: iin, Type: doc.Type, At: e.clock.Now(), Document: b, Signature: []byte{0x30},
		Signer: store.Signer{Name: doc.FullName, IIN: iin, Serial: "01", Issuer: "Demo CA", NotAfter: e.clock.Now().AddDate(1, 0, 0)},
		Effect: eff,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) staffQueue(tok, query string) []api.Application {
	e.t.Helper()
	w := e.do("GET", api.PathStaffQueue+query, "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("queue %s: %d %s", query, w.Code, w.Body)
	}
	var q api.Applications
	decode(e.t, w, &q)
	return q.Applications
}

func statusBody(status, reason string) string {
	return jsonBody(api.StaffStatusRequest{Status: status, Reason: reason})
}

const staffName = "Кузнецова Ольга Викторовна"

func TestStaffMovesApplications(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.BackOffice.Disabled = true }) // only staff move them
	const iban = "KZ86125KZT5004100100"
	bank := e.submitApp(iinBekzat, api.Document{Type: api.AppBankDetails, FullName: "Сейткали Бекзат Нурланович",
		Bank: &api.BankDetails{IBAN: iban}}, store.Effect{IBAN: iban, BankName: "Bank"})
	e.clock.Advance(10 * time.Second)
	details := e.submitApp(iinSerik, api.Document{Type: api.AppAdditionalDetails, FullName: "Ахметов Серик Болатович",
		Details: &api.AdditionalDetails{Address: "Астана"}}, store.Effect{Address: "Астана"})
	e.clock.Advance(10 * time.Second)
	tok := e.login(iinStaff, DemoStaffPassword).Token

	q := e.staffQueue(tok, "")
	if len(q) != 2 || q[0].ID != bank.ID || q[1].ID != details.ID {
		t.Fatalf("queue = %+v", q)
	}
	if q[0].IIN != iinBekzat || q[0].DepositorName != "Сейткали Бекзат Нурланович" || q[0].Number != bank.Number ||
		q[0].Document.Bank == nil || q[0].Document.Bank.IBAN != iban || len(q[0].History) != 1 || q[1].IIN != iinSerik {
		t.Errorf("queue = %+v", q)
	}

	path := api.PathStaffApplicationStatus(bank.ID)
	// Not straight from submitted to executed (the audit's finding): the
	// answer names the next steps, and nothing moved.
	p := wantProblem(t, e.do("POST", path, statusBody(api.StatusExecuted, ""), tok), http.StatusConflict, api.CodeStatusNotNext)
	if !strings.Contains(p.Detail, "accepted") {
		t.Errorf("detail %q does not name the next step", p.Detail)
	}
	var st string
	if err := e.db().QueryRow(`SELECT status FROM applications WHERE id = ?`, bank.ID).Scan(&st); err != nil || st != api.StatusSubmitted {
		t.Fatalf("status after a refused jump = %q, %v", st, err)
	}
	w := e.do("POST", path, statusBody(api.StatusAccepted, "ignored"), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", w.Code, w.Body)
	}
	var a api.Application
	decode(t, w, &a)
	if a.Status != api.StatusAccepted || a.IIN != iinBekzat || len(a.History) != 2 {
		t.Fatalf("accepted = %+v", a)
	}
	if h := a.History[1]; h.Actor != api.ActorStaff || h.ActorName != staffName || h.Reason != "" || !h.At.Equal(e.clock.Now()) {
		t.Errorf("history = %+v", h)
	}
	var actor, name, reason string
	if err := e.db().QueryRow(`SELECT actor, actor_name, reason FROM application_history
		WHERE application_id = ? ORDER BY id DESC LIMIT 1`, bank.ID).Scan(&actor, &name, &reason); err != nil ||
		actor != api.ActorStaff || name != staffName || reason != "" {
		t.Errorf("stored history row: %q %q %q %v", actor, name, reason, err)
	}

	for _, tc := range []struct {
		body   string
		status int
		code   string
		field  string
	}{
		{statusBody(api.StatusSubmitted, ""), http.StatusConflict, api.CodeStatusNotNext, ""}, // backwards
		{statusBody(api.StatusAccepted, ""), http.StatusConflict, api.CodeStatusNotNext, ""},  // not forward
		{statusBody(api.StatusApproved, ""), http.StatusConflict, api.CodeStatusNotNext, ""},  // skips processing
		{statusBody(api.StatusExecuted, ""), http.StatusConflict, api.CodeStatusNotNext, ""},  // skips two steps
		{statusBody(api.StatusCanceled, ""), http.StatusConflict, api.CodeInvalidState, ""},   // not by staff
		{statusBody("done", ""), http.StatusUnprocessableEntity, api.CodeValidation, "status"},
		{statusBody(api.StatusRejected, ""), http.StatusUnprocessableEntity, api.CodeValidation, "reason"},
		{statusBody(api.StatusRejected, "  \n "), http.StatusUnprocessableEntity, api.CodeValidation, "reason"},
		{`{"status":"rejected","reason":1}`, http.StatusBadRequest, api.CodeBadRequest, ""},
	} {
		p := wantProblem(t, e.do("POST", path, tc.body, tok), tc.status, tc.code)
		if tc.field != "" && p.Field != tc.field {
			t.Errorf("%s: problem %+v", tc.body, p)
		}
		if tc.field == "reason" && p.Reason != api.ReasonRejectReason {
			t.Errorf("%s: problem %+v", tc.body, p)
		}
	}
	wantProblem(t, e.do("POST", api.PathStaffApplicationStatus("nope"), statusBody(api.StatusAccepted, ""), tok),
		http.StatusNotFound, api.CodeNotFound)

	const why = "IBAN принадлежит другому лицу"
	w = e.do("POST", path, statusBody(api.StatusRejected, " "+why+" "), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("reject: %d %s", w.Code, w.Body)
	}
	decode(t, w, &a)
	if last := a.History[len(a.History)-1]; a.Status != api.StatusRejected || last.Reason != why || last.ActorName != staffName {
		t.Errorf("rejected = %+v", a)
	}
	// Final now.
	wantProblem(t, e.do("POST", path, statusBody(api.StatusExecuted, ""), tok), http.StatusConflict, api.CodeInvalidState)

	// The depositor sees the rejection and its reason, and has a notification.
	bekzat := e.login(iinBekzat, DemoPassword).Token
	w = e.do("GET", api.PathApplication(bank.ID), "", bekzat)
	if w.Code != http.StatusOK {
		t.Fatalf("depositor's application: %d %s", w.Code, w.Body)
	}
	var mine api.Application
	decode(t, w, &mine)
	if last := mine.History[len(mine.History)-1]; mine.Status != api.StatusRejected || last.Reason != why ||
		last.Actor != api.ActorStaff || last.ActorName != staffName {
		t.Errorf("depositor's application = %+v", mine)
	}
	var notes api.Notifications
	decode(t, e.do("GET", api.PathNotifications, "", bekzat), &notes)
	found := false
	for _, n := range notes.Notifications {
		found = found || n.ApplicationID == bank.ID && n.Status == api.StatusRejected && n.Reason == why && !n.Read
	}
	if !found || notes.Unread != 2 { // accepted, rejected
		t.Errorf("notifications = %+v", notes)
	}
	// Serik's application is not Bekzat's to see.
	wantProblem(t, e.do("GET", api.PathApplication(details.ID), "", bekzat), http.StatusNotFound, api.CodeNotFound)

	if q := e.staffQueue(tok, ""); len(q) != 1 || q[0].ID != details.ID {
		t.Errorf("unfinished = %+v", q)
	}
	if q := e.staffQueue(tok, "?status=rejected"); len(q) != 1 || q[0].ID != bank.ID || q[0].Status != api.StatusRejected {
		t.Errorf("rejected = %+v", q)
	}
	if q := e.staffQueue(tok, "?status=executed"); q == nil || len(q) != 0 {
		t.Errorf("executed = %#v, want []", q)
	}
	wantProblem(t, e.do("GET", api.PathStaffQueue+"?status=lost", "", tok), http.StatusBadRequest, api.CodeBadRequest)

	w = e.do("GET", api.PathStaffApplication(bank.ID), "", tok)
	var one api.Application
	decode(t, w, &one)
	if one.ID != bank.ID || one.IIN != iinBekzat || one.DepositorName == "" || len(one.History) != 3 {
		t.Errorf("one = %+v", one)
	}
	wantProblem(t, e.do("GET", api.PathStaffApplication("nope"), "", tok), http.StatusNotFound, api.CodeNotFound)
	if ev := e.eventCounts(iinStaff); ev[store.EventStaffApplicationStatus] != 2 {
		t.Errorf("staff events %v", ev)
	}
}

// The workstation names a portfolio manager of an application by the
// application options, which a staff session may read: every manager with
// its name, and nothing a staff member could apply for.
func TestStaffReadsManagerNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinStaff, DemoStaffPassword).Token
	w := e.do("GET", api.PathApplicationOptions, "", tok)
	if w.Code != http.StatusOK {
		t.Fatalf("options for staff: %d %s", w.Code, w.Body)
	}
	var opts api.ApplicationOptions
	decode(t, w, &opts)
	managers, err := e.svc.store.Managers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Managers) != len(managers) || len(managers) < 2 {
		t.Fatalf("%d managers answered, %d in the store", len(opts.Managers), len(managers))
	}
	for i, m := range managers {
		if got := opts.Managers[i]; got.ID != m.ID || got.Name != m.Name || got.Name == "" {
			t.Errorf("manager %d: %+v, want %s %q", i, got, m.ID, m.Name)
		}
	}
	for _, p := range opts.Payments {
		if p.Eligible || p.Reason != api.ReasonStaffCannotApply {
			t.Errorf("staff may apply: %+v", p)
		}
	}
}
