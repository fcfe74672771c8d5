package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Account types.
const (
	AccountOPV  = "OPV"
	AccountOPPV = "OPPV"
	AccountDPV  = "DPV"
)

// Transaction kinds. Amounts are signed: contributions, income and
// incoming transfers are positive; commission, payments, outgoing
// transfers and losses are negative.
const (
	KindContribution     = "contribution"
	KindInvestmentIncome = "investment_income"
	KindCommission       = "commission"
	KindPayment          = "payment"
	KindTransfer         = "transfer"
)

// Transaction is one movement on a pension account. Optional text fields
// are "" when absent.
type Transaction struct {
	ID           int64
	AccountID    int64
	Date         string // YYYY-MM-DD
	Kind         string
	Amount       int64  // tiyn, signed
	BalanceAfter int64  // tiyn
	Period       string // YYYY-MM, for contributions
	PayerName    string
	PayerBIN     string
}

// Account is a pension account of a depositor.
type Account struct {
	ID           int64
	DepositorIIN string
	Type         string
	Number       string
	OpenedAt     string // YYYY-MM-DD
}

// AccountSummary is an account with its balance and the sum of its
// transactions by kind (signed, as stored).
type AccountSummary struct {
	Account
	Balance int64
	// Sums by kind, e.g. Sums[KindCommission] is negative or zero.
	Sums             map[string]int64
	LastContribution *Transaction // nil when none
}

// AccountSummaries returns the accounts of iin (OPV, OPPV, DPV order)
// with balances, read from one snapshot of the database.
func (s *Store) AccountSummaries(ctx context.Context, iin string) ([]AccountSummary, error) {
	tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx,
		`SELECT id, depositor_iin, type, number, opened_at FROM accounts WHERE depositor_iin = ?
		 ORDER BY CASE type WHEN 'OPV' THEN 1 WHEN 'OPPV' THEN 2 ELSE 3 END`, iin)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	var out []AccountSummary
	for rows.Next() {
		var a AccountSummary
		if err := rows.Scan(&a.ID, &a.DepositorIIN, &a.Type, &a.Number, &a.OpenedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: accounts: %w", err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	for i := range out {
		if err := summarise(ctx, tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func summarise(ctx context.Context, tx *sql.Tx, a *AccountSummary) error {
	a.Sums = make(map[string]int64)
	// account_sums is kept by triggers on transactions (migration
	// 00020): a few rows instead of the whole history.
	rows, err := tx.QueryContext(ctx,
		`SELECT kind, total FROM account_sums WHERE account_id = ?`, a.ID)
	if err != nil {
		return fmt.Errorf("store: account %d sums: %w", a.ID, err)
	}
	for rows.Next() {
		var kind string
		var sum int64
		if err := rows.Scan(&kind, &sum); err != nil {
			rows.Close()
			return fmt.Errorf("store: account %d sums: %w", a.ID, err)
		}
		a.Sums[kind] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: account %d sums: %w", a.ID, err)
	}
	err = tx.QueryRowContext(ctx,
		`SELECT balance_after FROM transactions WHERE account_id = ? ORDER BY date DESC, id DESC LIMIT 1`, a.ID).
		Scan(&a.Balance)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: account %d balance: %w", a.ID, err)
	}
	t, err := scanTransaction(tx.QueryRowContext(ctx,
		`SELECT `+transactionColumns+` FROM transactions WHERE account_id = ? AND kind = 'contribution'
		 ORDER BY date DESC, id DESC LIMIT 1`, a.ID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("store: account %d last contribution: %w", a.ID, err)
	default:
		a.LastContribution = &t
	}
	return nil
}

const transactionColumns = `id, account_id, date, kind, amount, balance_after, period, payer_name, payer_bin`

func scanTransaction(row interface{ Scan(...any) error }) (Transaction, error) {
	var t Transaction
	var period, name, bin sql.NullString
	if err := row.Scan(&t.ID, &t.AccountID, &t.Date, &t.Kind, &t.Amount, &t.BalanceAfter, &period, &name, &bin); err != nil {
		return Transaction{}, err
	}
	t.Period, t.PayerName, t.PayerBIN = period.String, name.String, bin.String
	return t, nil
}

// Transactions returns the transactions of account id in booking order
// (date, then id), starting after the transaction afterID (0 for the
// first page), at most limit of them. It is the keyset pagination of
// statements.
func (s *Store) Transactions(ctx context.Context, accountID, afterID int64, limit int) ([]Transaction, error) {
	query := `SELECT ` + transactionColumns + ` FROM transactions WHERE account_id = ? ORDER BY date, id LIMIT ?`
	args := []any{accountID, limit}
	if afterID > 0 {
		query = `SELECT ` + transactionColumns + ` FROM transactions
			WHERE account_id = ? AND (date, id) > (SELECT date, id FROM transactions WHERE id = ?)
			ORDER BY date, id LIMIT ?`
		args = []any{accountID, afterID, limit}
	}
	rows, err := s.rd.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: transactions: %w", err)
	}
	defer rows.Close()
	var out []Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: transactions: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: transactions: %w", err)
	}
	return out, nil
}
