// Package app wires Kabinet together: configuration, which service (the
// bundled one in process or a remote one), the session, navigation between
// screens, the OS keyring, preferences and the language. It owns every
// goroutine; widgets are changed from them only inside fyne.Do.
package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"github.com/jonboulle/clockwork"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/passwords"
	"github.com/kabinet-kz/kabinet/screens"
)

// Deps are what an App is made of; tests give fakes where the real thing
// cannot exist (the test driver) and real ones elsewhere.
type Deps struct {
	// FyneApp is the Fyne application (the test driver in tests).
	FyneApp fyne.App
	// Connect opens the service: it starts the bundled one or checks the
	// remote one. It runs off the UI goroutine and may be retried.
	Connect func(ctx context.Context) (*client.Client, error)
	// Keyring stores the remembered IIN; nil means no keyring.
	Keyring Keyring
	Logger  *slog.Logger
	// PublicIdle is the idle time after which a «Чужой компьютер» session
	// ends (default 5 minutes); IdleWarning how long before that a warning
	// shows (default 1 minute).
	PublicIdle  time.Duration
	IdleWarning time.Duration
	// CallTimeout bounds each call to the service (default 20 s).
	CallTimeout time.Duration
	// Language forces a language; "" means preference, then OS locale.
	Language string
	// Getenv reads the environment for the OS locale (nil: os.Getenv).
	Getenv func(string) string
	// Do runs f on the UI goroutine (nil: fyne.Do). Tests serialise it
	// with their own reads, as the test driver runs fyne.Do inline.
	Do func(f func())
	// NCALayerURL overrides NCALayer's address (tests use a fake one).
	NCALayerURL string
	// KeysDir is where the file dialog starts the first time (the bundled
	// service's demo keys).
	KeysDir string
	// Clock is the client's clock: countdowns, the idle logout, the
	// pollers' tickers (nil: the real clock). Tests pass a fake one and
	// advance it. Calls to the service are bounded by CallTimeout on the
	// real clock: that is a network timeout, not the app's time.
	Clock clockwork.Clock
	// BundledDemo: the bundled demo service is the one chosen at start.
	// The login screen then says demo mode from its first frame rather
	// than once the service answers (seconds later on a first start,
	// when the note would push the form down under the user's cursor).
	BundledDemo bool
	// DeferStart leaves connecting to the service and reading the keyring
	// to Start (Run calls it once the window is on screen, so that the
	// bundled service's start-up does not delay the first frame).
	DeferStart bool
	// Quitting is called when the user closes the main window, before
	// the app ends its session (Run's quit guard starts counting).
	Quitting func()
	// NotificationPoll is how often the cabinet asks for new
	// notifications (default 15 s).
	NotificationPoll time.Duration
	// StaffQueuePoll is how often the open staff queue page reloads
	// itself (default 30 s).
	StaffQueuePoll time.Duration
	// OutboxPoll is how often the open demo outbox window reloads
	// itself (default 3 s).
	OutboxPoll time.Duration
	// Servers chooses a fund's service instead of the bundled one
	// (server.go); ConnectRemote opens one (nil: client.New).
	Servers       ServerConfig
	ConnectRemote func(ctx context.Context, url string) (*client.Client, error)
	// AfterStart, when set, runs off the UI goroutine once Start's work
	// (connecting to the service, reading the keyring) is done; Run hands
	// the start-up's garbage back to the OS there.
	AfterStart func()
	// OnSessionEnd, when set, is told why a session ended ("" for a
	// logout by the user, else the message key); tests wait on it.
	OnSessionEnd func(reason string)
	// Screen is the usable area of the screen in Fyne units (ok false:
	// unknown); the window's first size fits it (screen.go). Nil: unknown.
	Screen func() (size fyne.Size, ok bool)
}

