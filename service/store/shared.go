package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// State that several kabinetd instances on one database share (tables of
// migration 00060): captchas, EDS login challenges, token buckets and
// leases of periodic jobs. Moments are stored as Unix milliseconds.

// ErrChallengeUsed and ErrChallengeExpired are what TakeChallenge
// answers for a challenge taken before, or issued too long ago; an
// unknown one is ErrNotFound.
var (
	ErrChallengeUsed    = errors.New("store: challenge already used")
	ErrChallengeExpired = errors.New("store: challenge expired")
)

func ms(t time.Time) int64 { return t.UnixMilli() }

// PutCaptcha keeps a captcha waiting for its answer: the hash of its id,
// the keyed hash of the answer and when it expires. Captchas expired
// before now are deleted on the way.
func (s *Store) PutCaptcha(ctx context.Context, idHash, answerSum []byte, expires, now time.Time) error {
	if _, err := s.wr.ExecContext(ctx, `DELETE FROM captchas WHERE expires_ms < ?`, ms(now)); err != nil {
		return fmt.Errorf("store: prune captchas: %w", err)
	}
	if _, err := s.wr.ExecContext(ctx, `INSERT INTO captchas (id_hash, answer_sum, expires_ms) VALUES (?, ?, ?)`,
		idHash, answerSum, ms(expires)); err != nil {
		return fmt.Errorf("store: put captcha: %w", err)
	}
	return nil
}

// TakeCaptcha deletes the captcha idHash and returns its answer's hash
// and expiry; ErrNotFound when there is none (never made, or taken by an
// earlier attempt on any instance).
func (s *Store) TakeCaptcha(ctx context.Context, idHash []byte) (answerSum []byte, expires time.Time, err error) {
	var exp int64
	err = s.wr.QueryRowContext(ctx, `DELETE FROM captchas WHERE id_hash = ? RETURNING answer_sum, expires_ms`, idHash).
		Scan(&answerSum, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: take captcha: %w", err)
	}
	return answerSum, time.UnixMilli(exp), nil
}

// PutChallenge records a login nonce issued at created. Challenges older
// than forgetBefore are deleted on the way.
func (s *Store) PutChallenge(ctx context.Context, id string, nonce []byte, created, forgetBefore time.Time) error {
	if _, err := s.wr.ExecContext(ctx, `DELETE FROM eds_challenges WHERE created_ms < ?`, ms(forgetBefore)); err != nil {
		return fmt.Errorf("store: prune challenges: %w", err)
	}
	if _, err := s.wr.ExecContext(ctx, `INSERT INTO eds_challenges (id, nonce, created_ms) VALUES (?, ?, ?)`,
		id, nonce, ms(created)); err != nil {
		return fmt.Errorf("store: put challenge: %w", err)
	}
	return nil
}

// TakeChallenge consumes the challenge with the given id (byID) or nonce
// if it was issued after issuedAfter and returns its nonce: once across
// every instance. A challenge taken before is ErrChallengeUsed, one
// issued earlier ErrChallengeExpired, an unknown one ErrNotFound.
func (s *Store) TakeChallenge(ctx context.Context, byID bool, key any, issuedAfter time.Time) ([]byte, error) {
	col := "nonce"
	if byID {
		col = "id"
	}
	var nonce []byte
	err := s.wr.QueryRowContext(ctx, `UPDATE eds_challenges SET used = 1
		WHERE `+col+` = ? AND used = 0 AND created_ms >= ? RETURNING nonce`, key, ms(issuedAfter)).Scan(&nonce)
	if err == nil {
		return nonce, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: take challenge: %w", err)
	}
	var used, created int64
	err = s.wr.QueryRowContext(ctx, `SELECT used, created_ms FROM eds_challenges WHERE `+col+` = ?`, key).Scan(&used, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("store: take challenge: %w", err)
	case used != 0:
		return nil, ErrChallengeUsed
	}
	return nil, ErrChallengeExpired
}

// TakeToken takes one token from the bucket (kind, key), which holds at
// most burst tokens and gains perSecond of them a second, at now: true,
// or false and how long until a token is there. Buckets of kind idle for
// longer than a full refill are deleted on the way (they are full again,
// which is what a missing bucket means).
func (s *Store) TakeToken(ctx context.Context, kind, key string, perSecond float64, burst int, now time.Time) (bool, time.Duration, error) {
	full := time.Duration(float64(burst)/perSecond*float64(time.Second)) + time.Second
	ok, wait := false, time.Duration(0)
	// The bucket's key. Deleting the kind's idle buckets on the way
	// races nobody: an idle bucket is full, as a missing one is.
	err := s.inTxKeys(ctx, []string{"bucket/" + kind + "/" + key}, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_buckets WHERE kind = ? AND at_ms < ?`, kind, ms(now.Add(-full))); err != nil {
			return err
		}
		tokens, at := float64(burst), ms(now)
		err := tx.QueryRowContext(ctx, `SELECT tokens, at_ms FROM rate_buckets WHERE kind = ? AND key = ?`, kind, key).Scan(&tokens, &at)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if el := ms(now) - at; el > 0 {
			tokens = min(float64(burst), tokens+float64(el)/1000*perSecond)
		}
		if tokens >= 1 {
			tokens--
			ok = true
		} else {
			wait = time.Duration((1 - tokens) / perSecond * float64(time.Second))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rate_buckets (kind, key, tokens, at_ms) VALUES (?, ?, ?, ?)
			ON CONFLICT (kind, key) DO UPDATE SET tokens = excluded.tokens, at_ms = excluded.at_ms`,
			kind, key, tokens, max(ms(now), at))
		return err
	})
	if err != nil {
		return false, 0, fmt.Errorf("store: rate bucket: %w", err)
	}
	return ok, wait, nil
}

// AcquireLease makes holder the runner of the job name until now+ttl if
// nobody else holds it past now (or holder already does): then true. A
// periodic job run by several instances takes the lease before each run,
// so that one of them runs it.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.wr.ExecContext(ctx, `INSERT INTO leases (name, holder, expires_ms) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
		WHERE leases.expires_ms <= ? OR leases.holder = excluded.holder`,
		name, holder, ms(now.Add(ttl)), ms(now))
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives up holder's lease of name, if it holds it, so that
// another instance takes the job over at once (a clean shutdown).
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.wr.ExecContext(ctx, `UPDATE leases SET expires_ms = 0 WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}

// DBs are the writer's and the readers' pools (the same pool on
// PostgreSQL), for their statistics (metrics).
func (s *Store) DBs() (wr, rd *sql.DB) { return s.wr, s.rd }
