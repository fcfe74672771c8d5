package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/jonboulle/clockwork"
	"github.com/zalando/go-keyring"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
	"github.com/kabinet-kz/kabinet/service"
)

const (
	demoIIN      = "880415300157"
	demoPassword = "kabinet-demo-2026"
)

// testService opens the real service on a fresh SQLite file with demo data
// and cheap Argon2 parameters (the production ones are tested in service).
func testService(t *testing.T, mut ...func(*service.Config)) *service.Service {
	t.Helper()
	cfg := service.Config{
		DataDir: t.TempDir(),
		Demo:    true,
		Argon2:  &service.Argon2Params{Memory: 1024, Iterations: 1, Parallelism: 1, KeyLen: 32, SaltLen: 16},
	}
	for _, m := range mut {
		m(&cfg)
	}
	if cfg.Demo {
		seedFromTemplate(t, cfg) // fixture_test.go
	}
	svc, err := service.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

type harness struct {
	ui    sync.Mutex // stands for the UI goroutine: timers' fyne.Do and test reads
	a     *App
	svc   *service.Service
	ended chan string
	// clk is the app's clock, and the service's unless the test gives the
	// service another: idle logout, countdowns and pollers move only when
	// a test advances it (advance, tick).
	clk *clockwork.FakeClock
}

func newHarness(t *testing.T, mut func(*Deps), svcMut ...func(*service.Config)) *harness {
	t.Helper()
	fa := test.NewTempApp(t)
	keyring.MockInit()
	lang.Set("ru")
	t.Cleanup(func() { lang.Set("ru") })
	clk := clockwork.NewFakeClockAt(time.Now())
	// The service shares the app's clock unless the test gives its own.
	svcMut = append([]func(*service.Config){func(c *service.Config) { c.Clock = clk.Now }}, svcMut...)
	h := &harness{svc: testService(t, svcMut...), ended: make(chan string, 10), clk: clk}
	// A keyring call that timed out may still run: the next test's
	// keyring.MockInit must not race it.
	kr := NewOSKeyring()
	d := Deps{
		Clock:   h.clk,
		FyneApp: fa,
		Connect: func(ctx context.Context) (*client.Client, error) {
			return client.NewInProcess(h.svc.Handler()), nil
		},
		Keyring:      kr,
		Language:     "ru",
		OnSessionEnd: func(reason string) { h.ended <- reason },
		Do: func(f func()) {
			h.ui.Lock()
			defer h.ui.Unlock()
			f()
		},
	}
	if mut != nil {
		mut(&d)
	}
	if fc, ok := d.Clock.(*clockwork.FakeClock); ok {
		h.clk = fc // the test's own, shared with its service
	}
	h.a = New(d)
	t.Cleanup(func() { h.a.Close(); h.a.WaitIdle(); kr.wait() })
	h.a.WaitIdle()
	h.a.Window().Resize(h.a.Window().Content().MinSize())
	return h
}

func (h *harness) login(t *testing.T, iin, password string) {
	t.Helper()
	l := h.a.Login()
	if l == nil {
		t.Fatal("not on the login screen")
	}
	h.with(func() {
		l.IIN.SetText("")
		test.Type(l.IIN, iin)
		l.Password.SetText("")
		test.Type(l.Password, password)
		test.Tap(l.LoginButton)
	})
	h.a.WaitIdle()
}

func TestLoginShowsCabinetHome(t *testing.T) {
	h := newHarness(t, nil)
	if got := h.a.Login().Subtitle.Text; got == "" || strings.HasPrefix(got, "app.") {
		t.Errorf("fund name not shown: %q", got)
	}
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() || h.a.Home() == nil {
		t.Fatalf("not logged in; status %q", statusOf(h))
	}
	home := h.a.Home()
	if home.IIN.Text != demoIIN || home.BirthDate.Text != "15.04.1988" {
		t.Errorf("home shows IIN %q, birth date %q", home.IIN.Text, home.BirthDate.Text)
	}
	if !strings.Contains(home.Phone.Text, "*****") {
		t.Errorf("phone not masked: %q", home.Phone.Text)
	}
	if len(home.Accounts.Objects) != 3 {
		t.Errorf("%d account cards, want OPV, OPPV, DPV", len(home.Accounts.Objects))
	}
	if home.Total.Text == "—" || !strings.Contains(home.Total.Text, "₸") {
		t.Errorf("total %q", home.Total.Text)
	}
	if h.a.Cabinet().UserName.Text == "" {
		t.Error("user name missing in the header")
	}
	// Logout returns to the login screen.
	h.tap(h.a.Cabinet().Logout)
	h.a.WaitIdle()
	if h.a.LoggedIn() || h.a.Login() == nil {
		t.Fatal("logout did not return to login")
	}
	if h.a.Login().Password.Text != "" {
		t.Error("the password survived the logout")
	}
}

func TestWrongPasswordThenLock(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, "wrong-password-1")
	if s := statusOf(h); !strings.Contains(s, "Неверный ИИН или пароль") || !strings.Contains(s, "4") {
		t.Fatalf("status after a wrong password: %q", s)
	}
	if h.a.Login().Password.Text != "" {
		t.Error("the wrong password stays in the field")
	}
	if h.a.Login().IIN.Text != demoIIN {
		t.Error("the IIN was lost")
	}
	for i := 0; i < 4; i++ {
		h.login(t, demoIIN, "wrong-password-x")
	}
	s := statusOf(h)
	if !strings.Contains(s, "заблокирован до") {
		t.Fatalf("status after 5 failures: %q", s)
	}
	// The time of the lock's end names the fund's zone.
	if zone := "(" + screens.ZoneName(time.Now()) + ")"; !strings.Contains(s, zone) {
		t.Fatalf("status after 5 failures %q does not name the zone %s", s, zone)
	}
	// Even the right password is refused while locked.
	h.login(t, demoIIN, demoPassword)
	if h.a.LoggedIn() || !strings.Contains(statusOf(h), "заблокирован") {
		t.Fatalf("locked IIN logged in; status %q", statusOf(h))
	}
}

