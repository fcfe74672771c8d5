package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// copyPeople is AddPeople on PostgreSQL: the people, their accounts and
// transactions go in with COPY (three round trips a batch instead of one
// a row; service/BENCH.md), in one transaction that takes the store's
// lock like inTx. The accounts' ids are taken from their identity
// sequence first, so that the transactions can name them; the
// transactions' ids come from theirs. The foreign keys are checked as
// for an INSERT, but account_sums' row trigger (an upsert per row, three
// quarters of the time) is switched off inside the transaction and the
// sums of the new accounts, made here, are copied instead: the ALTER is
// undone before the commit, so no other session ever sees the trigger
// off (it takes a SHARE ROW EXCLUSIVE lock: readers go on, writers wait
// for the commit as they wait for the store's lock anyway).
func (s *Store) copyPeople(ctx context.Context, people []SeedDepositor) error {
	var deps, accs, txs [][]any
	for _, p := range people {
		if err := checkBalances(p); err != nil {
			return err
		}
		d := p.Depositor
		deps = append(deps, []any{d.IIN, d.Surname, d.GivenName, d.Patronymic, d.BirthDate, d.Sex,
			copyText(d.Phone), copyText(d.Email), d.Disability, boolInt(d.DisabilityForLife), d.Role,
			copyText(d.PasswordHash), copyTime(nullTime(d.PasswordChangedAt)), copyTime(nullTime(d.LastLoginAt)), d.CreatedAt.UTC()})
	}
	conn, err := s.wr.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: seed: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		rc, ok := dc.(rebindConn)
		if !ok {
			return errors.New("store: seed: not a pgx connection")
		}
		tx, err := rc.Conn.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(txLockKey)); err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		var n int
		for _, p := range people {
			n += len(p.Accounts)
		}
		ids := make([]int64, 0, n)
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('accounts', 'id')) FROM generate_series(1, $1)`, n)
		if err != nil {
			return fmt.Errorf("store: seed: account ids: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("store: seed: account ids: %w", err)
			}
			ids = append(ids, id)
		}
		if rows.Close(); rows.Err() != nil || len(ids) != n {
			return fmt.Errorf("store: seed: account ids: %d of %d: %v", len(ids), n, rows.Err())
		}
		var sums [][]any
		for _, p := range people {
			for _, a := range p.Accounts {
				id := ids[len(accs)]
				accs = append(accs, []any{id, p.IIN, a.Type, a.Number, a.OpenedAt})
				kinds := map[string]*[2]int64{}
				var order []string
				for _, t := range a.Transactions {
					txs = append(txs, []any{id, t.Date, t.Kind, t.Amount, t.BalanceAfter,
						copyText(t.Period), copyText(t.PayerName), copyText(t.PayerBIN)})
					k := kinds[t.Kind]
					if k == nil {
						k = new([2]int64)
						kinds[t.Kind] = k
						order = append(order, t.Kind)
					}
					k[0] += t.Amount
					k[1]++
				}
				for _, kind := range order {
					sums = append(sums, []any{id, kind, kinds[kind][0], kinds[kind][1]})
				}
			}
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE transactions DISABLE TRIGGER account_sums_insert`); err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		for _, c := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"depositors", []string{"iin", "surname", "given_name", "patronymic", "birth_date", "sex",
				"phone", "email", "disability", "disability_for_life", "role", "password_hash",
				"password_changed_at", "last_login_at", "created_at"}, deps},
			{"accounts", []string{"id", "depositor_iin", "type", "number", "opened_at"}, accs},
			{"transactions", []string{"account_id", "date", "kind", "amount", "balance_after",
				"period", "payer_name", "payer_bin"}, txs},
			{"account_sums", []string{"account_id", "kind", "total", "n"}, sums},
		} {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return fmt.Errorf("store: seed: copy %s: %w", c.table, err)
			}
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE transactions ENABLE TRIGGER account_sums_insert`); err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("store: commit: %w", err)
		}
		return nil
	})
}

// copyText is s for COPY, NULL when empty (as nullString).
func copyText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// copyTime is t for COPY, NULL when not valid.
func copyTime(t sql.NullTime) any {
	if !t.Valid {
		return nil
	}
	return t.Time
}
