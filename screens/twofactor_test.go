package screens

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func TestSecondStepScreen(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	s := NewSecondStep("880415300157")
	test.NewTempWindow(t, s.Content())
	var codes, recs []string
	resends, backs := 0, 0
	s.OnConfirm = func(c string) { codes = append(codes, c) }
	s.OnRecovery = func(c string) { recs = append(recs, c) }
	s.OnResend = func() { resends++ }
	s.OnBack = func() { backs++ }

	s.SetChallenge(api.OTPChallenge{ID: "x", Channel: "sms", MaskedContact: "7701*****00", Length: 6,
		ExpiresAt: now.Add(15 * time.Minute), ResendAfter: now.Add(time.Minute), AttemptsLeft: 5}, now)
	if !strings.Contains(s.IINLine.Text, "880415300157") || !strings.Contains(s.Sent.Text, "7701*****00") {
		t.Errorf("iin %q, sent %q", s.IINLine.Text, s.Sent.Text)
	}
	if s.Countdown.Text != "Время на ввод кода: 15:00" || !s.Resend.Visible() || !s.Resend.Disabled() || s.Resend.Text != "Повторная отправка через 1:00" {
		t.Errorf("countdown %q, resend %q disabled %v", s.Countdown.Text, s.Resend.Text, s.Resend.Disabled())
	}
	// Digits only, at most six; «Войти» once there are six.
	test.Type(s.Code, "12a3 45")
	if s.Code.Text != "12345" || !s.Confirm.Disabled() {
		t.Errorf("code %q, confirm disabled %v", s.Code.Text, s.Confirm.Disabled())
	}
	test.Type(s.Code, "67")
	if s.Code.Text != "123456" || s.Confirm.Disabled() {
		t.Errorf("code %q, confirm disabled %v", s.Code.Text, s.Confirm.Disabled())
	}
	test.Tap(s.Confirm)
	if len(codes) != 1 || codes[0] != "123456" {
		t.Errorf("confirmed %v", codes)
	}
	// An error clears the code and follows the language.
	s.Tell(Problem("secondstep.error.invalid", map[string]any{"N": 4}))
	if s.Code.Text != "" || s.Status.Text != "Неверный код. Осталось попыток: 4." || !s.Status.Visible() {
		t.Errorf("error %q, code %q", s.Status.Text, s.Code.Text)
	}
	lang.Set("kk")
	s.Retranslate()
	if s.Status.Text != "Код қате. Қалған әрекет саны: 4." || s.Title.Text != "Кірудің екінші қадамы" {
		t.Errorf("kk: %q %q", s.Status.Text, s.Title.Text)
	}
	lang.Set("en")
	s.Retranslate()
	if s.Confirm.Text != "Log in" || !strings.Contains(s.Sent.Text, "by SMS to 7701*****00") {
		t.Errorf("en: %q %q", s.Confirm.Text, s.Sent.Text)
	}
	lang.Set("ru")
	s.Retranslate()

	// Resend once its time has come; busy disables it.
	s.Tick(now.Add(time.Minute))
	if s.Resend.Disabled() || s.Resend.Text != "Отправить код повторно" {
		t.Errorf("resend %q disabled %v", s.Resend.Text, s.Resend.Disabled())
	}
	test.Tap(s.Resend)
	s.SetBusy(true)
	if !s.Resend.Disabled() || !s.Code.Disabled() || !s.Back.Disabled() || s.Progress.Hidden {
		t.Error("busy does not disable")
	}
	s.SetBusy(false)

	// A recovery code instead.
	test.Tap(s.UseRecovery)
	if !s.RecoveryMode() || s.Code.Visible() || !s.Recovery.Visible() || s.Resend.Visible() || s.UseRecovery.Text != "Ввести код" {
		t.Error("recovery mode not shown")
	}
	test.Type(s.Recovery, "7k2m-9qpx-4hd")
	if !s.Confirm.Disabled() {
		t.Error("confirm with 11 characters")
	}
	test.Type(s.Recovery, "0")
	test.Tap(s.Confirm)
	if len(recs) != 1 || recs[0] != "7k2m-9qpx-4hd0" || len(codes) != 1 {
		t.Errorf("recovery %v, codes %v", recs, codes)
	}
	test.Tap(s.UseRecovery)
	if s.RecoveryMode() || !s.Code.Visible() {
		t.Error("back to the code")
	}
	// Over time: no confirmation, the countdown in red.
	test.Type(s.Code, "654321")
	s.Tick(now.Add(15 * time.Minute))
	if !s.Expired() || !s.Confirm.Disabled() || s.Countdown.Text != "Время на ввод кода: 0:00" {
		t.Errorf("expired %v, confirm %v, countdown %q", s.Expired(), s.Confirm.Disabled(), s.Countdown.Text)
	}
	test.Tap(s.Back)
	if resends != 1 || backs != 1 {
		t.Errorf("resends %d, backs %d", resends, backs)
	}

	// An app's code: nothing to resend.
	s.SetChallenge(api.OTPChallenge{ID: "y", Channel: api.ChannelTOTP, Length: 6, ExpiresAt: now.Add(15 * time.Minute)}, now)
	if s.Resend.Visible() || !strings.Contains(s.Sent.Text, "приложения-аутентификатора") {
		t.Errorf("totp: resend %v, sent %q", s.Resend.Visible(), s.Sent.Text)
	}
}

