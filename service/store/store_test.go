package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

var t0 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)

// openTest opens an empty store: a SQLite file, or a new database on the
// test PostgreSQL when KABINET_TEST_POSTGRES is set (scripts/pg-test.sh).
func openTest(t *testing.T) *Store {
	t.Helper()
	db := ""
	if storetest.Postgres() != "" {
		db = storetest.NewDatabase(t, "")
	}
	s, err := OpenDatabase(context.Background(), db, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func seedOne(t *testing.T, s *Store, n int) int64 {
	t.Helper()
	acc := SeedAccount{Type: AccountOPV, Number: "100001", OpenedAt: "2020-01-01"}
	var bal int64
	for i := range n {
		bal += 100
		acc.Transactions = append(acc.Transactions, Transaction{
			Date: time.Date(2020, 1, 1+i/3, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			Kind: KindContribution, Amount: 100, BalanceAfter: bal, Period: "2019-12",
		})
	}
	ok, err := s.Seed(context.Background(), "test", t0, []SeedDepositor{{
		Depositor: Depositor{IIN: "880415300157", Surname: "S", GivenName: "G", BirthDate: "1988-04-15",
			Sex: "male", Role: RoleDepositor, PasswordHash: "h", CreatedAt: t0},
		Accounts: []SeedAccount{acc},
	}})
	if !ok || err != nil {
		t.Fatalf("seed = %v, %v", ok, err)
	}
	sums, err := s.AccountSummaries(context.Background(), "880415300157")
	if err != nil || len(sums) != 1 {
		t.Fatalf("summaries = %v, %v", sums, err)
	}
	return sums[0].ID
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	s, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	var mode string
	var fk int
	s.wr.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	s.wr.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode %q, foreign_keys %d", mode, fk)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestSeedRejectsWrongBalances(t *testing.T) {
	s := openTest(t)
	_, err := s.Seed(context.Background(), "bad", t0, []SeedDepositor{{
		Depositor: Depositor{IIN: "880415300157", Surname: "S", GivenName: "G", BirthDate: "1988-04-15",
			Sex: "male", Role: RoleDepositor, CreatedAt: t0},
		Accounts: []SeedAccount{{Type: AccountOPV, Number: "1", OpenedAt: "2020-01-01", Transactions: []Transaction{
			{Date: "2020-01-02", Kind: KindCommission, Amount: -5, BalanceAfter: -5},
		}}},
	}})
	if err == nil {
		t.Fatal("negative balance accepted")
	}
	if empty, _ := s.Empty(context.Background()); !empty {
		t.Error("a failed seed left rows behind")
	}
}

func TestTransactionsPages(t *testing.T) {
	s := openTest(t)
	id := seedOne(t, s, 25)
	var all []Transaction
	after := int64(0)
	for {
		page, err := s.Transactions(context.Background(), id, after, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = page[len(page)-1].ID
	}
	if len(all) != 25 || all[24].BalanceAfter != 2500 {
		t.Fatalf("%d transactions, last %+v", len(all), all[len(all)-1])
	}
	for i := 1; i < len(all); i++ {
		if all[i].Date < all[i-1].Date || all[i].ID <= all[i-1].ID {
			t.Fatalf("out of order at %d", i)
		}
	}
}

func TestSessionLifecycle(t *testing.T) {
	s := openTest(t)
	seedOne(t, s, 1)
	ctx := context.Background()
	hash := []byte("0123456789abcdef0123456789abcdef")
	if _, err := s.Session(ctx, hash); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
	if _, err := s.StartSession(ctx, Session{TokenHash: hash, IIN: "000000000000", CreatedAt: t0}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("session of an unknown person: %v", err)
	}
	sess, err := s.StartSession(ctx, Session{TokenHash: hash, IIN: "880415300157", Method: "password",
		CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(8 * time.Hour), Client: "c"})
	if err != nil || !sess.PreviousLoginAt.IsZero() {
		t.Fatalf("start = %+v, %v", sess, err)
	}
	if err := s.TouchSession(ctx, hash, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchSession(ctx, hash, t0); err != nil { // never moves back
		t.Fatal(err)
	}
	got, err := s.Session(ctx, hash)
	if err != nil || !got.LastSeenAt.Equal(t0.Add(time.Minute)) || !got.ExpiresAt.Equal(t0.Add(8*time.Hour)) {
		t.Fatalf("session = %+v, %v", got, err)
	}
	if ended, err := s.EndSession(ctx, hash, t0.Add(2*time.Minute), EndLogout, "c"); !ended || err != nil {
		t.Fatalf("end = %v, %v", ended, err)
	}
	if ended, err := s.EndSession(ctx, hash, t0.Add(3*time.Minute), EndIdle, "c"); ended || err != nil {
		t.Fatalf("second end = %v, %v", ended, err)
	}
	got, _ = s.Session(ctx, hash)
	if got.EndReason != EndLogout || !got.EndedAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("ended session = %+v", got)
	}
	evs, err := s.Events(ctx, "880415300157", 10)
	if err != nil || len(evs) != 2 || evs[0].Kind != EventLogout || evs[1].Kind != EventLoginOK {
		t.Errorf("events = %+v, %v", evs, err)
	}
	// Ended sessions can be purged.
	if n, err := s.PurgeSessions(ctx, t0.Add(time.Hour)); n != 1 || err != nil {
		t.Errorf("purge = %d, %v", n, err)
	}
	if _, err := s.Session(ctx, hash); !errors.Is(err, ErrNotFound) {
		t.Errorf("purged session: %v", err)
	}
	// The next login remembers this one.
	sess, err = s.StartSession(ctx, Session{TokenHash: []byte("other"), IIN: "880415300157",
		CreatedAt: t0.Add(time.Hour), LastSeenAt: t0.Add(time.Hour), ExpiresAt: t0.Add(9 * time.Hour)})
	if err != nil || !sess.PreviousLoginAt.Equal(t0) {
		t.Errorf("second login: previous = %v, %v", sess.PreviousLoginAt, err)
	}
	if n, err := s.PurgeSessions(ctx, t0.Add(2*time.Hour)); n != 0 || err != nil {
		t.Errorf("purge kept no open session: %d, %v", n, err)
	}
}

// Failures decay, one per DecayEvery; the IIN's attempts are spaced by
// doubling delays beyond IINFailures, one turn at a time.
func TestLoginFailuresDecayAndIINDelay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := FailurePolicy{MaxFailures: 5, LockFor: time.Minute, DecayEvery: 15 * time.Minute,
		IINFailures: 3, IINDelay: time.Second, IINMaxDelay: 4 * time.Second}
	for i := range 2 {
		s.RecordLoginFailure(ctx, "x", t0, p, fmt.Sprint("c", i))
	}
	st, _ := s.LoginState(ctx, "x", "c0", t0.Add(15*time.Minute), p)
	if st.Failures != 0 || st.IINFailures != 1 || st.WaitingAt(t0.Add(15*time.Minute)) {
		t.Fatalf("after 15 min: %+v", st)
	}
	at := t0.Add(15 * time.Minute)
	st, _ = s.RecordLoginFailure(ctx, "x", at, p, "c2") // the IIN's 2nd after decay
	st, _ = s.RecordLoginFailure(ctx, "x", at, p, "c3") // 3rd: spaced by 1 s
	if st.IINFailures != 3 || !st.WaitUntil.Equal(at.Add(time.Second)) {
		t.Fatalf("third: %+v", st)
	}
	if ok, until, _ := s.TakeLoginTurn(ctx, "x", at, p); ok || !until.Equal(at.Add(time.Second)) {
		t.Fatalf("turn while waiting: %v %v", ok, until)
	}
	at = at.Add(time.Second)
	if ok, _, _ := s.TakeLoginTurn(ctx, "x", at, p); !ok {
		t.Fatal("turn after the wait refused")
	}
	if ok, _, _ := s.TakeLoginTurn(ctx, "x", at, p); ok {
		t.Fatal("two turns at once")
	}
	for range 5 {
		st, _ = s.RecordLoginFailure(ctx, "x", at, p, "c4")
	}
	if !st.WaitUntil.Equal(at.Add(4 * time.Second)) {
		t.Errorf("capped delay: %+v", st)
	}
}

func TestLoginFailures(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := FailurePolicy{MaxFailures: 3, LockFor: time.Minute}
	for i := 1; i <= 3; i++ {
		st, err := s.RecordLoginFailure(ctx, "x", t0, p, "c")
		if err != nil || st.Failures != i || st.LockedAt(t0) != (i == 3) {
			t.Fatalf("failure %d: %+v, %v", i, st, err)
		}
	}
	st, _ := s.RecordLoginFailure(ctx, "x", t0.Add(time.Second), p, "c")
	if st.Failures != 3 || !st.LockedUntil.Equal(t0.Add(time.Minute)) {
		t.Errorf("while locked: %+v", st)
	}
	st, _ = s.LoginState(ctx, "x", "c", t0.Add(time.Second), p)
	if !st.LockedAt(t0.Add(59*time.Second)) || st.LockedAt(t0.Add(time.Minute)) {
		t.Errorf("state = %+v", st)
	}
	st, _ = s.RecordLoginFailure(ctx, "x", t0.Add(time.Minute), p, "c")
	if st.Failures != 1 || !st.LockedUntil.IsZero() {
		t.Errorf("after the lock: %+v", st)
	}
	// Another client of the same IIN is not locked; the IIN counts all.
	if st, _ := s.LoginState(ctx, "x", "d", t0.Add(time.Second), p); st.LockedAt(t0.Add(time.Second)) || st.IINFailures != 4 {
		t.Errorf("other client = %+v", st)
	}
	if st, _ := s.LoginState(ctx, "unknown", "c", t0, p); st != (LoginState{}) {
		t.Errorf("unknown = %+v", st)
	}
}

// TestAccountSumsFollowTransactions: the running totals kept by the
// triggers of migration 00020 equal the sums of the rows after inserts,
// an update and a delete.
func TestAccountSumsFollowTransactions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id := seedOne(t, s, 250)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.wr.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO transactions (account_id, date, kind, amount, balance_after) VALUES (?, '2021-01-01', 'commission', -40, 24960)`, id)
	exec(`INSERT INTO transactions (account_id, date, kind, amount, balance_after) VALUES (?, '2021-01-02', 'investment_income', 700, 25660)`, id)
	exec(`UPDATE transactions SET amount = 900 WHERE account_id = ? AND kind = 'investment_income'`, id)
	exec(`DELETE FROM transactions WHERE id = (SELECT MIN(id) FROM transactions WHERE account_id = ?)`, id)
	exec(`UPDATE transactions SET kind = 'transfer' WHERE id = (SELECT MAX(id) FROM transactions WHERE account_id = ? AND kind = 'contribution')`, id)
	want := map[string]int64{}
	rows, err := s.wr.QueryContext(ctx, `SELECT kind, SUM(amount) FROM transactions WHERE account_id = ? GROUP BY kind`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		want[k] = v
	}
	rows.Close()
	sums, err := s.AccountSummaries(ctx, "880415300157")
	if err != nil {
		t.Fatal(err)
	}
	got := sums[0].Sums
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: total %d, rows sum %d", k, got[k], v)
		}
	}
	// A period holding the whole history reads the totals; a shorter one
	// the rows: both agree with the rows.
	acc := Account{ID: id}
	for _, period := range [][2]string{{"2000-01-01", "2030-12-31"}, {"2020-01-01", "2021-01-02"}, {"2020-02-01", "2030-12-31"}} {
		ps, err := s.PeriodSummaries(ctx, []Account{acc}, period[0], period[1])
		if err != nil {
			t.Fatal(err)
		}
		if period[0] != "2020-02-01" {
			for k, v := range want {
				if ps[0].Sums[k] != v {
					t.Errorf("%v %s: sum %d, want %d", period, k, ps[0].Sums[k], v)
				}
			}
			if ps[0].Counts["contribution"] != 248 || ps[0].Counts["commission"] != 1 {
				t.Errorf("%v counts %v", period, ps[0].Counts)
			}
		} else if ps[0].Counts["contribution"] >= 248 || ps[0].Opening == 0 {
			t.Errorf("%v: counts %v, opening %d", period, ps[0].Counts, ps[0].Opening)
		}
	}
	if want["contribution"] != 248*100 || want["transfer"] != 100 || want["investment_income"] != 900 || want["commission"] != -40 {
		t.Errorf("rows: %v", want)
	}
}

// Two orders drawing the same receipt number both go through: the second
// draws again (a UNIQUE failure answered 500 under load).
func TestDPVReceiptCollision(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seedOne(t, s, 1)
	draws := []string{"00000001", "00000001", "00000002"}
	saved := randomDigits
	defer func() { randomDigits = saved }()
	randomDigits = func(int) string {
		d := draws[0]
		if len(draws) > 1 {
			draws = draws[1:]
		}
		return d
	}
	var receipts []string
	for i := range 2 {
		o, created, err := s.PayDPV(ctx, NewDPVOrder{IIN: "880415300157", Amount: 100, Period: "2026-02", Date: "2026-03-10",
			At: t0.Add(time.Duration(i) * time.Second), PayerName: "X"})
		if err != nil || !created {
			t.Fatalf("order %d: %v", i, err)
		}
		receipts = append(receipts, o.Receipt)
	}
	if receipts[0] == receipts[1] || !strings.HasSuffix(receipts[1], "00000002") {
		t.Errorf("receipts %v", receipts)
	}
}

// A cached statement is handed out while another caller waits for a
// connection to prepare a new one: the cache's lock is not held while
// preparing (it was, and with every reader held by transactions that
// then asked for a statement, the service hung).
func TestReadStmtNotBlockedByAPrepare(t *testing.T) {
	if storetest.Postgres() != "" {
		t.Skip("fills the SQLite reader pool; on PostgreSQL one pool serves reads and writes")
	}
	s := openTest(t)
	ctx := context.Background()
	const cached = `SELECT 1`
	if _, err := s.readStmt(ctx, cached); err != nil {
		t.Fatal(err)
	}
	// Hold every reader connection.
	var txs []*sql.Tx
	for range readers() {
		tx, err := s.rd.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `SELECT 1`); err != nil { // takes the connection now
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	waits := s.rd.Stats().WaitCount
	prepared := make(chan error, 1)
	go func() {
		_, err := s.readStmt(ctx, `SELECT 2`) // waits for a connection
		prepared <- err
	}()
	for s.rd.Stats().WaitCount == waits { // until it waits
		runtime.Gosched()
	}
	got := make(chan error, 1)
	go func() {
		_, err := s.readStmt(ctx, cached)
		got <- err
	}()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute): // "does not hang" bound, far beyond the expected microseconds
		t.Fatal("a cached statement waited for another caller's prepare")
	}
	for _, tx := range txs {
		tx.Rollback()
	}
	if err := <-prepared; err != nil {
		t.Fatal(err)
	}
}
