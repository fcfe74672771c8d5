package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SeedAccount is an account with its transactions, in booking order.
type SeedAccount struct {
	Type         string
	Number       string
	OpenedAt     string
	Transactions []Transaction // ID and AccountID are assigned by Seed
}

// SeedDepositor is a person with their accounts.
type SeedDepositor struct {
	Depositor
	Accounts []SeedAccount
}

// Empty tells whether the database holds no person yet (a new file).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var found bool
	if err := s.rd.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM depositors)`).Scan(&found); err != nil {
		return false, fmt.Errorf("store: empty: %w", err)
	}
	return !found, nil
}

// Seed inserts people, accounts and transactions in one transaction,
// only if the database holds no person yet; it reports whether it did.
// name is recorded in the meta table (key "seed") with the moment at.
// Balances are checked: each transaction's BalanceAfter must be the
// running sum of the amounts and never negative.
func (s *Store) Seed(ctx context.Context, name string, at time.Time, people []SeedDepositor) (bool, error) {
	seeded := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM depositors)`).Scan(&exists); err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		if exists {
			return nil
		}
		if err := insertPeople(ctx, tx, people); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('seed', ?)`,
			name+" "+at.UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		seeded = true
		return nil
	})
	return seeded, err
}

// AddPeople inserts people, accounts and transactions in one transaction
// into a database that may hold people already (kabinetd admin generate
// writes a synthetic fund in batches with it), checking balances as Seed
// does. An IIN already there fails the whole batch.
func (s *Store) AddPeople(ctx context.Context, people []SeedDepositor) error {
	if s.pg {
		return s.copyPeople(ctx, people)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return insertPeople(ctx, tx, people) })
}

// checkBalances is nil when each transaction's BalanceAfter is the
// running sum of its account's amounts and never negative.
func checkBalances(p SeedDepositor) error {
	for _, a := range p.Accounts {
		var balance int64
		for _, t := range a.Transactions {
			balance += t.Amount
			if t.BalanceAfter != balance || balance < 0 {
				return fmt.Errorf("store: seed account %s %s: balance after %s %s is %d, want %d (>= 0)",
					p.IIN, a.Type, t.Date, t.Kind, t.BalanceAfter, balance)
			}
		}
	}
	return nil
}

// insertPeople inserts people with prepared statements (Seed, AddPeople).
func insertPeople(ctx context.Context, tx *sql.Tx, people []SeedDepositor) error {
	insDep, err := tx.PrepareContext(ctx, `INSERT INTO depositors (`+depositorColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: seed: %w", err)
	}
	defer insDep.Close()
	insAcc, err := tx.PrepareContext(ctx,
		`INSERT INTO accounts (depositor_iin, type, number, opened_at) VALUES (?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return fmt.Errorf("store: seed: %w", err)
	}
	defer insAcc.Close()
	insTx, err := tx.PrepareContext(ctx,
		`INSERT INTO transactions (account_id, date, kind, amount, balance_after, period, payer_name, payer_bin)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: seed: %w", err)
	}
	defer insTx.Close()
	for _, p := range people {
		if err := checkBalances(p); err != nil {
			return err
		}
		if err := insertDepositor(ctx, insDep, p.Depositor); err != nil {
			return err
		}
		for _, a := range p.Accounts {
			var id int64
			if err := insAcc.QueryRowContext(ctx, p.IIN, a.Type, a.Number, a.OpenedAt).Scan(&id); err != nil {
				return fmt.Errorf("store: seed account %s %s: %w", p.IIN, a.Type, err)
			}
			for _, t := range a.Transactions {
				if _, err := insTx.ExecContext(ctx, id, t.Date, t.Kind, t.Amount, t.BalanceAfter,
					nullString(t.Period), nullString(t.PayerName), nullString(t.PayerBIN)); err != nil {
					return fmt.Errorf("store: seed transaction: %w", err)
				}
			}
		}
	}
	return nil
}
