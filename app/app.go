// Package app wires Kabinet together: configuration, which service (the
// bundled one in process or a remote one), the session, navigation between
// screens, the OS keyring, preferences and the language. It owns every
// goroutine; widgets are changed from them only inside fyne.Do.
package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
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
	// DeferStart leaves connecting to the service and reading the keyring
	// to Start (Run calls it once the window is on screen, so that the
	// bundled service's start-up does not delay the first frame).
	DeferStart bool
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
	// OnSessionEnd, when set, is told why a session ended ("" for a
	// logout by the user, else the message key); tests wait on it.
	OnSessionEnd func(reason string)
}

// App is the running cabinet client.
type App struct {
	d      Deps
	fa     fyne.App
	win    fyne.Window
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	calls  *caller // the one way to call the service (caller.go)

	// ticks counts the ticks everyTick's loops handled, loops the loops
	// running: what tests wait on after advancing a fake Deps.Clock.
	ticks atomic.Int64
	loops atomic.Int32

	mu      sync.Mutex
	cl      *client.Client // nil until connected
	info    api.Info
	used    Server // the service chosen at the last connection (server.go)
	connGen int    // bumped by reconnect: older connections' results are dropped

	// UI state, touched on the UI goroutine only.
	login       *screens.Login
	cabinet     *screens.Cabinet
	home        *screens.Home
	me          api.Me
	public      bool
	loggedIn    bool
	keyringOK   bool
	idleTimer   clockwork.Timer
	warnTimer   clockwork.Timer
	activityGen int
	tickStop    chan struct{}
	staffPoll   chan struct{}
	active      retranslator // a full-window screen: registration, reset
	page        retranslator // a cabinet page other than home
	register    *screens.Register
	forgot      *screens.Forgot
	outboxWin   fyne.Window
	outbox      *screens.Outbox
	apps        appsState // applications and notifications (applications.go)
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
	a.calls = &caller{ctx: ctx, wg: &a.wg, do: a.do, timeout: d.CallTimeout, client: a.ensureClient, touch: a.touch}
	a.fa.Settings().SetTheme(NewTheme())
	a.initLanguage()
	a.win = a.fa.NewWindow(lang.L("app.title"))
	a.win.Resize(fyne.NewSize(1100, 740))
	a.win.SetMaster()
	a.win.SetCloseIntercept(func() {
		a.Close()
		a.win.Close()
	})
	a.showLogin()
	if !d.DeferStart {
		a.Start()
	}
	return a
}

// Start connects to the service and reads the keyring in the background.
func (a *App) Start() {
	a.startConnect()
	a.startKeyring()
	// The password policy's word lists (~40 ms to load) are needed at the
	// first keystroke of a new password: load them now, off the UI goroutine.
	a.calls.Go(passwords.Preload)
}

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
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.info
}

// WaitIdle waits until every background task started so far has finished
// (tests use it after a tap).
func (a *App) WaitIdle() { a.wg.Wait() }

// Close ends the session (best effort) and stops background work.
func (a *App) Close() {
	a.stopIdleTimers()
	a.stopTicker()
	// Cancel first: a poller's call answered 401 by the logout below must
	// not end the session again (and start the keyring) once closed.
	a.cancel()
	if c := a.clientOrNil(); c != nil && c.Token() != "" {
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

// everyTick runs f on the UI goroutine at each tick of every until stop
// is closed or the app is. Not a.calls.Go: the loop lives as long as what
// it refreshes, WaitIdle must not wait for it.
func (a *App) everyTick(every time.Duration, stop <-chan struct{}, f func()) {
	a.loops.Add(1)
	go func() {
		defer a.loops.Add(-1)
		t := a.d.Clock.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-a.ctx.Done():
				return
			case <-t.Chan():
				a.do(f)
				a.ticks.Add(1)
			}
		}
	}()
}

func (a *App) clientOrNil() *client.Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cl
}

