-- Two-factor login (issue 14): a second step after the password.
--
-- otp_requests gains two purposes, 'login' (the second step of one
-- password login) and 'two_factor_setup' (turning the second step on or
-- changing its method, confirmed by a first code), the channel 'totp' (an
-- authenticator app: no code is sent, code_hash stays NULL) and the column
-- secret: the sealed TOTP secret of a setup not confirmed yet. PostgreSQL
-- changes the CHECKs in place (SQLite rebuilds the table).
--
-- two_factor is a person's second step once confirmed; recovery_codes
-- keeps HMAC-SHA256 hashes of the one-time recovery codes (see the SQLite
-- migration of the same version).

-- +goose Up
ALTER TABLE otp_requests DROP CONSTRAINT otp_requests_purpose_check;
ALTER TABLE otp_requests ADD CONSTRAINT otp_requests_purpose_check
    CHECK (purpose IN ('registration', 'reset', 'login', 'two_factor_setup'));
ALTER TABLE otp_requests DROP CONSTRAINT otp_requests_channel_check;
ALTER TABLE otp_requests ADD CONSTRAINT otp_requests_channel_check
    CHECK (channel IN ('', 'sms', 'email', 'totp'));
ALTER TABLE otp_requests ADD COLUMN secret BYTEA;    -- sealed TOTP secret of a two_factor_setup

CREATE TABLE two_factor (
    iin            TEXT PRIMARY KEY REFERENCES depositors (iin),
    method         TEXT NOT NULL CHECK (method IN ('sms', 'email', 'totp')),
    contact        TEXT NOT NULL DEFAULT '',           -- sms/email: where codes go
    totp_secret    BYTEA,                              -- totp: sealed secret
    totp_last_step BIGINT NOT NULL DEFAULT 0,          -- totp: last accepted time step (no replay)
    enabled_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE recovery_codes (
    iin        TEXT NOT NULL REFERENCES depositors (iin),
    code_hash  BYTEA NOT NULL,                         -- HMAC-SHA256 keyed with the service secret
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (iin, code_hash)
);

-- +goose Down
DROP TABLE recovery_codes;
DROP TABLE two_factor;
DELETE FROM otp_requests WHERE purpose IN ('login', 'two_factor_setup');
ALTER TABLE otp_requests DROP COLUMN secret;
ALTER TABLE otp_requests DROP CONSTRAINT otp_requests_channel_check;
ALTER TABLE otp_requests ADD CONSTRAINT otp_requests_channel_check CHECK (channel IN ('', 'sms', 'email'));
ALTER TABLE otp_requests DROP CONSTRAINT otp_requests_purpose_check;
ALTER TABLE otp_requests ADD CONSTRAINT otp_requests_purpose_check CHECK (purpose IN ('registration', 'reset'));
