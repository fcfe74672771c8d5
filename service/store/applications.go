package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// EventApplication is the security event of a submitted application.
const EventApplication = "application_submitted"

// ErrInvalidState: the move is not forward from the current status (or the application is final).
var ErrInvalidState = errors.New("store: application status cannot move there")

// ErrNotNextStep: the application is not final, but the move is not one
// of the workflow's next steps from its status (api.NextStatuses). It is
// an ErrInvalidState too.
var ErrNotNextStep = fmt.Errorf("%w: not the workflow's next step", ErrInvalidState)

// ErrApplicationPending: an unfinished application of the same kind
// (a payment from the same account, a portfolio_manager application)
// already exists.
var ErrApplicationPending = errors.New("store: an unfinished application of this kind exists")

// fundZone is the fund's time zone (UTC+5), for the booking date of a
// payment; the same as the service's.
var fundZone = time.FixedZone("UTC+5", 5*60*60)

// SetFundZone makes loc the fund's zone (before the store is used).
func SetFundZone(loc *time.Location) { fundZone = loc }

// Signer is what the service read from the SIGN certificate.
type Signer struct {
	Name, IIN, Serial, Issuer string
	NotAfter                  time.Time
}

// Effect is what an application changes once executed, read and
// normalised by the service from the signed document. Only the fields of
// the application's type are set.
type Effect struct {
	Account      string // pension_payment: OPV, OPPV, DPV
	Basis        string // pension_payment
	IBAN         string // pension_payment, bank_details
	BankName     string // bank_details
	Address      string // additional_details ("" keeps it)
	Phone        string // additional_details ("" keeps it)
	Email        string // additional_details ("" keeps it)
	ManagerID    string // portfolio_manager
	SharePercent int    // portfolio_manager, 1..100
	TargetID     string // cancel_transfer
}

