// Package service is the Kabinet cabinet service: the HTTP API of
// /api/v1 (see api/ for the contract and api/openapi.yaml), password
// login with per-IIN locks and per-client throttling, sessions, and the
// depositor's personal information and pension accounts, on a SQLite
// file (package store).
//
// The same service runs inside the desktop app (its Handler called in
// process, no socket) and as the standalone kabinetd. It is built in the
// style of "HTTP services after 13 years": Open wires the dependencies,
// NewServer returns the http.Handler, routes.go lists every route, and
// the clock is injected so that expiry and locks can be tested.
//
// Extending it: a new route is one line in routes.go and a handler method
// on server (returning an error; a *problemError becomes a problem
// document); new tables go into a new migration in store/migrations; new
// problem codes into package api.
package service

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

// DefaultFundName is the display name of a fund when Config.FundName is
// empty, DefaultFundNameKK and DefaultFundNameEN the same name in Kazakh
// and English. It is deliberately no real organisation's name.
const (
	DefaultFundName   = "Демо пенсионный фонд"
	DefaultFundNameKK = "Демо зейнетақы қоры"
	DefaultFundNameEN = "Demo Pension Fund"
)

// Config configures Open. Zero values take the documented defaults.
type Config struct {
	// DataDir holds the SQLite file <DataDir>/kabinet.db, created if
	// missing (directory mode 0700, file 0600).
	DataDir string
	// Database, when set, is where the data lives instead of
	// <DataDir>/kabinet.db: a postgres:// URL (PostgreSQL, shared by
	// several instances) or the path of a SQLite file (store.OpenDatabase).
	// DataDir still holds the demo CA, keys and outbox.
	Database string
	// Demo seeds the demo people and accounts (see DemoPassword) when the
	// database is new, and marks the service as a demo in /api/v1/info.
	Demo bool
	// FundName is the fund's display name in Russian, FundNameKK and
	// FundNameEN in Kazakh and English. With none of them set the fund
	// is the demo one (DefaultFundName, DefaultFundNameKK,
	// DefaultFundNameEN); a name missing besides one given is the given
	// one (Russian first), never the demo fund's.
	FundName   string
	FundNameKK string
	FundNameEN string
	// TimeZone is the fund's time zone (IANA name; "" means
	// DefaultTimeZone, Asia/Almaty): of every time on PDFs, tickets and
	// in messages, told to the app in /api/v1/info.
	TimeZone string
	// Version is reported by /api/v1/info; "" means "dev".
	Version string
	// Features are optional capabilities announced in /api/v1/info, e.g.
	// "outbox" when a demo message outbox is wired in.
	Features []string
	// Clock is the service's time; nil means time.Now.
	Clock func() time.Time
	// Logger receives request and error logs (never a body, password or
	// token); nil discards them.
	Logger *slog.Logger
	// Argon2 hashes new passwords; nil means DefaultArgon2Params (OWASP).
	Argon2 *Argon2Params
	// IdleTimeout ends a session after this long without a call (0: 15m);
	// AbsoluteTimeout ends it this long after login (0: 8h).
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// ClientRate (requests per second, 0: 3) and ClientBurst (0: 10)
	// throttle each client address on login.
	ClientRate  float64
	ClientBurst int
	// TrustedProxies are reverse proxies (ranges) whose Forwarded or
	// X-Forwarded-For headers are believed: behind them, the client
	// address in limits, logs and security events is the real one.
	TrustedProxies []netip.Prefix
	// HashSlots and HashQueue bound the password hashing (see Deps).
	HashSlots int
	HashQueue int
	// Forecast holds the fund's forecast parameters (zero value:
	// DefaultForecastConfig); Booking the office queue's (forecast.go,
	// booking.go). A Demo service seeds demo offices in four cities.
	Forecast ForecastConfig
	Booking  BookingConfig
	// BackOffice moves applications on (backoffice.go): by default one
	// status every 2 minutes.
	BackOffice BackOfficeConfig
	// OTPValidity is how long a one-time password of registration and
	// password recovery is valid (0: 15m, the memo's figure); OTPAttempts
	// wrong codes kill its request (0: 5); a new code may be asked for
	// OTPResend after the previous one (0: 60s). Each client address may
	// ask for OTPClientBurst codes at once (0: 10) and OTPClientPerHour
	// an hour more (0: 30).
	OTPValidity      time.Duration
	OTPAttempts      int
	OTPResend        time.Duration
	OTPClientBurst   int
	OTPClientPerHour int
	// LoginAttempts wrong passwords from one client lock that client out
	// of the IIN (0: 5) for LoginLock (0: 15m).
	LoginAttempts int
	LoginLock     time.Duration
	// Notify chooses how one-time passwords and "password changed"
	// notices are delivered (see notify.Config). Its zero value keeps
	// every message in the demo outbox, a separate SQLite file
	// <DataDir>/outbox.db, which a Demo service offers to the app at
	// GET /api/v1/demo/outbox (feature "outbox"). A service that is not a
	// demo never offers the outbox: configure SMTP and an SMS gateway.
	Notify notify.Config
	// OutboxOff keeps GET /api/v1/demo/outbox off even on a Demo service
	// (kabinetd on a listener that is not loopback, unless asked for):
	// the outbox shows every code with full contacts to anyone.
	OutboxOff bool
	// QueueMessages sends through the message queue (msgqueue.go) even
	// with Notifier set (tests); a service with SMTP or an SMS gateway in
	// Notify always does. QueueWorkerOff leaves the queued messages to
	// SendQueued (tests, with their own clock).
	QueueMessages  bool
	QueueWorkerOff bool
	// Notifier, when set, is used instead of Notify (tests, embedding);
	// the outbox route is offered when it is a demo outbox
	// (notify.OutboxOf) and Demo is set.
	Notifier notify.Sender
	// Captcha replaces the in-memory image captcha of password recovery
	// (tests).
	Captcha CaptchaStore

	// Login by EDS (eds_login.go, demokeys.go). A Demo service keeps a
	// demo CA ("Demo NCA (TEST)") in <DataDir>/ca (pki.DemoCADir), created
	// on the first start, trusts it, and issues from it the demo
	// depositors' key stores into <DataDir>/keys (Service.KeysDir,
	// password DemoKeyPassword) — in the background, so that Open stays
	// fast. A service trusting no CA at all offers no EDS login.

	// PKIDir is the directory of one more CA to trust, created as a demo
	// CA if absent (a test installation whose staff issue keys with
	// "kabinetd pki issue"). "" means none besides the Demo one; a Demo
	// service's own is <DataDir>/ca.
	PKIDir string
	// TrustRoots are certificate files (PEM or DER) to trust: roots are
	// trust anchors, CA certificates among them intermediates — e.g. NCA
	// RK's root and issuing certificates from pki.gov.kz. They are read by
	// Open; a file that holds no certificate is an error.
	TrustRoots []string
	// CRLURLs are more CRL addresses to try for the certificates of
	// TrustRoots after their own distribution points (e.g. NCA RK's
	// http://crl.pki.gov.kz/nca_rsa.crl). The demo CA's list is local.
	CRLURLs []string
	// FetchCRL downloads a CRL; nil means an HTTP GET (15 s, at most
	// 64 MiB) when TrustRoots are set. A list is fetched again when
	// CRLRefresh has passed (0: DefaultCRLRefresh, an hour), so that a
	// revocation counts within that time, not at the list's NextUpdate.
	//
	// The downloaded lists are shared through the database with the
	// other instances on it (crlshare.go): a list is downloaded once
	// across them, the first time a certificate needs it, then again
	// every CRLRefresh by the one instance holding the refresher's lease.
	// CRLRefreshOff leaves that to RefreshCRLs (tests).
	FetchCRL      func(url string) ([]byte, error)
	CRLRefresh    time.Duration
	CRLRefreshOff bool
	// AllowUnknownRevocation accepts a certificate of TrustRoots for
	// which no CRL is known at all (no distribution point in it, no
	// CRLURLs). Off: such a certificate is refused as
	// certificate_untrusted. A CRL that cannot be downloaded refuses it
	// either way.
	AllowUnknownRevocation bool
	// RequireStaffTwoFactor: office staff must have a second login step
	// (twofactor.go); an employee who logs in by password without one
	// may only turn it on (the staff calls answer two_factor_required).
	// kabinetd --require-staff-2fa, KABINETD_REQUIRE_STAFF_2FA.
	RequireStaffTwoFactor bool
	// TwoFactorKey (32 bytes) seals the TOTP secrets of the second login
	// step, so that the database alone does not reveal them; nil keeps a
	// random sealing key in the database itself (a leaked row or table
	// reveals nothing, a stolen whole file does). kabinetd
	// --two-factor-key-file, KABINETD_TWO_FACTOR_KEY_FILE.
	TwoFactorKey []byte
	// captchaDraw replaces captcha.Draw in tests (an answer they know).
	captchaDraw func() (string, []byte, error)
	// demoKeys replaces ensureDemoKeys (tests).
	demoKeys func(stop <-chan struct{}, dataDir string, people []pki.Person, password string, now time.Time) error
}

