package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Security events of the office staff workstation.
const (
	// EventContactsConfirmed (the depositor's): an office confirmed his
	// phone and/or e-mail in person.
	EventContactsConfirmed = "contacts_confirmed"
	// EventContactRemoved (another person's): a contact he shared was
	// confirmed at an office as someone else's and taken off his record.
	EventContactRemoved = "contact_removed"
	// EventStaffContactsConfirmed (the employee's own journal): he
	// confirmed a depositor's contacts.
	EventStaffContactsConfirmed = "staff_contacts_confirmed"
	// EventStaffApplicationStatus (the employee's own journal): he moved
	// an application's status.
	EventStaffApplicationStatus = "staff_application_status"
)

// StaffMoveApplication is MoveApplication by an office employee: the move
// (history row, notification, effect) and an EventStaffApplicationStatus
// in the employee's journal, in one transaction. Errors as
// MoveApplication's.
func (s *Store) StaffMoveApplication(ctx context.Context, m Move, staffIIN, client string) (a Application, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if a, err = moveTx(ctx, tx, m); err != nil {
			return err
		}
		return insertEvent(ctx, tx, Event{IIN: staffIIN, Kind: EventStaffApplicationStatus, At: m.At, Client: client,
			Detail: fmt.Sprintf("%s of %s: %s", a.Number, a.IIN, m.To)})
	})
	return a, err
}

// ContactsConfirmation is when an office last confirmed a person's
// contacts and who did; zero At when never.
type ContactsConfirmation struct {
	At time.Time
	By string // IIN of the staff member
}

// ContactsConfirmed returns the last office confirmation of iin's
// contacts, or ErrNotFound for an unknown person.
func (s *Store) ContactsConfirmed(ctx context.Context, iin string) (ContactsConfirmation, error) {
	var (
		at sql.NullTime
		by sql.NullString
	)
	err := s.rd.QueryRowContext(ctx, `SELECT contacts_confirmed_at, contacts_confirmed_by FROM depositors WHERE iin = ?`,
		iin).Scan(&at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return ContactsConfirmation{}, ErrNotFound
	}
	if err != nil {
		return ContactsConfirmation{}, fmt.Errorf("store: contacts confirmed: %w", err)
	}
	c := ContactsConfirmation{By: by.String}
	if at.Valid {
		c.At = at.Time.UTC()
	}
	return c, nil
}

// ContactConfirm is an office's confirmation of a depositor's contacts:
// Phone (11 digits) and/or Email (normalised), "" for the one not
// confirmed.
type ContactConfirm struct {
	IIN          string // the depositor
	Phone, Email string
	StaffIIN     string
	StaffName    string
	At           time.Time
	Client       string
}

// ConfirmContacts makes the given contacts iin's in one transaction:
// they are stored on him, taken off every other person holding them
// (each told by an EventContactRemoved), and the confirmation's moment and
// employee are recorded, with an EventContactsConfirmed for the depositor
// and an EventStaffContactsConfirmed for the employee. It returns the
// IINs the contacts were taken from. ErrNotFound: iin is not a depositor.
func (s *Store) ConfirmContacts(ctx context.Context, c ContactConfirm) ([]string, error) {
	if c.Phone == "" && c.Email == "" {
		return nil, errors.New("store: confirm contacts: no contact")
	}
	var released []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM depositors WHERE iin = ?`, c.IIN).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && role != RoleDepositor) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: confirm contacts: %w", err)
		}
		at := c.At.UTC()
		var what []string
		what, released, err = setContacts(ctx, tx, c.IIN, c.Phone, c.Email, Event{At: at, Client: c.Client},
			"confirmed at an office as another depositor's")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE depositors SET contacts_confirmed_at = ?, contacts_confirmed_by = ? WHERE iin = ?`,
			at, c.StaffIIN, c.IIN); err != nil {
			return fmt.Errorf("store: confirm contacts: %w", err)
		}
		list := strings.Join(what, " and ")
		if err := insertEvent(ctx, tx, Event{IIN: c.IIN, Kind: EventContactsConfirmed, At: at, Client: c.Client,
			Detail: list + " confirmed at an office by " + c.StaffName}); err != nil {
			return err
		}
		return insertEvent(ctx, tx, Event{IIN: c.StaffIIN, Kind: EventStaffContactsConfirmed, At: at, Client: c.Client,
			Detail: fmt.Sprintf("%s of %s; taken from %d other person(s)", list, c.IIN, len(released))})
	})
	return released, err
}

