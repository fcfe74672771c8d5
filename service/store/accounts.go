package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
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
// with balances, read by one statement (one snapshot of the database).
func (s *Store) AccountSummaries(ctx context.Context, iin string) ([]AccountSummary, error) {
	q := accountSummariesSQL
	if s.pg {
		q = accountSummariesPG
	}
	st, err := s.readStmt(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, iin)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	defer rows.Close()
	var out []AccountSummary
	for rows.Next() {
		var (
			a               AccountSummary
			balance         sql.NullInt64
			sums            sql.NullString
			cID             sql.NullInt64
			cDate, cKind    sql.NullString
			cAmount, cAfter sql.NullInt64
			cPeriod, cName  sql.NullString
			cBIN            sql.NullString
		)
		if err := rows.Scan(&a.ID, &a.DepositorIIN, &a.Type, &a.Number, &a.OpenedAt, &balance, &sums,
			&cID, &cDate, &cKind, &cAmount, &cAfter, &cPeriod, &cName, &cBIN); err != nil {
			return nil, fmt.Errorf("store: accounts: %w", err)
		}
		a.Balance = balance.Int64
		a.Sums = make(map[string]int64)
		for _, kv := range strings.Split(sums.String, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("store: account %d sums: %w", a.ID, err)
			}
			a.Sums[k] = n
		}
		if cID.Valid {
			a.LastContribution = &Transaction{ID: cID.Int64, AccountID: a.ID, Date: cDate.String, Kind: cKind.String,
				Amount: cAmount.Int64, BalanceAfter: cAfter.Int64, Period: cPeriod.String, PayerName: cName.String,
				PayerBIN: cBIN.String}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	return out, nil
}

// accountSummariesSQL: each account with its balance (the last row's
// balance_after), its sums by kind ("kind=total,...", from account_sums,
// kept by triggers, migration 00020) and its last contribution.
const accountSummariesSQL = `SELECT a.id, a.depositor_iin, a.type, a.number, a.opened_at,
	(SELECT t.balance_after FROM transactions t WHERE t.account_id = a.id ORDER BY t.date DESC, t.id DESC LIMIT 1),
	(SELECT group_concat(s.kind || '=' || s.total, ',') FROM account_sums s WHERE s.account_id = a.id),
	c.id, c.date, c.kind, c.amount, c.balance_after, c.period, c.payer_name, c.payer_bin
	FROM accounts a
	LEFT JOIN transactions c ON c.id = (SELECT t.id FROM transactions t
		WHERE t.account_id = a.id AND t.kind = 'contribution' ORDER BY t.date DESC, t.id DESC LIMIT 1)
	WHERE a.depositor_iin = ?
	ORDER BY CASE a.type WHEN 'OPV' THEN 1 WHEN 'OPPV' THEN 2 ELSE 3 END`

// accountSummariesPG is accountSummariesSQL for PostgreSQL, whose
// group_concat is string_agg.
var accountSummariesPG = strings.Replace(accountSummariesSQL, "group_concat(", "string_agg(", 1)

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