// DefaultCRLRefresh is how often downloaded CRLs are fetched again.
const DefaultCRLRefresh = pki.DefaultCRLRefresh

// OutboxFile is the demo outbox's SQLite file in the data directory.
const OutboxFile = "outbox.db"

// keepSessions is how long ended and expired sessions are kept (their
// security events are kept for good).
const keepSessions = 30 * 24 * time.Hour

// Service is an open cabinet service. It is safe for concurrent use.
type Service struct {
	store   *store.Store
	handler http.Handler
	// outboxDB is the demo outbox's database, nil when none is used.
	outboxDB *sql.DB
	// eds is the EDS login's trust, nil when none is offered.
	eds *edsTrust
	// backOffice moves applications on; its loop runs unless
	// Config.BackOffice.Disabled.
	backOffice *backOffice
	// queue sends messages through message_queue, nil when not used.
	queue *messageQueue
	// metrics are the service's Prometheus metrics.
	metrics *Metrics
	// limiter is the general per-client request limit (throttle.go).
	limiter *clientLimiter
}

// Open opens (or creates) the database in cfg.DataDir, migrates it,
// seeds the demo data when cfg.Demo is set and the database is new, and
// builds the HTTP handler.
func Open(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("service: no data directory")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	cfg.FundName, cfg.FundNameKK, cfg.FundNameEN = fundNames(cfg.FundName, cfg.FundNameKK, cfg.FundNameEN)
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = DefaultTimeZone
	}
	if err := setFundZone(cfg.TimeZone); err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	params := DefaultArgon2Params()
	if cfg.Argon2 != nil {
		params = *cfg.Argon2
	}
	if err := params.validate(); err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	if err := cfg.checkSettings(); err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	if cfg.TwoFactorKey != nil && len(cfg.TwoFactorKey) != 32 {
		return nil, fmt.Errorf("service: the two-factor key must be 32 bytes, not %d", len(cfg.TwoFactorKey))
	}

	st, err := store.OpenDatabase(ctx, cfg.Database, cfg.DataDir, cfg.Logger)
	if err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	if cfg.Demo {
		if err := seedDemo(ctx, st, cfg.Clock(), params, cfg.Logger); err != nil {
			st.Close()
			return nil, fmt.Errorf("service: %w", err)
		}
		if err := seedDemoOffices(ctx, st); err != nil {
			st.Close()
			return nil, fmt.Errorf("service: %w", err)
		}
	}
	if _, err := st.PurgeSessions(ctx, cfg.Clock().Add(-keepSessions)); err != nil {
		st.Close()
		return nil, fmt.Errorf("service: %w", err)
	}
	useQueue := cfg.QueueMessages || (cfg.Notifier == nil && (cfg.Notify.SMTP.Host != "" || cfg.Notify.SMSGateway.URL != ""))
	if useQueue && cfg.Notify.SMSGateway.MaxRetries == 0 {
		cfg.Notify.SMSGateway.MaxRetries = -1 // the queue retries, with its own backoff
	}
	sender, outboxDB, err := openNotifier(cfg)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("service: %w", err)
	}
	var queue *messageQueue
	if useQueue && sender != nil {
		queue = newMessageQueue(st, sender, cfg)
		sender = queue
	}
	messagesOff := sender == nil
	if messagesOff {
		sender = disabledSender{}
		cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "no message channel configured (--smtp-addr, --sms-url): "+
			"one-time passwords cannot be sent, so registration and password recovery by code are switched off")
	}
	trust, err := openEDS(cfg, st)
	if err != nil {
		st.Close()
		if outboxDB != nil {
			outboxDB.Close()
		}
		return nil, fmt.Errorf("service: %w", err)
	}
	var outbox OutboxReader
	if o := notify.OutboxOf(sender); o != nil {
		if cfg.Demo && !cfg.OutboxOff {
			outbox = o
		} else if !cfg.Demo {
			cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "messages go to the demo outbox, which this service does not offer: "+
				"one-time passwords reach no one; configure SMTP and an SMS gateway")
		}
	}
	metrics := newMetrics(cfg.Version, st)
	h, srv := newHandler(Deps{
		Store:  st,
		Logger: cfg.Logger,
		Clock:  cfg.Clock,
		Info: api.Info{
			FundName:   cfg.FundName,
			FundNames:  map[string]string{"ru": cfg.FundName, "kk": cfg.FundNameKK, "en": cfg.FundNameEN},
			Version:    cfg.Version,
			APIVersion: api.ContractVersion,
			Demo:       cfg.Demo,
			TimeZone:   cfg.TimeZone,
			Features:   append([]string(nil), cfg.Features...),

			MessagesOff: messagesOff,
		},
		Argon2:          params,
		IdleTimeout:     cfg.IdleTimeout,
		AbsoluteTimeout: cfg.AbsoluteTimeout,
		ClientRate:      cfg.ClientRate,
		ClientBurst:     cfg.ClientBurst,
		TrustedProxies:  cfg.TrustedProxies,
		HashSlots:       cfg.HashSlots,
		HashQueue:       cfg.HashQueue,
		LoginAttempts:   cfg.LoginAttempts,
		LoginLock:       cfg.LoginLock,
		Forecast:        cfg.Forecast,
		Booking:         cfg.Booking,
		OTP: OTPDeps{
			Validity:      cfg.OTPValidity,
			MaxAttempts:   cfg.OTPAttempts,
			ResendDelay:   cfg.OTPResend,
			ClientBurst:   cfg.OTPClientBurst,
			ClientPerHour: cfg.OTPClientPerHour,
			Notifier:      sender,
			Outbox:        outbox,
			Captcha:       cfg.Captcha,
			draw:          cfg.captchaDraw,
		},
		EDS:     trust.deps(),
		Metrics: metrics,
		TwoFactor: TwoFactorDeps{
			RequireStaff: cfg.RequireStaffTwoFactor,
			SealKey:      cfg.TwoFactorKey,
		},
		shareLimits: true,
	})
	bo := newBackOffice(st, cfg)
	// The back office that moves applications by itself is a demo's:
	// a fund's applications are moved by its office staff.
	if cfg.Demo && !cfg.BackOffice.Disabled {
		bo.start()
	}
	if queue != nil && !cfg.QueueWorkerOff {
		queue.start()
	}
	if trust != nil && trust.crls != nil && !cfg.CRLRefreshOff {
		trust.crls.start()
	}
	// Several instances share a PostgreSQL database; a SQLite file has
	// one (SyncClientLimits for tests).
	if st.Postgres() {
		srv.limiter.start()
	}
	return &Service{store: st, handler: h, outboxDB: outboxDB, eds: trust, backOffice: bo, queue: queue, metrics: metrics,
		limiter: srv.limiter}, nil
}

