-- Certificate revocation lists shared by the kabinetd instances on one
-- database (issue 10): one row per CRL address, fetched once across the
-- instances (on demand the first time, then by the one instance holding
-- the lease 'crl_refresh' every --crl-refresh) and read by all of them.
-- Moments are Unix milliseconds, 0 for none.
--
-- der: the list as downloaded (DER), NULL until a download succeeded;
-- issuer: the certificate (DER) of the CA that signed it, against which
-- the next download is checked before it replaces this one;
-- this_update_ms, next_update_ms: the list's own dates;
-- fetched_ms: when der was downloaded; tried_ms and last_error: the latest
-- attempt ('' when it succeeded: a failed one keeps der);
-- claim_holder, claim_until_ms: the instance downloading it now (the
-- others wait for it instead of downloading it too).

-- +goose Up
CREATE TABLE crls (
    url            TEXT PRIMARY KEY,
    der            BYTEA,
    issuer         BYTEA,
    this_update_ms BIGINT NOT NULL DEFAULT 0,
    next_update_ms BIGINT NOT NULL DEFAULT 0,
    fetched_ms     BIGINT NOT NULL DEFAULT 0,
    tried_ms       BIGINT NOT NULL DEFAULT 0,
    last_error     TEXT NOT NULL DEFAULT '',
    claim_holder   TEXT NOT NULL DEFAULT '',
    claim_until_ms BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE crls;
