-- Kazakh and English names of the offices and holidays (the base columns
-- are Russian): an office's city, name and address per language, and a
-- holiday's name. A missing text falls back to Russian.

-- +goose Up
CREATE TABLE office_texts (
    office_id INTEGER NOT NULL REFERENCES offices (id),
    lang      TEXT NOT NULL CHECK (lang IN ('kk', 'en')),
    city      TEXT NOT NULL,
    name      TEXT NOT NULL,
    address   TEXT NOT NULL,
    PRIMARY KEY (office_id, lang)
) WITHOUT ROWID;

ALTER TABLE days_off ADD COLUMN name_kk TEXT NOT NULL DEFAULT '';
ALTER TABLE days_off ADD COLUMN name_en TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE days_off DROP COLUMN name_en;
ALTER TABLE days_off DROP COLUMN name_kk;
DROP TABLE office_texts;