// ensureClient returns the connected client, connecting first if needed.
// Runs off the UI goroutine.
func (a *App) ensureClient() (*client.Client, error) {
	if c := a.clientOrNil(); c != nil {
		return c, nil
	}
	c, err := a.connect()
	if errors.Is(err, errSuperseded) {
		return a.connect() // to the server chosen meanwhile
	}
	return c, err
}

// errSuperseded: the server was changed while a connection to the one
// before was on its way; its result is dropped (server.go).
var errSuperseded = errors.New("app: the server changed during the connection")

func (a *App) connect() (*client.Client, error) {
	ctx, cancel := a.calls.Ctx()
	defer cancel()
	a.mu.Lock()
	gen := a.connGen
	a.mu.Unlock()
	c, info, used, err := a.connectService(ctx)
	a.mu.Lock()
	if a.connGen != gen {
		a.mu.Unlock()
		return nil, errSuperseded
	}
	a.used = used
	if err != nil {
		a.mu.Unlock()
		return nil, err
	}
	if a.cl != nil {
		c = a.cl // another call connected first
	} else {
		c.OnUnauthorized(func() { a.do(a.sessionExpired) })
		a.cl, a.info = c, info
	}
	a.mu.Unlock()
	a.do(func() { a.applyInfo(info) })
	return c, nil
}

// startConnect connects in the background and reports a failure on the
// login screen with a retry button.
func (a *App) startConnect() {
	a.calls.Go(func() {
		if _, err := a.connect(); err != nil && !errors.Is(err, errSuperseded) {
			a.log.Warn("service not reachable", "err", err)
			m := errorMessage(err)
			a.do(func() {
				if a.login != nil {
					a.login.Tell(screens.Message{Key: m.Key, Data: m.Data, Error: true, Retry: true})
				}
			})
		}
	})
}

func (a *App) applyInfo(info api.Info) {
	a.applyTitle()
	if a.login != nil {
		a.login.SetFundName(a.fundName())
		a.login.SetDemo(demoNote(info, a.usedServer()))
		a.login.SetMessagesOff(info.MessagesOff)
		if info.HasFeature("outbox") {
			a.login.Outbox.Show()
		} else {
			a.login.Outbox.Hide()
		}
	}
}

// showLogin shows the login screen, keeping nothing of the last session.
func (a *App) showLogin() {
	a.cabinet, a.home, a.active = nil, nil, nil
	a.setPage(nil)
	a.login = screens.NewLogin()
	l := a.login
	l.OnLogin = a.doLogin
	l.OnRememberChanged = a.rememberChanged
	l.OnLanguage = a.SetLanguage
	l.OnRetry = func() {
		l.Tell(screens.Message{})
		a.startConnect()
	}
	l.OnRegister = a.showRegister
	l.OnForgot = func() { a.showForgot(l.IIN.Text) }
	l.OnEDS = a.showEDSLogin
	l.OnOutbox = a.showOutbox
	l.OnSettings = a.showServerSettings
	l.OnAbout = a.showAbout
	if !a.keyringOK && a.d.Keyring == nil {
		l.SetRememberAvailable(false, "keyring.absent")
	}
	a.mu.Lock()
	info, ok := a.info, a.cl != nil
	a.mu.Unlock()
	a.win.SetContent(l.Content())
	if ok {
		a.applyInfo(info)
	}
	a.win.Canvas().Focus(l.IIN)
}

// startKeyring reads the remembered IIN in the background.
func (a *App) startKeyring() {
	kr := a.d.Keyring
	if kr == nil {
		return
	}
	a.calls.Go(func() {
		iin, err := kr.RememberedIIN()
		a.do(func() {
			if err != nil {
				a.log.Warn("keyring unavailable", "err", err)
				a.keyringOK = false
				if a.login != nil {
					a.login.SetRememberAvailable(false, "keyring.unavailable")
				}
				return
			}
			a.keyringOK = true
			if iin != "" && a.login != nil && a.login.IIN.Text == "" {
				a.login.Prefill(iin)
			}
		})
	})
}

