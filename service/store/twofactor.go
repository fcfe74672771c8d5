package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Two-factor login (migration 00044): a person's second step, its setup
// and the login challenges are otp_requests rows of purpose PurposeLogin
// and PurposeTwoFactorSetup; the confirmed second step is a two_factor
// row, the recovery codes recovery_codes rows (hashed).

// Purposes of the second step's requests.
const (
	PurposeLogin          = "login"
	PurposeTwoFactorSetup = "two_factor_setup"
)

// Methods of a second step; MethodSMS and MethodEmail are also the
// channels codes go by, MethodTOTP the channel of a request answered
// from an authenticator app (no code is sent).
const (
	MethodSMS   = "sms"
	MethodEmail = "email"
	MethodTOTP  = "totp"
)

// Kinds of security event of the second step.
const (
	EventSecondStepStarted     = "second_step_started"      // the password was right, a code is awaited
	EventTwoFactorSetupStarted = "two_factor_setup_started" // a setup's first code was asked for
	EventTwoFactorEnabled      = "two_factor_enabled"
	EventTwoFactorChanged      = "two_factor_changed" // the method (or contact) changed
	EventTwoFactorDisabled     = "two_factor_disabled"
	EventRecoveryCodeUsed      = "recovery_code_used"
	EventTOTPReplay            = "totp_replay" // a TOTP code already accepted was offered again
)

// Errors of the second step.
var (
	// ErrTOTPReplay: the time step of the code is not after the last one
	// accepted (the code, or an older one, was used already).
	ErrTOTPReplay = errors.New("store: totp code already used")
	// ErrRecoveryCodeUsed: the recovery code is unknown or used.
	ErrRecoveryCodeUsed = errors.New("store: recovery code unknown or used")
)

// TwoFactor is a person's confirmed second step.
type TwoFactor struct {
	IIN    string
	Method string // MethodSMS, MethodEmail or MethodTOTP
	// Contact is the normalised phone or e-mail codes go to (sms/email).
	Contact string
	// TOTPSecret is the sealed TOTP secret (totp); never the secret in
	// clear.
	TOTPSecret []byte
	// TOTPLastStep is the last time step (Unix time / 30 s) of an
	// accepted TOTP code; a code of this step or an earlier one is
	// refused.
	TOTPLastStep int64
	EnabledAt    time.Time
}

// TwoFactor returns iin's second step, or ErrNotFound when it is off.
func (s *Store) TwoFactor(ctx context.Context, iin string) (TwoFactor, error) {
	t := TwoFactor{IIN: iin}
	err := s.rd.QueryRowContext(ctx,
		`SELECT method, contact, totp_secret, totp_last_step, enabled_at FROM two_factor WHERE iin = ?`, iin).
		Scan(&t.Method, &t.Contact, &t.TOTPSecret, &t.TOTPLastStep, &t.EnabledAt)
	if errors.Is(err, sql.ErrNoRows) {
		return TwoFactor{}, ErrNotFound
	}
	if err != nil {
		return TwoFactor{}, fmt.Errorf("store: two factor: %w", err)
	}
	return t, nil
}

// RecoveryCodesLeft is how many unused recovery codes iin has.
func (s *Store) RecoveryCodesLeft(ctx context.Context, iin string) (int, error) {
	var n int
	if err := s.rd.QueryRowContext(ctx,
		`SELECT count(*) FROM recovery_codes WHERE iin = ? AND used_at IS NULL`, iin).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: recovery codes: %w", err)
	}
	return n, nil
}

