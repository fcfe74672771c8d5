package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Purposes of a one-time-password request.
const (
	PurposeRegistration = "registration"
	PurposeReset        = "reset"
)

// Why a request died (OTPRequest.DeadReason).
const (
	DeadNotMatched        = "not_matched"        // decoy: the details matched no one
	DeadAlreadyRegistered = "already_registered" // decoy: the person has a password
	DeadContactShared     = "contact_shared"     // decoy: the contact is another depositor's too
	DeadNoAccount         = "no_account"         // decoy: reset for an IIN without account or contacts
	DeadFailures          = "failures"           // too many wrong codes
	DeadResends           = "resends"            // too many codes asked for
	DeadDelivery          = "delivery_failed"    // the first code could not be sent
)

// Kinds of security event written by the OTP flows.
const (
	EventRegistrationStarted   = "registration_started"
	EventRegistrationRefused   = "registration_refused"
	EventRegistrationCompleted = "registration_completed"
	EventResetStarted          = "password_reset_started"
	EventResetRefused          = "password_reset_refused"
	EventPasswordReset         = "password_reset"
	EventPasswordChanged       = "password_changed"
	EventOTPSent               = "otp_sent"
	EventOTPFailed             = "otp_failed"
	EventOTPLocked             = "otp_locked"
	EventSessionsEnded         = "sessions_ended"
)

// EndPasswordChanged is the end reason of the sessions a password change
// or reset ends.
const EndPasswordChanged = "password_changed"

// ErrThrottled is returned by StartOTPRequest when the IIN has started too
// many requests of the purpose recently.
var ErrThrottled = errors.New("store: too many requests")

// ErrOTPStale is returned when a request changed (used, dead, resent,
// expired) between reading it and acting on it.
var ErrOTPStale = errors.New("store: one-time password request changed")

// ErrPasswordConflict is returned by SetPassword when the person's
// password is not what the caller required (registered meanwhile, or
// changed by someone else).
var ErrPasswordConflict = errors.New("store: password changed meanwhile")

// OTPRequest is one request of registration or password recovery. Times
// are zero when not set.
type OTPRequest struct {
	IDHash  []byte // SHA-256 of the request id
	Purpose string
	IIN     string
	Channel string // "sms", "email" or "" before the first send
	Contact string // normalised phone or e-mail
	// CodeHash is the keyed hash of the current code; nil before the
	// first send.
	CodeHash    []byte
	Sends       int
	Failures    int
	CreatedAt   time.Time
	SentAt      time.Time
	ExpiresAt   time.Time
	ResendAfter time.Time
	UsedAt      time.Time
	DeadAt      time.Time
	DeadReason  string
	Client      string
	// Queued is not stored: the code just sent waits in the message
	// queue (set by the service for its answer).
	Queued bool
}

// Alive tells whether the request may still be used: not done, not dead.
func (r OTPRequest) Alive() bool { return r.UsedAt.IsZero() && r.DeadAt.IsZero() }

// OTPLimit bounds the requests one IIN may start for one purpose.
type OTPLimit struct {
	Max    int           // requests ...
	Window time.Duration // ... in this long
	// Keep is how long rows are kept at all; older ones are deleted when
	// a request starts. It must be at least Window.
	Keep time.Duration
}