// App is the running cabinet client.
type App struct {
	d   Deps
	fa  fyne.App
	win fyne.Window
	// root is the window's one content: the screens are swapped in it
	// (setContent), never by the window's SetContent.
	root   *fyne.Container
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	calls  *caller // the one way to call the service (caller.go)

	// The controllers of the flows and pages (one type each).
	conn     *connCtl      // conn.go, server.go: which service, its client
	idle     *idleCtl      // idle.go: the public workstation's idle logout
	tick     *tickers      // tickers.go: countdowns and pollers on Deps.Clock
	signin   *loginCtl     // login.go, twofactor.go
	account  *accountCtl   // flows.go: registration, password reset
	password *passwordPage // password.go
	demo     *outboxCtl    // outbox.go
	staff    *staffDesk    // staff.go: the office workstation
	pages    *cabinetPages // pages.go: the cabinet's simple pages
	apps     *appsCtl      // applications.go, signing.go, notifications.go
	edsKeys  *edsCtl       // eds.go: login by EDS, key files

	// UI state, touched on the UI goroutine only.
	login    *screens.Login
	cabinet  *screens.Cabinet
	home     *screens.Home
	me       api.Me
	public   bool
	loggedIn bool
	active   retranslator // a full-window screen: registration, reset
	page     retranslator // a cabinet page other than home
}

// New builds the app and its window (not shown yet) and starts connecting
// to the service and reading the keyring in the background.
func New(d Deps) *App {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.PublicIdle == 0 {
		d.PublicIdle = 5 * time.Minute
	}
	if d.IdleWarning == 0 || d.IdleWarning >= d.PublicIdle {
		d.IdleWarning = d.PublicIdle / 5
	}
	if d.CallTimeout == 0 {
		d.CallTimeout = client.DefaultTimeout
	}
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &App{d: d, fa: d.FyneApp, log: d.Logger, ctx: ctx, cancel: cancel}
	a.conn = &connCtl{app: a}
	a.idle = &idleCtl{app: a}
	a.tick = &tickers{app: a}
	a.calls = &caller{ctx: ctx, wg: &a.wg, do: a.do, timeout: d.CallTimeout, client: a.conn.ensureClient, touch: a.idle.touch}
	a.conn.calls = a.calls
	a.signin = &loginCtl{app: a, calls: a.calls}
	a.account = &accountCtl{app: a, calls: a.calls}
	a.password = &passwordPage{app: a, calls: a.calls}
	a.demo = &outboxCtl{app: a, calls: a.calls}
	a.staff = &staffDesk{app: a, calls: a.calls}
	a.pages = &cabinetPages{app: a, calls: a.calls}
	a.apps = &appsCtl{app: a, calls: a.calls}
	a.edsKeys = &edsCtl{app: a, calls: a.calls}
	a.fa.Settings().SetTheme(NewTheme())
	initLanguage(d)
	if !d.DeferStart {
		applyFyneLanguage()
	}
	a.win = a.fa.NewWindow(lang.L("app.title"))
	a.root = container.NewStack()
	a.win.SetContent(a.root)
	screen, ok := fyne.Size{}, false
	if d.Screen != nil {
		screen, ok = d.Screen()
	}
	a.win.Resize(initialSize(screen, ok))
	a.win.SetMaster()
	a.win.SetCloseIntercept(func() {
		if d.Quitting != nil {
			d.Quitting()
		}
		a.Close()
		a.win.Close()
	})
	a.showLogin()
	if !d.DeferStart {
		a.Start()
	}
	return a
}

// Start connects to the service and reads the keyring in the background;
// Deps.AfterStart runs once both are done. The password policy's word
// lists are not loaded here: the login screen has no use for their 10 MB
// (preloadPasswords loads them when a screen with a new password opens).
func (a *App) Start() {
	// Fyne's own texts (its dialogs, the entry's menu) are not on the
	// login screen: they follow the app's language once the window is up
	// (registering them under Fyne's 14 locales took ~3 ms of start-up).
	applyFyneLanguage()
	var wg sync.WaitGroup
	for _, f := range []func(){a.conn.connectOrTell, a.signin.readKeyring} {
		wg.Add(1)
		a.calls.Go(func() {
			defer wg.Done()
			f()
		})
	}
	if after := a.d.AfterStart; after != nil {
		a.calls.Go(func() {
			wg.Wait()
			after()
		})
	}
}