// RecoveryCodeUnused tells whether iin has the unused recovery code of
// this hash.
func (s *Store) RecoveryCodeUnused(ctx context.Context, iin string, hash []byte) (bool, error) {
	var ok bool
	if err := s.rd.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM recovery_codes WHERE iin = ? AND code_hash = ? AND used_at IS NULL)`,
		iin, hash).Scan(&ok); err != nil {
		return false, fmt.Errorf("store: recovery code: %w", err)
	}
	return ok, nil
}

// SetOTPSecret keeps the sealed TOTP secret of a setup request.
func (s *Store) SetOTPSecret(ctx context.Context, idHash, sealed []byte) error {
	if _, err := s.wr.ExecContext(ctx, `UPDATE otp_requests SET secret = ? WHERE id_hash = ?`, sealed, idHash); err != nil {
		return fmt.Errorf("store: otp secret: %w", err)
	}
	return nil
}

// OTPSecret is the sealed TOTP secret of a setup request (nil if none).
func (s *Store) OTPSecret(ctx context.Context, idHash []byte) ([]byte, error) {
	var b []byte
	err := s.rd.QueryRowContext(ctx, `SELECT secret FROM otp_requests WHERE id_hash = ?`, idHash).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: otp secret: %w", err)
	}
	return b, nil
}

// useRequest marks an alive, unexpired request of iin used at at; with
// codeHash it must still hold that code. ErrOTPStale otherwise.
func useRequest(ctx context.Context, tx *sql.Tx, idHash, codeHash []byte, iin string, at time.Time) error {
	q := `UPDATE otp_requests SET used_at = ?, secret = NULL
	      WHERE id_hash = ? AND iin = ? AND used_at IS NULL AND dead_at IS NULL AND expires_at > ?`
	args := []any{at, idHash, iin, at}
	if codeHash != nil {
		q += ` AND code_hash = ?`
		args = append(args, codeHash)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: use otp request: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrOTPStale
	}
	return nil
}

// TwoFactorEnable turns a person's second step on (or changes it).
type TwoFactorEnable struct {
	// SetupIDHash is the setup request consumed; SetupCodeHash the code
	// it must still hold (sms/email), nil for totp.
	SetupIDHash, SetupCodeHash []byte
	TwoFactor                  TwoFactor
	// RecoveryHashes replace every recovery code of the person.
	RecoveryHashes [][]byte
	At             time.Time
	Client         string
	// Event is written too (its IIN, At and Client are filled in).
	Event Event
}

// EnableTwoFactor consumes the setup request, stores the second step
// (replacing an older one) and the new recovery codes, and writes the
// event, in one transaction. ErrOTPStale when the request changed.
func (s *Store) EnableTwoFactor(ctx context.Context, e TwoFactorEnable) error {
	at := e.At.UTC()
	t := e.TwoFactor
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := useRequest(ctx, tx, e.SetupIDHash, e.SetupCodeHash, t.IIN, at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO two_factor (iin, method, contact, totp_secret, totp_last_step, enabled_at)
			 VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (iin) DO UPDATE SET method = excluded.method, contact = excluded.contact,
			   totp_secret = excluded.totp_secret, totp_last_step = excluded.totp_last_step,
			   enabled_at = excluded.enabled_at`,
			t.IIN, t.Method, t.Contact, t.TOTPSecret, t.TOTPLastStep, at); err != nil {
			return fmt.Errorf("store: enable two factor: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE iin = ?`, t.IIN); err != nil {
			return fmt.Errorf("store: recovery codes: %w", err)
		}
		for _, h := range e.RecoveryHashes {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO recovery_codes (iin, code_hash, created_at) VALUES (?, ?, ?)`, t.IIN, h, at); err != nil {
				return fmt.Errorf("store: recovery codes: %w", err)
			}
		}
		ev := e.Event
		ev.IIN, ev.At, ev.Client = t.IIN, at, e.Client
		return insertEvent(ctx, tx, ev)
	})
}

// DisableTwoFactor turns iin's second step off, deletes the recovery
// codes and writes ev (its IIN and At filled in). It tells whether the
// second step was on.
func (s *Store) DisableTwoFactor(ctx context.Context, iin string, at time.Time, ev Event) (bool, error) {
	at = at.UTC()
	var on bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM two_factor WHERE iin = ?`, iin)
		if err != nil {
			return fmt.Errorf("store: disable two factor: %w", err)
		}
		n, _ := res.RowsAffected()
		on = n > 0
		if !on {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE iin = ?`, iin); err != nil {
			return fmt.Errorf("store: recovery codes: %w", err)
		}
		ev.IIN, ev.At = iin, at
		return insertEvent(ctx, tx, ev)
	})
	return on, err
}

// SecondStepUse is an accepted second step of a login.
type SecondStepUse struct {
	IIN string
	// IDHash is the login request consumed; CodeHash the sent code it
	// must still hold (nil for totp and recovery codes).
	IDHash, CodeHash []byte
	// TOTPStep, when > 0, must be after the person's last accepted step
	// and becomes it (else ErrTOTPReplay).
	TOTPStep int64
	// RecoveryHash, when set, is the recovery code used up (else
	// ErrRecoveryCodeUsed).
	RecoveryHash []byte
	At           time.Time
	Client       string
	// Event, when it has a Kind, is written too (IIN, At, Client filled in).
	Event Event
}

// UseSecondStep records an accepted second step in one transaction: the
// login request is used, the TOTP step moves on or the recovery code is
// used up. Nothing changes when one of them fails.
func (s *Store) UseSecondStep(ctx context.Context, u SecondStepUse) error {
	at := u.At.UTC()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := useRequest(ctx, tx, u.IDHash, u.CodeHash, u.IIN, at); err != nil {
			return err
		}
		if u.TOTPStep > 0 {
			res, err := tx.ExecContext(ctx,
				`UPDATE two_factor SET totp_last_step = ? WHERE iin = ? AND method = 'totp' AND totp_last_step < ?`,
				u.TOTPStep, u.IIN, u.TOTPStep)
			if err != nil {
				return fmt.Errorf("store: totp step: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return ErrTOTPReplay
			}
		}
		if u.RecoveryHash != nil {
			res, err := tx.ExecContext(ctx,
				`UPDATE recovery_codes SET used_at = ? WHERE iin = ? AND code_hash = ? AND used_at IS NULL`,
				at, u.IIN, u.RecoveryHash)
			if err != nil {
				return fmt.Errorf("store: use recovery code: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return ErrRecoveryCodeUsed
			}
		}
		if u.Event.Kind == "" {
			return nil
		}
		ev := u.Event
		ev.IIN, ev.At, ev.Client = u.IIN, at, u.Client
		return insertEvent(ctx, tx, ev)
	})
}