// StartOTPRequest records a new request r (possibly a decoy, with DeadAt
// set) and the event ev in one transaction, unless r.IIN already started
// lim.Max requests of r.Purpose within lim.Window: then it returns
// ErrThrottled and how long until the oldest of them leaves the window.
// Rows older than lim.Keep are deleted on the way.
func (s *Store) StartOTPRequest(ctx context.Context, r OTPRequest, lim OTPLimit, ev Event) (time.Duration, error) {
	at := r.CreatedAt.UTC()
	var wait time.Duration
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if lim.Keep > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM otp_requests WHERE created_at < ?`, at.Add(-max(lim.Keep, lim.Window))); err != nil {
				return fmt.Errorf("store: prune otp requests: %w", err)
			}
		}
		var n int
		err := tx.QueryRowContext(ctx,
			`SELECT count(*) FROM otp_requests WHERE iin = ? AND purpose = ? AND created_at > ?`,
			r.IIN, r.Purpose, at.Add(-lim.Window)).Scan(&n)
		if err != nil {
			return fmt.Errorf("store: count otp requests: %w", err)
		}
		if lim.Max > 0 && n >= lim.Max {
			// The window frees up when the oldest of the last Max leaves it.
			var oldest time.Time
			err := tx.QueryRowContext(ctx,
				`SELECT created_at FROM otp_requests WHERE iin = ? AND purpose = ? AND created_at > ?
				 ORDER BY created_at DESC LIMIT 1 OFFSET ?`,
				r.IIN, r.Purpose, at.Add(-lim.Window), lim.Max-1).Scan(&oldest)
			wait = lim.Window
			if err == nil {
				wait = oldest.Add(lim.Window).Sub(at)
			}
			return ErrThrottled
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO otp_requests (id_hash, purpose, iin, channel, contact, code_hash, sends, failures,
			   created_at, sent_at, expires_at, resend_after, dead_at, dead_reason, client)
			 VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
			r.IDHash, r.Purpose, r.IIN, r.Channel, r.Contact, r.CodeHash, r.Sends,
			at, nullTime(r.SentAt), nullTime(r.ExpiresAt), nullTime(r.ResendAfter),
			nullTime(r.DeadAt), nullString(r.DeadReason), r.Client)
		if err != nil {
			return fmt.Errorf("store: start otp request: %w", err)
		}
		return insertEvent(ctx, tx, ev)
	})
	return wait, err
}

const otpColumns = `id_hash, purpose, iin, channel, contact, code_hash, sends, failures, created_at,
	sent_at, expires_at, resend_after, used_at, dead_at, dead_reason, client`

func scanOTPRequest(row interface{ Scan(...any) error }) (OTPRequest, error) {
	var (
		r                                 OTPRequest
		sent, expires, resend, used, dead sql.NullTime
		reason                            sql.NullString
	)
	err := row.Scan(&r.IDHash, &r.Purpose, &r.IIN, &r.Channel, &r.Contact, &r.CodeHash, &r.Sends, &r.Failures,
		&r.CreatedAt, &sent, &expires, &resend, &used, &dead, &reason, &r.Client)
	if err != nil {
		return OTPRequest{}, err
	}
	r.SentAt, r.ExpiresAt, r.ResendAfter = sent.Time, expires.Time, resend.Time
	r.UsedAt, r.DeadAt, r.DeadReason = used.Time, dead.Time, reason.String
	return r, nil
}

// OTPRequest returns the request whose id hashes to idHash, or
// ErrNotFound.
func (s *Store) OTPRequest(ctx context.Context, idHash []byte) (OTPRequest, error) {
	r, err := scanOTPRequest(s.rd.QueryRowContext(ctx, `SELECT `+otpColumns+` FROM otp_requests WHERE id_hash = ?`, idHash))
	if errors.Is(err, sql.ErrNoRows) {
		return OTPRequest{}, ErrNotFound
	}
	if err != nil {
		return OTPRequest{}, fmt.Errorf("store: otp request: %w", err)
	}
	return r, nil
}

// OTPCode is a code sent for a request.
type OTPCode struct {
	Channel, Contact string
	Hash             []byte
	SentAt           time.Time
	ExpiresAt        time.Time
	ResendAfter      time.Time
}

// SetOTPCode stores a new code for the request (the previous one stops
// working), counts the send and writes ev (when it has a Kind), provided the request is alive
// and still has prevSends sends (so that two concurrent resends cannot
// both win). When maxSends > 0 and this send would be beyond it, the
// request dies instead (DeadResends, event "otp_locked" with ev's IIN,
// At and Client) and ErrOTPStale is returned.
func (s *Store) SetOTPCode(ctx context.Context, idHash []byte, prevSends, maxSends int, c OTPCode, ev Event) error {
	if maxSends > 0 && prevSends >= maxSends {
		if err := s.killForResends(ctx, idHash, c.SentAt, ev); err != nil {
			return err
		}
		return ErrOTPStale
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE otp_requests SET channel = ?, contact = ?, code_hash = ?, sends = sends + 1,
			   sent_at = ?, expires_at = ?, resend_after = ?
			 WHERE id_hash = ? AND sends = ? AND used_at IS NULL AND dead_at IS NULL`,
			c.Channel, c.Contact, c.Hash, c.SentAt.UTC(), c.ExpiresAt.UTC(), c.ResendAfter.UTC(), idHash, prevSends)
		if err != nil {
			return fmt.Errorf("store: set otp code: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrOTPStale
		}
		if ev.Kind == "" {
			return nil
		}
		return insertEvent(ctx, tx, ev)
	})
}

