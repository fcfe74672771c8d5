package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// stmtCache keeps prepared statements of the reader pool for the hot
// queries (every authenticated request looks its session up): parsing
// and planning a statement cost SQLite about as much as running a
// primary-key read. database/sql prepares a cached *sql.Stmt once per
// connection, lazily, and re-prepares on a new one.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// readStmt returns the prepared statement of query on the reader pool.
// Only constant query texts go through it (the cache is never pruned).
//
// Preparing takes a reader connection: it must not be called while the
// caller holds one (inside a read transaction: prepare first, then
// tx.StmtContext), and the cache's lock is never held while preparing,
// or callers holding every connection would wait for the lock while its
// holder waits for a connection.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmts.mu.Lock()
	st, ok := s.stmts.m[query]
	s.stmts.mu.Unlock()
	if ok {
		return st, nil
	}
	// Prepare without the lock: preparing waits for a free connection,
	// and the holder of one may be asking for another statement.
	st, err := s.rd.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: prepare: %w", err)
	}
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if prev, ok := s.stmts.m[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return prev, nil
	}
	if s.stmts.m == nil {
		s.stmts.m = map[string]*sql.Stmt{}
	}
	s.stmts.m[query] = st
	return st, nil
}

// readRow is QueryRowContext of a cached statement on the reader pool.
func (s *Store) readRow(ctx context.Context, query string, args ...any) *sqlRow {
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return &sqlRow{err: err}
	}
	return &sqlRow{row: st.QueryRowContext(ctx, args...)}
}

// sqlRow is a *sql.Row or the error of preparing it.
type sqlRow struct {
	row *sql.Row
	err error
}

func (r *sqlRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.row.Scan(dest...)
}

// closeStmts closes the cached statements.
func (s *Store) closeStmts() {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	for _, st := range s.stmts.m {
		st.Close()
	}
	s.stmts.m = nil
}
