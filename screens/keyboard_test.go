package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kabinet-kz/kabinet/api"
)

// show puts content in an 800×600 test window.
func show(t *testing.T, content fyne.CanvasObject) fyne.Canvas {
	t.Helper()
	w := test.NewWindow(content)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 600))
	return w.Canvas()
}

// focusWalk focuses first and presses Tab (FocusNext) until the focus
// comes back round: the Tab order.
func focusWalk(c fyne.Canvas, first fyne.Focusable) []fyne.Focusable {
	c.Focus(first)
	var order []fyne.Focusable
	for i := 0; i < 40; i++ {
		f := c.Focused()
		if f == nil || (i > 0 && f == first) {
			break
		}
		order = append(order, f)
		c.FocusNext()
	}
	return order
}

// assertOrder checks that want comes in this order among the stops of
// the Tab walk (other stops, e.g. a «Показать пароль» button, may come
// between), and that nothing of want is skipped.
func assertOrder(t *testing.T, got []fyne.Focusable, want ...fyne.Focusable) {
	t.Helper()
	i := 0
	for _, f := range got {
		if i < len(want) && f == want[i] {
			i++
		}
	}
	if i != len(want) {
		t.Errorf("Tab order reaches %d of %d fields in order (stops: %d); missing from #%d", i, len(want), len(got), i)
	}
}

// enter presses Enter in the focused widget, as the keyboard does.
func enter(e fyne.Focusable) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

func TestKeyboardChangePassword(t *testing.T) {
	test.NewTempApp(t)
	c := NewChangePassword()
	cv := show(t, c.Content())
	var saved int
	c.OnSave = func(_, _, _ string) { saved++ }
	enter(c.NewPass.Repeat)
	if saved != 0 {
		t.Fatal("Enter saved an empty form")
	}
	test.Type(c.Current, "old-Password-1")
	test.Type(c.NewPass.Password, "violet-Harbour-58-kettle")
	test.Type(c.NewPass.Repeat, "violet-Harbour-58-kettle")
	// «Сохранить» is a Tab stop once it is enabled, after the fields.
	order := focusWalk(cv, c.Current)
	assertOrder(t, order, c.Current, c.NewPass.Password, c.NewPass.Repeat, c.Save)
	for _, e := range []*Entry{c.Current, c.NewPass.Password, c.NewPass.Repeat} {
		enter(e)
	}
	if saved != 3 {
		t.Errorf("Enter in the 3 fields saved %d times", saved)
	}
}

func TestKeyboardOTPStep(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme()) // the countdown is bold monospace
	s := NewOTPStep()
	order := focusWalk(show(t, s.Content()), s.Code)
	assertOrder(t, order, s.Code, s.Resend, s.NewPass.Password, s.NewPass.Repeat)
	var confirmed int
	s.OnConfirm = func(_, _, _ string) { confirmed++ }
	enter(s.Code)
	if confirmed != 0 {
		t.Fatal("Enter confirmed an empty form")
	}
	test.Type(s.Code, "123456")
	test.Type(s.NewPass.Password, "violet-Harbour-58-kettle")
	test.Type(s.NewPass.Repeat, "violet-Harbour-58-kettle")
	for _, e := range []*Entry{s.Code, s.NewPass.Password, s.NewPass.Repeat} {
		enter(e)
	}
	if confirmed != 3 {
		t.Errorf("Enter in the 3 fields confirmed %d times", confirmed)
	}
}

func TestKeyboardForgotStepOne(t *testing.T) {
	test.NewTempApp(t)
	f := NewForgot()
	cv := show(t, f.Content())
	var sent int
	f.OnSubmit = func(_, _, _ string) { sent++ }
	f.SetCaptcha(api.Captcha{ID: "c1"})
	test.Type(f.IIN, "880415300157")
	test.Type(f.Answer, "12345")
	// «Далее» is a Tab stop once the step is valid, after the fields.
	order := focusWalk(cv, f.IIN)
	assertOrder(t, order, f.IIN, f.NewCaptcha, f.Answer, f.Next)
	enter(f.IIN)
	enter(f.Answer)
	if sent != 2 {
		t.Errorf("Enter in the IIN and the answer sent %d times", sent)
	}
}

func TestKeyboardLoginAndRegister(t *testing.T) {
	test.NewTempApp(t)
	l := NewLogin()
	cv := show(t, l.Content())
	test.Type(l.IIN, "880415300157")
	test.Type(l.Password, "secret-pass")
	assertOrder(t, focusWalk(cv, l.IIN), l.IIN, l.Password, l.Remember, l.Public, l.LoginButton)
	r := NewRegister()
	assertOrder(t, focusWalk(show(t, r.Content()), r.Surname), r.Surname, r.GivenName, r.Patronymic, r.IIN, r.Phone, r.Email)
}

