-- kabinetd admin import (issue 11): a transaction loaded from the fund's
-- files keeps the fund's own unique id, so that a re-run of the same file
-- finds it and changes nothing. Transactions made by the service itself
-- (ДПВ orders, executed payments) have none.

-- +goose Up
ALTER TABLE transactions ADD COLUMN ext_id TEXT;
CREATE UNIQUE INDEX transactions_ext_id ON transactions (ext_id);

-- +goose Down
DROP INDEX transactions_ext_id;
ALTER TABLE transactions DROP COLUMN ext_id;
