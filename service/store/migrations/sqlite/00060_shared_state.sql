-- State that several kabinetd instances on one database share (issue 10):
-- what each process used to keep in memory, so that a flow started on
-- one instance ends on another. Moments are Unix milliseconds (BIGINT),
-- compared as numbers on both engines.
--
-- captchas: the «Я не робот» images waiting for an answer: the SHA-256 of
-- the id and an HMAC of the answer (keyed with meta 'secret:captcha'),
-- never the answer. A row is deleted by the first attempt.
-- eds_challenges: single-use login nonces of the EDS login (not secret:
-- only a signature by the holder's key makes one useful).
-- rate_buckets: token buckets of limits that must hold across instances
-- (one-time-password sends per client address), by kind and key.
-- leases: who runs a periodic job (the demo back office) until when.

-- +goose Up
CREATE TABLE captchas (
    id_hash    BLOB PRIMARY KEY,
    answer_sum BLOB NOT NULL,
    expires_ms BIGINT NOT NULL
) WITHOUT ROWID;
CREATE INDEX captchas_expires ON captchas (expires_ms);

CREATE TABLE eds_challenges (
    id         TEXT PRIMARY KEY,
    nonce      BLOB NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL,
    used       BIGINT NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX eds_challenges_created ON eds_challenges (created_ms);

CREATE TABLE rate_buckets (
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    tokens REAL NOT NULL,
    at_ms  BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX rate_buckets_at ON rate_buckets (kind, at_ms);

CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_ms BIGINT NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE leases;
DROP TABLE rate_buckets;
DROP TABLE eds_challenges;
DROP TABLE captchas;
