package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/pki"
)

func ncaFile(t *testing.T, prefix string) string {
	t.Helper()
	dir := filepath.Join("..", "eds", "testdata", "nca")
	m, _ := filepath.Glob(filepath.Join(dir, prefix+"*.p12"))
	if len(m) == 0 {
		t.Skip("NCA test key stores not found in " + dir)
	}
	return m[0]
}

func edsScreen(t *testing.T, h *harness) *screens.EDSSign {
	t.Helper()
	h.tap(h.a.Login().EDS)
	s, ok := h.a.active.(*screens.EDSSign)
	if !ok {
		t.Fatalf("EDS screen not shown: %T", h.a.active)
	}
	return s
}

func openKey(t *testing.T, h *harness, s *screens.EDSSign, path, password string) {
	t.Helper()
	h.with(func() {
		s.File.SetText(path)
		s.Password.SetText("")
	})
	h.typ(s.Password, password)
	h.tap(s.Open)
	h.a.WaitIdle()
}

// The real NCA RK AUTH key opens with its password; its contents are shown
// and it is refused as expired.
func TestEDSRealNCAKeyShownAndRefusedAsExpired(t *testing.T) {
	h := newHarness(t, nil)
	s := edsScreen(t, h)
	openKey(t, h, s, ncaFile(t, "AUTH_RSA256"), "Qwerty12")
	if s.IIN.Text != "123456789011" || !strings.Contains(s.Owner.Text, "ТЕСТОВ") {
		t.Fatalf("certificate: IIN %q owner %q status %q", s.IIN.Text, s.Owner.Text, s.Status.Text)
	}
	if !strings.Contains(s.Purpose.Text, "AUTH") {
		t.Errorf("purpose %q", s.Purpose.Text)
	}
	if !s.CertWarning.Visible() || !strings.Contains(s.CertWarning.Text, "истёк") {
		t.Errorf("warning %q", s.CertWarning.Text)
	}
	if !s.Sign.Disabled() {
		t.Error("an expired key can be used to sign in")
	}
}

func TestEDSKeyErrors(t *testing.T) {
	h := newHarness(t, nil)
	s := edsScreen(t, h)
	openKey(t, h, s, ncaFile(t, "AUTH_RSA256"), "wrong-password")
	if !strings.Contains(s.Status.Text, "Неверный пароль хранилища") {
		t.Errorf("wrong password: %q", s.Status.Text)
	}
	notKey := filepath.Join(t.TempDir(), "notes.p12")
	os.WriteFile(notKey, []byte("this is a text file, not a key store"), 0o600)
	openKey(t, h, s, notKey, "x")
	if !strings.Contains(s.Status.Text, "не является хранилищем") {
		t.Errorf("not a key store: %q", s.Status.Text)
	}
	empty := filepath.Join(t.TempDir(), "empty.p12")
	os.WriteFile(empty, nil, 0o600)
	openKey(t, h, s, empty, "x")
	if !strings.Contains(s.Status.Text, "пуст") {
		t.Errorf("empty: %q", s.Status.Text)
	}
	openKey(t, h, s, filepath.Join(t.TempDir(), "missing.p12"), "x")
	if !strings.Contains(s.Status.Text, "прочитать") {
		t.Errorf("missing: %q", s.Status.Text)
	}
	openKey(t, h, s, ncaFile(t, "RSA256"), "Qwerty12")
	if !strings.Contains(s.CertWarning.Text, "AUTH_RSA256") && !strings.Contains(s.CertWarning.Text, "истёк") {
		t.Errorf("SIGN key for login: %q", s.CertWarning.Text)
	}
	openKey(t, h, s, ncaFile(t, "GOSTKNCA"), "Qwerty12")
	if !strings.Contains(s.Algorithm.Text, "ГОСТ") || s.IIN.Text != "123456789011" {
		t.Errorf("GOST key: alg %q IIN %q", s.Algorithm.Text, s.IIN.Text)
	}
	if !s.Sign.Disabled() {
		t.Error("GOST/expired key can sign")
	}
	// The password never reaches preferences.
	for _, k := range []string{prefEDSDir, prefLanguage} {
		if strings.Contains(h.a.fa.Preferences().String(k), "Qwerty12") {
			t.Fatal("password in preferences")
		}
	}
	h.tap(s.Back)
	if h.a.Login() == nil {
		t.Fatal("back did not return to login")
	}
}

