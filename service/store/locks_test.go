package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"
)

func TestLockQuery(t *testing.T) {
	q, args := lockQuery([]string{"b", "a", "b"})
	if q != "SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?), pg_advisory_xact_lock(?)" {
		t.Fatalf("query %q", q)
	}
	if args[0] != int64(txLockKey) {
		t.Errorf("first lock %v, want the store's", args[0])
	}
	ids := []int64{args[1].(int64), args[2].(int64)}
	if !slices.IsSorted(ids) || !slices.Contains(ids, lockKey("a")) || !slices.Contains(ids, lockKey("b")) {
		t.Errorf("keys %v, want a's and b's in order", ids)
	}
	if lockKey("a") == lockKey("b") || lockKey("a") == int64(txLockKey) {
		t.Error("two keys share a lock")
	}
	if q, args := lockQuery(nil); q != "SELECT pg_advisory_xact_lock_shared(?)" || len(args) != 1 {
		t.Errorf("no key: %q %v", q, args)
	}
}

// TestKeyedTransactions: on PostgreSQL, write transactions with other
// keys run side by side, one with the same key waits for the first, and
// a transaction of inTx (the store's lock, exclusive) waits for both
// kinds. On SQLite every write transaction waits for the one before.
func TestKeyedTransactions(t *testing.T) {
	s := openTest(t)
	if !s.pg {
		t.Skip("PostgreSQL only (KABINET_TEST_POSTGRES)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A holds key "a" until release is closed.
	held, release, doneA := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		doneA <- s.inTxKeys(ctx, []string{"a"}, func(*sql.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	// Another key: done while A still holds its lock.
	if err := s.inTxKeys(ctx, []string{"b"}, func(*sql.Tx) error { return nil }); err != nil {
		t.Fatalf("key b beside a: %v", err)
	}
	// The same key, and the exclusive lock: both wait for A.
	ran := make(chan string, 2)
	// (One after the other: a shared request made after an exclusive
	// one waits behind it, on the store's lock instead of on a.)
	go s.inTxKeys(ctx, []string{"a", "c"}, func(*sql.Tx) error { ran <- "keyed"; return nil })
	waitWaiting(t, ctx, s, lockKey("a"))
	go s.inTx(ctx, func(*sql.Tx) error { ran <- "exclusive"; return nil })
	waitWaiting(t, ctx, s, int64(txLockKey))
	select {
	case who := <-ran:
		t.Fatalf("%s transaction ran while A held key a", who)
	default:
	}
	close(release)
	if err := <-doneA; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case <-ran:
		case <-ctx.Done():
			t.Fatal("a waiting transaction never ran after A ended")
		}
	}
}

// waitWaiting polls pg_locks until a request for each advisory lock of
// ids waits.
func waitWaiting(t *testing.T, ctx context.Context, s *Store, ids ...int64) {
	t.Helper()
	for {
		waiting := 0
		for _, id := range ids {
			var n int
			if err := s.rd.QueryRowContext(ctx, `SELECT count(*) FROM pg_locks
				WHERE locktype = 'advisory' AND NOT granted AND classid::bigint = ? AND objid::bigint = ?`,
				int64(uint64(id)>>32), int64(uint32(id))).Scan(&n); err != nil {
				t.Fatal(err)
			}
			waiting += min(n, 1)
		}
		if waiting == len(ids) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d of the locks %v waited for", waiting, ids)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
