package service

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// tokenBytes is the size of a session token: 256 random bits.
const tokenBytes = 32

// newToken returns a fresh session token (base64url, for the client) and
// its SHA-256 (for the store).
func newToken() (token string, hash []byte) {
	raw := randomBytes(tokenBytes)
	sum := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(raw), sum[:]
}

// tokenHash returns the SHA-256 of a token the client sent, or false if
// it cannot be one of ours.
func tokenHash(token string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenBytes {
		return nil, false
	}
	sum := sha256.Sum256(raw)
	return sum[:], true
}

// bearerToken returns the token of an "Authorization: Bearer <token>"
// header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// Reasons of an unauthorized problem, so that the app can tell «session
// ended after inactivity» from «please log in».
const (
	reasonNoToken = "missing"
	reasonInvalid = "invalid"
	reasonEnded   = "ended"
	reasonIdle    = "idle"
	reasonExpired = "expired"
)

func unauthorized(reason, detail string) *problemError {
	p := problem(http.StatusUnauthorized, api.CodeUnauthorized, detail)
	p.p.Reason = reason
	return p
}

// sessionHandler is a handler of an authenticated route.
type sessionHandler func(w http.ResponseWriter, r *http.Request, sess store.Session) error

// touchEvery is the precision of the idle expiry: a session's last
// activity is written at most once per touchEvery (a minute, or a
// fifteenth of a shorter idle timeout), so that an authenticated read is
// not a write. A session then ends between IdleTimeout and IdleTimeout +
// touchEvery after its last call: never before the idle timeout the
// client was told.
func (s *server) touchEvery() time.Duration { return min(time.Minute, s.idle/15) }

// authed runs h with the caller's session: the bearer token must name a
// session that has not ended, is younger than the absolute timeout and
// has seen a call within the idle timeout (precision touchEvery). A call
// moves the session's last activity to now (sliding idle expiry) when the
// stored one is touchEvery old or more.
func (s *server) authed(h sessionHandler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		sess, err := s.session(r)
		if err != nil {
			return err
		}
		return h(w, r, sess)
	})
}

func (s *server) session(r *http.Request) (store.Session, error) {
	ctx := r.Context()
	token, ok := bearerToken(r)
	if !ok {
		return store.Session{}, unauthorized(reasonNoToken, "log in first: no bearer token")
	}
	hash, ok := tokenHash(token)
	if !ok {
		return store.Session{}, unauthorized(reasonInvalid, "unknown session")
	}
	sess, err := s.store.Session(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return store.Session{}, unauthorized(reasonInvalid, "unknown session")
	}
	if err != nil {
		return store.Session{}, err
	}
	now := s.now()
	switch {
	case !sess.EndedAt.IsZero():
		return store.Session{}, unauthorized(reasonEnded, "the session has ended")
	case !now.Before(sess.ExpiresAt):
		if err := s.endSession(ctx, hash, now, store.EndExpired, clientAddr(r)); err != nil {
			return store.Session{}, err
		}
		return store.Session{}, unauthorized(reasonExpired, "the session has expired")
	case !now.Before(sess.LastSeenAt.Add(s.idle + s.touchEvery())):
		if err := s.endSession(ctx, hash, now, store.EndIdle, clientAddr(r)); err != nil {
			return store.Session{}, err
		}
		return store.Session{}, unauthorized(reasonIdle, "the session ended after inactivity")
	}
	if now.Sub(sess.LastSeenAt) >= s.touchEvery() {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return store.Session{}, err
		}
		sess.LastSeenAt = now
	}
	return sess, nil
}

func (s *server) endSession(ctx context.Context, hash []byte, now time.Time, reason, client string) error {
	if _, err := s.store.EndSession(ctx, hash, now, reason, client); err != nil {
		return fmt.Errorf("end session (%s): %w", reason, err)
	}
	return nil
}

// handleLogin is POST /api/v1/auth/login: IIN and password.
//
// Unknown IINs, people not registered in the cabinet and wrong passwords
// all get the same 401 invalid_credentials after the same argon2 work,
// and all count towards the same per-IIN lock, so the answers do not
// tell which IINs have a cabinet.
func (s *server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var req api.LoginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	parsed, err := kz.ParseIIN(req.IIN)
	if err != nil {
		return invalidIIN(err)
	}
	if req.Password == "" {
		p := badRequest("password is required")
		p.p.Field = "password"
		return p
	}
	iin, client, now := parsed.String(), clientAddr(r), s.now()

	if err := s.loginGate(ctx, iin, client, now); err != nil {
		return err
	}

	person, err := s.store.Depositor(ctx, iin)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := person.PasswordHash
	if hash == "" {
		hash = s.dummyHash // unknown or not registered: same work, never a match
	}
	match, params, err := s.verify(ctx, normPassword(req.Password), hash)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !match || !person.Registered() {
		state, err := s.store.RecordLoginFailure(ctx, iin, now, s.failures, client)
		if err != nil {
			return err
		}
		if state.LockedAt(now) {
			return locked(state.LockedUntil)
		}
		p := problem(http.StatusUnauthorized, api.CodeInvalidCredentials, "wrong IIN or password")
		left := max(s.failures.MaxFailures-state.Failures, 0)
		p.p.AttemptsLeft = &left
		return p
	}

	if params != s.argon2 {
		s.rehash(ctx, iin, req.Password, now, client)
	}
	// With a second step on, the answer is its challenge, not a session
	// (twofactor.go).
	if started, err := s.startSecondStep(w, r, person, now); started || err != nil {
		return err
	}
	sess, err := s.startSession(ctx, iin, "password", client, now)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, sess)
	return nil
}

