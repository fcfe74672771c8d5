package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Reasons a session ended.
const (
	EndLogout  = "logout"
	EndIdle    = "idle"
	EndExpired = "expired"
)

// Session is a cabinet session. The token is known to the client only;
// the store keeps its SHA-256.
type Session struct {
	TokenHash  []byte
	IIN        string
	Method     string // "password"; later "eds"
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end
	EndedAt    time.Time // zero while the session is open
	EndReason  string
	// PreviousLoginAt is the person's login before this one (zero for
	// the first login ever).
	PreviousLoginAt time.Time
	Client          string
}

// StartSession stores a new session after a successful authentication
// and, in the same transaction, moves the person's last login to this one
// (keeping the previous in the session), clears their failed-login
// counter and writes the "login_ok" event. It returns the stored session.
func (s *Store) StartSession(ctx context.Context, sess Session) (Session, error) {
	at := sess.CreatedAt.UTC()
	err := s.inTxKeys(ctx, []string{"login/" + sess.IIN}, func(tx *sql.Tx) error {
		var last sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT last_login_at FROM depositors WHERE iin = ?`, sess.IIN).Scan(&last)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: start session: %w", err)
		}
		sess.PreviousLoginAt = last.Time
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO sessions (token_hash, iin, method, created_at, last_seen_at, expires_at, previous_login_at, client)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			sess.TokenHash, sess.IIN, sess.Method, at, sess.LastSeenAt.UTC(), sess.ExpiresAt.UTC(),
			nullTime(sess.PreviousLoginAt), sess.Client); err != nil {
			return fmt.Errorf("store: start session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE depositors SET last_login_at = ? WHERE iin = ?`, at, sess.IIN); err != nil {
			return fmt.Errorf("store: start session: %w", err)
		}
		if err := clearLoginFailures(ctx, tx, sess.IIN, cmp.Or(sess.Client, "-")); err != nil {
			return err
		}
		return insertEvent(ctx, tx, Event{IIN: sess.IIN, Kind: EventLoginOK, At: at, Client: sess.Client, Detail: sess.Method})
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// Session returns the session whose token hashes to tokenHash, open or
// ended, or ErrNotFound.
func (s *Store) Session(ctx context.Context, tokenHash []byte) (Session, error) {
	var (
		sess        Session
		ended, prev sql.NullTime
		reason      sql.NullString
	)
	err := s.readRow(ctx,
		`SELECT token_hash, iin, method, created_at, last_seen_at, expires_at, ended_at, end_reason,
		        previous_login_at, client
		 FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&sess.TokenHash, &sess.IIN, &sess.Method, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt,
			&ended, &reason, &prev, &sess.Client)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: session: %w", err)
	}
	sess.EndedAt, sess.EndReason, sess.PreviousLoginAt = ended.Time, reason.String, prev.Time
	return sess, nil
}

// TouchSession moves the last activity of an open session to at.
func (s *Store) TouchSession(ctx context.Context, tokenHash []byte, at time.Time) error {
	_, err := s.wr.ExecContext(ctx,
		`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND ended_at IS NULL AND last_seen_at < ?`,
		at.UTC(), tokenHash, at.UTC())
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// EndSession ends an open session at the moment at for reason (EndLogout,
// EndIdle, EndExpired) and writes the matching security event ("logout"
// or "session_expired") in the same transaction. Ending a session that is
// already ended changes nothing and returns false.
func (s *Store) EndSession(ctx context.Context, tokenHash []byte, at time.Time, reason, client string) (bool, error) {
	at = at.UTC()
	var ended bool
	// No key: the UPDATE ... RETURNING ends the session once (a second
	// one waits for the first's row lock and then finds it ended).
	err := s.inTxKeys(ctx, nil, func(tx *sql.Tx) error {
		var iin string
		err := tx.QueryRowContext(ctx,
			`UPDATE sessions SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL RETURNING iin`,
			at, reason, tokenHash).Scan(&iin)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: end session: %w", err)
		}
		ended = true
		kind := EventSessionExpired
		if reason == EndLogout {
			kind = EventLogout
		}
		return insertEvent(ctx, tx, Event{IIN: iin, Kind: kind, At: at, Client: client, Detail: reason})
	})
	return ended, err
}

// PurgeSessions deletes the sessions that ended or expired before the
// moment before (the security journal keeps their events) and reports
// how many went.
func (s *Store) PurgeSessions(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.wr.ExecContext(ctx,
		`DELETE FROM sessions WHERE expires_at < ? OR (ended_at IS NOT NULL AND ended_at < ?)`,
		before.UTC(), before.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: purge sessions: %w", err)
	}
	return res.RowsAffected()
}
