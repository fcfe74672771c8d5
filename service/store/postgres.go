package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgresURL reports whether database names a PostgreSQL server
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// txLockKey is the advisory lock every write transaction on PostgreSQL
// takes first (pg_advisory_xact_lock): the store's read-modify-write
// transactions (the last free place of a slot, the next receipt number,
// a login failure counter) were written for SQLite's BEGIN IMMEDIATE,
// which lets one writer in at a time; the lock gives them the same
// guarantee across every kabinetd instance on one database.
//
// The hot write transactions (a ДПВ order, a booking and its cancel, a
// login and its failure counters, a rate-limit bucket) take it shared
// instead, and one advisory lock per key of what they read-modify-write
// (inTxKeys): transactions of different depositors or office days run
// side by side; the rest still runs alone.
const txLockKey = 0x6b61_6269_6e65_74 // "kabinet"

// lockKey is the advisory lock of key: the 64-bit FNV-1a hash of it,
// prefixed so that it cannot be txLockKey's number by design (a collision
// of two keys only makes two transactions wait for each other).
func lockKey(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte("kabinet/"))
	h.Write([]byte(key))
	return int64(h.Sum64())
}

// lockQuery is the one statement that takes the store's lock shared and
// the advisory lock of each key, in increasing order (two transactions
// with two keys in common cannot each hold one and wait for the other),
// a key given twice taken once.
func lockQuery(keys []string) (string, []any) {
	ids := make([]int64, 0, len(keys))
	for _, k := range keys {
		ids = append(ids, lockKey(k))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var b strings.Builder
	b.WriteString("SELECT pg_advisory_xact_lock_shared(?)")
	args := []any{int64(txLockKey)}
	for _, id := range ids {
		b.WriteString(", pg_advisory_xact_lock(?)")
		args = append(args, id)
	}
	return b.String(), args
}

// pgPoolSize is the number of connections one kabinetd keeps to
// PostgreSQL: enough for every core, small enough that several instances
// stay well under the server's max_connections (100 by default).
func pgPoolSize() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// OpenPostgres connects to the PostgreSQL database at dsn (a postgres://
// URL; search_path and other settings may be given as URL parameters)
// and migrates it to the latest schema.
func OpenPostgres(ctx context.Context, dsn string, logger *slog.Logger) (*Store, error) {
	return openPostgres(ctx, dsn, logger, true)
}

func openPostgres(ctx context.Context, dsn string, logger *slog.Logger, migrate bool) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: database URL: %w", err)
	}
	db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(pgPoolSize())
	db.SetMaxIdleConns(pgPoolSize())
	// goose gets a pool of plain pgx connections: it writes bools.
	mig := stdlib.OpenDB(*cfg)
	mig.SetMaxOpenConns(2)
	s := &Store{wr: db, rd: db, mig: mig, path: redactURL(dsn), pg: true}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		mig.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", s.path, err)
	}
	if !migrate {
		return s, nil
	}
	if err := s.migrate(ctx, logger); err != nil {
		db.Close()
		mig.Close()
		return nil, err
	}
	return s, nil
}

// redactURL is dsn without its password, for logs and errors.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// rebindConnector hands out connections that accept the store's SQL as
// written for SQLite: '?' placeholders become PostgreSQL's $1, $2, ...
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := cn.(*stdlib.Conn)
	if !ok {
		cn.Close()
		return nil, errors.New("store: unexpected pgx connection type")
	}
	return rebindConn{pc}, nil
}

// rebindConn is a pgx connection whose query texts are rebound first
// and whose bool arguments become integers (CheckNamedValue).
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// CheckNamedValue passes Go bools as 0 and 1: the schema keeps flags in
// integer columns (as SQLite does), and pgx will not write a bool there.
func (c rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
		return nil
	}
	return c.Conn.CheckNamedValue(nv)
}

// rebound caches rebind's answers: the store's query texts are constants
// (or built from a few constants), so the cache stays small.
var rebound sync.Map

// rebind turns every '?' outside quotes and comments into $n.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\'' || c == '"':
			j := strings.IndexByte(query[i+1:], c)
			if j < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebound.Store(query, out)
	return out
}

// OpenSQL opens a plain *sql.DB on a PostgreSQL database that accepts
// the store's SQL ('?' placeholders, bools as integers): for tools and
// tests that look at the data as another process would.
func OpenSQL(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: database URL: %w", err)
	}
	return sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)}), nil
}
