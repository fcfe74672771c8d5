package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Security events of the office queue booking.
const (
	EventBookingCreated   = "booking_created"
	EventBookingCancelled = "booking_cancelled"
)

// Errors of Book and CancelBooking.
var (
	// ErrSlotTaken: every place of the slot is booked.
	ErrSlotTaken = errors.New("store: slot taken")
	// ErrBookingLimit: the depositor already holds an active booking that day.
	ErrBookingLimit = errors.New("store: one booking a day")
	// ErrBookingStarted: the booking's slot has begun, it cannot be cancelled.
	ErrBookingStarted = errors.New("store: booking already started")
)

// OfficeHours are the working hours of one ISO weekday (1 = Monday).
type OfficeHours struct {
	Weekday            int
	Opens, Closes      string // HH:MM
	BreakFrom, BreakTo string // "" when no break
}

// Office is a service office.
type Office struct {
	ID          int64
	City        string
	Name        string
	Address     string
	Phone       string
	Windows     int
	SlotMinutes int
	Code        string // ticket letter
	Hours       []OfficeHours
	// Texts are the city, name and address in other languages ("kk",
	// "en"); the fields above are Russian.
	Texts map[string]OfficeText
}

// OfficeText is an office's city, name and address in one language.
type OfficeText struct {
	City, Name, Address string
}

// DayOff is a public holiday on which every office is closed.
type DayOff struct {
	Date string // YYYY-MM-DD
	Name string // Russian
	// NameKK and NameEN are the name in Kazakh and English ("" unknown).
	NameKK, NameEN string
}

// SeedOffices inserts offices with their hours and the days off in one
// transaction, only if there is no office yet; it reports whether it did.
func (s *Store) SeedOffices(ctx context.Context, offices []Office, daysOff []DayOff) (bool, error) {
	seeded := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM offices)`).Scan(&exists); err != nil {
			return fmt.Errorf("store: seed offices: %w", err)
		}
		if exists {
			return nil
		}
		for _, o := range offices {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO offices (city, name, address, phone, windows, slot_minutes, code)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				o.City, o.Name, o.Address, o.Phone, o.Windows, o.SlotMinutes, o.Code).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: seed office %s: %w", o.Name, err)
			}
			for code, t := range o.Texts {
				if _, err := tx.ExecContext(ctx, `INSERT INTO office_texts (office_id, lang, city, name, address)
					VALUES (?, ?, ?, ?, ?)`, id, code, t.City, t.Name, t.Address); err != nil {
					return fmt.Errorf("store: seed office %s texts: %w", o.Name, err)
				}
			}
			for _, h := range o.Hours {
				if _, err := tx.ExecContext(ctx, `INSERT INTO office_hours (office_id, weekday, opens, closes, break_from, break_to)
					VALUES (?, ?, ?, ?, ?, ?)`, id, h.Weekday, h.Opens, h.Closes, h.BreakFrom, h.BreakTo); err != nil {
					return fmt.Errorf("store: seed office %s hours: %w", o.Name, err)
				}
			}
		}
		for _, d := range daysOff {
			if _, err := tx.ExecContext(ctx, `INSERT INTO days_off (date, name, name_kk, name_en) VALUES (?, ?, ?, ?) ON CONFLICT (date) DO NOTHING`,
				d.Date, d.Name, d.NameKK, d.NameEN); err != nil {
				return fmt.Errorf("store: seed days off: %w", err)
			}
		}
		seeded = true
		return nil
	})
	return seeded, err
}

const officeColumns = `id, city, name, address, phone, windows, slot_minutes, code`

func scanOffice(row interface{ Scan(...any) error }) (Office, error) {
	var o Office
	err := row.Scan(&o.ID, &o.City, &o.Name, &o.Address, &o.Phone, &o.Windows, &o.SlotMinutes, &o.Code)
	return o, err
}

// Offices returns every office with its hours, by city and name.
func (s *Store) Offices(ctx context.Context) ([]Office, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT `+officeColumns+` FROM offices ORDER BY city, name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: offices: %w", err)
	}
	var out []Office
	for rows.Next() {
		o, err := scanOffice(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: offices: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: offices: %w", err)
	}
	hours, err := s.officeHours(ctx, 0)
	if err != nil {
		return nil, err
	}
	texts, err := s.officeTexts(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Hours = hours[out[i].ID]
		out[i].Texts = texts[out[i].ID]
	}
	return out, nil
}

// Office returns one office with its hours, or ErrNotFound.
func (s *Store) Office(ctx context.Context, id int64) (Office, error) {
	o, err := scanOffice(s.rd.QueryRowContext(ctx, `SELECT `+officeColumns+` FROM offices WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Office{}, ErrNotFound
	}
	if err != nil {
		return Office{}, fmt.Errorf("store: office %d: %w", id, err)
	}
	hours, err := s.officeHours(ctx, id)
	if err != nil {
		return Office{}, err
	}
	o.Hours = hours[id]
	texts, err := s.officeTexts(ctx, id)
	if err != nil {
		return Office{}, err
	}
	o.Texts = texts[id]
	return o, nil
}

