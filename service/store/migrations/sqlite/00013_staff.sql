-- Office staff workstation: when an office last confirmed a depositor's
-- contacts in person, and which employee did (the memo's «подтвердить
-- реквизит в отделении»). A confirmed contact is taken off every other
-- person, so it is no longer shared. The day's bookings of all offices
-- are listed by day.

-- +goose Up
ALTER TABLE depositors ADD COLUMN contacts_confirmed_at DATETIME;
ALTER TABLE depositors ADD COLUMN contacts_confirmed_by TEXT;   -- IIN of the staff member
CREATE INDEX bookings_day_start ON bookings (day, start_at);

-- +goose Down
DROP INDEX bookings_day_start;
ALTER TABLE depositors DROP COLUMN contacts_confirmed_by;
ALTER TABLE depositors DROP COLUMN contacts_confirmed_at;
