// Package store is the SQLite storage of the Kabinet service: one file
// opened through modernc.org/sqlite (pure Go, no cgo), a schema kept by
// embedded goose migrations, and typed queries for the service.
//
// Every moment is written in UTC; dates are 'YYYY-MM-DD' text; money is
// integer tiyn. New tables and columns go into a new file in migrations/
// (00002_....sql, with "-- +goose Up" and "-- +goose Down" sections); they
// are applied in order the next time the service opens the file.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the name of the database file inside the data directory.
const FileName = "kabinet.db"

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is the service's database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// dsnPragmas configure every pooled connection (a PRAGMA run with Exec
// would configure one connection only): wait up to 5 s for a lock, WAL
// journal, foreign keys on, times written in SQLite's own format, and
// transactions that take the write lock when they begin, so two writers
// wait for each other instead of failing with SQLITE_BUSY.
const dsnPragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_time_format=sqlite&_txlock=immediate"

// Open opens (creating if needed) the database in dir and migrates it to
// the latest schema. The directory is created with mode 0700 and the file
// is made readable by its owner only.
func Open(ctx context.Context, dir string, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if dir == "" {
		return nil, errors.New("store: no data directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Create the file ourselves so that it never exists with a wider mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("store: open database file: %w", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: dsnPragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx, logger); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the embedded migrations that the file does not have yet.
func (s *Store) migrate(ctx context.Context, logger *slog.Logger) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, sub,
		goose.WithDisableGlobalRegistry(true),
		// Features land in parallel with their own migration numbers
		// (00002 OTP was merged after 00010 booking): apply a missing
		// older migration instead of refusing to start.
		goose.WithAllowOutofOrder(true),
	)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", s.path, err)
	}
	for _, r := range results {
		logger.LogAttrs(ctx, slog.LevelInfo, "migration applied",
			slog.Int64("version", r.Source.Version),
			slog.Duration("took", r.Duration))
	}
	return nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// inTx runs fn in a transaction (BEGIN IMMEDIATE, see dsnPragmas),
// committing when it returns nil and rolling back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}
