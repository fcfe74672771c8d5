package service

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Two-factor login (issue 14; the public-services seed's «отправка кода
// на мобильное устройство»).
//
// A depositor (or an employee) turns on a second step for password
// logins: a one-time code sent to a contact of theirs (SMS or e-mail,
// through the same notifier and the same otp_requests machinery as the
// registration codes: 6 digits, HMAC-hashed, single use, 5 attempts,
// resend after 60 s at most 3 times, Config.OTPValidity), or a TOTP
// authenticator app (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, the
// previous and the next step accepted for clock drift; github.com/
// pquerna/otp, QR image through boombuler/barcode). Turning it on or
// changing the method is confirmed by a first code.
//
// Login: a right password of a person with the second step on answers
// 202 with a challenge instead of a session (otp_requests purpose
// "login": its id goes only to the client that gave the password, so a
// code is bound to that one login attempt). POST /auth/second-step/{id}
// with the code opens the session. The request is consumed in the same
// transaction that accepts the code; a TOTP code is accepted only if its
// time step is after the last one accepted (stored: no replay within the
// window, not even by the same person). A person may start
// loginStartsPerIIN second steps an hour.
//
// Recovery codes: recoveryCodeCount codes of 12 Crockford base32
// characters (60 random bits each) made at every confirmation, shown
// once, stored as HMAC-SHA256 keyed with a service secret (meta
// "secret:recovery") and bound to the IIN. A keyed fast hash and not
// argon2id: the codes are random with 60 bits, not chosen by people, so a
// slow hash adds nothing against guessing and would cost ten argon2 runs
// per check (or per enrolment); the key means the table alone gives
// nothing to guess against, and online guessing is bounded by the
// request's 5 attempts and the per-IIN start limit.
//
// TOTP secrets are sealed with AES-256-GCM bound to the IIN (additional
// data), so a row copied alone reveals nothing: with a key configured
// (Config.TwoFactorKey, kabinetd --two-factor-key-file) the database
// alone is not enough either; without one the key is a random secret kept
// in the database's meta table (meta "secret:totp-seal"), which protects a
// leaked row or table but not a stolen whole file. Sealed values carry
// which key sealed them, so configuring a key later keeps older secrets
// readable. A secret or a code never reaches a log.
//
// Turning the second step off, changing its method and enrolling need
// the password again (or a login by EDS less than EDSSetPasswordWindow
// ago); a wrong one counts towards the IIN's login lock. Each change and
// each use of a recovery code is a security event and a notice to every
// contact. A login by EDS is two factors already and skips the step.
// Config.RequireStaffTwoFactor makes the staff calls answer 403
// two_factor_required to an employee who logged in by password without a
// second step, until they turn one on.
const (
	loginStartsPerIIN  = 10
	setupStartsPerIIN  = 5
	totpPeriod         = 30
	totpSkew           = 1
	totpSecretBytes    = 20
	recoveryCodeCount  = 10
	recoveryCodeChars  = 12
	recoverySecretName = "recovery"
	totpSealSecretName = "totp-seal"
	qrSize             = 240
)

// TwoFactorDeps configure the second step of password logins.
type TwoFactorDeps struct {
	// RequireStaff: an employee must have a second step (see above).
	RequireStaff bool
	// SealKey (32 bytes) seals TOTP secrets; nil: a key kept in the
	// database.
	SealKey []byte
}

// twoFactorServer is the part of server the second step uses.
type twoFactorServer struct {
	requireStaff2FA bool
	sealKey         []byte
	tfKeys          struct {
		mu       sync.Mutex
		seal     []byte
		recovery []byte
	}
}

func newTwoFactorServer(d TwoFactorDeps) *twoFactorServer {
	return &twoFactorServer{requireStaff2FA: d.RequireStaff, sealKey: d.SealKey}
}

// ---- keys, sealing, hashing ----

func (s *server) tfSecret(ctx context.Context, name string, slot *[]byte) ([]byte, error) {
	s.tf.tfKeys.mu.Lock()
	defer s.tf.tfKeys.mu.Unlock()
	if *slot == nil {
		k, err := s.store.Secret(ctx, name, 32)
		if err != nil {
			return nil, err
		}
		*slot = k
	}
	return *slot, nil
}

// Seal formats: one byte naming the key ('K' configured, 'M' kept in the
// database), the 12-byte GCM nonce, the ciphertext.
const (
	sealConfigured = 'K'
	sealMeta       = 'M'
)

func sealAD(iin string) []byte { return []byte("kabinet-totp-v1\x00" + iin) }

func gcmOf(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// sealTOTP seals a TOTP secret of iin.
func (s *server) sealTOTP(ctx context.Context, iin string, secret []byte) ([]byte, error) {
	kind, key := byte(sealConfigured), s.tf.sealKey
	if key == nil {
		var err error
		if key, err = s.tfSecret(ctx, totpSealSecretName, &s.tf.tfKeys.seal); err != nil {
			return nil, err
		}
		kind = sealMeta
	}
	g, err := gcmOf(key)
	if err != nil {
		return nil, err
	}
	nonce := randomBytes(g.NonceSize())
	out := append([]byte{kind}, nonce...)
	return g.Seal(out, nonce, secret, sealAD(iin)), nil
}

// openTOTP opens a sealed TOTP secret of iin.
func (s *server) openTOTP(ctx context.Context, iin string, sealed []byte) ([]byte, error) {
	if len(sealed) < 1+12 {
		return nil, errors.New("two factor: sealed secret too short")
	}
	var key []byte
	switch sealed[0] {
	case sealConfigured:
		if key = s.tf.sealKey; key == nil {
			return nil, errors.New("two factor: the secret was sealed with a configured key, none is configured")
		}
	case sealMeta:
		var err error
		if key, err = s.tfSecret(ctx, totpSealSecretName, &s.tf.tfKeys.seal); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("two factor: unknown seal")
	}
	g, err := gcmOf(key)
	if err != nil {
		return nil, err
	}
	n := g.NonceSize()
	if len(sealed) < 1+n {
		return nil, errors.New("two factor: sealed secret too short")
	}
	secret, err := g.Open(nil, sealed[1:1+n], sealed[1+n:], sealAD(iin))
	if err != nil {
		return nil, fmt.Errorf("two factor: open secret: %w", err)
	}
	return secret, nil
}

// recoveryAlphabet is Crockford's base32: no I, L, O, U.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// newRecoveryCode is recoveryCodeChars random characters as xxxx-xxxx-xxxx.
func newRecoveryCode() string {
	raw := make([]byte, recoveryCodeChars)
	rand.Read(raw)
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(recoveryAlphabet[c&31]) // 256 is a multiple of 32: uniform
	}
	return b.String()
}

// normRecoveryCode is the form of a typed recovery code that is hashed:
// lower case, no spaces or hyphens, Crockford's look-alikes mapped.
func normRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == 'o':
			b.WriteByte('0')
		case r == 'i' || r == 'l':
			b.WriteByte('1')
		case strings.ContainsRune(recoveryAlphabet, r):
			b.WriteRune(r)
		}
		if b.Len() > 64 {
			break
		}
	}
	return b.String()
}

