package service

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Deps are everything the HTTP server needs. Zero values take the
// defaults documented on Config.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger
	Clock  func() time.Time
	// Info is answered by GET /api/v1/info.
	Info api.Info
	// Argon2 hashes new passwords; stored hashes keep their own.
	Argon2          Argon2Params
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// ClientRate (requests per second) and ClientBurst throttle each
	// client address on the unauthenticated routes (login and, later,
	// registration and recovery).
	ClientRate  float64
	ClientBurst int
	// TrustedProxies are the reverse proxies whose Forwarded or
	// X-Forwarded-For headers name the client (clientaddr.go); headers
	// from other peers are ignored.
	TrustedProxies []netip.Prefix
	// HashSlots bounds the argon2id computations running at once (0:
	// half of GOMAXPROCS, at least 1); HashQueue how many more may wait
	// for one (0: 16 per slot; negative: none) before logins are answered
	// 503 service_busy with Retry-After.
	HashSlots int
	HashQueue int
	// LoginAttempts (0: DefaultLoginAttempts) and LoginLock (0:
	// DefaultLoginLock) override loginFailurePolicy's MaxFailures and
	// LockFor.
	LoginAttempts int
	LoginLock     time.Duration
	// Forecast and Booking configure the pension forecast (forecast.go)
	// and the office queue booking (booking.go).
	Forecast ForecastConfig
	Booking  BookingConfig
	// OTP configures registration, password recovery and password
	// change (otp.go).
	OTP OTPDeps
	// EDS configures the login by EDS (eds_login.go).
	EDS EDSDeps
	// Metrics, when set, counts the requests and watches the hashing
	// gate (metrics.go).
	Metrics *Metrics
	// TwoFactor configures the second step of password logins
	// (twofactor.go).
	TwoFactor TwoFactorDeps
	// shareLimits shares the ClientRate buckets with the other instances
	// on Store (throttle.go; Open sets it).
	shareLimits bool
}

// Login failure policy (store.FailurePolicy). The memo's figures: 5
// failures lock for 15 minutes — the client that made them, for that IIN
// only, so that a stranger cannot keep the owner out. One failure is
// forgotten per 15 minutes without one. Against guessing from many
// clients: after 10 failures of an IIN (all clients), its attempts are
// spaced by 1 s, doubling with each further failure, at most a minute.
var loginFailurePolicy = store.FailurePolicy{
	MaxFailures: DefaultLoginAttempts,
	LockFor:     DefaultLoginLock,
	DecayEvery:  15 * time.Minute,
	IINFailures: 10,
	IINDelay:    time.Second,
	IINMaxDelay: time.Minute,
}

// Defaults of Deps and Config.
const (
	defaultIdleTimeout     = DefaultIdleTimeout
	defaultAbsoluteTimeout = DefaultAbsoluteTimeout
	defaultClientRate      = DefaultClientRate // per second
	defaultClientBurst     = DefaultClientBurst
)

// server holds the dependencies of the handlers; its methods are the
// handlers and middleware, wired in routes.go.
type server struct {
	store    *store.Store
	log      *slog.Logger
	now      func() time.Time
	info     api.Info
	argon2   Argon2Params
	idle     time.Duration
	absolute time.Duration
	failures store.FailurePolicy
	limiter  *clientLimiter
	// trusted are the proxies whose forwarding headers name the client
	// (clientaddr.go).
	trusted trustedProxies
	// dummyHash is verified when the IIN has no password, so that an
	// unknown or unregistered IIN costs the same time as a wrong password.
	dummyHash string
	// hashGate bounds the argon2 computations running at once (each
	// takes Argon2.Memory KiB and a core) and those waiting (hashgate.go).
	hashGate *hashGate
	// verifications counts the argon2 verifications run: a wrong login
	// must cost one whatever the IIN (tested without timing).
	verifications atomic.Int64
	// forecast and booking are the parameters of forecast.go and booking.go.
	forecast ForecastConfig
	booking  BookingConfig
	// otpServer holds what the one-time-password flows need (otp.go).
	otpServer
	// edsServer holds what the EDS login needs (eds_login.go).
	edsServer
	// tf holds what the second login step needs (twofactor.go).
	tf *twoFactorServer
	// requestIDs names the requests (requestid.go).
	requestIDs *requestIDs
	// metrics is nil when none are kept.
	metrics *Metrics
}