func TestRememberIINInKeyring(t *testing.T) {
	h := newHarness(t, nil)
	h.tap(h.a.Login().Remember)
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login failed: %q", statusOf(h))
	}
	if v, err := keyring.Get(keyringService, keyringUser); err != nil || v != demoIIN {
		t.Fatalf("keyring holds %q, %v", v, err)
	}
	h.tap(h.a.Cabinet().Logout)
	h.a.WaitIdle()
	l := h.a.Login()
	if l.IIN.Text != demoIIN || !l.Remember.Checked {
		t.Fatalf("after logout: IIN %q remember %v", l.IIN.Text, l.Remember.Checked)
	}
	// Unticking deletes it at once.
	h.tap(l.Remember)
	h.a.WaitIdle()
	if _, err := keyring.Get(keyringService, keyringUser); err != keyring.ErrNotFound {
		t.Fatalf("after untick: %v", err)
	}
	// Only the IIN is ever stored: nothing else under our service.
	if v, _ := keyring.Get(keyringService, "password"); v != "" {
		t.Fatal("something else stored")
	}
}

func TestKeyringFailureDisablesRemember(t *testing.T) {
	h := newHarness(t, func(d *Deps) {})
	keyring.MockInitWithError(context.DeadlineExceeded)
	t.Cleanup(keyring.MockInit)
	h.a.Logout()
	h.a.signin.startKeyring()
	h.a.WaitIdle()
	l := h.a.Login()
	if !l.Remember.Disabled() || !l.RememberNote.Visible() {
		t.Fatalf("remember disabled %v, note visible %v", l.Remember.Disabled(), l.RememberNote.Visible())
	}
	// Login still works without the keyring.
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("login failed: %q", statusOf(h))
	}
}

