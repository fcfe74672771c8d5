package app

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
)

// totpAt is RFC 6238 (SHA-1, 30 s steps, 6 digits) written for the test,
// from the secret the screen shows (base32 in groups).
func totpAt(t *testing.T, shown string, at time.Time) string {
	t.Helper()
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(shown, " ", ""))
	if err != nil || len(secret) != 20 {
		t.Fatalf("secret shown %q: %v", shown, err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1000000)
}

func TestTOTPAtRFC6238(t *testing.T) {
	// RFC 6238 Appendix B (SHA-1 seed "12345678901234567890"), last six digits.
	seed := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "287082", 1111111111: "050471", 2000000000: "279037"} {
		if got := totpAt(t, seed, time.Unix(unix, 0)); got != want {
			t.Errorf("at %d: %s, want %s", unix, got, want)
		}
	}
}

// openTwoFactor opens the security page and returns its two-factor panel
// once its state is loaded.
func openTwoFactor(t *testing.T, h *harness) *screens.TwoFactor {
	t.Helper()
	h.tap(h.a.Cabinet().Menu[screens.ServiceSecurity])
	h.a.WaitIdle()
	var p *screens.Security
	h.with(func() {
		p, _ = h.a.page.(*screens.Security)
		if p != nil {
			p.Tabs.Select(p.TwoTab)
		}
	})
	if p == nil {
		t.Fatalf("page %T", h.a.page)
	}
	return p.TwoFactor
}

// buttonIn finds the button with text in an overlay (a dialog).
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
		case *screens.Button:
			if v.Text == text {
				found = &v.Button
			}
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
	walk(o)
	return found
}

