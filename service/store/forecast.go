package store

import (
	"context"
	"fmt"
)

// ContributionsBetween sums the contributions credited to the accounts of
// iin on dates from..to (YYYY-MM-DD, inclusive) and counts the distinct
// months they were credited in.
func (s *Store) ContributionsBetween(ctx context.Context, iin, from, to string) (sum int64, months int, err error) {
	err = s.rd.QueryRowContext(ctx, `SELECT coalesce(sum(t.amount), 0), count(DISTINCT substr(t.date, 1, 7))
		FROM transactions t JOIN accounts a ON a.id = t.account_id
		WHERE a.depositor_iin = ? AND t.kind = 'contribution' AND t.date >= ? AND t.date <= ?`, iin, from, to).Scan(&sum, &months)
	if err != nil {
		return 0, 0, fmt.Errorf("store: contributions: %w", err)
	}
	return sum, months, nil
}
