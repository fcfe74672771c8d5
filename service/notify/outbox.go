package notify

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// Outbox is a DEMO sender: it delivers nothing and stores every message,
// one-time passwords included, in the SQLite table "outbox", where the
// demo service's GET /api/v1/demo/outbox reads them with List so that the
// app can show them in its clearly labelled demo "message outbox" window.
// This is on purpose: it lets a newcomer register and recover a password
// on the bundled service with no phone and no mail server.
//
// Anyone who can call List or read the database can read the codes, so a
// service that serves real depositors must use SMTP and SMS instead and
// must not offer the outbox route.
//
// The outbox is pruned as it is written (and when it is opened): it
// keeps the messages of the last day, at most DefaultOutboxMax of them
// (see Retention), so that a demo that runs for months does not grow.
type Outbox struct {
	db   *sql.DB
	now  func() time.Time
	keep time.Duration // 0: no age limit
	max  int           // 0: no count limit
}

// Retention bounds what the outbox keeps: the messages of the last Keep,
// and of those the newest Max. Zero values mean DefaultOutboxKeep and
// DefaultOutboxMax; a negative value, no bound of that kind.
type Retention struct {
	Keep time.Duration
	Max  int
}

// Default retention of the outbox: a one-time password is valid for
// minutes, a day of messages is plenty to read them back.
const (
	DefaultOutboxKeep = 24 * time.Hour
	DefaultOutboxMax  = MaxOutboxLimit
)

// outboxSchema is the table the outbox keeps its messages in.
const outboxSchema = `CREATE TABLE IF NOT EXISTS outbox (
	id INTEGER PRIMARY KEY,
	channel TEXT NOT NULL,
	recipient TEXT NOT NULL,
	subject TEXT,
	body TEXT NOT NULL,
	kind TEXT,
	created_at TEXT NOT NULL
)`

// outboxIndex serves the pruning, which goes by time.
const outboxIndex = `CREATE INDEX IF NOT EXISTS outbox_created ON outbox (created_at, id)`

// outboxTimeLayout stores created_at in UTC with a fixed number of
// fraction digits, so that the text sorts in time order.
const outboxTimeLayout = "2006-01-02T15:04:05.000000000Z"

// List limits.
const (
	DefaultOutboxLimit = 50
	MaxOutboxLimit     = 500
)

// NewOutbox returns an outbox keeping its messages in db (a
// modernc.org/sqlite database, driver name "sqlite"), creating the table
// "outbox" if it is missing, with the default Retention. now is the
// clock that stamps messages; nil means time.Now.
func NewOutbox(ctx context.Context, db *sql.DB, now func() time.Time) (*Outbox, error) {
	return NewOutboxRetaining(ctx, db, now, Retention{})
}

// NewOutboxRetaining is NewOutbox keeping what r says. The messages
// beyond it are removed at once, then at every Send.
func NewOutboxRetaining(ctx context.Context, db *sql.DB, now func() time.Time, r Retention) (*Outbox, error) {
	if db == nil {
		return nil, errors.New("notify: outbox needs a database")
	}
	if now == nil {
		now = time.Now
	}
	o := &Outbox{db: db, now: now, keep: max(cmp.Or(r.Keep, DefaultOutboxKeep), 0), max: max(cmp.Or(r.Max, DefaultOutboxMax), 0)}
	for _, q := range []string{outboxSchema, outboxIndex} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("notify: create outbox table: %w", err)
		}
	}
	if err := o.prune(ctx, db, o.now()); err != nil {
		return nil, err
	}
	return o, nil
}

// Send stores m, and removes the messages beyond the outbox's retention
// in the same transaction. It checks the channel, the recipient and the
// body are given, as every sender does.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("notify: store in outbox: %w", err)
	}
	defer tx.Rollback()
	now := o.now()
	_, err = tx.ExecContext(ctx,
		`INSERT INTO outbox (channel, recipient, subject, body, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.Channel, m.To, m.Subject, m.Body, m.Kind, now.UTC().Format(outboxTimeLayout))
	if err != nil {
		return fmt.Errorf("notify: store in outbox: %w", err)
	}
	if err := o.prune(ctx, tx, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("notify: store in outbox: %w", err)
	}
	return nil
}

// execer is a *sql.DB or a *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// prune removes the messages created more than o.keep before now and
// all but the o.max newest (in List's order).
func (o *Outbox) prune(ctx context.Context, db execer, now time.Time) error {
	if o.keep > 0 {
		if _, err := db.ExecContext(ctx, `DELETE FROM outbox WHERE created_at < ?`,
			now.Add(-o.keep).UTC().Format(outboxTimeLayout)); err != nil {
			return fmt.Errorf("notify: prune outbox: %w", err)
		}
	}
	if o.max > 0 {
		if _, err := db.ExecContext(ctx, `DELETE FROM outbox WHERE id NOT IN
			(SELECT id FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?)`, o.max); err != nil {
			return fmt.Errorf("notify: prune outbox: %w", err)
		}
	}
	return nil
}

// List returns up to limit messages, newest first (by time, then by
// insertion order). A limit of 0 or less means DefaultOutboxLimit; more
// than MaxOutboxLimit is cut to it.
func (o *Outbox) List(ctx context.Context, limit int) ([]api.OutboxMessage, error) {
	if limit <= 0 {
		limit = DefaultOutboxLimit
	}
	limit = min(limit, MaxOutboxLimit)
	rows, err := o.db.QueryContext(ctx,
		`SELECT id, channel, recipient, COALESCE(subject, ''), body, created_at
		 FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("notify: list outbox: %w", err)
	}
	defer rows.Close()
	out := []api.OutboxMessage{}
	for rows.Next() {
		var m api.OutboxMessage
		var created string
		if err := rows.Scan(&m.ID, &m.Channel, &m.To, &m.Subject, &m.Body, &created); err != nil {
			return nil, fmt.Errorf("notify: list outbox: %w", err)
		}
		if m.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return nil, fmt.Errorf("notify: outbox message %d: bad created_at: %w", m.ID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notify: list outbox: %w", err)
	}
	return out, nil
}

// DeleteBefore removes the messages created before t (to keep a
// long-running demo's outbox small) and says how many went.
func (o *Outbox) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := o.db.ExecContext(ctx, `DELETE FROM outbox WHERE created_at < ?`, t.UTC().Format(outboxTimeLayout))
	if err != nil {
		return 0, fmt.Errorf("notify: prune outbox: %w", err)
	}
	return res.RowsAffected()
}
