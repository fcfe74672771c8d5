package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Bucket is a shared token bucket (table rate_buckets) as of At.
type Bucket struct {
	Tokens float64
	At     time.Time
}

// SyncBuckets is the exchange of a limiter that counts in each
// instance and shares the counts now and then (the general per-client
// request limit): it takes used[key] tokens from each bucket of kind —
// which holds at most burst tokens, gains perSecond of them a second, and
// may go into debt down to -(burst + 60·perSecond): requests an instance
// admitted before it knew that the others had spent the tokens are paid
// back by refusals afterwards — and
// returns every bucket of kind that is not full at now, by key. Buckets
// full again are deleted on the way. An empty used writes nothing.
func (s *Store) SyncBuckets(ctx context.Context, kind string, used map[string]int, perSecond float64, burst int,
	now time.Time) (map[string]Bucket, error) {
	b := float64(burst)
	// The debt is bounded (so is how long a row lives): a minute of
	// requests more than the bucket holds, full again after
	// (2·burst + 60·perSecond)/perSecond.
	floor := -(b + 60*perSecond)
	horizon := ms(now.Add(-time.Duration((b-floor)/perSecond*float64(time.Second)) - time.Second))
	if len(used) > 0 {
		// One key for every exchange of kind: the instances' exchanges
		// run one after the other, alongside everything else.
		err := s.inTxKeys(ctx, []string{"buckets/" + kind}, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM rate_buckets WHERE kind = ? AND at_ms < ?`, kind, horizon); err != nil {
				return err
			}
			for _, key := range slices.Sorted(maps.Keys(used)) {
				tokens, at := b, ms(now)
				err := tx.QueryRowContext(ctx, `SELECT tokens, at_ms FROM rate_buckets WHERE kind = ? AND key = ?`, kind, key).
					Scan(&tokens, &at)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				if el := ms(now) - at; el > 0 {
					tokens = min(b, tokens+float64(el)/1000*perSecond)
				}
				tokens = max(floor, tokens-float64(used[key]))
				if _, err := tx.ExecContext(ctx, `INSERT INTO rate_buckets (kind, key, tokens, at_ms) VALUES (?, ?, ?, ?)
					ON CONFLICT (kind, key) DO UPDATE SET tokens = excluded.tokens, at_ms = excluded.at_ms`,
					kind, key, tokens, max(ms(now), at)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: sync buckets: %w", err)
		}
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT key, tokens, at_ms FROM rate_buckets WHERE kind = ? AND at_ms >= ?`, kind, horizon)
	if err != nil {
		return nil, fmt.Errorf("store: sync buckets: %w", err)
	}
	defer rows.Close()
	out := map[string]Bucket{}
	for rows.Next() {
		var key string
		var tokens float64
		var at int64
		if err := rows.Scan(&key, &tokens, &at); err != nil {
			return nil, fmt.Errorf("store: sync buckets: %w", err)
		}
		if el := ms(now) - at; el > 0 && tokens+float64(el)/1000*perSecond >= b {
			continue // full again
		}
		out[key] = Bucket{Tokens: tokens, At: time.UnixMilli(at)}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sync buckets: %w", err)
	}
	return out, nil
}