// rememberChanged deletes the stored IIN as soon as «Запомнить ИИН» is
// unticked; ticking stores it after the next successful login.
func (a *App) rememberChanged(on bool) {
	kr := a.d.Keyring
	if on || kr == nil || !a.keyringOK {
		return
	}
	a.calls.Go(func() {
		if err := kr.Forget(); err != nil {
			a.log.Warn("keyring forget failed", "err", err)
			a.do(func() {
				a.keyringOK = false
				if a.login != nil {
					a.login.SetRememberAvailable(false, "keyring.unavailable")
				}
			})
		}
	})
}

// endAbandoned ends, off the UI goroutine, the service session of a login
// that succeeded after the user had left its screen (the window shows the
// login screen or another flow, so nobody uses that session).
func (a *App) endAbandoned(c *client.Client, token string) {
	if c == nil || token == "" {
		return
	}
	a.calls.Go(func() {
		ctx, cancel := a.calls.Ctx()
		defer cancel()
		if err := c.EndSession(ctx, token); err != nil {
			a.log.Warn("ending an abandoned session failed", "code", client.Code(err))
		}
	})
}

// doLogin runs the login off the UI goroutine.
func (a *App) doLogin(iin, password string, remember, public bool) {
	l := a.login
	l.SetBusy(true)
	kr := a.d.Keyring
	keyringOK := a.keyringOK
	var (
		sess   api.Session
		cl     *client.Client
		opened openedSession
	)
	a.calls.Call(func(err error) bool {
		if a.login == l {
			return true
		}
		if err == nil { // signed in, but the user left the screen
			a.endAbandoned(cl, sess.Token)
		}
		return false
	}, func(ctx context.Context, c *client.Client) (err error) {
		cl = c
		if sess, err = c.Login(ctx, iin, password); err != nil {
			return err
		}
		opened, err = a.openSession(c, kr, keyringOK, iin, remember, public)
		return err
	}, func(err error) {
		l.SetBusy(false)
		if ch, ok := client.AsSecondStep(err); ok {
			a.showSecondStep(iin, ch, remember, public) // twofactor.go
			return
		}
		if err != nil {
			m := errorMessage(err)
			a.log.Info("login failed", "code", client.Code(err))
			if m.Retry {
				l.Tell(screens.Message{Key: m.Key, Data: m.Data, Error: true, Retry: true})
				l.OnRetry = func() {
					l.Tell(screens.Message{})
					a.doLogin(l.IIN.Text, l.Password.Text, l.Remember.Checked, l.Public.Checked)
				}
			} else {
				l.Tell(screens.Problem(m.Key, m.Data))
				l.ClearPassword()
				a.win.Canvas().Focus(l.Password)
			}
			return
		}
		a.enterCabinet(opened, public)
	})
}

// openedSession is what a login that opened a session (by password, or
// after its second step) brings to the cabinet.
type openedSession struct {
	me         api.Me
	acc        api.Accounts
	keyringErr error // the «Запомнить ИИН» choice could not be kept
}

// openSession, off the UI goroutine, loads the home page of the session
// just opened on c (logging it out when that fails) and keeps the
// «Запомнить ИИН» choice in the keyring kr (a public workstation
// remembers nothing).
func (a *App) openSession(c *client.Client, kr Keyring, keyringOK bool, iin string, remember, public bool) (openedSession, error) {
	var o openedSession
	var err error
	if o.me, o.acc, err = a.loadHome(c); err != nil {
		lctx, cancel := a.calls.Ctx()
		_ = c.Logout(lctx)
		cancel()
		return o, err
	}
	if kr != nil && keyringOK {
		switch {
		case public:
		case remember:
			o.keyringErr = kr.RememberIIN(iin)
		default:
			o.keyringErr = kr.Forget()
		}
	}
	return o, nil
}

