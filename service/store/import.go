package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// What an imported row did (kabinetd admin import).
const (
	ImportInserted  = "imported"
	ImportUpdated   = "updated"
	ImportUnchanged = "unchanged"
)

// ImportError is a row refused by the database's rules (unknown
// depositor, a balance that would go below zero, ...): Column names the
// CSV column at fault.
type ImportError struct {
	Column string
	Reason string
}

func (e *ImportError) Error() string { return e.Column + ": " + e.Reason }

func rowErr(col, format string, args ...any) error {
	return &ImportError{Column: col, Reason: fmt.Sprintf(format, args...)}
}

type accountTail struct {
	date    string
	balance int64
}

// Import is one transaction of an import: rows are added one by one
// (a refused row writes nothing) and committed in batches by the caller.
type Import struct {
	tx  *sql.Tx
	now time.Time
	// accounts caches account numbers to ids (a file's transactions
	// name a few accounts many times).
	accounts map[string]int64
	// tail is, by account id, the date and balance of the account's last
	// transaction as this transaction left them: a row dated on or after
	// it (a file in date order) is appended with no query. Kept for one
	// transaction only (another writer may add rows between batches).
	tail map[int64]accountTail
	// stmts are the import's statements, prepared once per transaction.
	stmts map[string]*sql.Stmt
}

// q is the prepared statement of query in the import's transaction.
func (im *Import) q(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := im.stmts[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: import: %w", err)
	}
	im.stmts[query] = st
	return st, nil
}

