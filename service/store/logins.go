package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Failed logins are counted per IIN and client (the client's address):
// MaxFailures of them lock that client out of that IIN for LockFor, so a
// stranger's guesses never keep the owner out on his own client. Across
// all clients, the IIN's failures beyond IINFailures space its attempts
// by a delay that doubles with each further failure up to IINMaxDelay
// (distributed guessing gets one guess per delay, the owner waits at
// most IINMaxDelay). Both counts decay: one failure is forgotten per
// DecayEvery without a failure. A success clears the IIN's count and the
// client's; a password reset clears them all.

// LoginState is the failed-login state of one IIN seen from one client.
type LoginState struct {
	// Failures is the client's count of recent failures (decayed).
	Failures int
	// LockedUntil is the end of the client's lock; zero when never locked.
	LockedUntil time.Time
	// IINFailures is the IIN's count across all clients (decayed), and
	// WaitUntil the moment before which no attempt for the IIN is taken.
	IINFailures int
	WaitUntil   time.Time
}

// LockedAt tells whether the client is locked out of the IIN at t.
func (l LoginState) LockedAt(t time.Time) bool { return t.Before(l.LockedUntil) }

// WaitingAt tells whether attempts for the IIN must wait at t.
func (l LoginState) WaitingAt(t time.Time) bool { return t.Before(l.WaitUntil) }

// FailurePolicy says when failed logins lock and delay.
type FailurePolicy struct {
	MaxFailures int           // a client's failures that lock it out of the IIN
	LockFor     time.Duration // how long that lock lasts
	DecayEvery  time.Duration // one failure forgotten per this long without one (0: never)
	IINFailures int           // the IIN's failures (all clients) after which attempts are spaced (0: never)
	IINDelay    time.Duration // the first spacing; it doubles with each further failure
	IINMaxDelay time.Duration // the longest spacing
}

// iinDelay is the spacing of attempts after count failures of the IIN.
func (p FailurePolicy) iinDelay(count int) time.Duration {
	if p.IINFailures <= 0 || count < p.IINFailures {
		return 0
	}
	d := p.IINDelay
	for i := p.IINFailures; i < count && d < p.IINMaxDelay; i++ {
		d *= 2
	}
	return min(d, p.IINMaxDelay)
}

// decayed is count less one per p.DecayEvery since last.
func (p FailurePolicy) decayed(count int, last, at time.Time) int {
	if p.DecayEvery <= 0 || last.IsZero() || !at.After(last) {
		return count
	}
	return max(0, count-int(at.Sub(last)/p.DecayEvery))
}

// guardRow is one row of login_guard.
type guardRow struct {
	count  int
	last   time.Time
	locked time.Time
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readGuard(ctx context.Context, q queryRower, iin, client string) (guardRow, error) {
	var (
		r            guardRow
		last, locked sql.NullTime
	)
	err := q.QueryRowContext(ctx,
		`SELECT failed_count, last_failed_at, locked_until FROM login_guard WHERE iin = ? AND client = ?`, iin, client).
		Scan(&r.count, &last, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return guardRow{}, nil
	}
	if err != nil {
		return guardRow{}, fmt.Errorf("store: login state: %w", err)
	}
	r.last, r.locked = last.Time, locked.Time
	return r, nil
}

func writeGuard(ctx context.Context, tx *sql.Tx, iin, client string, r guardRow) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO login_guard (iin, client, failed_count, last_failed_at, locked_until) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (iin, client) DO UPDATE SET failed_count = excluded.failed_count,
		   last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
		iin, client, r.count, nullTime(r.last), nullTime(r.locked))
	if err != nil {
		return fmt.Errorf("store: login failure: %w", err)
	}
	return nil
}

// state is the LoginState of a client row and an IIN row at the moment at.
func (p FailurePolicy) state(c, i guardRow, at time.Time) LoginState {
	st := LoginState{LockedUntil: c.locked, IINFailures: p.decayed(i.count, i.last, at), WaitUntil: i.locked}
	if !c.locked.IsZero() && !at.Before(c.locked) {
		st.LockedUntil = time.Time{} // the lock has run out: a fresh count
	} else {
		st.Failures = p.decayed(c.count, c.last, at)
	}
	return st
}

