-- Running totals of each account's transactions by kind, kept by triggers,
-- so that GET /api/v1/accounts (the home screen after every login) reads a
-- handful of rows instead of summing the whole history: at 100,000
-- transactions that sum took ~50 ms (service/BENCH.md). A statement
-- summary of an account's whole history reads them too. Every writer of
-- transactions (seed, ДПВ orders, executed payments, ...) keeps the totals
-- right without knowing of them.

-- +goose Up
CREATE TABLE account_sums (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    kind       TEXT NOT NULL,
    total      INTEGER NOT NULL, -- SUM(amount)
    n          INTEGER NOT NULL, -- COUNT(*)
    PRIMARY KEY (account_id, kind)
) WITHOUT ROWID;

INSERT INTO account_sums (account_id, kind, total, n)
    SELECT account_id, kind, SUM(amount), COUNT(*) FROM transactions WHERE true GROUP BY account_id, kind;

-- +goose StatementBegin
CREATE TRIGGER account_sums_insert AFTER INSERT ON transactions BEGIN
    INSERT INTO account_sums (account_id, kind, total, n) VALUES (NEW.account_id, NEW.kind, NEW.amount, 1)
        ON CONFLICT (account_id, kind) DO UPDATE SET total = total + excluded.total, n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER account_sums_delete AFTER DELETE ON transactions BEGIN
    UPDATE account_sums SET total = total - OLD.amount, n = n - 1 WHERE account_id = OLD.account_id AND kind = OLD.kind;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER account_sums_update AFTER UPDATE OF account_id, kind, amount ON transactions BEGIN
    UPDATE account_sums SET total = total - OLD.amount, n = n - 1 WHERE account_id = OLD.account_id AND kind = OLD.kind;
    INSERT INTO account_sums (account_id, kind, total, n) VALUES (NEW.account_id, NEW.kind, NEW.amount, 1)
        ON CONFLICT (account_id, kind) DO UPDATE SET total = total + excluded.total, n = n + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER account_sums_update;
DROP TRIGGER account_sums_delete;
DROP TRIGGER account_sums_insert;
DROP TABLE account_sums;
