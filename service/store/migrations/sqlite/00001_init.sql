-- Kabinet schema, version 1: depositors and their pension accounts, the
-- transactions of the accounts, sessions, login failures and security events.
--
-- Conventions: dates are TEXT 'YYYY-MM-DD' (periods 'YYYY-MM'); moments are
-- DATETIME columns written by the driver in UTC (_time_format=sqlite), so
-- they compare as text and scan into time.Time; money is INTEGER tiyn.

-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE depositors (
    iin                 TEXT PRIMARY KEY CHECK (length(iin) = 12),
    surname             TEXT NOT NULL,
    given_name          TEXT NOT NULL,
    patronymic          TEXT NOT NULL DEFAULT '',
    birth_date          TEXT NOT NULL,                 -- YYYY-MM-DD
    sex                 TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    phone               TEXT,                          -- 11 digits, 7XXXXXXXXXX
    email               TEXT,                          -- normalised, lower-case domain
    disability          TEXT NOT NULL DEFAULT '' CHECK (disability IN ('', '1', '2', '3')),
    disability_for_life INTEGER NOT NULL DEFAULT 0 CHECK (disability_for_life IN (0, 1)),
    role                TEXT NOT NULL DEFAULT 'depositor' CHECK (role IN ('depositor', 'staff')),
    password_hash       TEXT,                          -- argon2id PHC string; NULL = not registered in the cabinet
    password_changed_at DATETIME,
    last_login_at       DATETIME,
    created_at          DATETIME NOT NULL
);
CREATE INDEX depositors_phone ON depositors (phone) WHERE phone IS NOT NULL;
CREATE INDEX depositors_email ON depositors (email) WHERE email IS NOT NULL;

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    depositor_iin TEXT NOT NULL REFERENCES depositors (iin),
    type          TEXT NOT NULL CHECK (type IN ('OPV', 'OPPV', 'DPV')),
    number        TEXT NOT NULL UNIQUE,
    opened_at     TEXT NOT NULL,                       -- YYYY-MM-DD
    UNIQUE (depositor_iin, type)
);

CREATE TABLE transactions (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    date          TEXT NOT NULL,                       -- YYYY-MM-DD, when booked
    kind          TEXT NOT NULL CHECK (kind IN ('contribution', 'investment_income', 'commission', 'payment', 'transfer')),
    amount        INTEGER NOT NULL,                    -- tiyn, signed: commission and payments are negative
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    period        TEXT,                                -- YYYY-MM the contribution is for
    payer_name    TEXT,
    payer_bin     TEXT
);
-- Statements page through an account by date; the balance is the last row.
CREATE INDEX transactions_account_date ON transactions (account_id, date, id);

CREATE TABLE sessions (
    token_hash        BLOB PRIMARY KEY,                -- SHA-256 of the token; the token itself is never stored
    iin               TEXT NOT NULL REFERENCES depositors (iin),
    method            TEXT NOT NULL DEFAULT 'password',
    created_at        DATETIME NOT NULL,
    last_seen_at      DATETIME NOT NULL,
    expires_at        DATETIME NOT NULL,               -- absolute end
    ended_at          DATETIME,
    end_reason        TEXT,                            -- logout | idle | expired
    previous_login_at DATETIME,                        -- the depositor's login before this one
    client            TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_iin ON sessions (iin, created_at);

-- Failed logins per IIN, known or not (so answers do not tell them apart).
CREATE TABLE login_failures (
    iin            TEXT PRIMARY KEY,
    failed_count   INTEGER NOT NULL DEFAULT 0,
    last_failed_at DATETIME,
    locked_until   DATETIME
);

CREATE TABLE security_events (
    id     INTEGER PRIMARY KEY,
    iin    TEXT,                                       -- no foreign key: unknown IINs are recorded too
    kind   TEXT NOT NULL,
    at     DATETIME NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''                    -- never a secret
);
CREATE INDEX security_events_iin_at ON security_events (iin, at);

-- +goose Down
DROP TABLE security_events;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE transactions;
DROP TABLE accounts;
DROP TABLE depositors;
DROP TABLE meta;