// LoginState returns the failed-login state of iin seen from client at
// the moment at (zero when none). IINs the fund does not know have
// counters too, so that answers about them look the same as about real
// depositors.
func (s *Store) LoginState(ctx context.Context, iin, client string, at time.Time, p FailurePolicy) (LoginState, error) {
	c, err := readGuard(ctx, s.rd, iin, client)
	if err != nil {
		return LoginState{}, err
	}
	i, err := readGuard(ctx, s.rd, iin, "")
	if err != nil {
		return LoginState{}, err
	}
	return p.state(c, i, at.UTC()), nil
}

// TakeLoginTurn reserves an attempt for iin at the moment at when its
// attempts are spaced (IINFailures reached): the next one is taken no
// earlier than the delay of its count, whatever the outcome, so that
// concurrent guesses cannot share one turn. It returns false and the
// moment to wait for when the turn is someone else's. With fewer
// failures it changes nothing and returns true.
func (s *Store) TakeLoginTurn(ctx context.Context, iin string, at time.Time, p FailurePolicy) (bool, time.Time, error) {
	at = at.UTC()
	ok, until := true, time.Time{}
	err := s.inTxKeys(ctx, []string{"login/" + iin}, func(tx *sql.Tx) error {
		i, err := readGuard(ctx, tx, iin, "")
		if err != nil {
			return err
		}
		d := p.iinDelay(p.decayed(i.count, i.last, at))
		if d == 0 {
			return nil
		}
		if at.Before(i.locked) {
			ok, until = false, i.locked
			return nil
		}
		i.locked = at.Add(d)
		return writeGuard(ctx, tx, iin, "", i)
	})
	return ok, until, err
}

// RecordLoginFailure counts one failed login of iin from client at the
// moment at, for the client and for the IIN, and writes the
// "login_failed" event (and "lock" when this failure locks the client
// out) in the same transaction. A lock that has run out starts a fresh
// count. When the client is already locked (a concurrent attempt won the
// race) nothing is counted. It returns the state after the failure.
func (s *Store) RecordLoginFailure(ctx context.Context, iin string, at time.Time, p FailurePolicy, client string) (LoginState, error) {
	at = at.UTC()
	var st LoginState
	err := s.inTxKeys(ctx, []string{"login/" + iin}, func(tx *sql.Tx) error {
		c, err := readGuard(ctx, tx, iin, client)
		if err != nil {
			return err
		}
		i, err := readGuard(ctx, tx, iin, "")
		if err != nil {
			return err
		}
		st = p.state(c, i, at)
		if st.LockedAt(at) {
			return nil
		}
		c = guardRow{count: st.Failures + 1, last: at}
		if c.count >= p.MaxFailures {
			c.locked = at.Add(p.LockFor)
		}
		i.count, i.last = st.IINFailures+1, at
		if d := p.iinDelay(i.count); d > 0 && at.Add(d).After(i.locked) {
			i.locked = at.Add(d)
		}
		if err := writeGuard(ctx, tx, iin, client, c); err != nil {
			return err
		}
		if err := writeGuard(ctx, tx, iin, "", i); err != nil {
			return err
		}
		st = p.state(c, i, at)
		detail := fmt.Sprintf("failure %d of %d", c.count, p.MaxFailures)
		if err := insertEvent(ctx, tx, Event{IIN: iin, Kind: EventLoginFailed, At: at, Client: client, Detail: detail}); err != nil {
			return err
		}
		if !c.locked.IsZero() {
			detail := "locked until " + c.locked.Format(time.RFC3339) + " for this client"
			return insertEvent(ctx, tx, Event{IIN: iin, Kind: EventLock, At: at, Client: client, Detail: detail})
		}
		return nil
	})
	return st, err
}

// clearLoginFailures forgets the failures of iin: its own count and, when
// client is not "", that client's (a success); all of them when client is
// "" (a password reset).
func clearLoginFailures(ctx context.Context, tx *sql.Tx, iin, client string) error {
	q, args := `DELETE FROM login_guard WHERE iin = ?`, []any{iin}
	if client != "" {
		q, args = q+` AND client IN ('', ?)`, append(args, client)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}
