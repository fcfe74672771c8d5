package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"

	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
)

// knownCaptcha is a captcha store whose answer the test knows; the real
// image captcha is tested in service/captcha.
type knownCaptcha struct {
	mu   sync.Mutex
	used map[string]bool
	n    int
}

func (k *knownCaptcha) New(now time.Time) (string, []byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n++
	img := image.NewRGBA(image.Rect(0, 0, 240, 80))
	img.Set(10, 10, color.Black)
	var b bytes.Buffer
	png.Encode(&b, img)
	return "c" + string(rune('0'+k.n)), b.Bytes(), nil
}

func (k *knownCaptcha) Verify(id, answer string, now time.Time) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.used == nil {
		k.used = map[string]bool{}
	}
	if k.used[id] {
		return false
	}
	k.used[id] = true
	return strings.EqualFold(answer, "K7MPX")
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

// lastCode reads the newest one-time password from the demo outbox.
func lastCode(t *testing.T, svc *service.Service) string {
	t.Helper()
	box, err := client.NewInProcess(svc.Handler()).Outbox(context.Background())
	if err != nil || len(box.Messages) == 0 {
		t.Fatalf("outbox: %v, %d messages", err, len(box.Messages))
	}
	m := codeRE.FindStringSubmatch(box.Messages[0].Body)
	if m == nil {
		t.Fatalf("no code in %q", box.Messages[0].Body)
	}
	return m[1]
}

const newPassword = "Жаңа құпия сөз: таулы өлке 2026"

func TestRegistrationFlow(t *testing.T) {
	h := newHarness(t, nil)
	h.tap(h.a.Login().Register)
	r := h.a.account.register
	if r == nil || h.a.active != r {
		t.Fatal("registration screen not shown")
	}
	// Names in any letter case, phone typed the way people type it.
	h.typ(r.Surname, "омаров")
	h.typ(r.GivenName, "ДАУРЕН")
	h.typ(r.IIN, "850721300125")
	h.typ(r.Phone, "8 (708) 111-22-33")
	if r.Next.Disabled() {
		t.Fatalf("next disabled: hint %q", r.Hint.Text)
	}
	h.tap(r.Next)
	h.a.WaitIdle()
	var sent string
	h.with(func() { sent = r.OTP.Sent.Text })
	if r.Step() != 2 || !strings.Contains(sent, "7708*****33") {
		t.Fatalf("step %d, sent %q, status %q", r.Step(), sent, r.Status.Text)
	}
	h.with(func() {
		if !strings.Contains(r.OTP.Countdown.Text, "14:") && !strings.Contains(r.OTP.Countdown.Text, "15:00") {
			t.Errorf("countdown %q", r.OTP.Countdown.Text)
		}
		if !r.OTP.Resend.Disabled() {
			t.Error("resend allowed at once")
		}
	})
	code := lastCode(t, h.svc)
	h.with(func() {
		test.Type(r.OTP.Code, code)
		test.Type(r.OTP.NewPass.Password, "qwerty123")
	})
	h.with(func() {
		if !strings.Contains(r.OTP.NewPass.Verdict.Text, "распространён") || !r.OTP.Confirm.Disabled() {
			t.Errorf("weak password accepted: %q", r.OTP.NewPass.Verdict.Text)
		}
		r.OTP.NewPass.Password.SetText("")
		test.Type(r.OTP.NewPass.Password, newPassword)
		test.Type(r.OTP.NewPass.Repeat, newPassword)
		if r.OTP.Confirm.Disabled() {
			t.Fatalf("confirm disabled: %q", r.OTP.NewPass.Verdict.Text)
		}
		test.Tap(r.OTP.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !h.a.LoggedIn() || h.a.Home().IIN.Text != "850721300125" {
			t.Fatalf("not logged in after registration; status %q", r.Status.Text)
		}
	})
	// The new password works for a normal login.
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.login(t, "850721300125", newPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login with the new password: %q", statusOf(h))
	}
}

func TestRegistrationRefusals(t *testing.T) {
	h := newHarness(t, nil)
	h.tap(h.a.Login().Register)
	r := h.a.account.register
	try := func(surname, given, iin, phone, email, want string) {
		t.Helper()
		for _, e := range []*screens.Entry{r.Surname, r.GivenName, r.IIN, r.Phone, r.Email} {
			h.with(func() { e.SetText("") })
		}
		h.typ(r.Surname, surname)
		h.typ(r.GivenName, given)
		h.typ(r.IIN, iin)
		h.typ(r.Phone, phone)
		h.typ(r.Email, email)
		h.tap(r.Next)
		h.a.WaitIdle()
		if !r.Status.Visible() || !strings.Contains(r.Status.Text, want) {
			t.Errorf("%s %s: status %q, want %q", surname, iin, r.Status.Text, want)
		}
		if r.Step() != 1 || r.Surname.Text != surname {
			t.Errorf("input lost or step changed")
		}
	}
	try("Омаров", "Даурен", "850721300125", "", "someone.else@mail.kz", "не найден")
	try("Сейткали", "Айгерим", "950109400452", "+77012345600", "", "совпадает с реквизитом другого вкладчика")
	try("Сейткали", "Бекзат", "880415300157", "+77012345600", "", "уже зарегистрированы")
}

func TestRegistrationOTPExpired(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Now())
	h := newHarness(t, func(d *Deps) { d.Clock = clk }, func(c *service.Config) { c.Clock = clk.Now })
	h.tap(h.a.Login().Register)
	r := h.a.account.register
	h.typ(r.Surname, "Омаров")
	h.typ(r.GivenName, "Даурен")
	h.typ(r.IIN, "850721300125")
	h.typ(r.Email, "dauren.omarov@mail.kz")
	h.tap(r.Next)
	h.a.WaitIdle()
	code := lastCode(t, h.svc)
	// 14:59 later the code still works for the step (we only look at the
	// countdown); 15:01 later the service says otp_expired.
	clk.Advance(15*time.Minute + time.Second)
	h.with(func() {
		test.Type(r.OTP.Code, code)
		test.Type(r.OTP.NewPass.Password, newPassword)
		test.Type(r.OTP.NewPass.Repeat, newPassword)
		test.Tap(r.OTP.Confirm)
	})
	h.a.WaitIdle()
	var top any
	h.with(func() { top = h.a.Window().Canvas().Overlays().Top() })
	if top == nil {
		t.Fatal("no «Срок действия одноразового пароля истек» dialog")
	}
	h.with(func() {
		if !strings.Contains(dialogText(top), "Срок действия одноразового пароля истек") {
			t.Errorf("dialog says %q", dialogText(top))
		}
	})
}