func TestPublicWorkstation(t *testing.T) {
	h := newHarness(t, nil)
	h.tap(h.a.Login().Public)
	h.login(t, demoIIN, demoPassword)
	h.ui.Lock()
	loggedIn, notice := h.a.LoggedIn(), h.a.Cabinet() != nil && h.a.Cabinet().Notice.Visible()
	h.ui.Unlock()
	if !loggedIn {
		t.Fatalf("login failed: %q", statusOf(h))
	}
	if _, err := keyring.Get(keyringService, keyringUser); err != keyring.ErrNotFound {
		t.Fatalf("public mode stored something: %v", err)
	}
	if !notice {
		t.Error("no public workstation notice")
	}
	h.advance(4*time.Minute + 59*time.Second)
	waitFor(t, h, "the idle warning", func() bool { return len(h.a.Window().Canvas().Overlays().List()) == 1 })
	h.with(func() {
		if !h.a.LoggedIn() {
			t.Fatal("logged out before 5 minutes")
		}
	})
	h.advance(time.Second)
	h.waitEnded(t, "cabinet.idle_logged_out")
	h.a.WaitIdle()
	h.ui.Lock()
	defer h.ui.Unlock()
	if h.a.LoggedIn() || !strings.Contains(statusOf(h), "бездействия") {
		t.Fatalf("after idle: logged in %v, status %q", h.a.LoggedIn(), statusOf(h))
	}
}

func TestServiceUnreachableThenRetry(t *testing.T) {
	var mu sync.Mutex
	down := true
	var svc *service.Service
	h := newHarness(t, func(d *Deps) {
		d.Connect = func(ctx context.Context) (*client.Client, error) {
			mu.Lock()
			defer mu.Unlock()
			if down {
				// A closed port on loopback: connection refused.
				return client.New("http://127.0.0.1:1")
			}
			return client.NewInProcess(svc.Handler()), nil
		}
	})
	svc = h.svc
	l := h.a.Login()
	if !strings.Contains(statusOf(h), "Сервис недоступен") || !l.Retry.Visible() {
		t.Fatalf("status %q retry %v", statusOf(h), l.Retry.Visible())
	}
	h.login(t, demoIIN, demoPassword)
	if h.a.LoggedIn() || !strings.Contains(statusOf(h), "Сервис недоступен") {
		t.Fatalf("status %q", statusOf(h))
	}
	if l.IIN.Text != demoIIN || l.Password.Text != demoPassword {
		t.Fatal("input lost after a network failure")
	}
	mu.Lock()
	down = false
	mu.Unlock()
	h.tap(l.Retry)
	h.a.WaitIdle()
	if !h.a.LoggedIn() {
		t.Fatalf("retry did not log in: %q", statusOf(h))
	}
}

func TestServiceTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == api.PathInfo {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"fundName":"Slow fund","version":"1"}`))
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	h := newHarness(t, func(d *Deps) {
		d.CallTimeout = 300 * time.Millisecond
		d.Connect = func(ctx context.Context) (*client.Client, error) {
			return client.New(slow.URL, client.WithRetries(0))
		}
	})
	h.login(t, demoIIN, demoPassword)
	if s := statusOf(h); !strings.Contains(s, "не ответил вовремя") {
		t.Fatalf("status %q", s)
	}
	if !h.a.Login().Retry.Visible() {
		t.Error("no retry button")
	}
}

func TestLanguageSwitchAndPreference(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Language = "" })
	l := h.a.Login()
	h.typ(l.IIN, "8804")
	h.tap(l.Lang.Buttons["kk"])
	if l.Title.Text != "ЖЕКЕ КАБИНЕТКЕ КІРУ" || l.LoginButton.Text != "Жеке кабинетке кіру" {
		t.Fatalf("kk: %q / %q", l.Title.Text, l.LoginButton.Text)
	}
	if l.IIN.Text != "8804" {
		t.Fatal("typed IIN lost on language switch")
	}
	if got := h.a.fa.Preferences().String(prefLanguage); got != "kk" {
		t.Fatalf("preference %q", got)
	}
	h.tap(l.Lang.Buttons["en"])
	if l.Remember.Text != "Remember IIN" {
		t.Fatalf("en: %q", l.Remember.Text)
	}
	h.with(func() { l.IIN.SetText("") })
	h.typ(l.IIN, demoIIN)
	h.typ(l.Password, demoPassword)
	h.tap(l.LoginButton)
	h.a.WaitIdle()
	if !h.a.LoggedIn() {
		t.Fatalf("login: %q", statusOf(h))
	}
	if h.a.Home().PersonalTitle.Text != "Personal information" {
		t.Fatalf("home not in English: %q", h.a.Home().PersonalTitle.Text)
	}
	h.tap(h.a.Cabinet().Lang.Buttons["kk"])
	if h.a.Home().PersonalTitle.Text != "Жеке ақпарат" || h.a.Cabinet().Logout.Text != "Шығу" {
		t.Fatalf("cabinet not in Kazakh: %q", h.a.Home().PersonalTitle.Text)
	}
}

func TestSessionExpiredReturnsToLogin(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatal(statusOf(h))
	}
	// The session ends on the service side (as an idle expiry would).
	c := h.a.conn.clientOrNil()
	c.SetToken("expired-or-unknown-token")
	// The notifications poller may meet the 401 first: tap as the UI.
	h.with(func() { test.Tap(h.a.Home().Refresh) })
	h.a.WaitIdle()
	select {
	case r := <-h.ended:
		if r != "error.session_expired" {
			t.Fatalf("reason %q", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("not returned to login")
	}
	if h.a.LoggedIn() || !strings.Contains(statusOf(h), "Сеанс завершён") {
		t.Fatalf("status %q", statusOf(h))
	}
}

// with runs f as if on the UI goroutine (tickers and timers use the same
// lock through Deps.Do).
func (h *harness) with(f func()) {
	h.ui.Lock()
	defer h.ui.Unlock()
	f()
}

// tap taps w holding the UI lock, as the UI goroutine would: what the tap
// starts off the UI goroutine comes back through Deps.Do and must not run
// while the tap's handler is still going.
func (h *harness) tap(w fyne.Tappable) { h.with(func() { test.Tap(w) }) }

// typ types s into w holding the UI lock (see tap).
func (h *harness) typ(w fyne.Focusable, s string) { h.with(func() { test.Type(w, s) }) }

// waitEnded waits for the session to end and checks why.
func (h *harness) waitEnded(t *testing.T, reason string) {
	t.Helper()
	select {
	case got := <-h.ended:
		if got != reason {
			t.Fatalf("session ended because %q, want %q", got, reason)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("session not ended (waiting for %q)", reason)
	}
}

// advance moves the app's clock on by d: the timers due fire.
func (h *harness) advance(d time.Duration) { h.clk.Advance(d) }

// tick advances the app's clock by every and waits until one more tick
// of an everyTick loop (a poller) was handled on the UI goroutine.
func (h *harness) tick(t *testing.T, every time.Duration) {
	t.Helper()
	n := h.a.tick.ticks.Load()
	h.clk.Advance(every)
	waitFor(t, h, "a tick to be handled", func() bool { return h.a.tick.ticks.Load() > n })
}

// waitNoPoller waits until no everyTick loop runs: from then on no tick
// can start a reload, however far the clock moves.
func (h *harness) waitNoPoller(t *testing.T, what string) {
	t.Helper()
	waitFor(t, h, what+": no poller running", func() bool { return h.a.tick.loops.Load() == 0 })
}

func statusOf(h *harness) string {
	if l := h.a.Login(); l != nil && l.Status.Visible() {
		return l.Status.Text
	}
	return ""
}