// NewServer returns the service's HTTP handler: the routes of routes.go
// behind request logging and panic recovery. Unknown paths and methods
// are answered with problem documents too. It panics if d.Store is nil or
// d.Argon2 is set but invalid (Open checks both and returns an error).
func NewServer(d Deps) http.Handler {
	h, _ := newHandler(d)
	return h
}

// newHandler is NewServer, with its server.
func newHandler(d Deps) (http.Handler, *server) {
	s := newServer(d)
	mux := http.NewServeMux()
	s.routes(mux)
	var h http.Handler = s.unmatchedAsProblems(mux)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	h = s.withRequestID(h)
	h = securityHeaders(h)
	h = s.withClientAddr(h)
	return h, s
}

func newServer(d Deps) *server {
	if d.Store == nil {
		panic("service: NewServer without a store")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Argon2 == (Argon2Params{}) {
		d.Argon2 = DefaultArgon2Params()
	}
	if err := d.Argon2.validate(); err != nil {
		panic("service: " + err.Error())
	}
	if d.IdleTimeout <= 0 {
		d.IdleTimeout = defaultIdleTimeout
	}
	if d.AbsoluteTimeout <= 0 {
		d.AbsoluteTimeout = defaultAbsoluteTimeout
	}
	if d.ClientRate <= 0 {
		d.ClientRate = defaultClientRate
	}
	if d.ClientBurst <= 0 {
		d.ClientBurst = defaultClientBurst
	}
	failures := loginFailurePolicy
	if d.LoginAttempts > 0 {
		failures.MaxFailures = d.LoginAttempts
	}
	if d.LoginLock > 0 {
		failures.LockFor = d.LoginLock
	}
	clock := d.Clock
	now := func() time.Time { return clock().UTC() }
	limiter := newClientLimiter(d.ClientRate, d.ClientBurst, now)
	limiter.log = d.Logger
	if d.shareLimits {
		limiter.store = d.Store
	}
	gate := newHashGate(d.HashSlots, d.HashQueue)
	if d.Metrics != nil {
		d.Metrics.watchHashGate(gate)
	}
	return &server{
		store:      d.Store,
		log:        slog.New(requestIDHandler{d.Logger.Handler()}),
		now:        now,
		info:       withEDSFeature(withOutboxFeature(d.Info, d.OTP.Outbox != nil), d.EDS),
		argon2:     d.Argon2,
		idle:       d.IdleTimeout,
		absolute:   d.AbsoluteTimeout,
		failures:   failures,
		limiter:    limiter,
		trusted:    trustedProxies(d.TrustedProxies),
		dummyHash:  dummyHash(d.Argon2),
		hashGate:   gate,
		forecast:   d.Forecast.withDefaults(),
		booking:    d.Booking.withDefaults(),
		otpServer:  newOTPServer(d.OTP, d.Store),
		edsServer:  newEDSServer(d.EDS, d.Store),
		tf:         newTwoFactorServer(d.TwoFactor),
		requestIDs: newRequestIDs(),
		metrics:    d.Metrics,
	}
}

// dummyHash is a PHC string with today's parameters, a random salt and a
// random key: no password matches it, and verifying one against it costs
// exactly what verifying a real hash does.
func dummyHash(p Argon2Params) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Iterations, p.Parallelism,
		b64.EncodeToString(randomBytes(int(p.SaltLen))), b64.EncodeToString(randomBytes(int(p.KeyLen))))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return b
}

// apiHandler is a handler that returns its error instead of writing it:
// a *problemError is answered as is, anything else is logged and answered
// 500 internal without details.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