// setContacts stores the non-empty phone and e-mail on iin, taking each
// off every other person holding it (lower-case e-mail matching): each
// of them gets an EventContactRemoved like ev, its Detail "<contact>
// removed: " + why. It returns the names of the contacts set ("phone",
// "e-mail") and the IINs they were taken from, each once.
func setContacts(ctx context.Context, tx *sql.Tx, iin, phone, email string, ev Event, why string) (set, released []string, err error) {
	ev.Kind = EventContactRemoved
	for _, k := range []struct{ name, column, value, match string }{
		{"phone", "phone", phone, "phone = ?"},
		{"e-mail", "email", email, "lower(email) = lower(?)"},
	} {
		if k.value == "" {
			continue
		}
		set = append(set, k.name)
		others, err := takeContact(ctx, tx, k.column, k.match, k.value, iin)
		if err != nil {
			return nil, nil, err
		}
		for _, other := range others {
			ev.IIN, ev.Detail = other, k.name+" removed: "+why
			if err := insertEvent(ctx, tx, ev); err != nil {
				return nil, nil, err
			}
			if !slices.Contains(released, other) {
				released = append(released, other)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE depositors SET `+k.column+` = ? WHERE iin = ?`, k.value, iin); err != nil {
			return nil, nil, fmt.Errorf("store: set %s: %w", k.name, err)
		}
	}
	return set, released, nil
}

// takeContact clears column on every person but iin whose value matches
// (match is the WHERE condition on the value) and returns their IINs.
func takeContact(ctx context.Context, tx *sql.Tx, column, match, value, iin string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE depositors SET `+column+` = NULL
		WHERE iin <> ? AND `+match+` RETURNING iin`, iin, value)
	if err != nil {
		return nil, fmt.Errorf("store: take %s: %w", column, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return nil, fmt.Errorf("store: take %s: %w", column, err)
		}
		out = append(out, other)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: take %s: %w", column, err)
	}
	return out, nil
}

// DayBooking is a booking with the depositor's name, for the office.
type DayBooking struct {
	Booking
	Surname, GivenName, Patronymic string
}

// DayBookings returns the bookings of day (the fund's date, YYYY-MM-DD)
// at office officeID (0: every office), cancelled ones included, by
// start time, office and window.
func (s *Store) DayBookings(ctx context.Context, day string, officeID int64) ([]DayBooking, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT b.`+strings.ReplaceAll(bookingColumns, ", ", ", b.")+`,
			d.surname, d.given_name, d.patronymic
		FROM bookings b JOIN depositors d ON d.iin = b.iin
		WHERE b.day = ? AND (? = 0 OR b.office_id = ?)
		ORDER BY b.start_at, b.office_id, b.place, b.id`, day, officeID, officeID)
	if err != nil {
		return nil, fmt.Errorf("store: day bookings: %w", err)
	}
	defer rows.Close()
	var out []DayBooking
	for rows.Next() {
		var db DayBooking
		db.Booking, err = scanBooking(withExtra{rows, []any{&db.Surname, &db.GivenName, &db.Patronymic}})
		if err != nil {
			return nil, fmt.Errorf("store: day bookings: %w", err)
		}
		out = append(out, db)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: day bookings: %w", err)
	}
	return out, nil
}

// withExtra scans a row whose first columns a scan function knows and
// whose last ones go to extra.
type withExtra struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
