package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Statuses of a queued message.
const (
	MessageQueued  = "queued"
	MessageSent    = "sent"
	MessageFailed  = "failed"  // refused for good (a bad number, a 4xx of the gateway)
	MessageExpired = "expired" // not sent before its code expired
)

// QueuedMessage is a row of message_queue. Sealed holds the subject and
// body, sealed by the service.
type QueuedMessage struct {
	ID        string
	Channel   string
	Recipient string
	Kind      string
	Sealed    []byte
	Status    string
	Attempts  int
	CreatedAt time.Time
	NextAt    time.Time
	ExpiresAt time.Time
	LastError string
}

// EnqueueMessage adds m, due at once.
func (s *Store) EnqueueMessage(ctx context.Context, m QueuedMessage) error {
	if _, err := s.wr.ExecContext(ctx, `INSERT INTO message_queue
		(id, channel, recipient, kind, sealed, status, attempts, created_ms, next_ms, expires_ms)
		VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
		m.ID, m.Channel, m.Recipient, m.Kind, m.Sealed, ms(m.CreatedAt), ms(m.CreatedAt), ms(m.ExpiresAt)); err != nil {
		return fmt.Errorf("store: enqueue message: %w", err)
	}
	return nil
}

// ClaimMessage claims for holder, until now+lease, the queued message id
// ("" the one due first) if it is due and nobody else's claim runs: it
// counts an attempt and returns the message. ErrNotFound when there is
// none. Two instances never hold the same message at once.
func (s *Store) ClaimMessage(ctx context.Context, id, holder string, now time.Time, lease time.Duration) (QueuedMessage, error) {
	pick := `SELECT id FROM message_queue WHERE status = 'queued' AND next_ms <= ? AND lease_ms <= ? ORDER BY next_ms, id LIMIT 1`
	args := []any{holder, ms(now.Add(lease)), ms(now), ms(now)}
	if id != "" {
		pick = `SELECT id FROM message_queue WHERE id = ? AND status = 'queued' AND next_ms <= ? AND lease_ms <= ?`
		args = []any{holder, ms(now.Add(lease)), id, ms(now), ms(now)}
	}
	args = append(args, ms(now))
	var m QueuedMessage
	var created, next, expires int64
	err := s.wr.QueryRowContext(ctx, `UPDATE message_queue SET holder = ?, lease_ms = ?, attempts = attempts + 1
		WHERE id = (`+pick+`) AND status = 'queued' AND lease_ms <= ?
		RETURNING id, channel, recipient, kind, sealed, status, attempts, created_ms, next_ms, expires_ms, last_error`, args...).
		Scan(&m.ID, &m.Channel, &m.Recipient, &m.Kind, &m.Sealed, &m.Status, &m.Attempts, &created, &next, &expires, &m.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: claim message: %w", err)
	}
	m.CreatedAt, m.NextAt, m.ExpiresAt = fromMS(created), fromMS(next), fromMS(expires)
	return m, nil
}

// FinishMessage ends holder's claim of id: status sent, failed or
// expired for good, or queued again not before next (a retry). errText
// is why the last attempt failed (never a message text).
func (s *Store) FinishMessage(ctx context.Context, id, holder, status string, now, next time.Time, errText string) error {
	var done any
	if status != MessageQueued {
		done = ms(now)
	}
	res, err := s.wr.ExecContext(ctx, `UPDATE message_queue SET status = ?, next_ms = ?, done_ms = ?, last_error = ?,
		holder = '', lease_ms = 0 WHERE id = ? AND holder = ?`, status, ms(next), done, errText, id, holder)
	if err != nil {
		return fmt.Errorf("store: finish message: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: finish message: the claim of %s was lost", id)
	}
	return nil
}

// QueuedMessageByID reads a message of the queue.
func (s *Store) QueuedMessageByID(ctx context.Context, id string) (QueuedMessage, error) {
	var m QueuedMessage
	var created, next, expires int64
	err := s.rd.QueryRowContext(ctx, `SELECT id, channel, recipient, kind, sealed, status, attempts, created_ms, next_ms, expires_ms, last_error
		FROM message_queue WHERE id = ?`, id).
		Scan(&m.ID, &m.Channel, &m.Recipient, &m.Kind, &m.Sealed, &m.Status, &m.Attempts, &created, &next, &expires, &m.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: message: %w", err)
	}
	m.CreatedAt, m.NextAt, m.ExpiresAt = fromMS(created), fromMS(next), fromMS(expires)
	return m, nil
}

// fromMS is the moment of Unix milliseconds, in UTC.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// QueuedMessages lists the newest messages of the queue, at most limit.
func (s *Store) QueuedMessages(ctx context.Context, limit int) ([]QueuedMessage, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT id, channel, recipient, kind, sealed, status, attempts, created_ms, next_ms, expires_ms, last_error
		FROM message_queue ORDER BY created_ms DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	defer rows.Close()
	var out []QueuedMessage
	for rows.Next() {
		var m QueuedMessage
		var created, next, expires int64
		if err := rows.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Kind, &m.Sealed, &m.Status, &m.Attempts, &created, &next, &expires, &m.LastError); err != nil {
			return nil, fmt.Errorf("store: messages: %w", err)
		}
		m.CreatedAt, m.NextAt, m.ExpiresAt = fromMS(created), fromMS(next), fromMS(expires)
		out = append(out, m)
	}
	return out, rows.Err()
}
