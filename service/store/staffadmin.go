package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// Staff roles (staff.role).
const (
	StaffRoleApplications = api.StaffRoleApplications // processes the queue of applications
	StaffRoleOffice       = api.StaffRoleOffice       // confirms contacts, sees the day's bookings
	StaffRoleAll          = api.StaffRoleAll
)

// ErrStaffExists: the IIN is already a staff member's or a depositor's.
var ErrStaffExists = errors.New("store: this IIN is already a staff member's or a depositor's")

// NewStaff is an office employee made by kabinetd admin staff add.
type NewStaff struct {
	IIN, Surname, GivenName, Patronymic, BirthDate, Sex, Role string
	// PasswordHash is the argon2id hash, or "" (a registration code).
	PasswordHash string
}

// StaffMember is a row of staff list.
type StaffMember struct {
	IIN, Name, Role string
	Registered      bool
	DisabledAt      time.Time // zero: active
}

// StaffAuditEntry is one staff action.
type StaffAuditEntry struct {
	At                                        time.Time
	StaffIIN, Action, Target, Client, Outcome string
}

func auditTx(ctx context.Context, tx *sql.Tx, e StaffAuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_audit (id, at_ms, staff_iin, action, target, client, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, rand.Text(), ms(e.At), e.StaffIIN, e.Action, e.Target, e.Client, e.Outcome)
	if err != nil {
		return fmt.Errorf("store: staff audit: %w", err)
	}
	return nil
}

// AddStaffAudit writes one staff action to the audit log.
func (s *Store) AddStaffAudit(ctx context.Context, e StaffAuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return auditTx(ctx, tx, e) })
}

// AddStaff makes an office employee, written to the audit log as e.
func (s *Store) AddStaff(ctx context.Context, n NewStaff, at time.Time, e StaffAuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM depositors WHERE iin = ?)`, n.IIN).Scan(&exists); err != nil {
			return fmt.Errorf("store: add staff: %w", err)
		}
		if exists {
			return ErrStaffExists
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO depositors (iin, surname, given_name, patronymic, birth_date, sex, role,
			password_hash, password_changed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'staff', ?, ?, ?)`,
			n.IIN, n.Surname, n.GivenName, n.Patronymic, n.BirthDate, n.Sex, nullStr(n.PasswordHash), at, at); err != nil {
			return fmt.Errorf("store: add staff: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff (iin, role, created_ms) VALUES (?, ?, ?)`, n.IIN, n.Role, ms(at)); err != nil {
			return fmt.Errorf("store: add staff: %w", err)
		}
		return auditTx(ctx, tx, e)
	})
}

// DisableStaff disables an employee: the staff calls refuse the
// employee from now on and the open sessions end. ErrNotFound when the
// IIN is no staff member's.
func (s *Store) DisableStaff(ctx context.Context, iin string, at time.Time, e StaffAuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM depositors WHERE iin = ?`, iin).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && role != RoleStaff) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: disable staff: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff (iin, role, created_ms, disabled_ms) VALUES (?, 'all', ?, ?)
			ON CONFLICT (iin) DO UPDATE SET disabled_ms = excluded.disabled_ms`, iin, ms(at), ms(at)); err != nil {
			return fmt.Errorf("store: disable staff: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET ended_at = ?, end_reason = 'disabled' WHERE iin = ? AND ended_at IS NULL`,
			at, iin); err != nil {
			return fmt.Errorf("store: disable staff: %w", err)
		}
		return auditTx(ctx, tx, e)
	})
}

// StaffRole is an employee's role and whether the employee is disabled;
// a staff member without a staff row (older or demo) has StaffRoleAll.
func (s *Store) StaffRole(ctx context.Context, iin string) (role string, disabled bool, err error) {
	var dis sql.NullInt64
	err = s.rd.QueryRowContext(ctx, `SELECT role, disabled_ms FROM staff WHERE iin = ?`, iin).Scan(&role, &dis)
	if errors.Is(err, sql.ErrNoRows) {
		return StaffRoleAll, false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: staff role: %w", err)
	}
	return role, dis.Valid, nil
}

// StaffList lists every office employee by IIN.
func (s *Store) StaffList(ctx context.Context) ([]StaffMember, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT d.iin, d.surname, d.given_name, d.patronymic, d.password_hash IS NOT NULL,
		COALESCE(st.role, 'all'), st.disabled_ms FROM depositors d LEFT JOIN staff st ON st.iin = d.iin
		WHERE d.role = 'staff' ORDER BY d.iin`)
	if err != nil {
		return nil, fmt.Errorf("store: staff list: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		var sur, given, patr string
		var dis sql.NullInt64
		if err := rows.Scan(&m.IIN, &sur, &given, &patr, &m.Registered, &m.Role, &dis); err != nil {
			return nil, fmt.Errorf("store: staff list: %w", err)
		}
		m.Name = sur + " " + given
		if patr != "" {
			m.Name += " " + patr
		}
		if dis.Valid {
			m.DisabledAt = fromMS(dis.Int64)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// StaffAudit is the newest entries of the audit log, at most limit.
func (s *Store) StaffAudit(ctx context.Context, limit int) ([]StaffAuditEntry, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT at_ms, staff_iin, action, target, client, outcome FROM staff_audit
		ORDER BY at_ms DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: staff audit: %w", err)
	}
	defer rows.Close()
	var out []StaffAuditEntry
	for rows.Next() {
		var e StaffAuditEntry
		var at int64
		if err := rows.Scan(&at, &e.StaffIIN, &e.Action, &e.Target, &e.Client, &e.Outcome); err != nil {
			return nil, fmt.Errorf("store: staff audit: %w", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
