package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/passwords"
	"github.com/kabinet-kz/kabinet/service/captcha"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// One-time passwords (DESIGN.md, "Security rules"; the memo's figures).
//
// A code is 6 decimal digits drawn uniformly with crypto/rand. It is sent
// once and never stored: the request row keeps HMAC-SHA256(key, purpose,
// SHA-256(request id), code), keyed with a 256-bit secret the service
// creates on first use and keeps in its database (meta "secret:otp").
// The request id (128 random bits, base64url) is stored as its SHA-256
// only. A code is bound to its request and purpose, valid for
// Config.OTPValidity (15 minutes), and single use: the request is marked
// used in the same transaction that sets the password.
//
// Limits: 5 wrong codes over the whole request kill it; a new code may be
// asked for 60 s after the previous one, at most 3 times (the new one
// replaces the old); each IIN may start 5 registrations and 5 resets an
// hour; each client address may ask for 10 codes at once and
// 30 an hour more (these figures are Config settings).
//
// A 6-digit code cannot resist offline guessing by someone who holds the
// whole database (secret included); what protects it is its short life,
// the attempt limit and that it never reaches a log or a file in clear.
const (
	otpLength          = 6
	defaultOTPValidity = DefaultOTPValidity
	otpResendDelay     = DefaultOTPResend
	otpMaxFailures     = DefaultOTPAttempts
	otpMaxResends      = 3
	otpStartsPerIIN    = 5
	otpStartWindow     = time.Hour
	otpKeepRows        = 48 * time.Hour
	otpIDBytes         = 16
	otpClientBurst     = DefaultOTPClientBurst
	otpClientPerHour   = DefaultOTPClientPerHour
	outboxListLimit    = 50
	otpSecretName      = "otp"
)

// OTPDeps configure the one-time-password flows of the server.
type OTPDeps struct {
	// Validity is how long a code is valid (0: 15 minutes); MaxAttempts
	// wrong codes kill its request (0: 5); ResendDelay is the wait
	// before a new code (0: 60 s); ClientBurst (0: 10) and ClientPerHour
	// (0: 30) are each client address's budget of codes.
	Validity      time.Duration
	MaxAttempts   int
	ResendDelay   time.Duration
	ClientBurst   int
	ClientPerHour int
	// Notifier delivers codes and password-changed notices; nil makes
	// every delivery fail (503 delivery_failed).
	Notifier notify.Sender
	// Outbox, when set, is served at GET /api/v1/demo/outbox and
	// "outbox" is announced in /api/v1/info. Set it only on a demo
	// service: it shows one-time passwords to whoever asks.
	Outbox OutboxReader
	// Captcha makes and checks the recovery captchas, answering for
	// CaptchaTTL (0: captcha.DefaultTTL); nil keeps them in the
	// database, shared by every instance (dbCaptcha).
	Captcha    CaptchaStore
	CaptchaTTL time.Duration
	// draw replaces captcha.Draw of the database captchas (tests).
	draw func() (string, []byte, error)
}

// otpServer is the part of server the OTP flows use.
type otpServer struct {
	otpValidity time.Duration
	otpAttempts int
	otpResend   time.Duration
	notifier    notify.Sender
	outbox      OutboxReader
	captcha     CaptchaStore
	captchaTTL  time.Duration
	// otpLimiter is each client's budget of codes, across instances.
	otpLimiter sharedLimiter
	otpKey     otpKey
}

func newOTPServer(d OTPDeps, st *store.Store) otpServer {
	if d.Validity <= 0 {
		d.Validity = defaultOTPValidity
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = otpMaxFailures
	}
	if d.ResendDelay <= 0 {
		d.ResendDelay = otpResendDelay
	}
	if d.ClientBurst <= 0 {
		d.ClientBurst = otpClientBurst
	}
	if d.ClientPerHour <= 0 {
		d.ClientPerHour = otpClientPerHour
	}
	if d.Notifier == nil {
		d.Notifier = disabledSender{}
	}
	if d.CaptchaTTL <= 0 {
		d.CaptchaTTL = captcha.DefaultTTL
	}
	if d.Captcha == nil {
		d.Captcha = &dbCaptcha{st: st, ttl: d.CaptchaTTL, draw: d.draw}
	}
	return otpServer{
		otpValidity: d.Validity,
		otpAttempts: d.MaxAttempts,
		otpResend:   d.ResendDelay,
		notifier:    d.Notifier,
		outbox:      d.Outbox,
		captcha:     d.Captcha,
		captchaTTL:  d.CaptchaTTL,
		otpLimiter:  sharedLimiter{st: st, kind: "otp", perSecond: float64(d.ClientPerHour) / 3600, burst: d.ClientBurst},
	}
}