func TestForgotPasswordFlow(t *testing.T) {
	h := newHarness(t, nil, func(c *service.Config) { c.Captcha = &knownCaptcha{} })
	h.typ(h.a.Login().IIN, demoIIN)
	h.tap(h.a.Login().Forgot)
	h.a.WaitIdle()
	f := h.a.account.forgot
	if f == nil || f.IIN.Text != demoIIN || f.Captcha.Image == nil {
		t.Fatal("reset screen without IIN or captcha image")
	}
	h.typ(f.Answer, "WRONG")
	h.tap(f.Next)
	h.a.WaitIdle()
	if !strings.Contains(f.Status.Text, "неверно") || f.Answer.Text != "" {
		t.Fatalf("wrong captcha: %q (answer %q)", f.Status.Text, f.Answer.Text)
	}
	h.typ(f.Answer, "k7mpx")
	h.tap(f.Next)
	h.a.WaitIdle()
	if f.Step() != 2 || len(f.Contacts.Options) != 2 {
		t.Fatalf("step %d, contacts %v, status %q", f.Step(), f.Contacts.Options, f.Status.Text)
	}
	if !strings.Contains(f.Contacts.Options[0], "7701*****00") || !strings.Contains(f.Contacts.Options[1], "be*****@ma****") {
		t.Fatalf("contacts not masked as in the memo: %v", f.Contacts.Options)
	}
	h.with(func() { f.Contacts.SetSelected(f.Contacts.Options[1]) })
	h.tap(f.Send)
	h.a.WaitIdle()
	code := lastCode(t, h.svc)
	h.with(func() {
		if f.Step() != 3 || !strings.Contains(f.OTP.Sent.Text, "be*****@ma****") {
			t.Fatalf("step %d sent %q", f.Step(), f.OTP.Sent.Text)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		test.Type(f.OTP.Code, wrong)
		test.Type(f.OTP.NewPass.Password, newPassword)
		test.Type(f.OTP.NewPass.Repeat, newPassword)
		test.Tap(f.OTP.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !strings.Contains(f.Status.Text, "Осталось попыток: 4") {
			t.Fatalf("wrong code: %q", f.Status.Text)
		}
		f.OTP.Code.SetText("")
		test.Type(f.OTP.Code, code)
		test.Tap(f.OTP.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		l := h.a.Login()
		if l == nil || l.IIN.Text != demoIIN || !strings.Contains(l.Status.Text, "Пароль изменён") {
			t.Fatalf("not back at login with a notice")
		}
	})
	h.login(t, demoIIN, newPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login with the new password: %q", statusOf(h))
	}
}

func TestChangePassword(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	h.tap(h.a.Cabinet().Menu[screens.ServicePassword])
	p, ok := h.a.page.(*screens.ChangePassword)
	if !ok {
		t.Fatalf("page %T", h.a.page)
	}
	h.typ(p.Current, "not-my-password")
	h.typ(p.NewPass.Password, newPassword)
	h.typ(p.NewPass.Repeat, newPassword)
	h.tap(p.Save)
	h.a.WaitIdle()
	if !strings.Contains(p.Status.Text, "Текущий пароль введён неверно") {
		t.Fatalf("wrong current: %q", p.Status.Text)
	}
	if !h.a.LoggedIn() {
		t.Fatal("a wrong current password ended the session")
	}
	h.with(func() { p.Current.SetText("") })
	h.typ(p.Current, demoPassword)
	h.tap(p.Save)
	h.a.WaitIdle()
	if !strings.Contains(p.Status.Text, "Пароль изменён") || p.Current.Text != "" {
		t.Fatalf("change: %q", p.Status.Text)
	}
	box, _ := client.NewInProcess(h.svc.Handler()).Outbox(context.Background())
	if len(box.Messages) == 0 {
		t.Fatal("no «password changed» notice sent")
	}
}

// dialogText collects the label texts of an overlay (a dialog).
func dialogText(o any) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	if c, ok := o.(fyne.CanvasObject); ok {
		walk(c)
	}
	return b.String()
}