func (s *server) recoveryHash(ctx context.Context, iin, code string) ([]byte, error) {
	key, err := s.tfSecret(ctx, recoverySecretName, &s.tf.tfKeys.recovery)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "kabinet-recovery-v1\x00%s\x00%s", iin, normRecoveryCode(code))
	return m.Sum(nil), nil
}

// ---- TOTP ----

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// totpStep returns the time step of now (RFC 6238: floor(unix / 30)).
func totpStep(now time.Time) int64 { return now.Unix() / totpPeriod }

// totpMatch finds the time step within ±totpSkew of now whose code is
// code, the latest first.
func totpMatch(secret []byte, code string, now time.Time) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != otpLength {
		return 0, false
	}
	enc := b32.EncodeToString(secret)
	cur := totpStep(now)
	for d := int64(totpSkew); d >= -totpSkew; d-- {
		step := cur + d
		want, err := hotp.GenerateCodeCustom(enc, uint64(step), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// ---- problems ----

func contactMissing() *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeContactMissing, "the fund has no such contact of yours")
	p.p.Field = "method"
	return p
}

func twoFactorRequired(detail string) *problemError {
	return problem(http.StatusForbidden, api.CodeTwoFactorRequired, detail)
}

// isDeliveryFailed tells whether err is the delivery_failed problem of
// sendCode (the request is then killed: its code reached no one).
func isDeliveryFailed(err error) bool {
	var pe *problemError
	return errors.As(err, &pe) && pe.p.Code == api.CodeDeliveryFailed
}

