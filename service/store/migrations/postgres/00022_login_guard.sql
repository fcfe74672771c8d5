-- Failed logins per IIN and client, and per IIN across all clients (the
-- row with client ''), replacing login_failures (per IIN only, which let
-- anyone lock any IIN). A client row's locked_until is that client's
-- lock; the IIN row's is the moment before which no attempt for the IIN
-- is taken (growing delays against distributed guessing). Counts decay:
-- one failure is forgotten per 15 minutes without one.

-- +goose Up
CREATE TABLE login_guard (
    iin            TEXT NOT NULL,
    client         TEXT NOT NULL,
    failed_count   BIGINT NOT NULL DEFAULT 0,
    last_failed_at TIMESTAMPTZ,
    locked_until   TIMESTAMPTZ,
    PRIMARY KEY (iin, client)
);
INSERT INTO login_guard (iin, client, failed_count, last_failed_at, locked_until)
    SELECT iin, '', failed_count, last_failed_at, NULL FROM login_failures WHERE last_failed_at IS NOT NULL;

-- +goose Down
DROP TABLE login_guard;
