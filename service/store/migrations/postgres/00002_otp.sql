-- Kabinet schema, version 2: one-time-password requests of registration and
-- password recovery.
--
-- A row is one request ("start") of a flow. Every start is recorded, also
-- those refused because the details matched no one (decoy rows, dead from
-- the start), so that the per-IIN limit counts them all and an answer costs
-- the same work whether or not the IIN has an account.
--
-- Neither the request id nor the code is stored: id_hash is the SHA-256 of
-- the id, code_hash an HMAC-SHA256 of the code keyed with the service's
-- secret (meta key 'otp_secret').

-- +goose Up
CREATE TABLE otp_requests (
    id_hash      BYTEA PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('registration', 'reset')),
    iin          TEXT NOT NULL,                        -- no foreign key: decoy rows name unknown IINs
    channel      TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'sms', 'email')),
    contact      TEXT NOT NULL DEFAULT '',             -- normalised phone or e-mail the code went to
    code_hash    BYTEA,                                 -- NULL until a code is sent
    sends        BIGINT NOT NULL DEFAULT 0,           -- codes sent (first send and resends)
    failures     BIGINT NOT NULL DEFAULT 0,           -- wrong codes entered, over the whole request
    created_at   TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ,
    expires_at   TIMESTAMPTZ,                             -- end of the current code
    resend_after TIMESTAMPTZ,
    used_at      TIMESTAMPTZ,                             -- the code was accepted: the request is done
    dead_at      TIMESTAMPTZ,                             -- refused, too many failures or resends
    dead_reason  TEXT,
    client       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX otp_requests_iin ON otp_requests (iin, purpose, created_at);
CREATE INDEX otp_requests_created ON otp_requests (created_at);

-- +goose Down
DROP TABLE otp_requests;