func TestTwoFactorTOTPFlow(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Now().Truncate(30 * time.Second))
	h := newHarness(t, func(d *Deps) { d.Clock = clk }, func(c *service.Config) { c.Clock = clk.Now })
	h.login(t, demoIIN, demoPassword)
	tf := openTwoFactor(t, h)
	h.with(func() {
		if !strings.Contains(tf.State.Text, "выключен") || tf.Off.Visible() || !tf.Password.Visible() {
			t.Errorf("state %q, off shown %v", tf.State.Text, tf.Off.Visible())
		}
		if got := tf.Methods(); len(got) != 3 || got[2] != api.TwoFactorTOTP {
			t.Errorf("methods %v", got)
		}
		if !strings.Contains(tf.Method.Options[0], "7701*****00") || tf.SelectedMethod() != api.TwoFactorTOTP {
			t.Errorf("options %q, selected %q", tf.Method.Options, tf.SelectedMethod())
		}
		if !tf.Start.Disabled() {
			t.Error("«Включить» enabled without the password")
		}
		test.Type(tf.Password, "wrong-password")
		test.Tap(tf.Start)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !strings.Contains(tf.Status.Text, "Неверный пароль") || !strings.Contains(tf.Status.Text, "4") || tf.SetupShown() {
			t.Fatalf("wrong password: %q", tf.Status.Text)
		}
		tf.Password.SetText("")
		test.Type(tf.Password, demoPassword)
		test.Tap(tf.Start)
	})
	h.a.WaitIdle()
	var secret string
	h.with(func() {
		if !tf.SetupShown() || tf.QR.Image == nil || tf.QR.Image.Bounds().Dx() < 100 || !tf.Secret.Visible() || tf.Resend.Visible() {
			t.Fatalf("setup: shown %v, QR %v, status %q", tf.SetupShown(), tf.QR.Image != nil, tf.Status.Text)
		}
		secret = tf.Secret.Text
		if tf.Password.Text != "" {
			t.Error("the password stayed in its field")
		}
		if !tf.Confirm.Disabled() {
			t.Error("confirm enabled without a code")
		}
		test.Type(tf.Code, totpAt(t, secret, clk.Now()))
		test.Tap(tf.Confirm)
	})
	h.a.WaitIdle()
	var codes []string
	h.with(func() {
		if tf.SetupShown() || !tf.RecoveryCodesShown() || tf.Status.Text != "Вход в два шага включён." {
			t.Fatalf("after confirm: setup %v, codes %v, status %q", tf.SetupShown(), tf.RecoveryCodesShown(), tf.Status.Text)
		}
		codes = strings.Fields(tf.CodesList.Text)
		if len(codes) != 10 || len(codes[0]) != 14 {
			t.Fatalf("recovery codes %q", tf.CodesList.Text)
		}
		if !strings.Contains(tf.State.Text, "приложения") || !tf.Off.Visible() || !strings.Contains(tf.RecoveryLeft.Text, "10") {
			t.Errorf("state %q, recovery %q", tf.State.Text, tf.RecoveryLeft.Text)
		}
		test.Tap(tf.CodesDone)
		if tf.RecoveryCodesShown() || tf.CodesList.Text != "" {
			t.Error("recovery codes still on screen")
		}
	})

	// The next login asks for the second step; the IIN is shown.
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.login(t, demoIIN, demoPassword)
	s := h.a.signin.SecondStep()
	if s == nil || h.a.LoggedIn() {
		t.Fatalf("no second step; status %q", statusOf(h))
	}
	h.with(func() {
		if !strings.Contains(s.IINLine.Text, demoIIN) || !strings.Contains(s.Sent.Text, "приложения") || s.Resend.Visible() {
			t.Errorf("iin %q, sent %q, resend %v", s.IINLine.Text, s.Sent.Text, s.Resend.Visible())
		}
		if !strings.Contains(s.Countdown.Text, "15:00") && !strings.Contains(s.Countdown.Text, "14:") {
			t.Errorf("countdown %q", s.Countdown.Text)
		}
		// The code of the enrolment's time step was used already.
		test.Type(s.Code, totpAt(t, secret, clk.Now()))
		test.Tap(s.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if h.a.LoggedIn() || !strings.Contains(s.Status.Text, "уже использован") || s.Code.Text != "" {
			t.Fatalf("replay: logged in %v, status %q", h.a.LoggedIn(), s.Status.Text)
		}
	})
	clk.Advance(30 * time.Second)
	h.with(func() {
		test.Type(s.Code, totpAt(t, secret, clk.Now()))
		test.Tap(s.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !h.a.LoggedIn() || h.a.Home() == nil || h.a.signin.SecondStep() != nil {
			t.Fatalf("not logged in after the code: %q", s.Status.Text)
		}
	})

	// A recovery code instead of the app.
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.login(t, demoIIN, demoPassword)
	s = h.a.signin.SecondStep()
	h.with(func() {
		test.Tap(s.UseRecovery)
		if !s.RecoveryMode() || s.Code.Visible() || !s.Recovery.Visible() {
			t.Fatal("recovery field not shown")
		}
		test.Type(s.Recovery, "0000-0000-0000")
		test.Tap(s.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if h.a.LoggedIn() || !strings.Contains(s.Status.Text, "резервный код") {
			t.Fatalf("wrong recovery code: %q", s.Status.Text)
		}
		s.Recovery.SetText("")
		test.Type(s.Recovery, strings.ToUpper(codes[5]))
		test.Tap(s.Confirm)
	})
	h.a.WaitIdle()
	if !h.a.LoggedIn() {
		t.Fatalf("not logged in with a recovery code: %q", s.Status.Text)
	}

	// Off needs the password; then the password alone opens the cabinet.
	tf = openTwoFactor(t, h)
	h.with(func() {
		if !strings.Contains(tf.RecoveryLeft.Text, "9") {
			t.Errorf("recovery left %q", tf.RecoveryLeft.Text)
		}
		test.Type(tf.Password, demoPassword)
		test.Tap(tf.Off)
	})
	h.a.WaitIdle()
	h.with(func() {
		if tf.Status.Text != "Вход в два шага отключён." || !strings.Contains(tf.State.Text, "выключен") {
			t.Fatalf("off: %q, state %q", tf.Status.Text, tf.State.Text)
		}
	})
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() || h.a.signin.SecondStep() != nil {
		t.Fatalf("second step after off; status %q", statusOf(h))
	}
}

func TestTwoFactorSMSFlowEndsAndKeepsIIN(t *testing.T) {
	const serik = "700303300418"
	clk := clockwork.NewFakeClockAt(time.Now())
	h := newHarness(t, func(d *Deps) { d.Clock = clk }, func(c *service.Config) { c.Clock = clk.Now })
	h.login(t, serik, demoPassword)
	tf := openTwoFactor(t, h)
	h.with(func() {
		tf.SelectMethod(api.TwoFactorSMS)
		test.Type(tf.Password, demoPassword)
		test.Tap(tf.Start)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !tf.SetupShown() || tf.QR.Visible() || !strings.Contains(tf.Sent.Text, "7705*****67") || !tf.Resend.Disabled() {
			t.Fatalf("sms setup: sent %q, status %q", tf.Sent.Text, tf.Status.Text)
		}
		test.Type(tf.Code, lastCode(t, h.svc))
		test.Tap(tf.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !strings.Contains(tf.State.Text, "7705*****67") || !tf.RecoveryCodesShown() {
			t.Fatalf("state %q, status %q", tf.State.Text, tf.Status.Text)
		}
	})
	h.with(func() { h.a.Logout() })
	h.a.WaitIdle()
	h.login(t, serik, demoPassword)
	s := h.a.signin.SecondStep()
	if s == nil {
		t.Fatalf("no second step; status %q", statusOf(h))
	}
	h.with(func() {
		if !strings.Contains(s.Sent.Text, "7705*****67") || !s.Resend.Visible() || !s.Resend.Disabled() {
			t.Errorf("sent %q, resend shown %v disabled %v", s.Sent.Text, s.Resend.Visible(), s.Resend.Disabled())
		}
		// Kazakh and English follow the switch.
		h.a.SetLanguage("kk")
		if !strings.Contains(s.Title.Text, "екінші қадамы") || !strings.Contains(s.Sent.Text, "7705*****67") {
			t.Errorf("kk: %q %q", s.Title.Text, s.Sent.Text)
		}
		h.a.SetLanguage("en")
		if s.Title.Text != "Second login step" || s.Confirm.Text != "Log in" {
			t.Errorf("en: %q %q", s.Title.Text, s.Confirm.Text)
		}
		h.a.SetLanguage("ru")
	})
	// The resend after its delay sends a new code.
	clk.Advance(61 * time.Second)
	h.with(func() {
		s.Tick(clk.Now())
		if s.Resend.Disabled() {
			t.Fatal("resend still disabled after 61 s")
		}
		test.Tap(s.Resend)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !s.Resend.Disabled() || s.Status.Visible() {
			t.Errorf("after resend: disabled %v, status %q", s.Resend.Disabled(), s.Status.Text)
		}
	})
	// Five wrong codes end the login: a dialog, then the login screen
	// with the IIN still filled in.
	code := lastCode(t, h.svc)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range 5 {
		h.with(func() {
			test.Type(s.Code, wrong)
			test.Tap(s.Confirm)
		})
		h.a.WaitIdle()
	}
	var top fyne.CanvasObject
	h.with(func() { top = h.a.Window().Canvas().Overlays().Top() })
	if top == nil {
		t.Fatalf("no dialog; status %q", s.Status.Text)
	}
	var ok *widget.Button
	h.with(func() {
		if !strings.Contains(dialogText(top), "Слишком много неверных кодов") {
			t.Errorf("dialog says %q", dialogText(top))
		}
		ok = buttonIn(top, "ОК")
	})
	if ok == nil {
		t.Fatal("no OK in the dialog")
	}
	h.tap(ok)
	h.a.WaitIdle()
	h.with(func() {
		l := h.a.Login()
		if l == nil || l.IIN.Text != serik || h.a.LoggedIn() {
			t.Fatalf("back on login with IIN %v", l)
		}
	})
}

func TestTwoFactorRequiredForStaffWorkstation(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Now().Truncate(30 * time.Second))
	h := newHarness(t, func(d *Deps) { d.Clock = clk }, func(c *service.Config) {
		c.Clock = clk.Now
		c.RequireStaffTwoFactor = true
	})
	h.login(t, staffIIN, service.DemoStaffPassword)
	st := h.a.staff.Staff()
	if st == nil {
		t.Fatalf("no workstation; status %q", statusOf(h))
	}
	var tf *screens.TwoFactor
	h.with(func() {
		tf, _ = h.a.page.(*screens.TwoFactor)
		if tf == nil || st.Current() != screens.StaffPageTwoFactor {
			t.Fatalf("page %T, current %q", h.a.page, st.Current())
		}
		if !tf.RequiredNote.Visible() || tf.Off.Visible() {
			t.Errorf("required note %v, off %v", tf.RequiredNote.Visible(), tf.Off.Visible())
		}
	})
	// The queue answers two_factor_required until it is on.
	h.tap(st.Menu[screens.StaffPageQueue])
	h.a.WaitIdle()
	h.with(func() {
		q, _ := h.a.page.(*screens.StaffQueue)
		if q == nil || !strings.Contains(q.Status.Text, "требует второй шаг") {
			t.Fatalf("queue status %v", q)
		}
	})
	h.tap(st.Menu[screens.StaffPageTwoFactor])
	h.a.WaitIdle()
	h.with(func() {
		tf, _ = h.a.page.(*screens.TwoFactor)
		tf.SelectMethod(api.TwoFactorTOTP)
		test.Type(tf.Password, service.DemoStaffPassword)
		test.Tap(tf.Start)
	})
	h.a.WaitIdle()
	h.with(func() {
		test.Type(tf.Code, totpAt(t, tf.Secret.Text, clk.Now()))
		test.Tap(tf.Confirm)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !tf.RecoveryCodesShown() || tf.Off.Visible() {
			t.Fatalf("after enrolment: %q", tf.Status.Text)
		}
	})
	h.tap(st.Menu[screens.StaffPageQueue])
	h.a.WaitIdle()
	h.with(func() {
		if q, _ := h.a.page.(*screens.StaffQueue); q == nil || q.Status.Visible() {
			t.Fatalf("queue after enrolment: %q", q.Status.Text)
		}
	})
}

// enableSMS turns on Серик's SMS second step through the service.
func enableSMS(t *testing.T, svc *service.Service, iin string) {
	t.Helper()
	ctx := t.Context()
	c := client.NewInProcess(svc.Handler())
	if _, err := c.Login(ctx, iin, demoPassword); err != nil {
		t.Fatal(err)
	}
	su, err := c.TwoFactorSetup(ctx, api.TwoFactorSMS, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TwoFactorConfirm(ctx, su.Challenge.ID, lastCode(t, svc)); err != nil {
		t.Fatal(err)
	}
	c.Logout(ctx)
}

func TestSecondStepBackAndRemember(t *testing.T) {
	const serik = "700303300418"
	h := newHarness(t, nil)
	enableSMS(t, h.svc, serik)
	kr := h.a.d.Keyring
	kr.Forget()

	// «Назад» returns to the login screen with the IIN filled in.
	h.login(t, serik, demoPassword)
	s := h.a.signin.SecondStep()
	if s == nil {
		t.Fatalf("no second step: %q", statusOf(h))
	}
	h.tap(s.Back)
	h.a.WaitIdle()
	h.with(func() {
		l := h.a.Login()
		if l == nil || l.IIN.Text != serik || l.Password.Text != "" || h.a.LoggedIn() {
			t.Fatalf("back: login %v", l != nil)
		}
	})
	// «Запомнить ИИН» is kept only once the code opened the session.
	h.with(func() { h.a.Login().Remember.SetChecked(true) })
	h.login(t, serik, demoPassword)
	s = h.a.signin.SecondStep()
	if iin, _ := kr.RememberedIIN(); iin != "" || s == nil {
		t.Fatalf("remembered %q on the password alone", iin)
	}
	h.with(func() {
		test.Type(s.Code, lastCode(t, h.svc))
		test.Tap(s.Confirm)
	})
	h.a.WaitIdle()
	if !h.a.LoggedIn() {
		t.Fatalf("not logged in: %q", s.Status.Text)
	}
	if iin, err := kr.RememberedIIN(); err != nil || iin != serik {
		t.Errorf("remembered %q, %v", iin, err)
	}
}
