-- One signed document is filed at most once per depositor, whatever the
-- Idempotency-Key: CreateApplication looks the document up by its hash
-- inside its (immediate) transaction. Not UNIQUE, so that a database
-- that already holds a duplicate still migrates.

-- +goose Up
CREATE INDEX applications_document ON applications (iin, document_sha256);

-- +goose Down
DROP INDEX applications_document;