// ---- login ----

// startSecondStep is called by handleLogin once the password of d is
// right: with the second step on it answers 202 with a challenge and
// returns true (nothing else may be written then); otherwise it returns
// false and the login goes on to a session.
func (s *server) startSecondStep(w http.ResponseWriter, r *http.Request, d store.Depositor, now time.Time) (bool, error) {
	ctx, client := r.Context(), clientAddr(r)
	tf, err := s.store.TwoFactor(ctx, d.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	id, idHash := newRequestID()
	req := store.OTPRequest{IDHash: idHash, Purpose: store.PurposeLogin, IIN: d.IIN, CreatedAt: now, Client: client}
	if tf.Method == store.MethodTOTP {
		req.Channel, req.ExpiresAt = store.MethodTOTP, now.Add(s.otpValidity)
	}
	wait, err := s.store.StartOTPRequest(ctx, req,
		store.OTPLimit{Max: loginStartsPerIIN, Window: otpStartWindow, Keep: otpKeepRows},
		store.Event{IIN: d.IIN, Kind: store.EventSecondStepStarted, At: now, Client: client, Detail: tf.Method})
	if errors.Is(err, store.ErrThrottled) {
		return true, rateLimited(wait, "too many logins of this IIN; try again later")
	}
	if err != nil {
		return true, err
	}
	if tf.Method != store.MethodTOTP {
		if req, err = s.sendNewCode(r, req, tf.Method, tf.Contact); err != nil {
			if isDeliveryFailed(err) {
				_ = s.store.KillOTPRequest(ctx, idHash, now, store.DeadDelivery)
			}
			return true, err
		}
	}
	s.respond(w, r, http.StatusAccepted, s.secondStepChallenge(id, req))
	return true, nil
}

// secondStepChallenge is challenge with no contact for an app's code.
func (s *server) secondStepChallenge(id string, req store.OTPRequest) api.OTPChallenge {
	if req.Channel == store.MethodTOTP {
		return api.OTPChallenge{ID: id, Channel: api.ChannelTOTP, ExpiresAt: req.ExpiresAt,
			AttemptsLeft: max(s.otpAttempts-req.Failures, 0), Length: otpLength}
	}
	return s.challenge(id, req)
}

// handleSecondStep is POST /api/v1/auth/second-step/{id}: the code of
// the login's second step (or a recovery code); 200 with the session.
func (s *server) handleSecondStep(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var body api.SecondStepRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	req, err := s.loadRequest(r, store.PurposeLogin)
	if err != nil {
		return err
	}
	now, client := s.now(), clientAddr(r)
	if !now.Before(req.ExpiresAt) {
		return otpExpired()
	}
	tf, err := s.store.TwoFactor(ctx, req.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return requestNotFound() // turned off meanwhile: log in again
	}
	if err != nil {
		return err
	}
	use := store.SecondStepUse{IIN: req.IIN, IDHash: req.IDHash, At: now, Client: client}
	var recovery bool
	switch {
	case strings.TrimSpace(body.RecoveryCode) != "":
		h, err := s.recoveryHash(ctx, req.IIN, body.RecoveryCode)
		if err != nil {
			return err
		}
		ok, err := s.store.RecoveryCodeUnused(ctx, req.IIN, h)
		if err != nil {
			return err
		}
		if !ok {
			return s.secondStepFailure(r, req, now, "recoveryCode", "")
		}
		use.RecoveryHash, recovery = h, true
		use.Event = store.Event{Kind: store.EventRecoveryCodeUsed, Detail: "login"}
	case req.Channel == store.MethodTOTP:
		if strings.TrimSpace(body.Code) == "" {
			return requiredField("code")
		}
		secret, err := s.openTOTP(ctx, req.IIN, tf.TOTPSecret)
		if err != nil {
			return err
		}
		step, ok := totpMatch(secret, body.Code, now)
		if !ok {
			return s.secondStepFailure(r, req, now, "code", "")
		}
		if step <= tf.TOTPLastStep {
			return s.totpReplay(r, req, now)
		}
		use.TOTPStep = step
	default:
		h, err := s.checkCode(r, req, body.Code, now)
		if err != nil {
			var pe *problemError
			if errors.As(err, &pe) && pe.p.Field == "otp" {
				pe.p.Field = "code"
			}
			return err
		}
		use.CodeHash = h
	}
	switch err := s.store.UseSecondStep(ctx, use); {
	case errors.Is(err, store.ErrOTPStale):
		return s.staleRequest(ctx, req.IDHash, now)
	case errors.Is(err, store.ErrTOTPReplay):
		return s.totpReplay(r, req, now) // a concurrent login took the step
	case errors.Is(err, store.ErrRecoveryCodeUsed):
		return s.secondStepFailure(r, req, now, "recoveryCode", "")
	case err != nil:
		return err
	}
	if recovery {
		if d, err := s.store.Depositor(ctx, req.IIN); err == nil {
			s.noticeTwoFactor(r, d, twoFactorNoticeRecovery, now)
		}
	}
	sess, err := s.startSession(ctx, req.IIN, "password", client, now)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, sess)
	return nil
}