// killForResends kills an alive request that asked for too many codes
// and writes the "otp_locked" event.
func (s *Store) killForResends(ctx context.Context, idHash []byte, at time.Time, ev Event) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var purpose string
		err := tx.QueryRowContext(ctx,
			`UPDATE otp_requests SET dead_at = ?, dead_reason = ?
			 WHERE id_hash = ? AND used_at IS NULL AND dead_at IS NULL RETURNING purpose`,
			at.UTC(), DeadResends, idHash).Scan(&purpose)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: kill otp request: %w", err)
		}
		ev.Kind, ev.At, ev.Detail = EventOTPLocked, at.UTC(), purpose+": too many codes asked for"
		return insertEvent(ctx, tx, ev)
	})
}

// KillOTPRequest ends an alive request for reason at the moment at.
func (s *Store) KillOTPRequest(ctx context.Context, idHash []byte, at time.Time, reason string) error {
	_, err := s.wr.ExecContext(ctx,
		`UPDATE otp_requests SET dead_at = ?, dead_reason = ? WHERE id_hash = ? AND used_at IS NULL AND dead_at IS NULL`,
		at.UTC(), reason, idHash)
	if err != nil {
		return fmt.Errorf("store: kill otp request: %w", err)
	}
	return nil
}

// RecordOTPFailure counts one wrong code for an alive request and writes
// the "otp_failed" event; the maxFailures-th failure kills the request
// (DeadFailures, event "otp_locked"). It returns the request afterwards.
// A request that is no longer alive is returned unchanged.
func (s *Store) RecordOTPFailure(ctx context.Context, idHash []byte, maxFailures int, at time.Time, client string) (OTPRequest, error) {
	at = at.UTC()
	var r OTPRequest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanOTPRequest(tx.QueryRowContext(ctx, `SELECT `+otpColumns+` FROM otp_requests WHERE id_hash = ?`, idHash))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: otp failure: %w", err)
		}
		if !r.Alive() {
			return nil
		}
		r.Failures++
		if r.Failures >= maxFailures {
			r.DeadAt, r.DeadReason = at, DeadFailures
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE otp_requests SET failures = ?, dead_at = ?, dead_reason = ? WHERE id_hash = ?`,
			r.Failures, nullTime(r.DeadAt), nullString(r.DeadReason), idHash); err != nil {
			return fmt.Errorf("store: otp failure: %w", err)
		}
		detail := fmt.Sprintf("%s: failure %d of %d", r.Purpose, r.Failures, maxFailures)
		if err := insertEvent(ctx, tx, Event{IIN: r.IIN, Kind: EventOTPFailed, At: at, Client: client, Detail: detail}); err != nil {
			return err
		}
		if !r.DeadAt.IsZero() {
			return insertEvent(ctx, tx, Event{IIN: r.IIN, Kind: EventOTPLocked, At: at, Client: client,
				Detail: r.Purpose + ": too many wrong codes"})
		}
		return nil
	})
	return r, err
}

// PasswordSet is a new password for a person, with what goes with it.
type PasswordSet struct {
	IIN    string
	Hash   string // argon2id PHC string
	At     time.Time
	Client string
	// When OTPIDHash is set, that request is consumed in the same
	// transaction: it must be alive, unexpired at At and still hold
	// OTPCodeHash, or SetPassword returns ErrOTPStale and changes nothing.
	OTPIDHash, OTPCodeHash []byte
	// RequireUnregistered: the person must have no password yet;
	// RequireHash: the person's password hash must still be this one.
	// Otherwise ErrPasswordConflict.
	RequireUnregistered bool
	RequireHash         string
	// EndSessions ends every open session of the person but KeepSession
	// (a token hash; nil keeps none) with EndPasswordChanged.
	EndSessions bool
	KeepSession []byte
	// ClearFailures resets the person's failed-login counter and lock.
	ClearFailures bool
	// Event is written too (its IIN, At and Client are filled in).
	Event Event
}

// SetPassword stores a new password as p describes, all in one
// transaction, and returns how many sessions it ended.
func (s *Store) SetPassword(ctx context.Context, p PasswordSet) (int, error) {
	at := p.At.UTC()
	var ended int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if p.OTPIDHash != nil {
			res, err := tx.ExecContext(ctx,
				`UPDATE otp_requests SET used_at = ?
				 WHERE id_hash = ? AND code_hash = ? AND iin = ? AND used_at IS NULL AND dead_at IS NULL AND expires_at > ?`,
				at, p.OTPIDHash, p.OTPCodeHash, p.IIN, at)
			if err != nil {
				return fmt.Errorf("store: use otp request: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return ErrOTPStale
			}
		}
		query := `UPDATE depositors SET password_hash = ?, password_changed_at = ? WHERE iin = ?`
		args := []any{p.Hash, at, p.IIN}
		switch {
		case p.RequireUnregistered:
			query += ` AND password_hash IS NULL`
		case p.RequireHash != "":
			query += ` AND password_hash = ?`
			args = append(args, p.RequireHash)
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrPasswordConflict
		}
		if p.EndSessions {
			res, err := tx.ExecContext(ctx,
				`UPDATE sessions SET ended_at = ?, end_reason = ?
				 WHERE iin = ? AND ended_at IS NULL AND token_hash IS DISTINCT FROM ?`,
				at, EndPasswordChanged, p.IIN, p.KeepSession)
			if err != nil {
				return fmt.Errorf("store: end sessions: %w", err)
			}
			n, _ := res.RowsAffected()
			ended = int(n)
		}
		if p.ClearFailures {
			if err := clearLoginFailures(ctx, tx, p.IIN, ""); err != nil {
				return err
			}
		}
		ev := p.Event
		ev.IIN, ev.At, ev.Client = p.IIN, at, p.Client
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		if ended > 0 {
			return insertEvent(ctx, tx, Event{IIN: p.IIN, Kind: EventSessionsEnded, At: at, Client: p.Client,
				Detail: fmt.Sprintf("%d session(s) ended: %s", ended, EndPasswordChanged)})
		}
		return nil
	})
	return ended, err
}

// ContactShared tells whether another person than iin has the given
// phone (11 digits) or e-mail (compared case-insensitively); an empty
// value matches no one.
func (s *Store) ContactShared(ctx context.Context, iin, phone, email string) (phoneShared, emailShared bool, err error) {
	err = s.rd.QueryRowContext(ctx,
		`SELECT
		   EXISTS (SELECT 1 FROM depositors WHERE ? <> '' AND phone = ? AND iin <> ?),
		   EXISTS (SELECT 1 FROM depositors WHERE ? <> '' AND lower(email) = lower(?) AND iin <> ?)`,
		phone, phone, iin, email, email, iin).Scan(&phoneShared, &emailShared)
	if err != nil {
		return false, false, fmt.Errorf("store: contact shared: %w", err)
	}
	return phoneShared, emailShared, nil
}

// Secret returns the service secret called name, n random bytes created
// on first use and kept in the meta table.
func (s *Store) Secret(ctx context.Context, name string, n int) ([]byte, error) {
	fresh := make([]byte, n)
	rand.Read(fresh)
	key := "secret:" + name
	if _, err := s.wr.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, base64.StdEncoding.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	var v string
	if err := s.rd.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != n {
		return nil, fmt.Errorf("store: secret %s is damaged", name)
	}
	return b, nil
}