// fundNames fills in the fund's names missing from the configuration:
// the demo fund's three names when none is given, else the name given
// (Russian first, then Kazakh, then English).
func fundNames(ru, kk, en string) (string, string, string) {
	if ru == "" && kk == "" && en == "" {
		return DefaultFundName, DefaultFundNameKK, DefaultFundNameEN
	}
	given := cmp.Or(ru, kk, en)
	return cmp.Or(ru, given), cmp.Or(kk, given), cmp.Or(en, given)
}

// openNotifier is cfg.Notifier, or the sender cfg.Notify describes with
// the outbox file opened when a channel goes to the outbox. The demo
// outbox is a demo's only: a service that is not a demo sends by the
// channels configured, and with none of them it has no sender at all
// (nil, nil, nil).
func openNotifier(cfg Config) (notify.Sender, *sql.DB, error) {
	if cfg.Notifier != nil {
		return cfg.Notifier, nil, nil
	}
	nc := cfg.Notify
	if nc.Now == nil {
		nc.Now = cfg.Clock
	}
	if !cfg.Demo {
		if nc.Email == notify.ViaOutbox || nc.SMS == notify.ViaOutbox {
			return nil, nil, errors.New("the demo outbox is for a demo service only")
		}
		if nc.Email == "" && nc.SMTP.Host == "" {
			nc.Email = notify.ViaNone
		}
		if nc.SMS == "" && nc.SMSGateway.URL == "" {
			nc.SMS = notify.ViaNone
		}
		if nc.Email == notify.ViaNone && nc.SMS == notify.ViaNone {
			return nil, nil, nil
		}
	}
	toOutbox := func(via, configured string) bool {
		return via == notify.ViaOutbox || (via == "" && configured == "")
	}
	var db *sql.DB
	if toOutbox(nc.Email, nc.SMTP.Host) || toOutbox(nc.SMS, nc.SMSGateway.URL) {
		var err error
		if db, err = store.OpenSide(cfg.DataDir, OutboxFile); err != nil {
			return nil, nil, err
		}
	}
	sender, err := notify.New(nc, db, cfg.Logger)
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, nil, err
	}
	return sender, db, nil
}