// withOutboxFeature returns info announcing the "outbox" feature exactly
// when the outbox route is offered.
func withOutboxFeature(info api.Info, offered bool) api.Info {
	features := make([]string, 0, len(info.Features)+1)
	for _, f := range info.Features {
		if f != api.FeatureOutbox {
			features = append(features, f)
		}
	}
	if offered {
		features = append(features, api.FeatureOutbox)
	}
	if len(features) == 0 {
		features = nil
	}
	info.Features = features
	return info
}

// CaptchaStore makes and checks the «Я не робот» images of password
// recovery. New returns a fresh captcha; Verify tells whether answer is
// right for id, and forgets id either way (single use).
type CaptchaStore interface {
	New(now time.Time) (id string, png []byte, err error)
	Verify(id, answer string, now time.Time) bool
}

// OutboxReader lists the demo outbox, newest first.
type OutboxReader interface {
	List(ctx context.Context, limit int) ([]api.OutboxMessage, error)
}

// otpKey is the lazily loaded HMAC key of the codes.
type otpKey struct {
	mu  sync.Mutex
	key []byte
}

func (s *server) otpSecret(ctx context.Context) ([]byte, error) {
	s.otpKey.mu.Lock()
	defer s.otpKey.mu.Unlock()
	if s.otpKey.key == nil {
		k, err := s.store.Secret(ctx, otpSecretName, 32)
		if err != nil {
			return nil, err
		}
		s.otpKey.key = k
	}
	return s.otpKey.key, nil
}

// codeHash is the keyed hash of code for the request idHash of purpose.
func (s *server) codeHash(ctx context.Context, purpose string, idHash []byte, code string) ([]byte, error) {
	key, err := s.otpSecret(ctx)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "kabinet-otp-v1\x00%s\x00", purpose)
	m.Write(idHash)
	m.Write([]byte{0})
	m.Write([]byte(code))
	return m.Sum(nil), nil
}

// newCode returns otpLength decimal digits, uniformly random.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(math.Pow10(otpLength))))
	if err != nil {
		panic("service: crypto/rand: " + err.Error()) // cannot happen since Go 1.24
	}
	return fmt.Sprintf("%0*d", otpLength, n.Int64())
}

// newRequestID returns a fresh request id (for the client) and its
// SHA-256 (for the store).
func newRequestID() (id string, hash []byte) {
	raw := randomBytes(otpIDBytes)
	sum := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(raw), sum[:]
}

// requestIDHash is the SHA-256 of an id the client sent, or false if it
// cannot be one of ours.
func requestIDHash(id string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(raw) != otpIDBytes {
		return nil, false
	}
	sum := sha256.Sum256(raw)
	return sum[:], true
}

// Problems of the OTP flows.

func requestNotFound() *problemError {
	return problem(http.StatusNotFound, api.CodeNotFound, "no such request; start again")
}

func otpExpired() *problemError {
	return problem(http.StatusGone, api.CodeOTPExpired, "the one-time password has expired; start again")
}

func otpAttemptsExceeded() *problemError {
	return problem(http.StatusGone, api.CodeOTPAttemptsExceeded, "too many attempts; start again")
}

func otpInvalid(left int) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeOTPInvalid, "wrong one-time password")
	p.p.Field = "otp"
	p.p.AttemptsLeft = &left
	return p
}

func resendTooSoon(wait time.Duration) *problemError {
	p := problem(http.StatusTooManyRequests, api.CodeResendTooSoon, "a new code may be asked for later")
	p.p.RetryAfterSeconds = max(int(math.Ceil(wait.Seconds())), 1)
	return p
}

func rateLimited(wait time.Duration, detail string) *problemError {
	p := problem(http.StatusTooManyRequests, api.CodeRateLimited, detail)
	p.p.RetryAfterSeconds = max(int(math.Ceil(wait.Seconds())), 1)
	return p
}

func noCodeYet() *problemError {
	return problem(http.StatusConflict, api.CodeInvalidState, "no code has been sent for this request yet")
}