// preloadPasswords loads the password policy's word lists (~40 ms, needed
// at the first keystroke of a new password) off the UI goroutine; a screen
// with a new password calls it when it opens.
func (a *App) preloadPasswords() { a.calls.Go(passwords.Preload) }

// Window is the main window.
func (a *App) Window() fyne.Window { return a.win }

// Login is the login screen (nil while the cabinet is shown).
func (a *App) Login() *screens.Login { return a.login }

// Cabinet is the cabinet shell (nil while logged out).
func (a *App) Cabinet() *screens.Cabinet { return a.cabinet }

// Home is the cabinet's home page (nil while logged out).
func (a *App) Home() *screens.Home { return a.home }

// LoggedIn tells whether a session is open.
func (a *App) LoggedIn() bool { return a.loggedIn }

// Info is what the service said about itself.
func (a *App) Info() api.Info {
	a.conn.mu.Lock()
	defer a.conn.mu.Unlock()
	return a.conn.info
}

// WaitIdle waits until every background task started so far has finished
// (tests use it after a tap).
func (a *App) WaitIdle() { a.wg.Wait() }

// Close ends the session (best effort) and stops background work.
func (a *App) Close() {
	a.idle.stopIdleTimers()
	a.tick.stopTicker()
	// Cancel first: a poller's call answered 401 by the logout below must
	// not end the session again (and start the keyring) once closed.
	a.cancel()
	if c := a.conn.clientOrNil(); c != nil && c.Token() != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = c.Logout(ctx)
		cancel()
	}
}

// do runs f on the UI goroutine.
func (a *App) do(f func()) {
	if a.d.Do != nil {
		a.d.Do(f)
		return
	}
	fyne.Do(f)
}

// showLogin shows the login screen, keeping nothing of the last session.
func (a *App) showLogin() {
	a.cabinet, a.home, a.active = nil, nil, nil
	a.setPage(nil)
	a.login = screens.NewLogin()
	a.login.SetPublicIdle(a.d.PublicIdle)
	l := a.login
	l.OnLogin = a.signin.doLogin
	l.OnRememberChanged = a.signin.rememberChanged
	l.OnLanguage = a.SetLanguage
	l.OnRetry = func() {
		l.Tell(screens.Message{})
		a.conn.startConnect()
	}
	l.OnRegister = a.account.showRegister
	l.OnForgot = func() { a.account.showForgot(l.IIN.Text) }
	l.OnEDS = a.edsKeys.showEDSLogin
	l.OnOutbox = a.demo.showOutbox
	l.OnSettings = a.conn.showServerSettings
	l.OnAbout = a.conn.showAbout
	if !a.signin.keyringOK && a.d.Keyring == nil {
		l.SetRememberAvailable(false, "keyring.absent")
	}
	a.conn.mu.Lock()
	info, ok := a.conn.info, a.conn.cl != nil
	a.conn.mu.Unlock()
	// The demo note is set before the screen's first layout: laying the
	// screen out again for it cost about 10 % of the start-up.
	if !ok {
		if used := a.conn.usedServer(); a.d.BundledDemo && (used.Source == "" || used.Source == SourceDemo) {
			l.SetDemo("login.demo")
		}
	}
	a.setContent(l.Content())
	if ok {
		a.conn.applyInfo(info)
	}
	a.conn.showPreparing()
	a.win.Canvas().Focus(l.IIN)
}

