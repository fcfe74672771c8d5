package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles of a cabinet user.
const (
	RoleDepositor = "depositor"
	RoleStaff     = "staff"
)

// Depositor is a person the fund knows: a depositor or an office staff
// member. Optional text fields are "" when absent.
type Depositor struct {
	IIN        string
	Surname    string
	GivenName  string
	Patronymic string
	BirthDate  string // YYYY-MM-DD
	Sex        string // "male" or "female"
	// Phone is 11 digits (77012345600); Email is normalised.
	Phone string
	Email string
	// Disability is "", "1", "2" or "3".
	Disability        string
	DisabilityForLife bool
	Role              string
	// PasswordHash is the argon2id PHC string; "" means the person has
	// not registered in the cabinet yet.
	PasswordHash      string
	PasswordChangedAt time.Time // zero when never set
	LastLoginAt       time.Time // zero when never logged in
	CreatedAt         time.Time
}

// Registered tells whether the person has a cabinet password.
func (d Depositor) Registered() bool { return d.PasswordHash != "" }

const depositorColumns = `iin, surname, given_name, patronymic, birth_date, sex,
	phone, email, disability, disability_for_life, role, password_hash,
	password_changed_at, last_login_at, created_at`

// Depositor returns the person with the given IIN, or ErrNotFound.
func (s *Store) Depositor(ctx context.Context, iin string) (Depositor, error) {
	row := s.readRow(ctx, `SELECT `+depositorColumns+` FROM depositors WHERE iin = ?`, iin)
	d, err := scanDepositor(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Depositor{}, ErrNotFound
	}
	if err != nil {
		return Depositor{}, fmt.Errorf("store: depositor: %w", err)
	}
	return d, nil
}

func scanDepositor(row interface{ Scan(...any) error }) (Depositor, error) {
	var (
		d                  Depositor
		phone, email, hash sql.NullString
		changed, last      sql.NullTime
		forLife            bool
	)
	err := row.Scan(&d.IIN, &d.Surname, &d.GivenName, &d.Patronymic, &d.BirthDate, &d.Sex,
		&phone, &email, &d.Disability, &forLife, &d.Role, &hash,
		&changed, &last, &d.CreatedAt)
	if err != nil {
		return Depositor{}, err
	}
	d.Phone, d.Email, d.PasswordHash = phone.String, email.String, hash.String
	d.DisabilityForLife = forLife
	d.PasswordChangedAt, d.LastLoginAt = changed.Time, last.Time
	return d, nil
}

// SetPasswordHash stores a new password hash for iin (registration,
// password change, or a re-hash with stronger parameters).
func (s *Store) SetPasswordHash(ctx context.Context, iin, hash string, at time.Time) error {
	res, err := s.wr.ExecContext(ctx,
		`UPDATE depositors SET password_hash = ?, password_changed_at = ? WHERE iin = ?`,
		hash, at.UTC(), iin)
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// insertDepositor adds d inside tx (used by Seed; later by imports).
func insertDepositor(ctx context.Context, stmt *sql.Stmt, d Depositor) error {
	_, err := stmt.ExecContext(ctx, d.IIN, d.Surname, d.GivenName, d.Patronymic, d.BirthDate, d.Sex,
		nullString(d.Phone), nullString(d.Email), d.Disability, d.DisabilityForLife, d.Role,
		nullString(d.PasswordHash), nullTime(d.PasswordChangedAt), nullTime(d.LastLoginAt), d.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert depositor: %w", err)
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
