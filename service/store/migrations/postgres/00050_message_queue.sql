-- Messages to depositors (one-time passwords, "password changed"
-- notices) queued in the database (issue 11): a request puts a row here
-- and tries to send it at once; a worker of any instance sends what is
-- still queued, with exponential backoff, each row claimed under a lease
-- so that one instance sends it. An SMTP or gateway outage delays a code
-- but never loses it; a code is given up when it expires. Subject and
-- body are sealed (AES-GCM, the key of --two-factor-key-file or one kept
-- in meta): a leaked table reveals no code. Moments are Unix ms.

-- +goose Up
CREATE TABLE message_queue (
    id         TEXT PRIMARY KEY,                       -- random, made by the service
    channel    TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sealed     BYTEA NOT NULL,
    status     TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'expired')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL,
    next_ms    BIGINT NOT NULL,                        -- not before: the backoff
    expires_ms BIGINT NOT NULL,                        -- given up after
    holder     TEXT NOT NULL DEFAULT '',               -- instance holding the claim
    lease_ms   BIGINT NOT NULL DEFAULT 0,              -- the claim ends
    done_ms    BIGINT,
    last_error TEXT NOT NULL DEFAULT ''                -- never a message text
);
CREATE INDEX message_queue_due ON message_queue (status, next_ms);

-- +goose Down
DROP TABLE message_queue;