// showCabinet opens the cabinet on personal information and savings.
func (a *App) showCabinet(me api.Me, acc api.Accounts) {
	if me.Role == api.RoleStaff {
		a.staff.showStaff(me) // the office workstation (staff.go)
		return
	}
	a.tick.stopTicker()
	a.active = nil
	a.setPage(nil)
	a.loggedIn = true
	a.me = me
	a.login = nil
	a.cabinet = screens.NewCabinet()
	a.home = screens.NewHome()
	cab := a.cabinet
	cab.SetUser(a.conn.fundName(), screens.FullName(me))
	cab.OnLogout = a.Logout
	cab.OnLanguage = a.SetLanguage
	cab.OnService = a.openService
	cab.OnBanner = a.apps.openBanner
	a.home.OnRefresh = a.pages.refreshHome
	a.home.SetData(me, acc)
	cab.Show(screens.ServiceHome, a.home.Content())
	if a.public {
		cab.SetNotice(lang.L("cabinet.public_notice", map[string]any{"N": int(a.d.PublicIdle.Minutes())}))
	}
	a.setContent(cab.Content())
	a.idle.touch()
	a.apps.startNotifications()
}

func (a *App) openService(id string) {
	a.idle.touch()
	switch id {
	case screens.ServiceHome:
		a.setPage(nil)
		a.cabinet.Show(id, a.home.Content())
		return
	case screens.ServicePassword:
		a.password.showChangePassword()
		return
	case screens.ServiceStatements:
		a.pages.showStatements()
		return
	case screens.ServiceCertificates:
		a.pages.showCertificates()
		return
	case screens.ServiceForecast:
		a.pages.showForecast()
		return
	case screens.ServiceBooking:
		a.pages.showBooking()
		return
	case screens.ServiceSecurity:
		a.pages.showSecurity()
		return
	case screens.ServiceDPV:
		a.pages.showDPV()
		return
	case screens.ServicePayment:
		a.apps.showApplicationForm(api.AppPensionPayment)
		return
	case screens.ServiceDetails:
		a.apps.showApplicationForm(api.AppBankDetails)
		return
	case screens.ServicePortfolio:
		a.apps.showApplicationForm(api.AppPortfolioManager)
		return
	case screens.ServiceCancelTransfer:
		a.apps.showApplicationForm(api.AppCancelTransfer)
		return
	case screens.ServiceStatus:
		a.apps.showApplications()
		return
	case screens.ServiceNotifications:
		a.apps.showNotifications()
		return
	}
	screens.ShowNotAvailable(screens.ServiceTitle(id), a.win)
}

// Logout ends the session and returns to the login screen.
func (a *App) Logout() {
	if !a.loggedIn {
		return
	}
	a.endSession("")
}

func (a *App) endSession(noticeKey string) {
	a.loggedIn = false
	a.public = false
	a.edsKeys.signFile = ""
	a.idle.stopIdleTimers()
	a.apps.stopNotifications()
	a.staff.stopStaffQueuePoll()
	c := a.conn.clientOrNil()
	if c != nil {
		a.calls.Go(func() {
			ctx, cancel := a.calls.Ctx()
			defer cancel()
			if err := c.Logout(ctx); err != nil {
				a.log.Warn("logout call failed", "code", client.Code(err))
			}
		})
	}
	a.closeDialogs()
	a.showLogin()
	a.signin.startKeyring()
	if noticeKey != "" {
		a.login.Tell(screens.Problem(noticeKey, nil))
	}
	if a.d.OnSessionEnd != nil {
		a.d.OnSessionEnd(noticeKey)
	}
}

// closeDialogs closes every dialog of the window: the ones of a session
// that ended (the idle warning, a staff confirmation, a file chooser)
// must not stay over the login screen, their buttons dead.
func (a *App) closeDialogs() {
	ov := a.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		o.Hide()
		if ov.Top() == o {
			ov.Remove(o)
		}
	}
}

// sessionExpired runs (on the UI goroutine) when the service says the
// session is over.
func (a *App) sessionExpired() {
	if !a.loggedIn || a.ctx.Err() != nil {
		return
	}
	if c := a.conn.clientOrNil(); c != nil {
		c.SetToken("")
	}
	a.endSession("error.session_expired")
}