func TestKeyboardStaffContacts(t *testing.T) {
	test.NewTempApp(t)
	p := NewStaffContacts()
	cv := show(t, p.Content())
	var confirmed []api.ContactConfirmRequest
	p.OnConfirm = func(_ api.StaffDepositor, r api.ContactConfirmRequest) { confirmed = append(confirmed, r) }
	test.Type(p.IIN, "950109400452")
	p.SetDepositor(api.StaffDepositor{IIN: "950109400452", FullName: "Сейткали Айгерим Нурлановна", BirthDate: "1995-01-09",
		Registered: true})
	test.Type(p.NewPhone, "+7 701 234 56 00")
	assertOrder(t, focusWalk(cv, p.IIN), p.IIN, p.Find, p.NewPhone, p.NewEmail, p.Confirm)
	enter(p.NewPhone)
	test.Type(p.NewEmail, "aigerim.s@mail.kz")
	enter(p.NewEmail)
	if len(confirmed) != 2 || confirmed[0].Phone != "77012345600" || confirmed[1].Email != "aigerim.s@mail.kz" {
		t.Fatalf("Enter in the contact fields confirmed %+v", confirmed)
	}
	p.NewEmail.SetText("not-an-email")
	enter(p.NewEmail)
	if len(confirmed) != 2 {
		t.Fatal("Enter confirmed a bad e-mail")
	}
}

func TestKeyboardApplicationForm(t *testing.T) {
	test.NewTempApp(t)
	f := NewApplicationForm(ServiceDetails)
	cv := show(t, f.Content())
	o := demoOptions()
	o.BankIBAN = testIBAN(t, "601")
	f.SetOptions(o)
	var next []api.Document
	f.OnNext = func(d api.Document) { next = append(next, d) }
	test.Type(f.IBAN, testIBAN(t, "856"))
	enter(f.IBAN)
	if len(next) != 1 || next[0].Bank == nil {
		t.Fatalf("Enter in the IBAN went on with %+v", next)
	}
	f.SelectTab(1)
	assertOrder(t, focusWalk(cv, f.Address), f.Address, f.Phone, f.Email)
	test.Type(f.Phone, "+7 701 234 56 99")
	enter(f.Phone)
	enter(f.Email)
	if len(next) != 3 || next[1].Details == nil || next[1].Details.Phone != "77012345699" {
		t.Fatalf("Enter in the phone and e-mail went on with %+v", next)
	}
	test.Type(f.Email, "x")
	enter(f.Email)
	if len(next) != 3 {
		t.Fatal("Enter went on with a bad e-mail")
	}
}

func TestKeyboardSecondStep(t *testing.T) {
	test.NewTempApp(t)
	s := NewSecondStep("880415300157")
	cv := show(t, s.Content())
	var got []string
	s.OnConfirm = func(code string) { got = append(got, code) }
	s.OnRecovery = func(code string) { got = append(got, "recovery:"+code) }
	test.Type(s.Code, "123456")
	assertOrder(t, focusWalk(cv, s.Code), s.Code, s.Confirm, s.Back)
	enter(s.Code)
	if len(got) != 1 || got[0] != "123456" {
		t.Fatalf("Enter in the code field confirmed %q", got)
	}
	s.SetRecovery(true)
	test.Type(s.Recovery, "7k2m-9qpx-4hd0")
	assertOrder(t, focusWalk(cv, s.Recovery), s.Recovery, s.Confirm, s.Back)
	enter(s.Recovery)
	if len(got) != 2 || got[1] != "recovery:7k2m-9qpx-4hd0" {
		t.Fatalf("Enter in the recovery field gave %q", got)
	}
}

func TestKeyboardDPV(t *testing.T) {
	test.NewTempApp(t)
	d := NewDPV(time.Date(2026, 12, 3, 10, 0, 0, 0, FundZone))
	cv := show(t, d.Content())
	var sent int
	d.OnSubmit = func(api.DPVOrderRequest) { sent++ }
	test.Type(d.Amount, "25000")
	assertOrder(t, focusWalk(cv, d.Amount), d.Amount, d.Period, d.Submit)
	// Enter asks first («Перечислить 25 000 ₸…?»); only Confirm sends.
	enter(d.Amount)
	if sent != 0 || !d.Confirm.Visible() {
		t.Fatalf("Enter in the amount: sent %d, confirm shown %v", sent, d.Confirm.Visible())
	}
	test.Tap(d.Confirm)
	if sent != 1 {
		t.Fatalf("Confirm sent %d orders", sent)
	}
}
