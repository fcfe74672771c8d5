-- Office queue booking: the fund's service offices, their hours and days
-- off, and the depositors' bookings of a slot.
--
-- A slot of an office is (office_id, start_at); it has `windows` places, one
-- per service window. A place is never booked twice: the partial unique
-- index bookings_place allows one active booking per (office, start_at,
-- place), and the insert picks the first free place inside one
-- transaction. A depositor holds at most one active booking a day
-- (bookings_one_a_day). Cancelled bookings keep their row and free the
-- place.

-- +goose Up
CREATE TABLE offices (
    id           INTEGER PRIMARY KEY,
    city         TEXT NOT NULL,
    name         TEXT NOT NULL,
    address      TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    windows      INTEGER NOT NULL CHECK (windows BETWEEN 1 AND 50),
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    code         TEXT NOT NULL DEFAULT ''                -- letter of its tickets, e.g. 'A'
);

-- Working hours by ISO weekday (1 = Monday .. 7 = Sunday), 'HH:MM' in the
-- fund's time zone; a weekday without a row is a day off.
CREATE TABLE office_hours (
    office_id  INTEGER NOT NULL REFERENCES offices (id),
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens      TEXT NOT NULL,
    closes     TEXT NOT NULL CHECK (closes > opens),
    break_from TEXT NOT NULL DEFAULT '',
    break_to   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office_id, weekday)
) WITHOUT ROWID;

-- Public holidays (all offices closed), 'YYYY-MM-DD'.
CREATE TABLE days_off (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE bookings (
    id           INTEGER PRIMARY KEY,
    office_id    INTEGER NOT NULL REFERENCES offices (id),
    iin          TEXT NOT NULL REFERENCES depositors (iin),
    service      TEXT NOT NULL,
    start_at     DATETIME NOT NULL,                      -- UTC
    end_at       DATETIME NOT NULL,
    place        INTEGER NOT NULL CHECK (place >= 1),   -- the window, 1..offices.windows
    day          TEXT NOT NULL,                          -- the fund's date of start, YYYY-MM-DD
    ticket       TEXT NOT NULL,                          -- e.g. 'A-007', unique per office and day
    created_at   DATETIME NOT NULL,
    cancelled_at DATETIME
);
CREATE UNIQUE INDEX bookings_place ON bookings (office_id, start_at, place) WHERE cancelled_at IS NULL;
CREATE UNIQUE INDEX bookings_one_a_day ON bookings (iin, day) WHERE cancelled_at IS NULL;
CREATE UNIQUE INDEX bookings_ticket ON bookings (office_id, day, ticket);
CREATE INDEX bookings_iin_start ON bookings (iin, start_at);

-- +goose Down
DROP TABLE bookings;
DROP TABLE days_off;
DROP TABLE office_hours;
DROP TABLE offices;