// secondStepFailure counts a wrong code of req and answers it.
func (s *server) secondStepFailure(r *http.Request, req store.OTPRequest, now time.Time, field, reason string) error {
	after, err := s.store.RecordOTPFailure(r.Context(), req.IDHash, s.otpAttempts, now, clientAddr(r))
	if err != nil {
		return err
	}
	if perr := requestState(after); perr != nil {
		return perr
	}
	p := otpInvalid(max(s.otpAttempts-after.Failures, 0))
	p.p.Field, p.p.Reason = field, reason
	return p
}

// totpReplay answers a TOTP code whose step was accepted already: an
// event, and a failure of the request.
func (s *server) totpReplay(r *http.Request, req store.OTPRequest, now time.Time) error {
	if err := s.store.AddEvent(r.Context(), store.Event{IIN: req.IIN, Kind: store.EventTOTPReplay, At: now,
		Client: clientAddr(r), Detail: req.Purpose}); err != nil {
		return err
	}
	return s.secondStepFailure(r, req, now, "code", api.ReasonReused)
}

// handleSecondStepResend is POST /api/v1/auth/second-step/{id}/resend:
// a new code to the same contact (not for an authenticator app).
func (s *server) handleSecondStepResend(w http.ResponseWriter, r *http.Request) error {
	req, err := s.loadRequest(r, store.PurposeLogin)
	if err != nil {
		return err
	}
	if req.Channel == store.MethodTOTP || req.CodeHash == nil {
		return problem(http.StatusConflict, api.CodeInvalidState, "nothing to resend: the code comes from an authenticator app")
	}
	return s.sendNew(w, r, req, req.Channel, req.Contact)
}

// ---- the cabinet's settings ----

// reauth checks that the caller of a change of the second step is the
// person: the password again, or a session opened by EDS a few minutes
// ago. A wrong password is 403 invalid_credentials (not 401, which the
// app takes for the end of the session) and counts towards the login
// lock, as for the password change.
func (s *server) reauth(r *http.Request, sess store.Session, d store.Depositor, password string) error {
	ctx, now := r.Context(), s.now()
	if password == "" && s.recentEDS(sess, now) {
		return nil
	}
	if password == "" {
		return requiredField("password")
	}
	client := clientAddr(r)
	if err := s.loginGate(ctx, sess.IIN, client, now); err != nil {
		return err
	}
	hash := d.PasswordHash
	if hash == "" {
		hash = s.dummyHash
	}
	ok, _, err := s.verify(ctx, normPassword(password), hash)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if ok && d.PasswordHash != "" {
		return nil
	}
	return s.wrongPassword(ctx, sess.IIN, client, now, "password", "the password is wrong")
}

