-- Applications («Заявления») signed with the depositor's EDS SIGN key, the
-- history of their statuses, in-app notifications, the investment
-- portfolio managers and the depositor's portfolio and details on record.
--
-- An application keeps the exact signed document bytes and the CMS; the
-- effect columns (account, iban, ..., share_percent) hold what the
-- service read and normalised from the document, so that the store
-- applies an executed application without parsing JSON. Statuses only
-- move forward (store.MoveApplication); every change is a row of
-- application_history with its time and actor. (iin, idempotency_key) is
-- unique, so a retried submit finds its application.

-- +goose Up
CREATE TABLE applications (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,             -- Z-YYYYMMDD-NNNNNN
    iin              TEXT NOT NULL REFERENCES depositors (iin),
    type             TEXT NOT NULL CHECK (type IN ('pension_payment', 'bank_details',
                         'additional_details', 'portfolio_manager', 'cancel_transfer')),
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'processing',
                         'approved', 'rejected', 'executed', 'canceled')),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    document         BLOB NOT NULL,                    -- the signed bytes, exactly
    document_sha256  TEXT NOT NULL,                    -- hex
    signature        BLOB NOT NULL,                    -- CMS, DER
    signer_name      TEXT NOT NULL,
    signer_iin       TEXT NOT NULL,
    signer_serial    TEXT NOT NULL,                    -- hex
    signer_issuer    TEXT NOT NULL,
    signer_not_after DATETIME NOT NULL,
    -- effect, by type
    account          TEXT,                             -- pension_payment: OPV, OPPV, DPV
    basis            TEXT,                             -- pension_payment
    iban             TEXT,                             -- pension_payment, bank_details
    bank_name        TEXT,                             -- bank_details
    address          TEXT,                             -- additional_details
    phone            TEXT,                             -- additional_details, 7XXXXXXXXXX
    email            TEXT,                             -- additional_details, normalised
    manager_id       TEXT,                             -- portfolio_manager
    share_percent    INTEGER CHECK (share_percent IS NULL OR share_percent BETWEEN 1 AND 100),
    target_id        TEXT REFERENCES applications (id), -- cancel_transfer
    transaction_id   INTEGER REFERENCES transactions (id), -- executed pension_payment
    idempotency_key  TEXT,
    request_hash     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_iin ON applications (iin, created_at);
CREATE INDEX applications_status ON applications (status, updated_at);
CREATE UNIQUE INDEX applications_key ON applications (iin, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE application_history (
    id             INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    status         TEXT NOT NULL,
    at             DATETIME NOT NULL,
    actor          TEXT NOT NULL CHECK (actor IN ('depositor', 'back_office', 'staff')),
    actor_name     TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    reason_code    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_history_app ON application_history (application_id, id);

CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    iin            TEXT NOT NULL REFERENCES depositors (iin),
    at             DATETIME NOT NULL,
    kind           TEXT NOT NULL,
    application_id TEXT REFERENCES applications (id),
    status         TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    reason_code    TEXT NOT NULL DEFAULT '',
    read_at        DATETIME
);
CREATE INDEX notifications_iin ON notifications (iin, id);

-- Investment portfolio managers (fictional demo names) and the National
-- Bank. return_last_year is in basis points (1234 = 12.34 %).
CREATE TABLE portfolio_managers (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    return_last_year INTEGER NOT NULL DEFAULT 0,
    national_bank    INTEGER NOT NULL DEFAULT 0 CHECK (national_bank IN (0, 1)),
    position         INTEGER NOT NULL
);
INSERT INTO portfolio_managers (id, name, return_last_year, national_bank, position) VALUES
    ('nbrk',      'Национальный банк (доверительное управление)', 1105, 1, 1),
    ('demo-invest', 'АО «Демо Инвест Капитал»',                  1342, 0, 2),
    ('steppe-am',   'АО «Степной Актив Менеджмент»',              987, 0, 3),
    ('altyn-dala',  'АО «Алтын Дала Инвестиции»',                1218, 0, 4),
    ('nomad-asset', 'АО «Номад Эссет (демо)»',                    764, 0, 5),
    ('zhetisu-demo', 'АО «Жетісу Демо Капитал»',               1029, 0, 6);

-- The depositor's OPV savings by manager; no rows means 100 % with the
-- National Bank.
CREATE TABLE depositor_portfolio (
    iin           TEXT NOT NULL REFERENCES depositors (iin),
    manager_id    TEXT NOT NULL REFERENCES portfolio_managers (id),
    share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 1 AND 100),
    PRIMARY KEY (iin, manager_id)
);

-- Bank and postal details on record (phone and e-mail live on depositors).
CREATE TABLE depositor_details (
    iin        TEXT PRIMARY KEY REFERENCES depositors (iin),
    bank_iban  TEXT NOT NULL DEFAULT '',
    bank_name  TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE depositor_details;
DROP TABLE depositor_portfolio;
DROP TABLE portfolio_managers;
DROP TABLE notifications;
DROP TABLE application_history;
DROP TABLE applications;
