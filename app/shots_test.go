//go:build shots

package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/service"
)

// TestShots renders every screen of the login, registration, reset, EDS
// and cabinet flows in each language with Fyne's software painter into
// $SHOTS_DIR (default ../shots): go test -tags 'ci shots' -run TestShots ./app
func TestShots(t *testing.T) {
	dir := os.Getenv("SHOTS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "shots")
	}
	os.MkdirAll(dir, 0o755)
	for _, code := range []string{"ru", "kk", "en"} {
		h := newHarness(t, func(d *Deps) { d.Language = code }, func(c *service.Config) { c.Captcha = &knownCaptcha{} })
		lang.Set(code)
		w := h.a.Window()
		shot := func(name string) {
			h.a.WaitIdle()
			h.with(func() {
				w.Resize(fyne.NewSize(1100, 760))
				img := w.Canvas().Capture()
				f, err := os.Create(filepath.Join(dir, name+"-"+code+".png"))
				if err != nil {
					t.Fatal(err)
				}
				png.Encode(f, img)
				f.Close()
			})
		}
		shot("01-login")
		l := h.a.Login()
		h.typ(l.IIN, "88041530015")
		h.typ(l.Password, "x")
		shot("02-login-typing")
		h.tap(l.Register)
		r := h.a.account.register
		h.typ(r.Surname, "Омаров")
		h.typ(r.GivenName, "Даурен")
		h.typ(r.IIN, "850721300125")
		h.typ(r.Phone, "+7 708 111 22 33")
		shot("03-register-step1")
		h.tap(r.Next)
		h.a.WaitIdle()
		h.with(func() { test.Type(r.OTP.NewPass.Password, "qwerty123") })
		shot("04-register-step2")
		h.with(func() { test.Tap(r.Back) })
		h.a.WaitIdle()
		h.with(func() { test.Type(h.a.Login().IIN, demoIIN); test.Tap(h.a.Login().Forgot) })
		shot("05-forgot-step1")
		f := h.a.account.forgot
		h.with(func() { test.Type(f.Answer, "K7MPX"); test.Tap(f.Next) })
		shot("06-forgot-contacts")
		h.with(func() { test.Tap(f.Back) })
		h.a.WaitIdle()
		h.with(func() { test.Tap(f.Back) })
		h.a.WaitIdle()
		s := edsScreen(t, h)
		openKey(t, h, s, ncaFile(t, "AUTH_RSA256"), "Qwerty12")
		shot("07-eds-nca-expired")
		h.with(func() { test.Tap(s.Back) })
		h.login(t, demoIIN, demoPassword)
		shot("08-home")
		h.with(func() { test.Tap(h.a.Cabinet().Menu["password"]) })
		shot("09-change-password")
	}
}