// enterCabinet shows the cabinet of a session openSession prepared.
func (a *App) enterCabinet(o openedSession, public bool) {
	a.public = public
	a.showCabinet(o.me, o.acc)
	if o.keyringErr != nil {
		a.keyringOK = false
		screens.ShowInfo(lang.L("keyring.title"), lang.L("keyring.unavailable"), a.win)
	}
}

func (a *App) loadHome(c *client.Client) (api.Me, api.Accounts, error) {
	ctx, cancel := a.calls.Ctx()
	defer cancel()
	me, err := c.Me(ctx)
	if err != nil {
		return me, api.Accounts{}, err
	}
	acc, err := c.Accounts(ctx)
	return me, acc, err
}

// showCabinet opens the cabinet on personal information and savings.
func (a *App) showCabinet(me api.Me, acc api.Accounts) {
	if me.Role == api.RoleStaff {
		a.showStaff(me) // the office workstation (staff.go)
		return
	}
	a.stopTicker()
	a.active = nil
	a.setPage(nil)
	a.loggedIn = true
	a.me = me
	a.login = nil
	a.cabinet = screens.NewCabinet()
	a.home = screens.NewHome()
	cab := a.cabinet
	cab.SetUser(a.fundName(), screens.FullName(me))
	cab.OnLogout = a.Logout
	cab.OnLanguage = a.SetLanguage
	cab.OnService = a.openService
	cab.OnBanner = a.openBanner
	a.home.OnRefresh = a.refreshHome
	a.home.SetData(me, acc)
	cab.Show(screens.ServiceHome, a.home.Content())
	if a.public {
		cab.SetNotice(lang.L("cabinet.public_notice", map[string]any{"N": int(a.d.PublicIdle.Minutes())}))
	}
	a.win.SetContent(cab.Content())
	a.touch()
	a.startNotifications()
}

func (a *App) openService(id string) {
	a.touch()
	switch id {
	case screens.ServiceHome:
		a.setPage(nil)
		a.cabinet.Show(id, a.home.Content())
		return
	case screens.ServicePassword:
		a.showChangePassword()
		return
	case screens.ServiceStatements:
		a.showStatements()
		return
	case screens.ServiceCertificates:
		a.showCertificates()
		return
	case screens.ServiceForecast:
		a.showForecast()
		return
	case screens.ServiceBooking:
		a.showBooking()
		return
	case screens.ServiceSecurity:
		a.showSecurity()
		return
	case screens.ServiceDPV:
		a.showDPV()
		return
	case screens.ServicePayment:
		a.showApplicationForm(api.AppPensionPayment)
		return
	case screens.ServiceDetails:
		a.showApplicationForm(api.AppBankDetails)
		return
	case screens.ServicePortfolio:
		a.showApplicationForm(api.AppPortfolioManager)
		return
	case screens.ServiceCancelTransfer:
		a.showApplicationForm(api.AppCancelTransfer)
		return
	case screens.ServiceStatus:
		a.showApplications()
		return
	case screens.ServiceNotifications:
		a.showNotifications()
		return
	}
	screens.ShowNotAvailable(screens.ServiceTitle(id), a.win)
}

func (a *App) refreshHome() {
	h := a.home
	h.SetBusy(true)
	var (
		me  api.Me
		acc api.Accounts
	)
	a.calls.Call(func(err error) bool {
		// An expired session is left to sessionExpired.
		return a.home == h && !client.IsCode(err, api.CodeUnauthorized)
	}, func(_ context.Context, c *client.Client) (err error) {
		me, acc, err = a.loadHome(c)
		return err
	}, func(err error) {
		h.SetBusy(false)
		if err != nil {
			screens.ShowError(lang.L(errorMessage(err).Key, errorMessage(err).Data), a.win)
			return
		}
		h.SetData(me, acc)
	})
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
	a.stopIdleTimers()
	a.stopNotifications()
	a.stopStaffQueuePoll()
	c := a.clientOrNil()
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
	a.startKeyring()
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
	if c := a.clientOrNil(); c != nil {
		c.SetToken("")
	}
	a.endSession("error.session_expired")
}
