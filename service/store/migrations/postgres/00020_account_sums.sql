-- Running totals of each account's transactions by kind, kept by triggers,
-- so that GET /api/v1/accounts (the home screen after every login) reads a
-- handful of rows instead of summing the whole history: at 100,000
-- transactions that sum took ~50 ms (service/BENCH.md). A statement
-- summary of an account's whole history reads them too. Every writer of
-- transactions (seed, ДПВ orders, executed payments, ...) keeps the totals
-- right without knowing of them.

-- +goose Up
CREATE TABLE account_sums (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    kind       TEXT NOT NULL,
    total      BIGINT NOT NULL, -- SUM(amount)
    n          BIGINT NOT NULL, -- COUNT(*)
    PRIMARY KEY (account_id, kind)
);

INSERT INTO account_sums (account_id, kind, total, n)
    SELECT account_id, kind, SUM(amount), COUNT(*) FROM transactions WHERE true GROUP BY account_id, kind;

-- +goose StatementBegin
CREATE FUNCTION account_sums_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE account_sums SET total = total - OLD.amount, n = n - 1
            WHERE account_id = OLD.account_id AND kind = OLD.kind;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO account_sums AS s (account_id, kind, total, n) VALUES (NEW.account_id, NEW.kind, NEW.amount, 1)
            ON CONFLICT (account_id, kind) DO UPDATE SET total = s.total + excluded.total, n = s.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER account_sums_insert AFTER INSERT ON transactions
    FOR EACH ROW EXECUTE FUNCTION account_sums_apply();
CREATE TRIGGER account_sums_delete AFTER DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION account_sums_apply();
CREATE TRIGGER account_sums_update AFTER UPDATE OF account_id, kind, amount ON transactions
    FOR EACH ROW EXECUTE FUNCTION account_sums_apply();

-- +goose Down
DROP TRIGGER account_sums_update ON transactions;
DROP TRIGGER account_sums_delete ON transactions;
DROP TRIGGER account_sums_insert ON transactions;
DROP FUNCTION account_sums_apply();
DROP TABLE account_sums;
