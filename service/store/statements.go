package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Statements page through the transactions of one or more accounts in
// booking order (date, then id) with keyset pagination: a page starts
// after a Position, never at an OFFSET, so the thousandth page costs what
// the first does. Every query below is a range scan of the index
// transactions_account_date (account_id, date, id).

// Position is a place in booking order: the date and id of the last row
// of the previous page. The zero Position is before every row.
type Position struct {
	Date string // YYYY-MM-DD
	ID   int64
}

// Accounts returns the accounts of iin in the order OPV, OPPV, DPV.
func (s *Store) Accounts(ctx context.Context, iin string) ([]Account, error) {
	st, err := s.readStmt(ctx, `SELECT id, depositor_iin, type, number, opened_at FROM accounts WHERE depositor_iin = ?
		 ORDER BY CASE type WHEN 'OPV' THEN 1 WHEN 'OPPV' THEN 2 ELSE 3 END`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, iin)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.DepositorIIN, &a.Type, &a.Number, &a.OpenedAt); err != nil {
			return nil, fmt.Errorf("store: accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	return out, nil
}

const statementRowsSQL = `SELECT ` + transactionColumns + ` FROM transactions
	WHERE account_id = ? AND (date, id) > (?, ?) AND date <= ?
	ORDER BY date, id LIMIT ?`

// StatementRows returns at most limit transactions of the accounts dated
// from..to (inclusive, YYYY-MM-DD) that come after the position after, in
// booking order across the accounts. With several accounts each one is
// read by its own index range scan and the scans are merged, so the cost
// does not depend on how deep the page is.
func (s *Store) StatementRows(ctx context.Context, accountIDs []int64, from, to string, after Position, limit int) ([]Transaction, error) {
	if limit <= 0 || len(accountIDs) == 0 {
		return nil, nil
	}
	// The first page starts at (from, 0): before every row dated from.
	if after.Date < from {
		after = Position{Date: from}
	}
	// The statements are prepared before the transaction takes its
	// connection (see readStmt): one per cursor, since a prepared
	// statement steps one query at a time (the same query, told apart by
	// a comment).
	prepared := make([]*sql.Stmt, max(1, len(accountIDs)))
	for i := range prepared {
		q := statementRowsSQL
		if i > 0 {
			q += " -- cursor " + strconv.Itoa(i)
		}
		p, err := s.readStmt(ctx, q)
		if err != nil {
			return nil, err
		}
		prepared[i] = p
	}
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: statement rows: %w", err)
	}
	defer tx.Rollback()
	stmt := tx.StmtContext(ctx, prepared[0])
	defer stmt.Close()
	if len(accountIDs) == 1 {
		list, err := queryTransactions(ctx, stmt, accountIDs[0], after.Date, after.ID, to, limit)
		if err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
		return list, nil
	}
	if s.pg {
		// A PostgreSQL connection reads one result at a time: read each
		// account's first limit rows in turn, then merge them.
		var all []Transaction
		for _, id := range accountIDs {
			list, err := queryTransactions(ctx, stmt, id, after.Date, after.ID, to, limit)
			if err != nil {
				return nil, fmt.Errorf("store: statement rows: %w", err)
			}
			all = append(all, list...)
		}
		slices.SortFunc(all, func(a, b Transaction) int {
			if bookingLess(a, b) {
				return -1
			}
			if bookingLess(b, a) {
				return 1
			}
			return 0
		})
		return all[:min(limit, len(all))], nil
	}
	// Several accounts: one cursor each, merged lazily, so that SQLite
	// steps (and Go decodes) about limit rows in all, not limit per
	// account.
	cursors := make([]*sql.Rows, 0, len(accountIDs))
	var stmts []*sql.Stmt
	defer func() {
		for _, c := range cursors {
			c.Close()
		}
		for _, st := range stmts {
			st.Close()
		}
	}()
	heads := make([]*Transaction, 0, len(accountIDs))
	advance := func(i int) error {
		heads[i] = nil
		if cursors[i].Next() {
			t, err := scanTransaction(cursors[i])
			if err != nil {
				return err
			}
			heads[i] = &t
			return nil
		}
		return cursors[i].Err()
	}
	for i, id := range accountIDs {
		cur := stmt
		if i > 0 {
			cur = tx.StmtContext(ctx, prepared[i])
			stmts = append(stmts, cur)
		}
		rows, err := cur.QueryContext(ctx, id, after.Date, after.ID, to, limit)
		if err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
		cursors = append(cursors, rows)
		heads = append(heads, nil)
		if err := advance(len(cursors) - 1); err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
	}
	var out []Transaction
	for len(out) < limit {
		best := -1
		for i, h := range heads {
			if h != nil && (best < 0 || bookingLess(*h, *heads[best])) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out = append(out, *heads[best])
		if err := advance(best); err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
	}
	return out, nil
}

func queryTransactions(ctx context.Context, stmt *sql.Stmt, args ...any) ([]Transaction, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// bookingLess orders transactions by date, then id.
func bookingLess(a, b Transaction) bool {
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	return a.ID < b.ID
}

// PeriodSummary is an account's balances around a period and the sums of
// its transactions in it by kind (signed, as stored).
type PeriodSummary struct {
	Account
	Opening int64 // balance before the first day
	Closing int64 // balance after the last day
	Sums    map[string]int64
	Counts  map[string]int
}

// PeriodSummaries summarises the accounts for from..to (inclusive), read
// from one snapshot of the database.
func (s *Store) PeriodSummaries(ctx context.Context, accounts []Account, from, to string) ([]PeriodSummary, error) {
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: period summary: %w", err)
	}
	defer tx.Rollback()
	out := make([]PeriodSummary, 0, len(accounts))
	for _, a := range accounts {
		p := PeriodSummary{Account: a, Sums: map[string]int64{}, Counts: map[string]int{}}
		if p.Opening, err = balanceBefore(ctx, tx, a.ID, from); err != nil {
			return nil, err
		}
		if p.Closing, err = balanceBefore(ctx, tx, a.ID, dayAfter(to)); err != nil {
			return nil, err
		}
		// A period holding the whole history (nothing before it, nothing
		// after it) reads the running totals (migration 00020) instead of
		// summing every row.
		query, args := `SELECT kind, SUM(amount), COUNT(*) FROM transactions
			WHERE account_id = ? AND date >= ? AND date <= ? GROUP BY kind`, []any{a.ID, from, to}
		whole, err := wholeHistory(ctx, tx, a.ID, from, to)
		if err != nil {
			return nil, err
		}
		if whole {
			query, args = `SELECT kind, total, n FROM account_sums WHERE account_id = ? AND n > 0`, []any{a.ID}
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("store: period summary: %w", err)
		}
		for rows.Next() {
			var kind string
			var sum int64
			var n int
			if err := rows.Scan(&kind, &sum, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: period summary: %w", err)
			}
			p.Sums[kind], p.Counts[kind] = sum, n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: period summary: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// wholeHistory tells whether account id has no transaction before from
// and none after to (two index seeks).
func wholeHistory(ctx context.Context, tx *sql.Tx, id int64, from, to string) (bool, error) {
	var outside bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM transactions WHERE account_id = ? AND date < ?)
		OR EXISTS (SELECT 1 FROM transactions WHERE account_id = ? AND date >= ?)`,
		id, from, id, dayAfter(to)).Scan(&outside)
	if err != nil {
		return false, fmt.Errorf("store: period summary: %w", err)
	}
	return !outside, nil
}

// balanceBefore is the balance of an account after its last transaction
// dated before date (0 when none).
func balanceBefore(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, accountID int64, date string) (int64, error) {
	var b int64
	err := q.QueryRowContext(ctx, `SELECT balance_after FROM transactions
		WHERE account_id = ? AND date < ? ORDER BY date DESC, id DESC LIMIT 1`, accountID, date).Scan(&b)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: balance of account %d before %s: %w", accountID, date, err)
	}
	return b, nil
}

// dayAfter is the smallest text greater than every time on day d
// (YYYY-MM-DD): d followed by a character after every digit, so that
// "date < dayAfter(d)" means "date <= d" without date arithmetic.
func dayAfter(d string) string { return d + "~" }

// MonthEnd is an account's balance at the end of a month.
type MonthEnd struct {
	Month   string // YYYY-MM
	Balance int64
}

// FirstDate is the date of the first transaction of the accounts, "" when
// they have none.
func (s *Store) FirstDate(ctx context.Context, accountIDs []int64) (string, error) {
	first := ""
	for _, id := range accountIDs {
		var d sql.NullString
		if err := s.rd.QueryRowContext(ctx,
			`SELECT date FROM transactions WHERE account_id = ? ORDER BY date, id LIMIT 1`, id).Scan(&d); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: first date: %w", err)
		}
		if d.Valid && (first == "" || d.String < first) {
			first = d.String
		}
	}
	return first, nil
}

// MonthEnds returns the balance of an account at the end of each of the
// months (YYYY-MM, ascending): one index seek per month, read from one
// snapshot.
func (s *Store) MonthEnds(ctx context.Context, accountID int64, months []string) ([]MonthEnd, error) {
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: month ends: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `SELECT balance_after FROM transactions
		WHERE account_id = ? AND date < ? ORDER BY date DESC, id DESC LIMIT 1`)
	if err != nil {
		return nil, fmt.Errorf("store: month ends: %w", err)
	}
	defer stmt.Close()
	out := make([]MonthEnd, 0, len(months))
	for _, m := range months {
		if len(m) != 7 || strings.Count(m, "-") != 1 {
			return nil, fmt.Errorf("store: month ends: bad month %q", m)
		}
		var b int64
		// "YYYY-MM-~" sorts after every day of the month and before the next.
		if err := stmt.QueryRowContext(ctx, accountID, m+"-~").Scan(&b); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: month ends: %w", err)
		}
		out = append(out, MonthEnd{Month: m, Balance: b})
	}
	return out, nil
}