// Application is a depositor's signed application.
type Application struct {
	ID             string
	Number         string // Z-YYYYMMDD-NNNNNN
	IIN            string
	Type           string // api.App...
	Status         string // api.Status...
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Document       []byte // the signed bytes, exactly
	DocumentSHA256 string // hex
	Signer         Signer
	Effect         Effect
	TransactionID  int64 // the payment of an executed pension_payment, 0 otherwise
	// DepositorName is the depositor's full name (surname, given name,
	// patronymic); Applications and DueApplications leave it "".
	DepositorName string
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// StatusChange is one row of an application's history.
type StatusChange struct {
	Status     string
	At         time.Time
	Actor      string // api.Actor...
	ActorName  string
	Reason     string
	ReasonCode string
}

// NewApplication is what CreateApplication needs.
type NewApplication struct {
	IIN       string
	Type      string
	At        time.Time
	Document  []byte
	Signature []byte
	Signer    Signer
	Effect    Effect
	Key       string // Idempotency-Key, "" when none
	Hash      string // of the request, compared for a reused key
	Client    string // for the security event
}

const appColumns = `a.id, a.number, a.iin, a.type, a.status, a.created_at, a.updated_at, a.document, a.document_sha256,
	a.signer_name, a.signer_iin, a.signer_serial, a.signer_issuer, a.signer_not_after,
	COALESCE(a.account, ''), COALESCE(a.basis, ''), COALESCE(a.iban, ''), COALESCE(a.bank_name, ''),
	COALESCE(a.address, ''), COALESCE(a.phone, ''), COALESCE(a.email, ''), COALESCE(a.manager_id, ''),
	COALESCE(a.share_percent, 0), COALESCE(a.target_id, ''), COALESCE(a.transaction_id, 0)`

func scanApplication(row interface{ Scan(...any) error }, extra ...any) (Application, error) {
	var a Application
	e := &a.Effect
	dest := []any{&a.ID, &a.Number, &a.IIN, &a.Type, &a.Status, &a.CreatedAt, &a.UpdatedAt, &a.Document, &a.DocumentSHA256,
		&a.Signer.Name, &a.Signer.IIN, &a.Signer.Serial, &a.Signer.Issuer, &a.Signer.NotAfter,
		&e.Account, &e.Basis, &e.IBAN, &e.BankName, &e.Address, &e.Phone, &e.Email, &e.ManagerID,
		&e.SharePercent, &e.TargetID, &a.TransactionID}
	err := row.Scan(append(dest, extra...)...)
	return a, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func queryApplications(ctx context.Context, q querier, query string, args ...any) ([]Application, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: applications: %w", err)
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, fmt.Errorf("store: applications: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: applications: %w", err)
	}
	return out, nil
}

func nullInt(n int) sql.NullInt64 { return sql.NullInt64{Int64: int64(n), Valid: n != 0} }

// CreateApplication stores a submitted application with its first
// history row (submitted, actor depositor) and a security event, in one
// transaction. A cancel_transfer cancels its target (Effect.TargetID, a
// portfolio_manager application of the same depositor) in the same
// transaction: ErrNotFound when there is no such application of his,
// ErrInvalidState when it is no longer submitted or accepted. A
// pension_payment from an account with an unfinished payment, or a
// portfolio_manager while another is unfinished, is
// ErrApplicationPending. The same key with the same hash returns the
// earlier application (created false); with another hash
// ErrIdempotencyConflict. The same document (signed bytes) of the same
// depositor returns the application it made (created false), whatever the
// key: one signed document is filed at most once.
func (s *Store) CreateApplication(ctx context.Context, n NewApplication) (a Application, created bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if n.Key != "" {
			var hash string
			prev, err := scanApplication(tx.QueryRowContext(ctx,
				`SELECT `+appColumns+`, a.request_hash FROM applications a WHERE a.iin = ? AND a.idempotency_key = ?`,
				n.IIN, n.Key), &hash)
			if err == nil {
				if hash != n.Hash {
					return ErrIdempotencyConflict
				}
				a = prev
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: application: %w", err)
			}
		}
		// The same signed document again (another key, or none): the
		// application it made already.
		prev, perr := scanApplication(tx.QueryRowContext(ctx,
			`SELECT `+appColumns+` FROM applications a WHERE a.iin = ? AND a.document_sha256 = ? AND a.document = ?`,
			n.IIN, sha256Hex(n.Document), n.Document))
		if perr == nil {
			a = prev
			return nil
		}
		if !errors.Is(perr, sql.ErrNoRows) {
			return fmt.Errorf("store: application: %w", perr)
		}
		var pending int
		switch n.Type {
		case api.AppPensionPayment:
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications WHERE iin = ? AND type = ? AND account = ?
				AND status NOT IN ('rejected', 'executed', 'canceled')`, n.IIN, n.Type, n.Effect.Account).Scan(&pending)
		case api.AppPortfolioManager:
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications WHERE iin = ? AND type = ?
				AND status NOT IN ('rejected', 'executed', 'canceled')`, n.IIN, n.Type).Scan(&pending)
		}
		if err != nil {
			return fmt.Errorf("store: application: %w", err)
		}
		if pending > 0 {
			return ErrApplicationPending
		}
		if n.Type == api.AppCancelTransfer {
			var owner, typ string
			err := tx.QueryRowContext(ctx, `SELECT iin, type FROM applications WHERE id = ?`, n.Effect.TargetID).Scan(&owner, &typ)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (owner != n.IIN || typ != api.AppPortfolioManager)) {
				return ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("store: cancel target: %w", err)
			}
		}
		day := n.At.In(fundZone).Format("20060102")
		var seq int
		if err := tx.QueryRowContext(ctx,
			`SELECT COALESCE(MAX(CAST(substr(number, 12) AS INTEGER)), 0) + 1 FROM applications WHERE substr(number, 1, 10) = ?`,
			"Z-"+day).Scan(&seq); err != nil {
			return fmt.Errorf("store: application number: %w", err)
		}
		id := strings.ToLower(rand.Text())
		number := fmt.Sprintf("Z-%s-%06d", day, seq)
		var key sql.NullString
		if n.Key != "" {
			key = sql.NullString{String: n.Key, Valid: true}
		}
		e := n.Effect
		at := n.At.UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO applications (id, number, iin, type, status, created_at, updated_at,
			document, document_sha256, signature, signer_name, signer_iin, signer_serial, signer_issuer, signer_not_after,
			account, basis, iban, bank_name, address, phone, email, manager_id, share_percent, target_id,
			idempotency_key, request_hash)
			VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, number, n.IIN, n.Type, at, at, n.Document, sha256Hex(n.Document), n.Signature,
			n.Signer.Name, n.Signer.IIN, n.Signer.Serial, n.Signer.Issuer, n.Signer.NotAfter.UTC(),
			nullString(e.Account), nullString(e.Basis), nullString(e.IBAN), nullString(e.BankName),
			nullString(e.Address), nullString(e.Phone), nullString(e.Email), nullString(e.ManagerID),
			nullInt(e.SharePercent), nullString(e.TargetID), key, n.Hash); err != nil {
			return fmt.Errorf("store: insert application: %w", err)
		}
		if err := insertHistory(ctx, tx, id, StatusChange{Status: api.StatusSubmitted, At: at, Actor: api.ActorDepositor}); err != nil {
			return err
		}
		if n.Type == api.AppCancelTransfer {
			if _, err := moveTx(ctx, tx, Move{ID: e.TargetID, To: api.StatusCanceled, Actor: api.ActorDepositor, At: n.At}); err != nil {
				return err
			}
		}
		if err := insertEvent(ctx, tx, Event{IIN: n.IIN, Kind: EventApplication, At: n.At, Client: n.Client,
			Detail: fmt.Sprintf("application %s, %s", number, n.Type)}); err != nil {
			return err
		}
		a, err = getApplication(ctx, tx, id)
		created = true
		return err
	})
	return a, created, err
}

