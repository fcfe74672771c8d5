package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// OpenSide opens (creating if needed) another SQLite file called name in
// dir, with the same pragmas as the store's own file and mode 0600. It
// keeps data apart from kabinet.db: the demo message outbox, whose
// messages hold one-time passwords in clear, lives in such a file so
// that the main database never holds a code.
func OpenSide(dir, name string) (*sql.DB, error) {
	if dir == "" || name == "" || name == FileName || strings.ContainsAny(name, `/\`) {
		return nil, errors.New("store: bad side database name")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: dsnPragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	return db, nil
}
