package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Kinds of security event. Later flows add their own (registration,
// password change, EDS login, ...).
const (
	EventLoginOK          = "login_ok"
	EventLoginFailed      = "login_failed"
	EventLock             = "lock"
	EventLoginWhileLocked = "login_while_locked"
	EventLogout           = "logout"
	EventSessionExpired   = "session_expired"
	EventPasswordRehashed = "password_rehashed"
)

// Event is one row of the security journal. Detail is free text that
// never holds a secret (no password, token, OTP or key).
type Event struct {
	ID     int64
	IIN    string // "" when not about a person
	Kind   string
	At     time.Time
	Client string
	Detail string
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertEvent(ctx context.Context, db execer, ev Event) error {
	_, err := db.ExecContext(ctx,
		`INSERT INTO security_events (iin, kind, at, client, detail) VALUES (?, ?, ?, ?, ?)`,
		nullString(ev.IIN), ev.Kind, ev.At.UTC(), ev.Client, ev.Detail)
	if err != nil {
		return fmt.Errorf("store: security event %s: %w", ev.Kind, err)
	}
	return nil
}

// AddEvent writes one security event.
func (s *Store) AddEvent(ctx context.Context, ev Event) error {
	return insertEvent(ctx, s.wr, ev)
}

// Events returns the newest security events about iin, newest first, at
// most limit of them.
func (s *Store) Events(ctx context.Context, iin string, limit int) ([]Event, error) {
	rows, err := s.rd.QueryContext(ctx,
		`SELECT id, iin, kind, at, client, detail FROM security_events
		 WHERE iin = ? ORDER BY at DESC, id DESC LIMIT ?`, iin, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var ev Event
		var who sql.NullString
		if err := rows.Scan(&ev.ID, &who, &ev.Kind, &ev.At, &ev.Client, &ev.Detail); err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		ev.IIN = who.String
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return out, nil
}