func insertHistory(ctx context.Context, tx *sql.Tx, id string, c StatusChange) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO application_history (application_id, status, at, actor, actor_name, reason, reason_code)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, c.Status, c.At.UTC(), c.Actor, c.ActorName, c.Reason, c.ReasonCode); err != nil {
		return fmt.Errorf("store: application history: %w", err)
	}
	return nil
}

const depositorNameSQL = `d.surname || ' ' || d.given_name || CASE WHEN d.patronymic = '' THEN '' ELSE ' ' || d.patronymic END`

func getApplication(ctx context.Context, q querier, id string) (Application, error) {
	var name string
	a, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+appColumns+`, `+depositorNameSQL+`
		FROM applications a JOIN depositors d ON d.iin = a.iin WHERE a.id = ?`, id), &name)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: application: %w", err)
	}
	a.DepositorName = name
	return a, nil
}

// Application returns application id of iin, or ErrNotFound (also when
// it is someone else's).
func (s *Store) Application(ctx context.Context, id, iin string) (Application, error) {
	a, err := getApplication(ctx, s.rd, id)
	if err == nil && a.IIN != iin {
		return Application{}, ErrNotFound
	}
	return a, err
}

// ApplicationByID returns application id of any depositor (staff), with
// DepositorName, or ErrNotFound.
func (s *Store) ApplicationByID(ctx context.Context, id string) (Application, error) {
	return getApplication(ctx, s.rd, id)
}

// ApplicationSignature returns the stored CMS of application id of iin,
// or ErrNotFound.
func (s *Store) ApplicationSignature(ctx context.Context, id, iin string) ([]byte, error) {
	var sig []byte
	err := s.rd.QueryRowContext(ctx, `SELECT signature FROM applications WHERE id = ? AND iin = ?`, id, iin).Scan(&sig)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: application signature: %w", err)
	}
	return sig, nil
}

// Applications returns the applications of iin, newest first, at most
// limit.
func (s *Store) Applications(ctx context.Context, iin string, limit int) ([]Application, error) {
	return queryApplications(ctx, s.rd, `SELECT `+appColumns+` FROM applications a WHERE a.iin = ?
		ORDER BY a.created_at DESC, a.number DESC LIMIT ?`, iin, limit)
}

