package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LoginState is the failed-login counter of one IIN.
type LoginState struct {
	// Failures is the number of consecutive failed logins.
	Failures int
	// LockedUntil is the end of the lock; zero when never locked.
	LockedUntil time.Time
}

// LockedAt tells whether the IIN is locked at the moment t.
func (l LoginState) LockedAt(t time.Time) bool { return t.Before(l.LockedUntil) }

// LoginState returns the counter of iin (zero when it has none). IINs the
// fund does not know have counters too, so that answers about them look
// the same as about real depositors.
func (s *Store) LoginState(ctx context.Context, iin string) (LoginState, error) {
	var (
		st     LoginState
		locked sql.NullTime
	)
	err := s.rd.QueryRowContext(ctx,
		`SELECT failed_count, locked_until FROM login_failures WHERE iin = ?`, iin).
		Scan(&st.Failures, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return LoginState{}, nil
	}
	if err != nil {
		return LoginState{}, fmt.Errorf("store: login state: %w", err)
	}
	st.LockedUntil = locked.Time
	return st, nil
}

// FailurePolicy says when failed logins lock an IIN.
type FailurePolicy struct {
	MaxFailures int           // consecutive failures that lock
	LockFor     time.Duration // how long the lock lasts
}

// RecordLoginFailure counts one failed login of iin at the moment at and
// writes the "login_failed" event (and "lock" when this failure locks the
// IIN) in the same transaction. A lock that has run out starts a fresh
// count. When the IIN is already locked (a concurrent attempt won the
// race) nothing is counted. It returns the counter after the failure.
func (s *Store) RecordLoginFailure(ctx context.Context, iin string, at time.Time, p FailurePolicy, client string) (LoginState, error) {
	at = at.UTC()
	var st LoginState
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var locked sql.NullTime
		err := tx.QueryRowContext(ctx,
			`SELECT failed_count, locked_until FROM login_failures WHERE iin = ?`, iin).
			Scan(&st.Failures, &locked)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: login failure: %w", err)
		}
		st.LockedUntil = locked.Time
		if st.LockedAt(at) {
			return nil
		}
		if !st.LockedUntil.IsZero() {
			st = LoginState{} // the previous lock has run out
		}
		st.Failures++
		if st.Failures >= p.MaxFailures {
			st.LockedUntil = at.Add(p.LockFor)
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO login_failures (iin, failed_count, last_failed_at, locked_until) VALUES (?, ?, ?, ?)
			 ON CONFLICT (iin) DO UPDATE SET failed_count = excluded.failed_count,
			   last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
			iin, st.Failures, at, nullTime(st.LockedUntil))
		if err != nil {
			return fmt.Errorf("store: login failure: %w", err)
		}
		detail := fmt.Sprintf("failure %d of %d", st.Failures, p.MaxFailures)
		if err := insertEvent(ctx, tx, Event{IIN: iin, Kind: EventLoginFailed, At: at, Client: client, Detail: detail}); err != nil {
			return err
		}
		if !st.LockedUntil.IsZero() {
			detail := "locked until " + st.LockedUntil.Format(time.RFC3339)
			return insertEvent(ctx, tx, Event{IIN: iin, Kind: EventLock, At: at, Client: client, Detail: detail})
		}
		return nil
	})
	return st, err
}