func deliveryFailed() *problemError {
	return problem(http.StatusServiceUnavailable, api.CodeDeliveryFailed,
		"the one-time password could not be sent; try again later")
}

func weakPassword(reason, field string) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeWeakPassword, "the password is refused: "+reason)
	p.p.Reason = reason
	p.p.Field = field
	return p
}

func passwordMismatch(field string) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodePasswordMismatch, "the passwords differ")
	p.p.Field = field
	return p
}

// requiredField is the 400 bad_request for a missing field.
func requiredField(field string) *problemError {
	p := badRequest(field + " is required")
	p.p.Field = field
	return p
}

// allowOTP takes one token of the client's budget of codes.
func (s *server) allowOTP(r *http.Request) error {
	ok, wait, err := s.otpLimiter.allow(r.Context(), clientAddr(r), s.now())
	if err != nil {
		return err
	}
	if !ok {
		return rateLimited(wait, "too many codes asked for from this client; try again later")
	}
	return nil
}

// loadRequest reads the request named by the path's {id} for purpose,
// answering not_found for ids that are unknown, of another purpose, used
// or decoys, and otp_attempts_exceeded for dead ones.
func (s *server) loadRequest(r *http.Request, purpose string) (store.OTPRequest, error) {
	idHash, ok := requestIDHash(r.PathValue("id"))
	if !ok {
		return store.OTPRequest{}, requestNotFound()
	}
	req, err := s.store.OTPRequest(r.Context(), idHash)
	if errors.Is(err, store.ErrNotFound) {
		return store.OTPRequest{}, requestNotFound()
	}
	if err != nil {
		return store.OTPRequest{}, err
	}
	if req.Purpose != purpose {
		return store.OTPRequest{}, requestNotFound()
	}
	return req, requestState(req)
}

// requestState is the problem of a request that can no longer be used,
// or nil.
func requestState(req store.OTPRequest) error {
	switch {
	case !req.UsedAt.IsZero():
		return requestNotFound()
	case req.DeadAt.IsZero():
		return nil
	case req.DeadReason == store.DeadFailures || req.DeadReason == store.DeadResends:
		return otpAttemptsExceeded()
	}
	return requestNotFound() // decoys and failed first sends
}

// staleRequest answers a request that changed under an update: it is
// read again and its state answered.
func (s *server) staleRequest(ctx context.Context, idHash []byte, now time.Time) error {
	req, err := s.store.OTPRequest(ctx, idHash)
	if err != nil {
		return err
	}
	if err := requestState(req); err != nil {
		return err
	}
	if !now.Before(req.ExpiresAt) {
		return otpExpired()
	}
	return otpInvalid(max(s.otpAttempts-req.Failures, 0))
}

// challenge is the answer that says where the current code of req went.
func (s *server) challenge(id string, req store.OTPRequest) api.OTPChallenge {
	return api.OTPChallenge{
		ID:            id,
		Channel:       req.Channel,
		MaskedContact: maskContact(req.Channel, req.Contact),
		ExpiresAt:     req.ExpiresAt,
		ResendAfter:   req.ResendAfter,
		AttemptsLeft:  max(s.otpAttempts-req.Failures, 0),
		Length:        otpLength,
		Delivery:      delivery(req),
	}
}

func maskContact(channel, contact string) string {
	if channel == notify.ChannelSMS {
		return kz.MaskPhone(contact)
	}
	return kz.MaskEmail(contact)
}

// issueCode makes a new code for req, to be sent on channel to contact:
// the store fields of the code and the code itself.
func (s *server) issueCode(ctx context.Context, req store.OTPRequest, channel, contact string, now time.Time) (store.OTPCode, string, error) {
	code := newCode()
	h, err := s.codeHash(ctx, req.Purpose, req.IDHash, code)
	if err != nil {
		return store.OTPCode{}, "", err
	}
	return store.OTPCode{
		Channel:     channel,
		Contact:     contact,
		Hash:        h,
		SentAt:      now,
		ExpiresAt:   now.Add(s.otpValidity),
		ResendAfter: now.Add(s.otpResend),
	}, code, nil
}