func (s *server) handle(h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail answers err; see apiHandler.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *problemError
	if errors.As(err, &pe) {
		if pe.p.Status == http.StatusUnauthorized && pe.p.Code == api.CodeUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kabinet"`)
		}
		noteProblem(w, pe.p.Code, pe.result)
		writeProblem(w, pe.p)
		return
	}
	level := slog.LevelError
	if r.Context().Err() != nil {
		level = slog.LevelWarn // the client went away
	}
	s.log.LogAttrs(r.Context(), level, "request failed",
		slog.String("method", r.Method), slog.String("path", logPath(r)), slog.Any("err", err))
	writeProblem(w, problem(http.StatusInternalServerError, api.CodeInternal, "").p)
}

// respond answers v as JSON with status. The response is not cached:
// it may hold a token or personal data.
func (s *server) respond(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	if err := writeJSON(w, status, v); err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "write response",
			slog.String("path", logPath(r)), slog.Any("err", err))
	}
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request: method, path, route pattern,
// status, size, duration and client address. Never a body, a query
// string, a header or a token.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now() // wall time of the process, not the service clock
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		switch {
		case status >= 500 && r.Context().Err() != nil:
			level = slog.LevelWarn // the client went away: no one got the answer
		case status >= 500:
			level = slog.LevelError
		}
		if s.metrics != nil {
			s.metrics.observe(r.Pattern, r.Method, status, time.Since(start))
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", logPath(r)),
			slog.String("route", r.Pattern),
			slog.Int("status", status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("took", time.Since(start)),
			slog.String("client", clientAddr(r)))
	})
}

// logPath is the path of r as logged: the path itself, but the route's
// pattern for the one-time-password flows, whose {id} is a capability
// (knowing it lets one confirm or resend) and must not reach a log.
func logPath(r *http.Request) string {
	_, path, _ := strings.Cut(r.Pattern, " ")
	if path == "" {
		path = r.Pattern
	}
	if strings.Contains(path, "{") &&
		(strings.HasPrefix(path, api.PathRegistration+"/") || strings.HasPrefix(path, api.PathPasswordReset+"/")) {
		return path
	}
	if r.Pattern == "" && (strings.HasPrefix(r.URL.Path, api.PathRegistration+"/") ||
		strings.HasPrefix(r.URL.Path, api.PathPasswordReset+"/")) {
		return "[redacted]" // no route matched: the path may still carry an id
	}
	return r.URL.Path
}

// hstsMaxAge is one year, the usual figure for HSTS.
const hstsMaxAge = "max-age=31536000"

// securityHeaders adds to every answer X-Content-Type-Options: nosniff
// (JSON, PDF and CSV are never to be sniffed as something else) and,
// over TLS, Strict-Transport-Security.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", hstsMaxAge)
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic in a handler into a logged 500 internal.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic",
				slog.String("method", r.Method), slog.String("path", logPath(r)),
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
			if rec, ok := w.(*statusRecorder); ok && rec.status != 0 {
				return // too late to change the answer
			}
			writeProblem(w, problem(http.StatusInternalServerError, api.CodeInternal, "").p)
		}()
		next.ServeHTTP(w, r)
	})
}

// unmatchedAsProblems answers requests that match no route with a problem
// document: 404 not_found, or 405 method_not_allowed with the Allow
// header the mux computed.
func (s *server) unmatchedAsProblems(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// Let the mux decide between 404 and 405, into a scratch writer.
		scratch := &headerOnly{header: http.Header{}}
		mux.ServeHTTP(scratch, r)
		switch scratch.status {
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", scratch.header.Get("Allow"))
			writeProblem(w, problem(http.StatusMethodNotAllowed, api.CodeMethodNotAllowed,
				"method "+r.Method+" is not allowed here").p)
		default:
			writeProblem(w, problem(http.StatusNotFound, api.CodeNotFound, "no such resource").p)
		}
	})
}

// headerOnly is a ResponseWriter that keeps the header and status and
// drops the body.
type headerOnly struct {
	header http.Header
	status int
}

func (w *headerOnly) Header() http.Header { return w.header }
func (w *headerOnly) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *headerOnly) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
