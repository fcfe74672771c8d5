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
	"runtime"

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
//
// It holds two pools on the same database: wr, the writer, through which
// every write and every read-modify-write transaction goes, and rd, the
// readers, for plain queries and read-only transactions. With SQLite the
// writer is one connection (SQLite lets one writer in at a time: queueing
// writers in Go, instead of in SQLite's busy handler, means no
// SQLITE_BUSY under any load and no fsync storm), and the readers are a
// pool of query-only connections that never wait for the writer (WAL).
// A server database (PostgreSQL, later) gives both fields the same pool.
type Store struct {
	wr   *sql.DB
	rd   *sql.DB
	path string
	// stmts are the prepared hot queries of rd (stmts.go).
	stmts stmtCache
}

// dsnPragmas configure every pooled connection (a PRAGMA run with Exec
// would configure one connection only): wait up to 5 s for a lock, WAL
// journal, foreign keys on, times written in SQLite's own format, and
// transactions that take the write lock when they begin, so two writers
// wait for each other instead of failing with SQLITE_BUSY.
const dsnPragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_time_format=sqlite&_txlock=immediate"

// readerPragmas are added for the reader pool: its connections refuse
// writes (a write sent to the wrong pool fails in tests instead of
// racing the writer) and do not fsync on their own (they never commit).
const readerPragmas = "&_pragma=query_only(1)"

// readers is the size of the reader pool: enough connections for every
// core to run a query, with some slack for queries waiting on I/O.
func readers() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

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
	wu := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: dsnPragmas}
	wr, err := sql.Open("sqlite", wu.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One writer connection, kept open: writes queue in database/sql.
	wr.SetMaxOpenConns(1)
	wr.SetMaxIdleConns(1)
	wr.SetConnMaxIdleTime(0)
	s := &Store{wr: wr, path: path}
	if err := s.migrate(ctx, logger); err != nil {
		wr.Close()
		return nil, err
	}
	// The readers open after the migrations, on a file in WAL mode.
	ru := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: dsnPragmas + readerPragmas}
	rd, err := sql.Open("sqlite", ru.String())
	if err != nil {
		wr.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Keep every reader open: opening a SQLite connection parses the
	// schema, and the default of 2 idle connections would make a busy
	// service open and close connections all the time.
	rd.SetMaxOpenConns(readers())
	rd.SetMaxIdleConns(readers())
	rd.SetConnMaxIdleTime(0)
	s.rd = rd
	return s, nil
}

// migrate applies the embedded migrations that the file does not have yet.
func (s *Store) migrate(ctx context.Context, logger *slog.Logger) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.wr, sub,
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
	s.closeStmts()
	err := s.rd.Close()
	if werr := s.wr.Close(); err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// inTx runs fn in a transaction of the writer (BEGIN IMMEDIATE, see
// dsnPragmas), committing when it returns nil and rolling back otherwise.
// fn must use tx only: the writer has one connection, so a call on s.wr
// inside fn would wait for itself.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.wr.BeginTx(ctx, nil)
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
	if err := s.rd.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}