// sendCode delivers code and writes the "otp_sent" event. The code and
// the message text never reach a log.
//
// queued is true when the code could not be delivered yet and waits in
// the message queue: the answer says "not sent yet".
func (s *server) sendCode(r *http.Request, req store.OTPRequest, c store.OTPCode, code string) (queued bool, err error) {
	ctx := r.Context()
	subject, body := notify.OTPText(r.Header.Get("Accept-Language"), code, int(s.otpValidity/time.Minute))
	err = s.notifier.Send(ctx, notify.Message{Channel: c.Channel, To: c.Contact, Subject: subject, Body: body, Kind: notify.KindOTP,
		Expires: c.ExpiresAt})
	queued = errors.Is(err, notify.ErrQueued)
	if queued {
		s.log.LogAttrs(ctx, slog.LevelWarn, "one-time password not sent yet: queued",
			slog.String("purpose", req.Purpose), slog.String("channel", c.Channel),
			slog.String("to", maskContact(c.Channel, c.Contact)), slog.Any("err", err))
		err = nil
	}
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "send one-time password",
			slog.String("purpose", req.Purpose), slog.String("channel", c.Channel),
			slog.String("to", maskContact(c.Channel, c.Contact)), slog.Any("err", err))
		return false, deliveryFailed()
	}
	state := ""
	if queued {
		state = " (queued, not sent yet)"
	}
	return queued, s.store.AddEvent(ctx, store.Event{IIN: req.IIN, Kind: store.EventOTPSent, At: c.SentAt, Client: clientAddr(r),
		Detail: fmt.Sprintf("%s: code %d by %s to %s%s", req.Purpose, req.Sends+1, c.Channel, maskContact(c.Channel, c.Contact), state)})
}

// resend is POST .../{id}/resend of both flows: a new code to the same
// contact, the old one stops working.
func (s *server) resend(w http.ResponseWriter, r *http.Request, purpose string) error {
	req, err := s.loadRequest(r, purpose)
	if err != nil {
		return err
	}
	if req.CodeHash == nil {
		return noCodeYet()
	}
	return s.sendNew(w, r, req, req.Channel, req.Contact)
}

// sendNew sends a new code for an alive request that may already have
// one: it respects the resend delay and the resend limit, then answers
// the challenge.
func (s *server) sendNew(w http.ResponseWriter, r *http.Request, req store.OTPRequest, channel, contact string) error {
	req, err := s.sendNewCode(r, req, channel, contact)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, s.challenge(r.PathValue("id"), req))
	return nil
}

// sendNewCode is the work of sendNew: it returns the request as it is
// after the send (the two-factor login answers it in its own way).
func (s *server) sendNewCode(r *http.Request, req store.OTPRequest, channel, contact string) (store.OTPRequest, error) {
	ctx, now := r.Context(), s.now()
	if req.Sends > 0 && now.Before(req.ResendAfter) {
		return req, resendTooSoon(req.ResendAfter.Sub(now))
	}
	if err := s.allowOTP(r); err != nil {
		return req, err
	}
	c, code, err := s.issueCode(ctx, req, channel, contact, now)
	if err != nil {
		return req, err
	}
	err = s.store.SetOTPCode(ctx, req.IDHash, req.Sends, 1+otpMaxResends, c,
		store.Event{IIN: req.IIN, At: now, Client: clientAddr(r)})
	if errors.Is(err, store.ErrOTPStale) {
		fresh, rerr := s.store.OTPRequest(ctx, req.IDHash)
		if rerr != nil {
			return req, rerr
		}
		if perr := requestState(fresh); perr != nil {
			return req, perr
		}
		if now.Before(fresh.ResendAfter) {
			return req, resendTooSoon(fresh.ResendAfter.Sub(now)) // a concurrent resend won
		}
		return req, otpAttemptsExceeded()
	}
	if err != nil {
		return req, err
	}
	queued, err := s.sendCode(r, req, c, code)
	if err != nil {
		return req, err
	}
	req.Queued = queued
	req.Channel, req.Contact, req.CodeHash, req.Sends = c.Channel, c.Contact, c.Hash, req.Sends+1
	req.SentAt, req.ExpiresAt, req.ResendAfter = c.SentAt, c.ExpiresAt, c.ResendAfter
	return req, nil
}