// seedDemo fills a new database with the demo data in one transaction.
func seedDemo(ctx context.Context, st *store.Store, now time.Time, params Argon2Params, logger *slog.Logger) error {
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	start := time.Now()
	people, err := demoData(now, func(pw string) (string, error) { return hashPassword(pw, params) })
	if err != nil {
		return err
	}
	seeded, err := st.Seed(ctx, demoSeed, now, people)
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	if seeded {
		logger.LogAttrs(ctx, slog.LevelInfo, "demo data created",
			slog.Int("people", len(people)), slog.Duration("took", time.Since(start)))
	}
	return nil
}

// Handler is the service's HTTP API. Callers in the same process may
// call it directly (the desktop app does); RemoteAddr then names the
// client for throttling, e.g. "inprocess".
func (s *Service) Handler() http.Handler { return s.handler }

// MetricsHandler serves the service's Prometheus metrics (metrics.go);
// kabinetd offers it on --metrics-listen, apart from the API.
func (s *Service) MetricsHandler() http.Handler { return s.metrics.Handler() }

// Close closes the database. The handler must not be used afterwards.
// On a first start it waits for the demo EDS keys being issued.
func (s *Service) Close() error {
	if s.eds != nil {
		s.eds.close() // stops the demo keys being issued on a first start
	}
	s.backOffice.stop()
	s.limiter.stop()
	if s.eds != nil && s.eds.crls != nil {
		s.eds.crls.stop()
	}
	if s.queue != nil {
		s.queue.stop()
	}
	err := s.store.Close()
	if s.outboxDB != nil {
		if oerr := s.outboxDB.Close(); oerr != nil && err == nil {
			err = fmt.Errorf("service: close outbox: %w", oerr)
		}
	}
	return err
}

// RefreshCRLs runs one round of the CRL refresher at now (the loop's
// tick; tests): if this instance holds the refresher's lease, it
// downloads again every stored CRL that is due and returns how many
// downloads it tried.
func (s *Service) RefreshCRLs(ctx context.Context, now time.Time) (int, error) {
	if s.eds == nil || s.eds.crls == nil {
		return 0, nil
	}
	return s.eds.crls.refreshOnce(ctx, now)
}

// SyncClientLimits exchanges this instance's counts of the per-client
// request limit with the other instances on the database (the loop's
// tick, every second on PostgreSQL; tests).
func (s *Service) SyncClientLimits(ctx context.Context) error { return s.limiter.sync(ctx) }

// SendQueued sends every queued message that is due now (the worker's
// tick); it returns how many it tried.
func (s *Service) SendQueued(ctx context.Context) (int, error) {
	if s.queue == nil {
		return 0, nil
	}
	return s.queue.RunOnce(ctx)
}
