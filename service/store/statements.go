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

// mergedStatementSQL is the statement query of n accounts on SQLite: one
// index range scan per account, merged by SQLite itself (a compound
// SELECT whose ORDER BY is the index's order is a lazy merge of the arms,
// "MERGE (UNION ALL)" with no sort), so a page of 50 rows steps about 50
// rows, in one statement and one cursor. Parameters: ?1, ?2 the position
// after which the page starts, ?3 the last date, ?4 the limit, ?5... the
// account ids.
//
// The account ids and the limit are bound through CAST: SQLite (3.54, as
// built in modernc.org/sqlite) plans with the value bound to a bare
// parameter in some places and marks the statement to be prepared again
// when that value changes: "col = ?" in an ORDER BY query when the value
// becomes or stops being 0 or 1, and LIMIT ? at any change. A statement
// bound to account 1 and then to another depositor's account, or asked
// for 51 rows and then for 1000, was parsed and planned again each time
// (sqlite3Reprepare, 5-10 % of a page's CPU under load); an expression is
// not planned by its value. TestStatementRowsNotReprepared counts it.
func mergedStatementSQL(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString("SELECT " + transactionColumns + " FROM transactions WHERE account_id = CAST(?" +
			strconv.Itoa(5+i) + " AS INTEGER) AND (date, id) > (?1, ?2) AND date <= ?3")
	}
	b.WriteString(" ORDER BY date, id LIMIT CAST(?4 AS INTEGER)")
	return b.String()
}

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
	if !s.pg {
		st, err := s.readStmt(ctx, mergedStatementSQL(len(accountIDs)))
		if err != nil {
			return nil, err
		}
		args := make([]any, 0, 4+len(accountIDs))
		args = append(args, after.Date, after.ID, to, limit)
		for _, id := range accountIDs {
			args = append(args, id)
		}
		list, err := queryTransactions(ctx, st, args...)
		if err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
		return list, nil
	}
	// PostgreSQL reads each account's first limit rows in turn (a
	// connection reads one result at a time), in one read transaction,
	// then merges them. The statement is prepared before the transaction
	// takes its connection (see readStmt).
	prepared, err := s.readStmt(ctx, statementRowsSQL)
	if err != nil {
		return nil, err
	}
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: statement rows: %w", err)
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, prepared)
	defer st.Close()
	var all []Transaction
	for _, id := range accountIDs {
		list, err := queryTransactions(ctx, st, id, after.Date, after.ID, to, limit)
		if err != nil {
			return nil, fmt.Errorf("store: statement rows: %w", err)
		}
		all = append(all, list...)
	}
	if len(accountIDs) > 1 {
		slices.SortFunc(all, func(a, b Transaction) int {
			if bookingLess(a, b) {
				return -1
			}
			if bookingLess(b, a) {
				return 1
			}
			return 0
		})
	}
	return all[:min(limit, len(all))], nil
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
