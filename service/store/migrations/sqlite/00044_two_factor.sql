-- Two-factor login (issue 14): a second step after the password.
--
-- otp_requests gains two purposes, 'login' (the second step of one
-- password login: the challenge is the request, its id goes only to the
-- client that gave the right password) and 'two_factor_setup' (turning
-- the second step on or changing its method, confirmed by a first code),
-- the channel 'totp' (an authenticator app: no code is sent, code_hash
-- stays NULL) and the column secret: the sealed TOTP secret of a setup
-- not confirmed yet. SQLite cannot change a CHECK in place, so the table
-- is rebuilt with its rows.
--
-- two_factor is a person's second step once confirmed: the method, the
-- confirmed contact codes go to (sms/email), or the TOTP secret sealed
-- with AES-256-GCM (never in clear; see service/twofactor.go) and the
-- last time step accepted, so that a TOTP code is accepted once.
-- recovery_codes keeps HMAC-SHA256 hashes of the one-time recovery codes.

-- +goose Up
CREATE TABLE otp_requests_new (
    id_hash      BLOB PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('registration', 'reset', 'login', 'two_factor_setup')),
    iin          TEXT NOT NULL,
    channel      TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'sms', 'email', 'totp')),
    contact      TEXT NOT NULL DEFAULT '',
    code_hash    BLOB,
    sends        INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    created_at   DATETIME NOT NULL,
    sent_at      DATETIME,
    expires_at   DATETIME,
    resend_after DATETIME,
    used_at      DATETIME,
    dead_at      DATETIME,
    dead_reason  TEXT,
    client       TEXT NOT NULL DEFAULT '',
    secret       BLOB                                  -- sealed TOTP secret of a two_factor_setup
) WITHOUT ROWID;
INSERT INTO otp_requests_new (id_hash, purpose, iin, channel, contact, code_hash, sends, failures,
    created_at, sent_at, expires_at, resend_after, used_at, dead_at, dead_reason, client)
  SELECT id_hash, purpose, iin, channel, contact, code_hash, sends, failures,
    created_at, sent_at, expires_at, resend_after, used_at, dead_at, dead_reason, client FROM otp_requests;
DROP TABLE otp_requests;
ALTER TABLE otp_requests_new RENAME TO otp_requests;
CREATE INDEX otp_requests_iin ON otp_requests (iin, purpose, created_at);
CREATE INDEX otp_requests_created ON otp_requests (created_at);

CREATE TABLE two_factor (
    iin            TEXT PRIMARY KEY REFERENCES depositors (iin),
    method         TEXT NOT NULL CHECK (method IN ('sms', 'email', 'totp')),
    contact        TEXT NOT NULL DEFAULT '',           -- sms/email: where codes go
    totp_secret    BLOB,                               -- totp: sealed secret
    totp_last_step INTEGER NOT NULL DEFAULT 0,         -- totp: last accepted time step (no replay)
    enabled_at     DATETIME NOT NULL
) WITHOUT ROWID;

CREATE TABLE recovery_codes (
    iin        TEXT NOT NULL REFERENCES depositors (iin),
    code_hash  BLOB NOT NULL,                          -- HMAC-SHA256 keyed with the service secret
    created_at DATETIME NOT NULL,
    used_at    DATETIME,
    PRIMARY KEY (iin, code_hash)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE recovery_codes;
DROP TABLE two_factor;
DELETE FROM otp_requests WHERE purpose IN ('login', 'two_factor_setup');
CREATE TABLE otp_requests_old (
    id_hash      BLOB PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('registration', 'reset')),
    iin          TEXT NOT NULL,
    channel      TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'sms', 'email')),
    contact      TEXT NOT NULL DEFAULT '',
    code_hash    BLOB,
    sends        INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    created_at   DATETIME NOT NULL,
    sent_at      DATETIME,
    expires_at   DATETIME,
    resend_after DATETIME,
    used_at      DATETIME,
    dead_at      DATETIME,
    dead_reason  TEXT,
    client       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO otp_requests_old SELECT id_hash, purpose, iin, channel, contact, code_hash, sends, failures,
    created_at, sent_at, expires_at, resend_after, used_at, dead_at, dead_reason, client FROM otp_requests;
DROP TABLE otp_requests;
ALTER TABLE otp_requests_old RENAME TO otp_requests;
CREATE INDEX otp_requests_iin ON otp_requests (iin, purpose, created_at);
CREATE INDEX otp_requests_created ON otp_requests (created_at);