// checkCode verifies otp against the current code of an alive request at
// now. A wrong code counts as a failure (the s.otpAttempts-th kills the
// request). It returns the hash of the accepted code.
func (s *server) checkCode(r *http.Request, req store.OTPRequest, otp string, now time.Time) ([]byte, error) {
	ctx := r.Context()
	if req.CodeHash == nil {
		return nil, noCodeYet()
	}
	if !now.Before(req.ExpiresAt) {
		return nil, otpExpired()
	}
	otp = strings.TrimSpace(otp)
	if otp == "" {
		return nil, requiredField("otp")
	}
	if len(otp) > 64 {
		otp = otp[:64] // wrong anyway; keep the hashing cheap
	}
	h, err := s.codeHash(ctx, req.Purpose, req.IDHash, otp)
	if err != nil {
		return nil, err
	}
	if hmac.Equal(h, req.CodeHash) {
		return h, nil
	}
	after, err := s.store.RecordOTPFailure(ctx, req.IDHash, s.otpAttempts, now, clientAddr(r))
	if err != nil {
		return nil, err
	}
	if perr := requestState(after); perr != nil {
		return nil, perr
	}
	return nil, otpInvalid(max(s.otpAttempts-after.Failures, 0))
}

// normPassword is the form of a password that is hashed and compared
// (Unicode NFC, see passwords.Normalize).
func normPassword(pw string) string { return passwords.Normalize(pw) }

// checkNewPassword applies the password policy to a new password typed
// twice, with the person's own data as context.
func checkNewPassword(pw, repeat string, d store.Depositor, field, repeatField string) error {
	pw, repeat = normPassword(pw), normPassword(repeat)
	if pw != repeat {
		return passwordMismatch(repeatField)
	}
	err := passwords.Check(pw, passwordContext(d))
	var pe *passwords.PolicyError
	if errors.As(err, &pe) {
		return weakPassword(pe.Reason, field)
	}
	return err
}

func passwordContext(d store.Depositor) passwords.Context {
	return passwords.Context{
		IIN:        d.IIN,
		Surname:    d.Surname,
		GivenName:  d.GivenName,
		Patronymic: d.Patronymic,
		BirthDate:  d.BirthDate,
		Email:      d.Email,
		Phone:      d.Phone,
	}
}

// noticePasswordChanged tells every contact of d that the password was
// changed at the moment at. Failures are logged and do not fail the
// change, which has happened.
func (s *server) noticePasswordChanged(r *http.Request, d store.Depositor, at time.Time) {
	ctx := context.WithoutCancel(r.Context())
	subject, body := notify.PasswordChangedText(r.Header.Get("Accept-Language"), at)
	for _, m := range []notify.Message{
		{Channel: notify.ChannelSMS, To: d.Phone},
		{Channel: notify.ChannelEmail, To: d.Email},
	} {
		if m.To == "" {
			continue
		}
		m.Subject, m.Body, m.Kind = subject, body, notify.KindPasswordChanged
		if err := s.notifier.Send(ctx, m); err != nil {
			s.log.LogAttrs(ctx, slog.LevelWarn, "send password-changed notice",
				slog.String("channel", m.Channel), slog.String("to", maskContact(m.Channel, m.To)), slog.Any("err", err))
		}
	}
}

// handleOutbox is GET /api/v1/demo/outbox (demo services only): the
// newest messages of the demo outbox, one-time passwords included.
func (s *server) handleOutbox(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.outbox.List(r.Context(), outboxListLimit)
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []api.OutboxMessage{}
	}
	s.respond(w, r, http.StatusOK, api.Outbox{Messages: msgs})
	return nil
}

// disabledSender is the sender of a service configured with none: every
// message fails, so the flows answer delivery_failed.
type disabledSender struct{}

func (disabledSender) Send(context.Context, notify.Message) error { return notify.ErrChannelDisabled }

// needsMessages is h on a service that can send one-time passwords, and
// a 503 messages_off answer on one that cannot (Info.MessagesOff): a
// fund's kabinetd with no SMTP server and no SMS gateway does not
// pretend to register or recover anyone.
func (s *server) needsMessages(h http.Handler) http.Handler {
	if !s.info.MessagesOff {
		return h
	}
	return s.handle(func(http.ResponseWriter, *http.Request) error {
		return problem(http.StatusServiceUnavailable, api.CodeMessagesOff,
			"this service sends no one-time passwords: registration and recovery by code are switched off")
	})
}

// delivery is the Delivery of a challenge: whether the code just sent
// reached the SMTP server or gateway, or waits in the queue.
func delivery(req store.OTPRequest) string {
	if req.Queued {
		return api.DeliveryQueued
	}
	return api.DeliverySent
}