// ApplicationQueue returns the applications of all depositors whose
// status is one of statuses (the unfinished ones when none is given),
// oldest first, at most limit, with DepositorName.
func (s *Store) ApplicationQueue(ctx context.Context, statuses []string, limit int) ([]Application, error) {
	if len(statuses) == 0 {
		statuses = []string{api.StatusSubmitted, api.StatusAccepted, api.StatusProcessing, api.StatusApproved}
	}
	args := make([]any, 0, len(statuses)+1)
	for _, st := range statuses {
		args = append(args, st)
	}
	args = append(args, limit)
	rows, err := s.rd.QueryContext(ctx, `SELECT `+appColumns+`, `+depositorNameSQL+`
		FROM applications a JOIN depositors d ON d.iin = a.iin
		WHERE a.status IN (?`+strings.Repeat(", ?", len(statuses)-1)+`)
		ORDER BY a.created_at, a.number LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: application queue: %w", err)
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		var name string
		a, err := scanApplication(rows, &name)
		if err != nil {
			return nil, fmt.Errorf("store: application queue: %w", err)
		}
		a.DepositorName = name
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: application queue: %w", err)
	}
	return out, nil
}

// DueApplications returns the unfinished applications whose last change
// is at or before before, oldest change first, at most limit (the back
// office's work).
func (s *Store) DueApplications(ctx context.Context, before time.Time, limit int) ([]Application, error) {
	return queryApplications(ctx, s.rd, `SELECT `+appColumns+` FROM applications a
		WHERE a.status IN ('submitted', 'accepted', 'processing', 'approved') AND a.updated_at <= ?
		ORDER BY a.updated_at, a.number LIMIT ?`, before.UTC(), limit)
}

// History returns the status changes of application id, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]StatusChange, error) {
	h, err := s.Histories(ctx, id)
	return h[id], err
}

// Histories returns the status changes of the applications ids, oldest
// first, by application id.
func (s *Store) Histories(ctx context.Context, ids ...string) (map[string][]StatusChange, error) {
	out := make(map[string][]StatusChange, len(ids))
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := s.rd.QueryContext(ctx, `SELECT application_id, status, at, actor, actor_name, reason, reason_code
			FROM application_history WHERE application_id IN (?`+strings.Repeat(", ?", len(part)-1)+`) ORDER BY id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: application history: %w", err)
		}
		for rows.Next() {
			var id string
			var c StatusChange
			if err := rows.Scan(&id, &c.Status, &c.At, &c.Actor, &c.ActorName, &c.Reason, &c.ReasonCode); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: application history: %w", err)
			}
			out[id] = append(out[id], c)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: application history: %w", err)
		}
	}
	return out, nil
}

// Move is one status change of an application.
type Move struct {
	ID         string
	To         string // api.Status...
	Actor      string // api.ActorBackOffice, api.ActorStaff, api.ActorDepositor
	ActorName  string
	Reason     string
	ReasonCode string
	At         time.Time
}

// CanMove tells whether an application may move from status from to to:
// only to one of the workflow's next steps (api.NextStatuses), nothing
// from a final status.
func CanMove(from, to string) bool { return slices.Contains(api.NextStatuses(from), to) }

// MoveApplication moves application m.ID forward to m.To (api.StatusRank
// strictly higher; canceled only from submitted/accepted; nothing from a
// final status), records the history row and a notification for the
// depositor (unless Actor is the depositor), and applies the effect of
// executed, all in one transaction; a concurrent move of the same
// application loses with ErrInvalidState (conditional UPDATE ... WHERE
// status = <read status>). Returns the application after the move.
// ErrNotFound when no such id.
//
// Effects of executed: pension_payment books a 'payment' transaction of
// the whole balance of the account (none when it is empty); bank_details
// and additional_details write depositor_details (and the phone and
// e-mail given on the depositor); portfolio_manager gives the chosen
// manager SharePercent of the OPV savings and scales the rest of the
// previous allocation (the National Bank's when none) to 100 − share;
// cancel_transfer changes nothing more (its target was canceled when it
// was submitted).
func (s *Store) MoveApplication(ctx context.Context, m Move) (a Application, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		a, err = moveTx(ctx, tx, m)
		return err
	})
	return a, err
}