func (im *Import) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := im.q(ctx, query)
	if err != nil {
		// A Row carrying the error: prepare on the tx itself fails the same.
		return im.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (im *Import) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := im.q(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// BeginImport starts an import transaction.
func (s *Store) BeginImport(ctx context.Context, now time.Time) (*Import, error) {
	tx, err := s.wr.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin import: %w", err)
	}
	return &Import{tx: tx, now: now, accounts: map[string]int64{}, tail: map[int64]accountTail{}, stmts: map[string]*sql.Stmt{}}, nil
}

// Commit commits the rows added so far.
func (im *Import) Commit() error {
	if err := im.tx.Commit(); err != nil {
		return fmt.Errorf("store: import commit: %w", err)
	}
	return nil
}

// Rollback drops the rows added since BeginImport.
func (im *Import) Rollback() error { return im.tx.Rollback() }

// row runs fn, the checks and writes of one row. Every check of a row
// comes before its writes, so a refused row (an *ImportError) has
// written nothing; any other error is the database's, and the caller
// stops the import.
func (im *Import) row(_ context.Context, fn func() (string, error)) (string, error) {
	return fn()
}

// ImportDepositor is a row of depositors.csv, checked by the caller
// (IIN, dates, contacts normalised).
type ImportDepositor struct {
	IIN, Surname, GivenName, Patronymic, BirthDate, Sex string
	Phone, Email                                        string // "" none
	Disability                                          string // "", "1", "2", "3"
	DisabilityForLife                                   bool
}

// Depositor adds or updates a depositor. A registered depositor's
// contacts (phone, e-mail), or ones confirmed at an office, are the
// depositor's own: the file does not change them.
func (im *Import) Depositor(ctx context.Context, d ImportDepositor) (string, error) {
	return im.row(ctx, func() (string, error) {
		var cur ImportDepositor
		var phone, email sql.NullString
		var role string
		var life int
		var registered, confirmed bool
		err := im.queryRow(ctx, `SELECT surname, given_name, patronymic, birth_date, sex, phone, email, disability,
			disability_for_life, role, password_hash IS NOT NULL, contacts_confirmed_at IS NOT NULL
			FROM depositors WHERE iin = ?`, d.IIN).Scan(&cur.Surname, &cur.GivenName, &cur.Patronymic, &cur.BirthDate, &cur.Sex,
			&phone, &email, &cur.Disability, &life, &role, &registered, &confirmed)
		if errors.Is(err, sql.ErrNoRows) {
			_, err := im.exec(ctx, `INSERT INTO depositors (iin, surname, given_name, patronymic, birth_date, sex,
				phone, email, disability, disability_for_life, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'depositor', ?)`,
				d.IIN, d.Surname, d.GivenName, d.Patronymic, d.BirthDate, d.Sex, nullStr(d.Phone), nullStr(d.Email),
				d.Disability, boolInt(d.DisabilityForLife), im.now)
			if err != nil {
				return "", fmt.Errorf("store: import depositor: %w", err)
			}
			return ImportInserted, nil
		}
		if err != nil {
			return "", fmt.Errorf("store: import depositor: %w", err)
		}
		if role != RoleDepositor {
			return "", rowErr("iin", "this IIN is an office employee's, not a depositor's")
		}
		cur.IIN, cur.Phone, cur.Email, cur.DisabilityForLife = d.IIN, phone.String, email.String, life == 1
		if registered || confirmed {
			d.Phone, d.Email = cur.Phone, cur.Email // the depositor's own, kept
		}
		if cur == d {
			return ImportUnchanged, nil
		}
		_, err = im.exec(ctx, `UPDATE depositors SET surname = ?, given_name = ?, patronymic = ?, birth_date = ?, sex = ?,
			phone = ?, email = ?, disability = ?, disability_for_life = ? WHERE iin = ?`,
			d.Surname, d.GivenName, d.Patronymic, d.BirthDate, d.Sex, nullStr(d.Phone), nullStr(d.Email),
			d.Disability, boolInt(d.DisabilityForLife), d.IIN)
		if err != nil {
			return "", fmt.Errorf("store: import depositor: %w", err)
		}
		return ImportUpdated, nil
	})
}

// ImportAccount is a row of accounts.csv.
type ImportAccount struct {
	IIN, Type, Number, OpenedAt string
}

// Account adds an account or updates its opening date.
func (im *Import) Account(ctx context.Context, a ImportAccount) (string, error) {
	return im.row(ctx, func() (string, error) {
		var iin, typ, opened string
		err := im.queryRow(ctx, `SELECT depositor_iin, type, opened_at FROM accounts WHERE number = ?`, a.Number).
			Scan(&iin, &typ, &opened)
		if err == nil {
			if iin != a.IIN || typ != a.Type {
				return "", rowErr("number", "account %s is already the %s account of another depositor or type", a.Number, typ)
			}
			if opened == a.OpenedAt {
				return ImportUnchanged, nil
			}
			if _, err := im.exec(ctx, `UPDATE accounts SET opened_at = ? WHERE number = ?`, a.OpenedAt, a.Number); err != nil {
				return "", fmt.Errorf("store: import account: %w", err)
			}
			return ImportUpdated, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: import account: %w", err)
		}
		var role string
		if err := im.queryRow(ctx, `SELECT role FROM depositors WHERE iin = ?`, a.IIN).Scan(&role); errors.Is(err, sql.ErrNoRows) || role != RoleDepositor {
			return "", rowErr("iin", "no depositor with this IIN (import depositors first)")
		} else if err != nil {
			return "", fmt.Errorf("store: import account: %w", err)
		}
		var other string
		err = im.queryRow(ctx, `SELECT number FROM accounts WHERE depositor_iin = ? AND type = ?`, a.IIN, a.Type).Scan(&other)
		if err == nil {
			return "", rowErr("type", "the depositor already has a %s account, %s", a.Type, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: import account: %w", err)
		}
		if _, err := im.exec(ctx, `INSERT INTO accounts (depositor_iin, type, number, opened_at) VALUES (?, ?, ?, ?)`,
			a.IIN, a.Type, a.Number, a.OpenedAt); err != nil {
			return "", fmt.Errorf("store: import account: %w", err)
		}
		return ImportInserted, nil
	})
}

// ImportTransaction is a row of transactions.csv; Amount in tiyn.
type ImportTransaction struct {
	ID, AccountNumber, Date, Kind string
	Amount                        int64
	Period, PayerBIN, PayerName   string
}

// Transaction adds a transaction. Its balance_after is the balance of
// the account's rows up to its date plus its amount, and the rows dated
// after it move by its amount: balances are right whatever order the
// rows arrive in. A row that would take any balance below zero is
// refused. A transaction already imported is unchanged when its values
// are the same and refused when they differ (imported money is never
// rewritten).
func (im *Import) Transaction(ctx context.Context, t ImportTransaction) (string, error) {
	return im.row(ctx, func() (string, error) {
		accID, ok := im.accounts[t.AccountNumber]
		if !ok {
			err := im.queryRow(ctx, `SELECT id FROM accounts WHERE number = ?`, t.AccountNumber).Scan(&accID)
			if errors.Is(err, sql.ErrNoRows) {
				return "", rowErr("account_number", "no account %s (import accounts first)", t.AccountNumber)
			}
			if err != nil {
				return "", fmt.Errorf("store: import transaction: %w", err)
			}
			im.accounts[t.AccountNumber] = accID
		}
		// known compares t with a transaction of the same id imported
		// before: "" when there is none.
		known := func() (string, error) {
			var cur ImportTransaction
			var curAcc int64
			var period, bin, name sql.NullString
			err := im.queryRow(ctx, `SELECT account_id, date, kind, amount, period, payer_bin, payer_name
				FROM transactions WHERE ext_id = ?`, t.ID).Scan(&curAcc, &cur.Date, &cur.Kind, &cur.Amount, &period, &bin, &name)
			if errors.Is(err, sql.ErrNoRows) {
				return "", nil
			}
			if err != nil {
				return "", fmt.Errorf("store: import transaction: %w", err)
			}
			cur.ID, cur.AccountNumber, cur.Period, cur.PayerBIN, cur.PayerName = t.ID, t.AccountNumber, period.String, bin.String, name.String
			if curAcc == accID && cur == t {
				return ImportUnchanged, nil
			}
			return "", rowErr("id", "transaction %s was imported before with other values; imported transactions are not changed", t.ID)
		}
		tail, ok := im.tail[accID]
		if !ok {
			var last sql.NullString
			var bal sql.NullInt64
			err := im.queryRow(ctx, `SELECT date, balance_after FROM transactions WHERE account_id = ?
				ORDER BY date DESC, id DESC LIMIT 1`, accID).Scan(&last, &bal)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return "", fmt.Errorf("store: import transaction: %w", err)
			}
			tail = accountTail{date: last.String, balance: bal.Int64}
		}
		// insert adds t unless its id is known (false then).
		insert := func(before int64) (bool, error) {
			res, err := im.exec(ctx, `INSERT INTO transactions (account_id, date, kind, amount, balance_after, period,
				payer_name, payer_bin, ext_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ext_id) DO NOTHING`,
				accID, t.Date, t.Kind, t.Amount, before+t.Amount, nullStr(t.Period), nullStr(t.PayerName), nullStr(t.PayerBIN), t.ID)
			if err != nil {
				return false, fmt.Errorf("store: import transaction: %w", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return false, fmt.Errorf("store: import transaction: %w", err)
			}
			return n == 1, nil
		}
		if t.Date >= tail.date && tail.balance+t.Amount >= 0 { // in date order: appended, one statement
			added, err := insert(tail.balance)
			if err != nil {
				return "", err
			}
			if !added {
				return known()
			}
			im.tail[accID] = accountTail{date: t.Date, balance: tail.balance + t.Amount}
			return ImportInserted, nil
		}
		if res, err := known(); res != "" || err != nil {
			return res, err
		}
		if t.Date >= tail.date {
			return "", rowErr("amount", "the balance of account %s would go below zero on %s (%s)", t.AccountNumber, t.Date, tenge(tail.balance+t.Amount))
		}
		var before int64
		err := im.queryRow(ctx, `SELECT balance_after FROM transactions WHERE account_id = ? AND date <= ?
			ORDER BY date DESC, id DESC LIMIT 1`, accID, t.Date).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: import transaction: %w", err)
		}
		if before+t.Amount < 0 {
			return "", rowErr("amount", "the balance of account %s would go below zero on %s (%s)", t.AccountNumber, t.Date, tenge(before+t.Amount))
		}
		if t.Amount < 0 {
			var low sql.NullInt64
			if err := im.queryRow(ctx, `SELECT MIN(balance_after) FROM transactions WHERE account_id = ? AND date > ?`,
				accID, t.Date).Scan(&low); err != nil {
				return "", fmt.Errorf("store: import transaction: %w", err)
			}
			if low.Valid && low.Int64+t.Amount < 0 {
				return "", rowErr("amount", "the balance of account %s would go below zero after %s", t.AccountNumber, t.Date)
			}
		}
		if added, err := insert(before); err != nil || !added {
			return "", errors.Join(err, errors.New("store: import transaction: inserted meanwhile"))
		}
		if _, err := im.exec(ctx, `UPDATE transactions SET balance_after = balance_after + ? WHERE account_id = ? AND date > ?`,
			t.Amount, accID, t.Date); err != nil {
			return "", fmt.Errorf("store: import transaction: %w", err)
		}
		im.tail[accID] = accountTail{date: tail.date, balance: tail.balance + t.Amount}
		return ImportInserted, nil
	})
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tenge formats tiyn as tenge with two decimals.
func tenge(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d.%02d", sign, t/100, t%100)
}