func qrPNG(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 240, 240))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTwoFactorPanel(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	p := NewTwoFactor()
	test.NewTempWindow(t, p.Content())
	type start struct{ method, pw string }
	var starts []start
	var offs, confirms []string
	p.OnStart = func(m, pw string) { starts = append(starts, start{m, pw}) }
	p.OnOff = func(pw string) { offs = append(offs, pw) }
	p.OnConfirm = func(c string) { confirms = append(confirms, c) }
	if !p.Start.Disabled() || p.State.Text != "" {
		t.Error("usable before the state is loaded")
	}

	p.SetStatus(api.TwoFactorStatus{PhoneMasked: "7701*****00", EmailMasked: "be*****@ma****", PasswordNeeded: true})
	if p.State.Text != "Сейчас выключен: для входа достаточно пароля." || p.Off.Visible() || p.RecoveryLeft.Visible() {
		t.Errorf("off: %q, off button %v", p.State.Text, p.Off.Visible())
	}
	if len(p.Method.Options) != 3 || p.Method.Options[0] != "Код в SMS на 7701*****00" ||
		p.Method.Options[1] != "Код в письме на be*****@ma****" || p.SelectedMethod() != api.TwoFactorTOTP {
		t.Errorf("options %q, selected %q", p.Method.Options, p.SelectedMethod())
	}
	if !p.Start.Disabled() || p.Start.Text != "Включить" {
		t.Error("«Включить» without the password")
	}
	p.SelectMethod(api.TwoFactorEmail)
	test.Type(p.Password, "secret pw")
	test.Tap(p.Start)
	if len(starts) != 1 || starts[0] != (start{"email", "secret pw"}) {
		t.Errorf("starts %v", starts)
	}
	// The language switch keeps the choice and the typed password.
	lang.Set("en")
	p.Retranslate()
	if p.SelectedMethod() != api.TwoFactorEmail || p.Method.Selected != "Code by e-mail to be*****@ma****" || p.Password.Text != "secret pw" {
		t.Errorf("en: selected %q (%q), password kept %v", p.SelectedMethod(), p.Method.Selected, p.Password.Text == "secret pw")
	}
	lang.Set("ru")
	p.Retranslate()

	// A TOTP setup: the QR image and the secret in groups; the password is cleared.
	p.ShowSetup(api.TwoFactorSetup{
		Challenge: api.OTPChallenge{ID: "s", Channel: api.ChannelTOTP, Length: 6, ExpiresAt: now.Add(15 * time.Minute)},
		Secret:    "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", QRPNG: qrPNG(t),
	}, now)
	if !p.SetupShown() || p.QR.Image == nil || p.QR.Image.Bounds().Dx() != 240 || p.Secret.Text != "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP" {
		t.Errorf("setup: QR %v, secret %q", p.QR.Image != nil, p.Secret.Text)
	}
	if p.Password.Text != "" || p.Sent.Visible() || p.Resend.Visible() || !p.Confirm.Disabled() {
		t.Error("totp setup widgets")
	}
	test.Type(p.Code, "12345x6")
	test.Tap(p.Confirm)
	if len(confirms) != 1 || confirms[0] != "123456" {
		t.Errorf("confirms %v", confirms)
	}
	p.Tick(now.Add(15 * time.Minute))
	if !p.Expired() || !p.Confirm.Disabled() {
		t.Error("confirm after the time")
	}
	p.HideSetup()
	if p.SetupShown() || p.Secret.Text != "" || p.QR.Image != nil {
		t.Error("the secret stays after the setup")
	}

	// A sent code: where it went, the resend after its delay.
	p.ShowSetup(api.TwoFactorSetup{Challenge: api.OTPChallenge{ID: "m", Channel: "sms", MaskedContact: "7701*****00", Length: 6,
		ExpiresAt: now.Add(15 * time.Minute), ResendAfter: now.Add(time.Minute)}}, now)
	if p.QR.Visible() || p.Secret.Visible() || p.Sent.Text != "Код отправлен в SMS на номер 7701*****00." || !p.Resend.Disabled() {
		t.Errorf("sms setup: sent %q", p.Sent.Text)
	}
	p.Tick(now.Add(time.Minute))
	if p.Resend.Disabled() {
		t.Error("resend disabled after its delay")
	}
	p.HideSetup()

	// The recovery codes, once.
	codes := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b0"}
	p.ShowRecoveryCodes(codes)
	if !p.RecoveryCodesShown() || len(strings.Split(p.CodesList.Text, "\n")) != 5 || len(strings.Fields(p.CodesList.Text)) != 10 {
		t.Errorf("codes %q", p.CodesList.Text)
	}
	test.Tap(p.CodesDone)
	if p.RecoveryCodesShown() || p.CodesList.Text != "" {
		t.Error("codes stay")
	}

	// On: «Сменить способ», «Отключить»; a change offers another method.
	p.SetStatus(api.TwoFactorStatus{Enabled: true, Method: "sms", MaskedContact: "7701*****00", RecoveryCodesLeft: 9,
		PhoneMasked: "7701*****00", PasswordNeeded: true})
	if p.State.Text != "Включён: код в SMS на номер 7701*****00." || p.Start.Text != "Сменить способ" || !p.Off.Visible() ||
		p.RecoveryLeft.Text != "Неиспользованных резервных кодов: 9" || p.SelectedMethod() != api.TwoFactorTOTP {
		t.Errorf("on: %q %q %q %q", p.State.Text, p.Start.Text, p.RecoveryLeft.Text, p.SelectedMethod())
	}
	if !p.Off.Disabled() {
		t.Error("«Отключить» without the password")
	}
	test.Type(p.Password, "pw")
	test.Tap(p.Off)
	if len(offs) != 1 || offs[0] != "pw" {
		t.Errorf("offs %v", offs)
	}
	p.Tell(Note("twofactor.done.enabled", nil))
	lang.Set("kk")
	p.Retranslate()
	if p.Status.Text != "Екі қадамды кіру қосылды." || p.Off.Text != "Өшіру" {
		t.Errorf("kk: %q %q", p.Status.Text, p.Off.Text)
	}
	lang.Set("ru")

	// Required of staff, and no password after an EDS login.
	p.SetStatus(api.TwoFactorStatus{Enabled: true, Method: "totp", Required: true})
	if p.Off.Visible() || !p.RequiredNote.Visible() || p.Password.Visible() || p.Start.Disabled() {
		t.Errorf("required: off %v, note %v, password %v, start disabled %v", p.Off.Visible(), p.RequiredNote.Visible(), p.Password.Visible(), p.Start.Disabled())
	}
	if len(p.Methods()) != 1 {
		t.Errorf("methods without contacts: %v", p.Methods())
	}
}

func TestSecurityPageTabs(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	s := NewSecurity()
	test.NewTempWindow(t, s.Content())
	if len(s.Tabs.Items) != 2 || s.History.Text != "История входов" || s.TwoTab.Text != "Вход в два шага" || s.Tabs.Selected() != s.History {
		t.Errorf("tabs %q %q", s.History.Text, s.TwoTab.Text)
	}
	lang.Set("en")
	s.Retranslate()
	if s.History.Text != "Sign-in history" || s.TwoTab.Text != "Two-step login" || s.TwoFactor.Title.Text != "Two-step login" {
		t.Errorf("en tabs %q %q", s.History.Text, s.TwoTab.Text)
	}
	for _, k := range []string{"two_factor_enabled", "recovery_code_used", "second_step_started", "totp_replay"} {
		if txt := EventKindText(k); strings.HasPrefix(txt, "Event «") || strings.HasPrefix(txt, "event.") {
			t.Errorf("event %s: %q", k, txt)
		}
	}
}