func moveTx(ctx context.Context, tx *sql.Tx, m Move) (Application, error) {
	a, err := getApplication(ctx, tx, m.ID)
	if err != nil {
		return a, err
	}
	if !CanMove(a.Status, m.To) {
		if api.StatusFinal(a.Status) {
			return a, ErrInvalidState
		}
		return a, ErrNotNextStep
	}
	at := m.At.UTC()
	res, err := tx.ExecContext(ctx, `UPDATE applications SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
		m.To, at, m.ID, a.Status)
	if err != nil {
		return a, fmt.Errorf("store: move application: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return a, ErrInvalidState
	}
	if err := insertHistory(ctx, tx, m.ID, StatusChange{Status: m.To, At: at, Actor: m.Actor,
		ActorName: m.ActorName, Reason: m.Reason, ReasonCode: m.ReasonCode}); err != nil {
		return a, err
	}
	if m.Actor != api.ActorDepositor {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (iin, at, kind, application_id, status, reason, reason_code)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.IIN, at, api.NotificationStatus, a.ID, m.To, m.Reason, m.ReasonCode); err != nil {
			return a, fmt.Errorf("store: notification: %w", err)
		}
	}
	if m.To == api.StatusExecuted {
		if err := execute(ctx, tx, a, m.At); err != nil {
			return a, err
		}
	}
	return getApplication(ctx, tx, m.ID)
}

// execute applies the effect of an executed application.
func execute(ctx context.Context, tx *sql.Tx, a Application, at time.Time) error {
	e := a.Effect
	switch a.Type {
	case api.AppPensionPayment:
		var accountID, balance int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE depositor_iin = ? AND type = ?`, a.IIN, e.Account).Scan(&accountID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: payment account: %w", err)
		}
		err = tx.QueryRowContext(ctx,
			`SELECT balance_after FROM transactions WHERE account_id = ? ORDER BY date DESC, id DESC LIMIT 1`, accountID).Scan(&balance)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: payment balance: %w", err)
		}
		if balance <= 0 {
			return nil
		}
		var txID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO transactions (account_id, date, kind, amount, balance_after, payer_name)
			VALUES (?, ?, 'payment', ?, 0, ?) RETURNING id`,
			accountID, at.In(fundZone).Format(time.DateOnly), -balance, "Заявление "+a.Number).Scan(&txID); err != nil {
			return fmt.Errorf("store: payment: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET transaction_id = ? WHERE id = ?`, txID, a.ID); err != nil {
			return fmt.Errorf("store: payment: %w", err)
		}
	case api.AppBankDetails:
		if _, err := tx.ExecContext(ctx, `INSERT INTO depositor_details (iin, bank_iban, bank_name, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (iin) DO UPDATE SET bank_iban = excluded.bank_iban, bank_name = excluded.bank_name, updated_at = excluded.updated_at`,
			a.IIN, e.IBAN, e.BankName, at.UTC()); err != nil {
			return fmt.Errorf("store: bank details: %w", err)
		}
	case api.AppAdditionalDetails:
		if e.Address != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO depositor_details (iin, address, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (iin) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at`,
				a.IIN, e.Address, at.UTC()); err != nil {
				return fmt.Errorf("store: address: %w", err)
			}
		}
		// A contact in an application signed with the depositor's EDS is
		// confirmed as his (the memo: a shared contact is confirmed by EDS
		// or at an office): like an office confirmation it is taken off
		// anyone else holding it, who is told by a security event, so that
		// no contact ends up shared again.
		if _, _, err := setContacts(ctx, tx, a.IIN, e.Phone, e.Email, Event{At: at},
			"confirmed by another depositor's EDS-signed application"); err != nil {
			return err
		}
	case api.AppPortfolioManager:
		prev, err := portfolio(ctx, tx, a.IIN)
		if err != nil {
			return err
		}
		next := Reallocate(prev, e.ManagerID, e.SharePercent)
		if _, err := tx.ExecContext(ctx, `DELETE FROM depositor_portfolio WHERE iin = ?`, a.IIN); err != nil {
			return fmt.Errorf("store: portfolio: %w", err)
		}
		for _, p := range next {
			if _, err := tx.ExecContext(ctx, `INSERT INTO depositor_portfolio (iin, manager_id, share_percent) VALUES (?, ?, ?)`,
				a.IIN, p.ManagerID, p.SharePercent); err != nil {
				return fmt.Errorf("store: portfolio: %w", err)
			}
		}
	}
	return nil
}

// PortfolioShare is a part of the OPV savings under one manager.
type PortfolioShare struct {
	ManagerID    string
	SharePercent int
}

// Reallocate gives manager share percent and scales the other shares of
// prev (the National Bank's 100 % when prev is empty or only the chosen
// manager) to 100 − share, rounding down and giving what rounding left
// to the largest of them. The result is ordered by share, largest first,
// and sums to 100.
func Reallocate(prev []PortfolioShare, manager string, share int) []PortfolioShare {
	share = max(1, min(100, share))
	var others []PortfolioShare
	total := 0
	for _, p := range prev {
		if p.ManagerID != manager && p.SharePercent > 0 {
			others = append(others, p)
			total += p.SharePercent
		}
	}
	rest := 100 - share
	if len(others) == 0 && manager != api.ManagerNationalBank {
		others, total = []PortfolioShare{{ManagerID: api.ManagerNationalBank, SharePercent: 100}}, 100
	}
	out := []PortfolioShare{{ManagerID: manager, SharePercent: share}}
	if rest > 0 && len(others) > 0 {
		sort.SliceStable(others, func(i, j int) bool { return others[i].SharePercent > others[j].SharePercent })
		given := 0
		scaled := make([]PortfolioShare, len(others))
		for i, p := range others {
			scaled[i] = PortfolioShare{ManagerID: p.ManagerID, SharePercent: p.SharePercent * rest / total}
			given += scaled[i].SharePercent
		}
		scaled[0].SharePercent += rest - given
		for _, p := range scaled {
			if p.SharePercent > 0 {
				out = append(out, p)
			}
		}
	} else if rest > 0 { // the National Bank chosen with nothing else: it keeps all
		out[0].SharePercent = 100
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].SharePercent > out[j].SharePercent })
	return out
}

func portfolio(ctx context.Context, q querier, iin string) ([]PortfolioShare, error) {
	rows, err := q.QueryContext(ctx, `SELECT manager_id, share_percent FROM depositor_portfolio WHERE iin = ?
		ORDER BY share_percent DESC, manager_id`, iin)
	if err != nil {
		return nil, fmt.Errorf("store: portfolio: %w", err)
	}
	defer rows.Close()
	var out []PortfolioShare
	for rows.Next() {
		var p PortfolioShare
		if err := rows.Scan(&p.ManagerID, &p.SharePercent); err != nil {
			return nil, fmt.Errorf("store: portfolio: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: portfolio: %w", err)
	}
	if len(out) == 0 {
		out = []PortfolioShare{{ManagerID: api.ManagerNationalBank, SharePercent: 100}}
	}
	return out, nil
}

// Portfolio returns the OPV allocation of iin, largest share first
// (National Bank 100 % when none was chosen).
func (s *Store) Portfolio(ctx context.Context, iin string) ([]PortfolioShare, error) {
	return portfolio(ctx, s.rd, iin)
}

// Manager is an investment portfolio manager.
type Manager struct {
	ID             string
	Name           string
	ReturnLastYear int // basis points
	NationalBank   bool
}

// Managers returns the portfolio managers, the National Bank first.
func (s *Store) Managers(ctx context.Context) ([]Manager, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT id, name, return_last_year, national_bank FROM portfolio_managers ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("store: managers: %w", err)
	}
	defer rows.Close()
	var out []Manager
	for rows.Next() {
		var m Manager
		if err := rows.Scan(&m.ID, &m.Name, &m.ReturnLastYear, &m.NationalBank); err != nil {
			return nil, fmt.Errorf("store: managers: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: managers: %w", err)
	}
	return out, nil
}

// Details are a depositor's bank and postal details on record ("" when
// none).
type Details struct {
	BankIBAN, BankName, Address string
}

// DepositorDetails returns the details of iin (empty when none).
func (s *Store) DepositorDetails(ctx context.Context, iin string) (Details, error) {
	var d Details
	err := s.rd.QueryRowContext(ctx, `SELECT bank_iban, bank_name, address FROM depositor_details WHERE iin = ?`, iin).
		Scan(&d.BankIBAN, &d.BankName, &d.Address)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("store: details: %w", err)
	}
	return d, nil
}

// ApplicationByDocument returns the application iin filed with the signed
// bytes document, or ErrNotFound.
func (s *Store) ApplicationByDocument(ctx context.Context, iin string, document []byte) (Application, error) {
	a, err := scanApplication(s.rd.QueryRowContext(ctx,
		`SELECT `+appColumns+` FROM applications a WHERE a.iin = ? AND a.document_sha256 = ? AND a.document = ?`,
		iin, sha256Hex(document), document))
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: application: %w", err)
	}
	return a, nil
}

// ApplicationByKey returns the application iin submitted with
// Idempotency-Key key and the hash of its request, or ErrNotFound.
func (s *Store) ApplicationByKey(ctx context.Context, iin, key string) (Application, string, error) {
	var hash string
	a, err := scanApplication(s.rd.QueryRowContext(ctx,
		`SELECT `+appColumns+`, a.request_hash FROM applications a WHERE a.iin = ? AND a.idempotency_key = ?`, iin, key), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, "", ErrNotFound
	}
	if err != nil {
		return a, "", fmt.Errorf("store: application: %w", err)
	}
	return a, hash, nil
}
