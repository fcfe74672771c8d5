-- Staff administration (issue 11): an office employee's role and whether
-- the employee was disabled (kabinetd admin staff add|list|disable), and
-- the audit log of every staff action: who, what, when, from where. The
-- log is append-only: the database refuses to change or delete a row.
--
-- Roles: 'applications' (process the queue of applications), 'office'
-- (confirm contacts, see the day's bookings), 'all' (both). A staff
-- member with no row here (made before this version, or the demo's) has
-- 'all'. Moments are Unix ms.

-- +goose Up
CREATE TABLE staff (
    iin         TEXT PRIMARY KEY REFERENCES depositors (iin),
    role        TEXT NOT NULL CHECK (role IN ('applications', 'office', 'all')),
    created_ms  BIGINT NOT NULL,
    disabled_ms BIGINT
);

CREATE TABLE staff_audit (
    id        TEXT PRIMARY KEY,                        -- random, made by the service
    at_ms     BIGINT NOT NULL,
    staff_iin TEXT NOT NULL,                           -- who (or "admin" for the command line)
    action    TEXT NOT NULL,                           -- what: the route or the command
    target    TEXT NOT NULL DEFAULT '',                -- the application id, the depositor's IIN, ...
    client    TEXT NOT NULL DEFAULT '',                -- from where
    outcome   TEXT NOT NULL DEFAULT ''                 -- ok, or the problem code
);
CREATE INDEX staff_audit_at ON staff_audit (at_ms);
CREATE INDEX staff_audit_staff ON staff_audit (staff_iin, at_ms);

-- +goose StatementBegin
CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit BEGIN
    SELECT RAISE(ABORT, 'the staff audit log cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit BEGIN
    SELECT RAISE(ABORT, 'the staff audit log cannot be changed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER staff_audit_no_delete;
DROP TRIGGER staff_audit_no_update;
DROP TABLE staff_audit;
DROP TABLE staff;