func (s *server) recentEDS(sess store.Session, now time.Time) bool {
	return sess.Method == sessionMethodEDS && now.Sub(sess.CreatedAt) <= EDSSetPasswordWindow
}

// twoFactorRequiredFor tells whether the fund requires a second step of d.
func (s *server) twoFactorRequiredFor(d store.Depositor) bool {
	return s.tf.requireStaff2FA && d.Role == store.RoleStaff
}

// staffTwoFactor is the check of the staff calls: with the second step
// required, an employee's password session passes only once it is on.
func (s *server) staffTwoFactor(ctx context.Context, sess store.Session, d store.Depositor) error {
	if !s.twoFactorRequiredFor(d) || sess.Method == sessionMethodEDS {
		return nil
	}
	_, err := s.store.TwoFactor(ctx, d.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return twoFactorRequired("the fund requires a second login step of staff accounts: turn it on first")
	}
	return err
}

func (s *server) depositorOf(ctx context.Context, sess store.Session) (store.Depositor, error) {
	d, err := s.store.Depositor(ctx, sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return d, unauthorized(reasonInvalid, "unknown session")
	}
	return d, err
}

// twoFactorStatus is what GET /me/two-factor answers.
func (s *server) twoFactorStatus(ctx context.Context, sess store.Session, d store.Depositor) (api.TwoFactorStatus, error) {
	st := api.TwoFactorStatus{
		Required:       s.twoFactorRequiredFor(d),
		PasswordNeeded: !s.recentEDS(sess, s.now()),
	}
	if d.Phone != "" {
		st.PhoneMasked = maskContact(notify.ChannelSMS, d.Phone)
	}
	if d.Email != "" {
		st.EmailMasked = maskContact(notify.ChannelEmail, d.Email)
	}
	tf, err := s.store.TwoFactor(ctx, d.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Enabled, st.Method = true, tf.Method
	if tf.Method != store.MethodTOTP {
		st.MaskedContact = maskContact(tf.Method, tf.Contact)
	}
	if st.RecoveryCodesLeft, err = s.store.RecoveryCodesLeft(ctx, d.IIN); err != nil {
		return st, err
	}
	return st, nil
}

// handleTwoFactor is GET /api/v1/me/two-factor.
func (s *server) handleTwoFactor(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	d, err := s.depositorOf(r.Context(), sess)
	if err != nil {
		return err
	}
	st, err := s.twoFactorStatus(r.Context(), sess, d)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusOK, st)
	return nil
}

