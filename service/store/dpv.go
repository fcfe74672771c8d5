package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// EventDPVOrder is the security event of a voluntary contribution order.
const EventDPVOrder = "dpv_order"

// ErrIdempotencyConflict: the idempotency key was used with another
// request body.
var ErrIdempotencyConflict = errors.New("store: idempotency key reused with another request")

// DPVOrder is a voluntary pension contribution order.
type DPVOrder struct {
	ID            string
	IIN           string
	Amount        int64 // tiyn
	Period        string
	Status        string
	CreatedAt     time.Time
	Receipt       string
	TransactionID int64
}

// NewDPVOrder is what PayDPV needs.
type NewDPVOrder struct {
	IIN, PayerName string
	Amount         int64
	Period         string
	At             time.Time
	Date           string // YYYY-MM-DD, the booking day in the fund's zone
	Key            string // Idempotency-Key, "" when none
	Hash           string // of the request body, compared for a reused key
	Client         string
}

const dpvColumns = `id, iin, amount, period, status, created_at, receipt, COALESCE(transaction_id, 0)`

func scanDPVOrder(row interface{ Scan(...any) error }) (DPVOrder, error) {
	var o DPVOrder
	err := row.Scan(&o.ID, &o.IIN, &o.Amount, &o.Period, &o.Status, &o.CreatedAt, &o.Receipt, &o.TransactionID)
	return o, err
}

// randomDigits returns n random decimal digits (a variable: tests draw
// the same number twice).
var randomDigits = func(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}

// PayDPV records a voluntary contribution order confirmed at once (the
// demo confirmation): in one transaction it opens the depositor's DPV
// account when there is none, credits a contribution paid by the
// depositor himself and stores the order. The same key with the same
// hash returns the earlier order (created false); with another hash
// ErrIdempotencyConflict.
func (s *Store) PayDPV(ctx context.Context, n NewDPVOrder) (o DPVOrder, created bool, err error) {
	// The depositor's key: their idempotency keys, their ДПВ account
	// (opened here when missing) and its last balance are theirs alone.
	err = s.inTxKeys(ctx, []string{"depositor/" + n.IIN}, func(tx *sql.Tx) error {
		if n.Key != "" {
			var hash string
			prev, err := scanDPVOrder(tx.QueryRowContext(ctx,
				`SELECT `+dpvColumns+` FROM dpv_orders WHERE iin = ? AND idempotency_key = ?`, n.IIN, n.Key))
			if err == nil {
				if err := tx.QueryRowContext(ctx, `SELECT request_hash FROM dpv_orders WHERE id = ?`, prev.ID).Scan(&hash); err != nil {
					return fmt.Errorf("store: dpv order: %w", err)
				}
				if hash != n.Hash {
					return ErrIdempotencyConflict
				}
				o = prev
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: dpv order: %w", err)
			}
		}
		var accountID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE depositor_iin = ? AND type = 'DPV'`, n.IIN).Scan(&accountID)
		if errors.Is(err, sql.ErrNoRows) {
			number := "DPV" + n.IIN[len(n.IIN)-4:] + randomDigits(9)
			err = tx.QueryRowContext(ctx,
				`INSERT INTO accounts (depositor_iin, type, number, opened_at) VALUES (?, 'DPV', ?, ?) RETURNING id`,
				n.IIN, number, n.Date).Scan(&accountID)
		}
		if err != nil {
			return fmt.Errorf("store: dpv account: %w", err)
		}
		var balance int64
		err = tx.QueryRowContext(ctx,
			`SELECT balance_after FROM transactions WHERE account_id = ? ORDER BY date DESC, id DESC LIMIT 1`, accountID).Scan(&balance)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: dpv balance: %w", err)
		}
		var txID int64
		if err := tx.QueryRowContext(ctx,
			`INSERT INTO transactions (account_id, date, kind, amount, balance_after, period, payer_name, payer_bin)
			 VALUES (?, ?, 'contribution', ?, ?, ?, ?, ?) RETURNING id`,
			accountID, n.Date, n.Amount, balance+n.Amount, n.Period, n.PayerName, n.IIN).Scan(&txID); err != nil {
			return fmt.Errorf("store: dpv contribution: %w", err)
		}
		id := strings.ToLower(rand.Text())
		var key sql.NullString
		if n.Key != "" {
			key = sql.NullString{String: n.Key, Valid: true}
		}
		// A receipt number is the day and 8 random digits: with thousands
		// of orders a day two may draw the same (a 500 under load), so a
		// number already taken is drawn again. ON CONFLICT makes the taken
		// number insert nothing instead of failing: on PostgreSQL a failed
		// statement would end the whole transaction.
		var receipt string
		for attempt := 0; ; attempt++ {
			receipt = "DPV-" + n.At.UTC().Format("20060102") + "-" + randomDigits(8)
			o, err = scanDPVOrder(tx.QueryRowContext(ctx,
				`INSERT INTO dpv_orders (id, iin, amount, period, status, created_at, receipt, transaction_id, idempotency_key, request_hash)
				 VALUES (?, ?, ?, ?, 'paid', ?, ?, ?, ?, ?) ON CONFLICT (receipt) DO NOTHING RETURNING `+dpvColumns,
				id, n.IIN, n.Amount, n.Period, n.At.UTC(), receipt, txID, key, n.Hash))
			if errors.Is(err, sql.ErrNoRows) && attempt < 10 {
				continue
			}
			break
		}
		if err != nil {
			return fmt.Errorf("store: dpv order: %w", err)
		}
		created = true
		return insertEvent(ctx, tx, Event{IIN: n.IIN, Kind: EventDPVOrder, At: n.At, Client: n.Client,
			Detail: fmt.Sprintf("receipt %s, period %s", receipt, n.Period)})
	})
	return o, created, err
}

// DPVOrders returns the orders of iin, newest first, at most limit.
func (s *Store) DPVOrders(ctx context.Context, iin string, limit int) ([]DPVOrder, error) {
	rows, err := s.rd.QueryContext(ctx,
		`SELECT `+dpvColumns+` FROM dpv_orders WHERE iin = ? ORDER BY created_at DESC, receipt DESC LIMIT ?`, iin, limit)
	if err != nil {
		return nil, fmt.Errorf("store: dpv orders: %w", err)
	}
	defer rows.Close()
	var out []DPVOrder
	for rows.Next() {
		o, err := scanDPVOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("store: dpv orders: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// DPVOrder returns order id of iin, or ErrNotFound.
func (s *Store) DPVOrder(ctx context.Context, id, iin string) (DPVOrder, error) {
	o, err := scanDPVOrder(s.rd.QueryRowContext(ctx,
		`SELECT `+dpvColumns+` FROM dpv_orders WHERE id = ? AND iin = ?`, id, iin))
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("store: dpv order: %w", err)
	}
	return o, nil
}
