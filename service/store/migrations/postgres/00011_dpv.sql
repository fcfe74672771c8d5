-- Voluntary pension contribution orders («Перечислить ДПВ»). An order is
-- confirmed at once in the demo: its contribution is the transaction
-- transaction_id on the depositor's DPV account. (iin, idempotency_key)
-- is unique, so a retried request finds its order instead of paying twice.

-- +goose Up
CREATE TABLE dpv_orders (
    id              TEXT PRIMARY KEY,
    iin             TEXT NOT NULL REFERENCES depositors (iin),
    amount          BIGINT NOT NULL CHECK (amount > 0),
    period          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('paid')),
    created_at      TIMESTAMPTZ NOT NULL,
    receipt         TEXT NOT NULL UNIQUE,
    transaction_id  BIGINT REFERENCES transactions (id),
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dpv_orders_iin ON dpv_orders (iin, created_at);
CREATE UNIQUE INDEX dpv_orders_key ON dpv_orders (iin, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- +goose Down
DROP TABLE dpv_orders;