// handleTwoFactorSetup is POST /api/v1/me/two-factor/setup: the method
// and the password; a code goes to the contact, or the TOTP secret comes
// back (with its QR code) for the app. The second step changes only at
// the confirmation.
func (s *server) handleTwoFactorSetup(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var body api.TwoFactorSetupRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	d, err := s.depositorOf(ctx, sess)
	if err != nil {
		return err
	}
	var contact string
	switch body.Method {
	case api.TwoFactorSMS:
		contact = d.Phone
	case api.TwoFactorEmail:
		contact = d.Email
	case api.TwoFactorTOTP:
	default:
		p := problem(http.StatusUnprocessableEntity, api.CodeValidation, "method must be sms, email or totp")
		p.p.Field = "method"
		return p
	}
	if err := s.reauth(r, sess, d, body.Password); err != nil {
		return err
	}
	if body.Method != api.TwoFactorTOTP {
		if contact == "" {
			return contactMissing()
		}
		phone, email, err := s.store.ContactShared(ctx, d.IIN, d.Phone, d.Email)
		if err != nil {
			return err
		}
		if (body.Method == api.TwoFactorSMS && phone) || (body.Method == api.TwoFactorEmail && email) {
			p := problem(http.StatusConflict, api.CodeContactShared,
				"this contact is another depositor's too: confirm it at an office first")
			p.p.Field = "method"
			return p
		}
	}
	now, client := s.now(), clientAddr(r)
	id, idHash := newRequestID()
	req := store.OTPRequest{IDHash: idHash, Purpose: store.PurposeTwoFactorSetup, IIN: d.IIN, CreatedAt: now, Client: client}
	if body.Method == api.TwoFactorTOTP {
		req.Channel, req.ExpiresAt = store.MethodTOTP, now.Add(s.otpValidity)
	}
	wait, err := s.store.StartOTPRequest(ctx, req,
		store.OTPLimit{Max: setupStartsPerIIN, Window: otpStartWindow, Keep: otpKeepRows},
		store.Event{IIN: d.IIN, Kind: store.EventTwoFactorSetupStarted, At: now, Client: client, Detail: body.Method})
	if errors.Is(err, store.ErrThrottled) {
		return rateLimited(wait, "too many attempts to set up the second step; try again later")
	}
	if err != nil {
		return err
	}
	var out api.TwoFactorSetup
	if body.Method == api.TwoFactorTOTP {
		secret := randomBytes(totpSecretBytes)
		sealed, err := s.sealTOTP(ctx, d.IIN, secret)
		if err != nil {
			return err
		}
		if err := s.store.SetOTPSecret(ctx, idHash, sealed); err != nil {
			return err
		}
		key, err := totp.Generate(totp.GenerateOpts{
			Issuer: s.info.FundNameIn("en"), AccountName: d.IIN, Secret: secret,
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return fmt.Errorf("totp key: %w", err)
		}
		img, err := key.Image(qrSize, qrSize)
		if err != nil {
			return fmt.Errorf("totp qr: %w", err)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return fmt.Errorf("totp qr: %w", err)
		}
		out.Secret, out.OTPAuthURI, out.QRPNG = key.Secret(), key.URL(), buf.Bytes()
	} else {
		req, err = s.sendNewCode(r, req, body.Method, contact)
		if err != nil {
			if isDeliveryFailed(err) {
				_ = s.store.KillOTPRequest(ctx, idHash, now, store.DeadDelivery)
			}
			return err
		}
	}
	out.Challenge = s.secondStepChallenge(id, req)
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// loadOwnSetup is the setup request of the path, which must be sess's.
func (s *server) loadOwnSetup(r *http.Request, sess store.Session) (store.OTPRequest, error) {
	req, err := s.loadRequest(r, store.PurposeTwoFactorSetup)
	if err != nil {
		return req, err
	}
	if req.IIN != sess.IIN {
		return req, requestNotFound()
	}
	return req, nil
}

// handleTwoFactorResend is POST /api/v1/me/two-factor/setup/{id}/resend.
func (s *server) handleTwoFactorResend(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	req, err := s.loadOwnSetup(r, sess)
	if err != nil {
		return err
	}
	if req.Channel == store.MethodTOTP || req.CodeHash == nil {
		return problem(http.StatusConflict, api.CodeInvalidState, "nothing to resend: the code comes from an authenticator app")
	}
	return s.sendNew(w, r, req, req.Channel, req.Contact)
}

// handleTwoFactorConfirm is POST /api/v1/me/two-factor/setup/{id}/confirm:
// the first code turns the second step on (or changes its method) and
// the new recovery codes are answered, this once.
func (s *server) handleTwoFactorConfirm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var body api.TwoFactorConfirmRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	req, err := s.loadOwnSetup(r, sess)
	if err != nil {
		return err
	}
	d, err := s.depositorOf(ctx, sess)
	if err != nil {
		return err
	}
	now, client := s.now(), clientAddr(r)
	if !now.Before(req.ExpiresAt) {
		return otpExpired()
	}
	tf := store.TwoFactor{IIN: d.IIN, Method: req.Channel, Contact: req.Contact}
	var codeHash []byte
	if req.Channel == store.MethodTOTP {
		if strings.TrimSpace(body.Code) == "" {
			return requiredField("code")
		}
		sealed, err := s.store.OTPSecret(ctx, req.IDHash)
		if err != nil {
			return err
		}
		secret, err := s.openTOTP(ctx, d.IIN, sealed)
		if err != nil {
			return err
		}
		step, ok := totpMatch(secret, body.Code, now)
		if !ok {
			return s.secondStepFailure(r, req, now, "code", "")
		}
		tf.TOTPSecret, tf.TOTPLastStep, tf.Contact = sealed, step, ""
	} else {
		h, err := s.checkCode(r, req, body.Code, now)
		if err != nil {
			var pe *problemError
			if errors.As(err, &pe) && pe.p.Field == "otp" {
				pe.p.Field = "code"
			}
			return err
		}
		codeHash = h
	}
	codes := make([]string, recoveryCodeCount)
	hashes := make([][]byte, recoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		if hashes[i], err = s.recoveryHash(ctx, d.IIN, codes[i]); err != nil {
			return err
		}
	}
	kind, notice := store.EventTwoFactorEnabled, twoFactorNoticeEnabled
	if _, err := s.store.TwoFactor(ctx, d.IIN); err == nil {
		kind, notice = store.EventTwoFactorChanged, twoFactorNoticeChanged
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	err = s.store.EnableTwoFactor(ctx, store.TwoFactorEnable{
		SetupIDHash: req.IDHash, SetupCodeHash: codeHash, TwoFactor: tf,
		RecoveryHashes: hashes, At: now, Client: client,
		Event: store.Event{Kind: kind, Detail: tf.Method},
	})
	if errors.Is(err, store.ErrOTPStale) {
		return s.staleRequest(ctx, req.IDHash, now)
	}
	if err != nil {
		return err
	}
	s.noticeTwoFactor(r, d, notice, now)
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusOK, api.TwoFactorEnabled{Method: tf.Method, RecoveryCodes: codes})
	return nil
}

// handleTwoFactorOff is POST /api/v1/me/two-factor/off: the password
// again; 204. Refused (403 two_factor_required) where the fund requires
// the second step.
func (s *server) handleTwoFactorOff(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var body api.TwoFactorOffRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	d, err := s.depositorOf(ctx, sess)
	if err != nil {
		return err
	}
	if s.twoFactorRequiredFor(d) {
		return twoFactorRequired("the fund requires a second login step of staff accounts")
	}
	if err := s.reauth(r, sess, d, body.Password); err != nil {
		return err
	}
	now := s.now()
	on, err := s.store.DisableTwoFactor(ctx, d.IIN, now, store.Event{Kind: store.EventTwoFactorDisabled, Client: clientAddr(r)})
	if err != nil {
		return err
	}
	if on {
		s.noticeTwoFactor(r, d, twoFactorNoticeDisabled, now)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Notices to the contacts.
const (
	twoFactorNoticeEnabled  = notify.TwoFactorEnabled
	twoFactorNoticeChanged  = notify.TwoFactorChanged
	twoFactorNoticeDisabled = notify.TwoFactorDisabled
	twoFactorNoticeRecovery = notify.TwoFactorRecoveryUsed
)

// noticeTwoFactor tells every contact of d about a change of the second
// step (or the use of a recovery code) at the moment at. Failures are
// logged and do not fail what has happened.
func (s *server) noticeTwoFactor(r *http.Request, d store.Depositor, what string, at time.Time) {
	ctx := context.WithoutCancel(r.Context())
	subject, body := notify.TwoFactorText(r.Header.Get("Accept-Language"), what, at)
	for _, m := range []notify.Message{
		{Channel: notify.ChannelSMS, To: d.Phone},
		{Channel: notify.ChannelEmail, To: d.Email},
	} {
		if m.To == "" {
			continue
		}
		m.Subject, m.Body, m.Kind = subject, body, notify.KindTwoFactor
		if err := s.notifier.Send(ctx, m); err != nil {
			s.log.LogAttrs(ctx, slog.LevelWarn, "send two-factor notice",
				slog.String("channel", m.Channel), slog.String("to", maskContact(m.Channel, m.To)), slog.Any("err", err))
		}
	}
}