// loginGate lets a password attempt for iin from client go on at now, or
// answers: 423 account_locked when this client failed too often for this
// IIN (other clients are not affected), 429 rate_limited with Retry-After
// when the IIN's attempts from all clients are being spaced (distributed
// guessing; the owner waits at most a minute). A turn is reserved
// atomically when they are, so concurrent guesses cannot share one.
func (s *server) loginGate(ctx context.Context, iin, client string, now time.Time) error {
	state, err := s.store.LoginState(ctx, iin, client, now, s.failures)
	if err != nil {
		return err
	}
	if state.LockedAt(now) {
		if err := s.store.AddEvent(ctx, store.Event{IIN: iin, Kind: store.EventLoginWhileLocked, At: now, Client: client}); err != nil {
			return err
		}
		return locked(state.LockedUntil)
	}
	if state.WaitingAt(now) {
		return iinThrottled(state.WaitUntil.Sub(now))
	}
	if state.IINFailures >= s.failures.IINFailures {
		ok, until, err := s.store.TakeLoginTurn(ctx, iin, now, s.failures)
		if err != nil {
			return err
		}
		if !ok {
			return iinThrottled(until.Sub(now))
		}
	}
	return nil
}

// iinThrottled is the 429 rate_limited of an IIN whose attempts are
// spaced, to wait for.
func iinThrottled(wait time.Duration) *problemError {
	p := problem(http.StatusTooManyRequests, api.CodeRateLimited,
		"too many failed attempts for this IIN from several clients; try again later")
	p.p.RetryAfterSeconds = max(int(math.Ceil(wait.Seconds())), 1)
	return p
}

// startSession opens a session for iin, which has just authenticated by
// method at now (login; registration with a one-time password).
func (s *server) startSession(ctx context.Context, iin, method, client string, now time.Time) (api.Session, error) {
	token, tokenHash := newToken()
	if _, err := s.store.StartSession(ctx, store.Session{
		TokenHash:  tokenHash,
		IIN:        iin,
		Method:     method,
		CreatedAt:  now,
		LastSeenAt: now,
		ExpiresAt:  now.Add(s.absolute),
		Client:     client,
	}); err != nil {
		return api.Session{}, err
	}
	return api.Session{
		Token:              token,
		ExpiresAt:          now.Add(s.absolute),
		IdleTimeoutSeconds: int(s.idle / time.Second),
	}, nil
}

// handleLogout is POST /api/v1/auth/logout: it ends the caller's session.
func (s *server) handleLogout(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	if err := s.endSession(r.Context(), sess.TokenHash, s.now(), store.EndLogout, clientAddr(r)); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// invalidIIN is the 422 invalid_iin problem for an error of kz.ParseIIN,
// with the failed check as reason.
func invalidIIN(err error) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeInvalidIIN, "")
	p.p.Field = "iin"
	var ie *kz.IINError
	if errors.As(err, &ie) {
		p.p.Reason = string(ie.Reason)
		p.p.Detail = ie.Error()
	}
	return p
}

// locked is the 423 account_locked problem.
func locked(until time.Time) *problemError {
	p := problem(http.StatusLocked, api.CodeAccountLocked,
		"too many failed logins; try again after "+until.UTC().Format(time.RFC3339))
	u := until.UTC()
	p.p.LockedUntil = &u
	return p
}

// verify checks password against a PHC string, holding one of the
// hashing slots while argon2 runs.
func (s *server) verify(ctx context.Context, password, hash string) (bool, Argon2Params, error) {
	if err := s.acquireHashSlot(ctx); err != nil {
		return false, Argon2Params{}, err
	}
	defer s.releaseHashSlot()
	s.verifications.Add(1)
	var (
		ok     bool
		params Argon2Params
		err    error
	)
	lowPriority(func() { ok, params, err = verifyPassword(password, hash) })
	return ok, params, err
}

// hash hashes a new password with today's parameters, holding one of the
// hashing slots while argon2 runs.
func (s *server) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquireHashSlot(ctx); err != nil {
		return "", err
	}
	defer s.releaseHashSlot()
	var (
		encoded string
		err     error
	)
	lowPriority(func() { encoded, err = hashPassword(password, s.argon2) })
	return encoded, err
}

func (s *server) acquireHashSlot(ctx context.Context) error { return s.hashGate.acquire(ctx) }

func (s *server) releaseHashSlot() { s.hashGate.release() }

// rehash stores the password hashed with today's parameters after a
// login proved it right. Failing to do so is logged, not fatal: the old
// hash stays valid.
func (s *server) rehash(ctx context.Context, iin, password string, now time.Time, client string) {
	hash, err := s.hash(ctx, normPassword(password))
	if err == nil {
		err = s.store.SetPasswordHash(ctx, iin, hash, now)
	}
	if err == nil {
		err = s.store.AddEvent(ctx, store.Event{IIN: iin, Kind: store.EventPasswordRehashed, At: now, Client: client,
			Detail: fmt.Sprintf("m=%d,t=%d,p=%d", s.argon2.Memory, s.argon2.Iterations, s.argon2.Parallelism)})
	}
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "re-hash password", slog.Any("err", err))
	}
}