// officeTexts returns the texts of office id (0: of all offices) by office
// and language.
func (s *Store) officeTexts(ctx context.Context, id int64) (map[int64]map[string]OfficeText, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT office_id, lang, city, name, address
		FROM office_texts WHERE ? = 0 OR office_id = ?`, id, id)
	if err != nil {
		return nil, fmt.Errorf("store: office texts: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]OfficeText{}
	for rows.Next() {
		var oid int64
		var code string
		var t OfficeText
		if err := rows.Scan(&oid, &code, &t.City, &t.Name, &t.Address); err != nil {
			return nil, fmt.Errorf("store: office texts: %w", err)
		}
		if out[oid] == nil {
			out[oid] = map[string]OfficeText{}
		}
		out[oid][code] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: office texts: %w", err)
	}
	return out, nil
}

// officeHours returns the hours of office id (0: of all offices) by office.
func (s *Store) officeHours(ctx context.Context, id int64) (map[int64][]OfficeHours, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT office_id, weekday, opens, closes, break_from, break_to
		FROM office_hours WHERE ? = 0 OR office_id = ? ORDER BY office_id, weekday`, id, id)
	if err != nil {
		return nil, fmt.Errorf("store: office hours: %w", err)
	}
	defer rows.Close()
	out := map[int64][]OfficeHours{}
	for rows.Next() {
		var oid int64
		var h OfficeHours
		if err := rows.Scan(&oid, &h.Weekday, &h.Opens, &h.Closes, &h.BreakFrom, &h.BreakTo); err != nil {
			return nil, fmt.Errorf("store: office hours: %w", err)
		}
		out[oid] = append(out[oid], h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: office hours: %w", err)
	}
	return out, nil
}

// DayOffOn tells whether date (YYYY-MM-DD) is a public holiday, with its
// names.
func (s *Store) DayOffOn(ctx context.Context, date string) (DayOff, bool, error) {
	d := DayOff{Date: date}
	err := s.rd.QueryRowContext(ctx, `SELECT name, name_kk, name_en FROM days_off WHERE date = ?`, date).
		Scan(&d.Name, &d.NameKK, &d.NameEN)
	if errors.Is(err, sql.ErrNoRows) {
		return DayOff{}, false, nil
	}
	if err != nil {
		return DayOff{}, false, fmt.Errorf("store: days off: %w", err)
	}
	return d, true, nil
}