// demoKeyFile waits for the bundled service's demo keys (issued in the
// background on first start) and returns the file of iin's key.
func demoKeyFile(t *testing.T, h *harness, iin string, purpose eds.Purpose, status string) string {
	t.Helper()
	dir := h.svc.KeysDir()
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(dir, "demo-keys.json"))
		if err == nil {
			var list []pki.DemoKey
			if json.Unmarshal(b, &list) == nil {
				for _, k := range list {
					if (iin == "" || k.IIN == iin) && k.Purpose == purpose && k.Status == status {
						return filepath.Join(dir, k.File)
					}
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no demo key %s %s %s in %s", iin, purpose, status, dir)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestEDSLoginWithDemoKey(t *testing.T) {
	h := newHarness(t, nil)
	s := edsScreen(t, h)
	// The SIGN key is refused for login with a pointer to the AUTH key.
	openKey(t, h, s, demoKeyFile(t, h, demoIIN, eds.PurposeSign, "valid"), service.DemoKeyPassword)
	if !strings.Contains(s.CertWarning.Text, "AUTH_RSA256") || !s.Sign.Disabled() {
		t.Fatalf("SIGN key: warning %q", s.CertWarning.Text)
	}
	// A revoked AUTH key opens (it is well formed, and only the service
	// knows its CRL), so «Подписать» is offered and the service refuses it.
	openKey(t, h, s, demoKeyFile(t, h, "", eds.PurposeAuth, "revoked"), service.DemoKeyPassword)
	if s.Sign.Disabled() {
		t.Fatalf("revoked key: «Подписать» disabled, warning %q", s.CertWarning.Text)
	}
	h.tap(s.Sign)
	h.a.WaitIdle()
	if h.a.LoggedIn() || !strings.Contains(s.Status.Text, "отозван") {
		t.Fatalf("revoked key: logged in %v, status %q", h.a.LoggedIn(), s.Status.Text)
	}
	openKey(t, h, s, demoKeyFile(t, h, demoIIN, eds.PurposeAuth, "valid"), service.DemoKeyPassword)
	if s.IIN.Text != demoIIN || s.Sign.Disabled() {
		t.Fatalf("AUTH key: IIN %q, sign disabled %v, warning %q", s.IIN.Text, s.Sign.Disabled(), s.CertWarning.Text)
	}
	h.tap(s.Sign)
	h.a.WaitIdle()
	if !h.a.LoggedIn() || h.a.Home().IIN.Text != demoIIN {
		t.Fatalf("EDS login failed: %q", s.Status.Text)
	}
}

// «Забыли пароль?» → «Восстановить пароль по ЭЦП»: sign in with the AUTH
// key, set a new password without the old one, then log in with it.
func TestResetPasswordByEDS(t *testing.T) {
	h := newHarness(t, nil)
	h.typ(h.a.Login().IIN, demoIIN)
	h.tap(h.a.Login().Forgot)
	h.a.WaitIdle()
	h.tap(h.a.account.forgot.ByEDS)
	s, ok := h.a.active.(*screens.EDSSign)
	if !ok {
		t.Fatalf("EDS screen not shown: %T", h.a.active)
	}
	openKey(t, h, s, demoKeyFile(t, h, demoIIN, eds.PurposeAuth, "valid"), service.DemoKeyPassword)
	h.tap(s.Sign)
	h.a.WaitIdle()
	p, ok := h.a.page.(*screens.ChangePassword)
	if !h.a.LoggedIn() || !ok {
		t.Fatalf("not on the set-password page: logged in %v, page %T, status %q", h.a.LoggedIn(), h.a.page, s.Status.Text)
	}
	if p.Current.Visible() {
		t.Error("the current password is asked for after an EDS login")
	}
	h.typ(p.NewPass.Password, newPassword)
	h.typ(p.NewPass.Repeat, newPassword)
	h.tap(p.Save)
	h.a.WaitIdle()
	if !strings.Contains(p.Status.Text, "Пароль изменён") {
		t.Fatalf("set password: %q", p.Status.Text)
	}
	h.a.Logout()
	h.a.WaitIdle()
	h.login(t, demoIIN, newPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login with the new password: %q", statusOf(h))
	}
}

// The memo's shared contact: registration refuses it and offers EDS.
func TestSharedContactOffersEDS(t *testing.T) {
	h := newHarness(t, nil)
	h.tap(h.a.Login().Register)
	r := h.a.account.register
	h.typ(r.Surname, "Сейткали")
	h.typ(r.GivenName, "Айгерим")
	h.typ(r.IIN, "950109400452")
	h.typ(r.Phone, "+7 701 234 56 00")
	h.tap(r.Next)
	h.a.WaitIdle()
	if !strings.Contains(r.Status.Text, "совпадает") || !r.ByEDS.Visible() {
		t.Fatalf("status %q, EDS button visible %v", r.Status.Text, r.ByEDS.Visible())
	}
	h.tap(r.ByEDS)
	s, ok := h.a.active.(*screens.EDSSign)
	if !ok {
		t.Fatalf("EDS screen not shown: %T", h.a.active)
	}
	openKey(t, h, s, demoKeyFile(t, h, "950109400452", eds.PurposeAuth, "valid"), service.DemoKeyPassword)
	h.tap(s.Sign)
	h.a.WaitIdle()
	if _, ok := h.a.page.(*screens.ChangePassword); !h.a.LoggedIn() || !ok {
		t.Fatalf("unregistered depositor by EDS: logged in %v, page %T, status %q", h.a.LoggedIn(), h.a.page, s.Status.Text)
	}
}

// A GOST 34.10-2015 key file signs the login nonce natively (no NCALayer):
// the bundled service trusts a test GOST CA here, as a fund's would trust
// NCA's GOST root.
func TestEDSLoginWithGOSTKeyFile(t *testing.T) {
	ca := edstest.NewGOSTCA(t, "GOST test CA")
	dir := t.TempDir()
	root := filepath.Join(dir, "gost-root.cer")
	os.WriteFile(root, ca.Cert.Raw, 0o600)
	crl := ca.CRL(t, 1, time.Now())
	h := newHarness(t, nil, func(c *service.Config) {
		c.TrustRoots = []string{root}
		c.FetchCRL = func(string) ([]byte, error) { return crl, nil }
	})
	cert, key := ca.Issue(t, edstest.Identity{IIN: demoIIN, CommonName: "ДЕМО ГОСТ", Surname: "ДЕМО"})
	file := filepath.Join(dir, "GOST512_test.p12")
	os.WriteFile(file, ca.KeyStore(t, key, cert, "Qwerty12"), 0o600)
	s := edsScreen(t, h)
	openKey(t, h, s, file, "Qwerty12")
	if !strings.Contains(s.Algorithm.Text, "ГОСТ") || s.IIN.Text != demoIIN || s.Sign.Disabled() {
		t.Fatalf("GOST key: alg %q IIN %q, sign disabled %v, warning %q", s.Algorithm.Text, s.IIN.Text, s.Sign.Disabled(), s.CertWarning.Text)
	}
	h.tap(s.Sign)
	h.a.WaitIdle()
	if !h.a.LoggedIn() || h.a.Home().IIN.Text != demoIIN {
		t.Fatalf("GOST EDS login failed: %q", s.Status.Text)
	}
}

// «Вход по ЭЦП» opens with the keyboard in the key file's path, as the
// login opens in the IIN: typing a path needs no click first.
func TestEDSLoginFocusesTheKeyPath(t *testing.T) {
	h := newHarness(t, nil)
	s := edsScreen(t, h)
	h.with(func() {
		if f := h.a.Window().Canvas().Focused(); f != s.File {
			t.Errorf("focus on %T, not the key file's path", f)
		}
	})
}
