package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Notification is an in-app notification of a depositor (written by
// MoveApplication), with the number and type of its application.
type Notification struct {
	ID            int64
	At            time.Time
	Kind          string
	ApplicationID string
	Number        string
	AppType       string
	Status        string
	Reason        string
	ReasonCode    string
	Read          bool
}

// Notifications returns the notifications of iin newer than after (all
// when after is 0), newest first, at most limit, and how many of all of
// his are unread.
func (s *Store) Notifications(ctx context.Context, iin string, after int64, limit int) ([]Notification, int, error) {
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT n.id, n.at, n.kind, COALESCE(n.application_id, ''), COALESCE(a.number, ''),
		COALESCE(a.type, ''), n.status, n.reason, n.reason_code, n.read_at IS NOT NULL
		FROM notifications n LEFT JOIN applications a ON a.id = n.application_id
		WHERE n.iin = ? AND n.id > ? ORDER BY n.id DESC LIMIT ?`, iin, after, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.At, &n.Kind, &n.ApplicationID, &n.Number, &n.AppType, &n.Status,
			&n.Reason, &n.ReasonCode, &n.Read); err != nil {
			return nil, 0, fmt.Errorf("store: notifications: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	var unread int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE iin = ? AND read_at IS NULL`, iin).Scan(&unread); err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	return out, unread, nil
}

// MarkNotificationsRead marks the notifications ids of iin read at at
// (all of his when ids is empty); ids of someone else are ignored.
func (s *Store) MarkNotificationsRead(ctx context.Context, iin string, ids []int64, at time.Time) error {
	q := `UPDATE notifications SET read_at = ? WHERE iin = ? AND read_at IS NULL`
	args := []any{at.UTC(), iin}
	if len(ids) > 0 {
		q += ` AND id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if _, err := s.wr.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: mark notifications read: %w", err)
	}
	return nil
}