// BookedPlaces counts the active bookings of office by slot start for
// the slots starting in [from, to).
func (s *Store) BookedPlaces(ctx context.Context, officeID int64, from, to time.Time) (map[time.Time]int, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT start_at, count(*) FROM bookings
		WHERE office_id = ? AND start_at >= ? AND start_at < ? AND cancelled_at IS NULL GROUP BY start_at`,
		officeID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: booked places: %w", err)
	}
	defer rows.Close()
	out := map[time.Time]int{}
	for rows.Next() {
		var t time.Time
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, fmt.Errorf("store: booked places: %w", err)
		}
		out[t.UTC()] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: booked places: %w", err)
	}
	return out, nil
}

// Booking is a booking of a place in an office's slot.
type Booking struct {
	ID          int64
	OfficeID    int64
	IIN         string
	Service     string
	Start, End  time.Time // UTC
	Place       int
	Day         string // the fund's date of Start
	Ticket      string
	CreatedAt   time.Time
	CancelledAt time.Time // zero while active
}

// NewBooking is what Book needs: the slot (already checked against the
// office's hours by the caller), who and why.
type NewBooking struct {
	Office     Office
	IIN        string
	Service    string
	Start, End time.Time
	Day        string
	At         time.Time
	Client     string
}

const bookingColumns = `id, office_id, iin, service, start_at, end_at, place, day, ticket, created_at, cancelled_at`

func scanBooking(row interface{ Scan(...any) error }) (Booking, error) {
	var b Booking
	var cancelled sql.NullTime
	err := row.Scan(&b.ID, &b.OfficeID, &b.IIN, &b.Service, &b.Start, &b.End, &b.Place, &b.Day, &b.Ticket, &b.CreatedAt, &cancelled)
	b.Start, b.End, b.CreatedAt = b.Start.UTC(), b.End.UTC(), b.CreatedAt.UTC()
	if cancelled.Valid {
		b.CancelledAt = cancelled.Time.UTC()
	}
	return b, err
}

// Book takes the first free place of the slot in one transaction and
// writes a security event. It fails with ErrSlotTaken when every place is
// booked and with ErrBookingLimit when the depositor already holds an
// active booking that day. The unique indexes of the bookings table make
// both rules hold even if two writers raced past the checks.
func (s *Store) Book(ctx context.Context, nb NewBooking) (Booking, error) {
	var b Booking
	// The office day's key covers its places and its ticket numbers (the
	// count of its bookings); the depositor's day, their one booking.
	keys := []string{fmt.Sprintf("office-day/%d/%s", nb.Office.ID, nb.Day), "booking-day/" + nb.IIN + "/" + nb.Day}
	err := s.inTxKeys(ctx, keys, func(tx *sql.Tx) error {
		var held bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM bookings
			WHERE iin = ? AND day = ? AND cancelled_at IS NULL)`, nb.IIN, nb.Day).Scan(&held); err != nil {
			return fmt.Errorf("store: book: %w", err)
		}
		if held {
			return ErrBookingLimit
		}
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM bookings WHERE office_id = ? AND day = ?`,
			nb.Office.ID, nb.Day).Scan(&seq); err != nil {
			return fmt.Errorf("store: book: %w", err)
		}
		ticket := fmt.Sprintf("%03d", seq)
		if nb.Office.Code != "" {
			ticket = nb.Office.Code + "-" + ticket
		}
		start, end, at := nb.Start.UTC(), nb.End.UTC(), nb.At.UTC()
		row := tx.QueryRowContext(ctx, `WITH RECURSIVE places(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM places WHERE n < ?)
			INSERT INTO bookings (office_id, iin, service, start_at, end_at, place, day, ticket, created_at)
			SELECT ?, ?, ?, ?, ?, n, ?, ?, ? FROM places
			WHERE n NOT IN (SELECT place FROM bookings WHERE office_id = ? AND start_at = ? AND cancelled_at IS NULL)
			ORDER BY n LIMIT 1
			RETURNING `+bookingColumns,
			nb.Office.Windows,
			nb.Office.ID, nb.IIN, nb.Service, start, end, nb.Day, ticket, at,
			nb.Office.ID, start)
		var err error
		b, err = scanBooking(row)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrSlotTaken
		case isUnique(err, "bookings.iin"):
			return ErrBookingLimit
		case isUnique(err, "bookings.office_id"):
			return ErrSlotTaken
		case err != nil:
			return fmt.Errorf("store: book: %w", err)
		}
		return insertEvent(ctx, tx, Event{IIN: nb.IIN, Kind: EventBookingCreated, At: at, Client: nb.Client,
			Detail: fmt.Sprintf("office %d, %s, ticket %s", nb.Office.ID, start.Format(time.RFC3339), b.Ticket)})
	})
	return b, err
}

// isUnique tells whether err is a UNIQUE constraint failure naming column
// (e.g. "bookings.iin"): SQLite names the columns, PostgreSQL the index
// (pgUniqueIndex).
func isUnique(err error, column string) bool {
	if err == nil {
		return false
	}
	if msg := err.Error(); strings.Contains(msg, "UNIQUE constraint failed") {
		return strings.Contains(msg, column)
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && slices.Contains(pgUniqueIndex[column], pe.ConstraintName)
}

// pgUniqueIndex are the PostgreSQL unique indexes whose first column is
// the one isUnique is asked about.
var pgUniqueIndex = map[string][]string{
	"bookings.iin":       {"bookings_one_a_day"},
	"bookings.office_id": {"bookings_place", "bookings_ticket"},
}

// Booking returns booking id of iin; ErrNotFound when there is none or it
// is someone else's.
func (s *Store) Booking(ctx context.Context, id int64, iin string) (Booking, error) {
	b, err := scanBooking(s.rd.QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ? AND iin = ?`, id, iin))
	if errors.Is(err, sql.ErrNoRows) {
		return Booking{}, ErrNotFound
	}
	if err != nil {
		return Booking{}, fmt.Errorf("store: booking %d: %w", id, err)
	}
	return b, nil
}

// Bookings returns the bookings of iin, newest slot first, at most limit.
func (s *Store) Bookings(ctx context.Context, iin string, limit int) ([]Booking, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE iin = ?
		ORDER BY start_at DESC, id DESC LIMIT ?`, iin, limit)
	if err != nil {
		return nil, fmt.Errorf("store: bookings: %w", err)
	}
	defer rows.Close()
	var out []Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, fmt.Errorf("store: bookings: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: bookings: %w", err)
	}
	return out, nil
}

// CancelBooking cancels booking id of iin at the moment at and writes a
// security event. ErrNotFound: no such booking of iin; ErrBookingStarted:
// its slot has begun. Cancelling a cancelled booking changes nothing and
// succeeds.
func (s *Store) CancelBooking(ctx context.Context, id int64, iin string, at time.Time, client string) (Booking, error) {
	var b Booking
	err := s.inTxKeys(ctx, []string{fmt.Sprintf("booking/%d", id)}, func(tx *sql.Tx) error {
		var err error
		b, err = scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE id = ? AND iin = ?`, id, iin))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: cancel booking: %w", err)
		}
		if !b.CancelledAt.IsZero() {
			return nil
		}
		if !at.Before(b.Start) {
			return ErrBookingStarted
		}
		b.CancelledAt = at.UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE bookings SET cancelled_at = ? WHERE id = ?`, b.CancelledAt, id); err != nil {
			return fmt.Errorf("store: cancel booking: %w", err)
		}
		return insertEvent(ctx, tx, Event{IIN: iin, Kind: EventBookingCancelled, At: b.CancelledAt, Client: client,
			Detail: fmt.Sprintf("office %d, %s, ticket %s", b.OfficeID, b.Start.Format(time.RFC3339), b.Ticket)})
	})
	return b, err
}
