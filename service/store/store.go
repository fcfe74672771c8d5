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
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// migrations holds one set of goose migrations per engine, kept in step
// (same versions and names, TestMigrationsInStep): sqlite/ and postgres/.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
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
	// pg is set on PostgreSQL (OpenPostgres): wr and rd are one pool and
	// write transactions take advisory locks (inTx, inTxKeys, postgres.go).
	pg bool
	// mig is the pool goose works through: wr on SQLite, a pool of plain
	// pgx connections on PostgreSQL (wr's rewrite bools, postgres.go).
	mig *sql.DB
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

// OpenDatabase opens the database kabinetd was given with --database: a
// postgres:// URL is PostgreSQL (OpenPostgres); an empty value is the
// SQLite file in dir (Open); anything else is the path of a SQLite file
// or of a directory to keep kabinet.db in.
func OpenDatabase(ctx context.Context, database, dir string, logger *slog.Logger) (*Store, error) {
	switch {
	case IsPostgresURL(database):
		return OpenPostgres(ctx, database, logger)
	case database == "":
		return Open(ctx, dir, logger)
	}
	if fi, err := os.Stat(database); err == nil && fi.IsDir() {
		return Open(ctx, database, logger)
	}
	if err := os.MkdirAll(filepath.Dir(database), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	return openSQLite(ctx, database, logger)
}

// Open opens (creating if needed) the database in dir and migrates it to
// the latest schema. The directory is created with mode 0700 and the file
// is made readable by its owner only.
func Open(ctx context.Context, dir string, logger *slog.Logger) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store: no data directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	return openSQLite(ctx, filepath.Join(dir, FileName), logger)
}

// openSQLite opens (creating if needed) the SQLite file at path.
func openSQLite(ctx context.Context, path string, logger *slog.Logger) (*Store, error) {
	return openSQLiteMigrate(ctx, path, logger, true)
}

// OpenDatabaseNoMigrate is OpenDatabase without applying migrations
// (kabinetd migrate status).
func OpenDatabaseNoMigrate(ctx context.Context, database, dir string) (*Store, error) {
	switch {
	case IsPostgresURL(database):
		return openPostgres(ctx, database, nil, false)
	case database == "":
		if dir == "" {
			return nil, errors.New("store: no data directory")
		}
		database = filepath.Join(dir, FileName)
	default:
		if fi, err := os.Stat(database); err == nil && fi.IsDir() {
			database = filepath.Join(database, FileName)
		}
	}
	if _, err := os.Stat(database); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return openSQLiteMigrate(ctx, database, nil, false)
}

func openSQLiteMigrate(ctx context.Context, path string, logger *slog.Logger, migrate bool) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
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
	s := &Store{wr: wr, mig: wr, path: path}
	if migrate {
		if err := s.migrate(ctx, logger); err != nil {
			wr.Close()
			return nil, err
		}
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

// provider is the goose provider of the store's engine.
func (s *Store) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if s.pg {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if s.pg {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.mig, sub, append(opts,
		// Features land in parallel with their own migration numbers
		// (00002 OTP was merged after 00010 booking): apply a missing
		// older migration instead of refusing to start.
		goose.WithAllowOutofOrder(true),
	)...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// migrate applies the embedded migrations that the database does not
// have yet. On PostgreSQL goose holds a session lock while it works, so
// instances that start together migrate one after the other.
func (s *Store) migrate(ctx context.Context, logger *slog.Logger) error {
	p, err := s.provider()
	if err != nil {
		return err
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

// Postgres reports whether the store is on PostgreSQL (which several
// instances may share) rather than a SQLite file.
func (s *Store) Postgres() bool { return s.pg }

// Path is the database file (on PostgreSQL, its URL without password).
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.closeStmts()
	err := s.wr.Close()
	if s.mig != s.wr {
		if merr := s.mig.Close(); err == nil {
			err = merr
		}
	}
	if s.rd != s.wr {
		if rerr := s.rd.Close(); err == nil {
			err = rerr
		}
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
	if !s.pg {
		return s.runTx(ctx, "", nil, fn)
	}
	return s.runTx(ctx, `SELECT pg_advisory_xact_lock(?)`, []any{int64(txLockKey)}, fn)
}

// runTx begins a write transaction, runs lock (when not empty) in it,
// then fn; commits when fn returns nil and rolls back otherwise.
func (s *Store) runTx(ctx context.Context, lock string, args []any, fn func(tx *sql.Tx) error) error {
	tx, err := s.wr.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock, args...); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: begin: %w", err)
		}
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

// inTxKeys runs fn in a write transaction like inTx. On SQLite it is
// inTx (one writer at a time). On PostgreSQL it does not take the store's
// one lock exclusively: it takes it shared, so that it waits for every
// transaction of inTx and they wait for it, and then an advisory lock of
// its own for each of keys (lockKeys), so that it runs alongside every
// other inTxKeys transaction whose keys differ. keys must name everything
// fn reads to decide what to write (the depositor whose balance it
// extends, the office day whose places and tickets it counts...): two
// transactions that read-modify-write the same rows must share a key.
// A transaction that needs no key (one UPDATE ... RETURNING, made atomic
// by PostgreSQL's row lock) passes none.
func (s *Store) inTxKeys(ctx context.Context, keys []string, fn func(tx *sql.Tx) error) error {
	if !s.pg {
		return s.inTx(ctx, fn)
	}
	q, args := lockQuery(keys)
	return s.runTx(ctx, q, args, fn)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rd.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// MigrationState is one migration and whether the database has it.
type MigrationState struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Migrations lists the store's migrations and which of them the
// database has applied.
func (s *Store) Migrations(ctx context.Context) ([]MigrationState, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	out := make([]MigrationState, 0, len(st))
	for _, m := range st {
		out = append(out, MigrationState{Version: m.Source.Version, Name: filepath.Base(m.Source.Path),
			Applied: m.State == goose.StateApplied, AppliedAt: m.AppliedAt})
	}
	return out, nil
}

// Ready reports nil when the database answers and has every migration.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	p, err := s.provider()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("store: migration status: %w", err)
	}
	if pending {
		return errors.New("store: migrations pending")
	}
	return nil
}
