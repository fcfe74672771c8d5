package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// openPair opens two stores on one database, as two kabinetd instances
// do: the same SQLite file, or the same PostgreSQL database.
func openPair(t *testing.T) (*Store, *Store) {
	t.Helper()
	db, dir := "", t.TempDir()
	if storetest.Postgres() != "" {
		db = storetest.NewDatabase(t, "")
	}
	var out [2]*Store
	for i := range out {
		s, err := OpenDatabase(context.Background(), db, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

// A captcha put by one instance is taken by the other, once.
func TestCaptchaSharedAndSingleUse(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	if err := a.PutCaptcha(ctx, []byte("id1"), []byte("sum1"), t0.Add(5*time.Minute), t0); err != nil {
		t.Fatal(err)
	}
	sum, exp, err := b.TakeCaptcha(ctx, []byte("id1"))
	if err != nil || string(sum) != "sum1" || !exp.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("take on the other instance = %q %v %v", sum, exp, err)
	}
	if _, _, err := a.TakeCaptcha(ctx, []byte("id1")); !errors.Is(err, ErrNotFound) {
		t.Errorf("second take = %v, want ErrNotFound", err)
	}
	// An expired one is pruned by the next put.
	a.PutCaptcha(ctx, []byte("old"), []byte("s"), t0.Add(time.Minute), t0)
	a.PutCaptcha(ctx, []byte("new"), []byte("s"), t0.Add(7*time.Minute), t0.Add(2*time.Minute))
	if _, _, err := b.TakeCaptcha(ctx, []byte("old")); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired captcha still there: %v", err)
	}
}

// A challenge issued on one instance is taken on another, by id or by
// nonce, once; late ones are expired, unknown ones not found; of 20
// concurrent takes on two instances exactly one wins.
func TestChallengeSharedAndSingleUse(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	for i, id := range []string{"c1", "c2", "c3", "c4"} {
		if err := a.PutChallenge(ctx, id, []byte("nonce-"+id), t0.Add(time.Duration(i)*time.Second), t0.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := b.TakeChallenge(ctx, true, "c1", t0.Add(-5*time.Minute))
	if err != nil || string(n) != "nonce-c1" {
		t.Fatalf("take by id on the other instance = %q, %v", n, err)
	}
	if _, err := a.TakeChallenge(ctx, true, "c1", t0.Add(-5*time.Minute)); !errors.Is(err, ErrChallengeUsed) {
		t.Errorf("second take = %v, want ErrChallengeUsed", err)
	}
	if n, err := b.TakeChallenge(ctx, false, []byte("nonce-c2"), t0.Add(-5*time.Minute)); err != nil || string(n) != "nonce-c2" {
		t.Errorf("take by nonce = %q, %v", n, err)
	}
	if _, err := b.TakeChallenge(ctx, true, "c3", t0.Add(3*time.Second)); !errors.Is(err, ErrChallengeExpired) {
		t.Errorf("late take = %v, want ErrChallengeExpired", err)
	}
	if _, err := b.TakeChallenge(ctx, true, "nope", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown = %v, want ErrNotFound", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, used := 0, 0
	for i := range 20 {
		wg.Go(func() {
			s := a
			if i%2 == 1 {
				s = b
			}
			_, err := s.TakeChallenge(ctx, true, "c4", t0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, ErrChallengeUsed):
				used++
			default:
				t.Errorf("concurrent take: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 || used != 19 {
		t.Errorf("concurrent takes: %d won, %d used; want 1 and 19", wins, used)
	}
}

// One bucket across instances: burst 3 at 1 token a minute, spent on
// both; refills with the clock.
func TestTokenBucketShared(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	rate := 1.0 / 60
	take := func(s *Store, at time.Time) (bool, time.Duration) {
		t.Helper()
		ok, wait, err := s.TakeToken(ctx, "otp", "10.0.0.1", rate, 3, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok, wait
	}
	for i, s := range []*Store{a, b, a} {
		if ok, _ := take(s, t0); !ok {
			t.Fatalf("token %d refused", i+1)
		}
	}
	ok, wait := take(b, t0)
	if ok || wait != time.Minute {
		t.Errorf("fourth = %v, wait %v; want refused, 1m", ok, wait)
	}
	if ok, _, _ := a.TakeToken(ctx, "otp", "10.0.0.2", rate, 3, t0); !ok {
		t.Error("another client shares the bucket")
	}
	if ok, _ := take(a, t0.Add(30*time.Second)); ok {
		t.Error("a token after half the refill time")
	}
	if ok, _ := take(b, t0.Add(61*time.Second)); !ok {
		t.Error("no token after a minute")
	}
	// Long idle: the bucket is dropped, which means full again.
	for i := range 3 {
		if ok, _ := take(a, t0.Add(time.Hour)); !ok {
			t.Errorf("after an hour, token %d refused", i+1)
		}
	}
}

// One holder of a lease at a time; it passes on when it runs out.
func TestLease(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	lease := func(s *Store, who string, at time.Time) bool {
		t.Helper()
		ok, err := s.AcquireLease(ctx, "job", who, at, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !lease(a, "A", t0) {
		t.Fatal("first lease refused")
	}
	if lease(b, "B", t0.Add(30*time.Second)) {
		t.Error("B got a lease A holds")
	}
	if !lease(a, "A", t0.Add(50*time.Second)) {
		t.Error("A could not renew")
	}
	if lease(b, "B", t0.Add(100*time.Second)) {
		t.Error("B got the renewed lease early")
	}
	if !lease(b, "B", t0.Add(111*time.Second)) {
		t.Error("B did not get the lease after it ran out")
	}
	if lease(a, "A", t0.Add(112*time.Second)) {
		t.Error("A got B's lease")
	}
}

// A CRL address is claimed by one instance at a time, and only when it
// is due; a failed download keeps the list in hand.
func TestCRLClaimAndStore(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	const url = "http://crl.example/ca.crl"
	claim := func(s *Store, who string, at, fetchedBefore time.Time) bool {
		t.Helper()
		ok, err := s.ClaimCRL(ctx, CRLClaim{URL: url, Holder: who, Issuer: []byte("ca"), Now: at, TTL: 20 * time.Second,
			FetchedBefore: fetchedBefore, TriedBefore: at.Add(-30 * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if _, err := b.CRLRow(ctx, url); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown address: %v", err)
	}
	if !claim(a, "A", t0, time.Time{}) {
		t.Fatal("first claim refused")
	}
	if claim(b, "B", t0.Add(time.Second), time.Time{}) {
		t.Error("B claimed what A downloads")
	}
	if !claim(a, "A", t0.Add(time.Second), time.Time{}) {
		t.Error("A could not renew its own claim")
	}
	r, err := b.CRLRow(ctx, url)
	if err != nil || r.ClaimHolder != "A" || !r.ClaimUntil.Equal(t0.Add(21*time.Second)) || string(r.Issuer) != "ca" || !r.Fetched.IsZero() {
		t.Fatalf("row while claimed = %+v, %v", r, err)
	}
	next := t0.Add(24 * time.Hour)
	if err := a.PutCRL(ctx, url, []byte("der1"), []byte("ca"), t0, next, t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	der, fetched, err := b.CRLDER(ctx, url)
	if err != nil || string(der) != "der1" || !fetched.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("stored list = %q %v %v", der, fetched, err)
	}
	// Downloaded: not due on demand, nor for a refresh within its period.
	if claim(b, "B", t0.Add(time.Minute), time.Time{}) || claim(b, "B", t0.Add(time.Minute), t0) {
		t.Error("claimed a list just downloaded")
	}
	// Due for a refresh: claimed; the download fails and the list stays.
	at := t0.Add(time.Hour)
	if !claim(b, "B", at, at.Add(-50*time.Minute)) {
		t.Fatal("refresh claim refused")
	}
	if err := b.CRLFailed(ctx, url, "connection refused", at); err != nil {
		t.Fatal(err)
	}
	r, _ = a.CRLRow(ctx, url)
	if der, _, _ := a.CRLDER(ctx, url); string(der) != "der1" || r.Error != "connection refused" || !r.Tried.Equal(at) ||
		!r.NextUpdate.Equal(next) || r.ClaimHolder != "" {
		t.Errorf("after a failed download: %q %+v", der, r)
	}
	// Tried a moment ago: not again until 30 s later; past its
	// NextUpdate it is due on demand.
	if claim(a, "A", at.Add(10*time.Second), at) {
		t.Error("claimed right after a failed try")
	}
	if !claim(a, "A", next, time.Time{}) {
		t.Error("an expired list is not due on demand")
	}
	if rows, err := b.CRLRows(ctx); err != nil || len(rows) != 1 || rows[0].URL != url {
		t.Errorf("rows = %+v, %v", rows, err)
	}
}

// Counts of a limiter flushed by one instance are read by the other:
// taken from the shared bucket, into debt when more was admitted than
// it held; a bucket full again is no longer listed, and is deleted by
// the next flush.
func TestSyncBucketsShared(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	const rate, burst = 3.0, 10
	sync := func(s *Store, used map[string]int, at time.Time) map[string]Bucket {
		t.Helper()
		got, err := s.SyncBuckets(ctx, "client", used, rate, burst, at)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := sync(b, nil, t0); len(got) != 0 {
		t.Fatalf("empty: %+v", got)
	}
	sync(a, map[string]int{"x": 10, "y": 1}, t0)
	got := sync(b, nil, t0)
	if got["x"].Tokens != 0 || !got["x"].At.Equal(t0) || got["y"].Tokens != 9 || len(got) != 2 {
		t.Fatalf("after a's flush, b reads %+v", got)
	}
	// b admitted 5 more meanwhile: the bucket goes into debt, refilled
	// by the second that passed.
	got = sync(b, map[string]int{"x": 5}, t0.Add(time.Second))
	if x := got["x"]; x.Tokens != -2 || !x.At.Equal(t0.Add(time.Second)) {
		t.Errorf("debt = %+v, want -2", x)
	}
	// The debt is bounded: a minute of requests more than the bucket.
	if x := sync(a, map[string]int{"x": 1000}, t0.Add(time.Second))["x"]; x.Tokens != -(burst + 60*rate) {
		t.Errorf("floor = %+v", x)
	}
	// y is full again 1/3 s after t0; x after (2·10+180)/3 s.
	if got := sync(a, nil, t0.Add(time.Minute)); len(got) != 1 {
		t.Errorf("a minute later: %+v, want x only", got)
	}
	if got := sync(a, map[string]int{"z": 1}, t0.Add(2*time.Minute)); len(got) != 1 || got["z"].Tokens != 9 {
		t.Errorf("two minutes later: %+v, want z only", got)
	}
	var rows int
	if err := a.rd.QueryRowContext(ctx, `SELECT count(*) FROM rate_buckets WHERE kind = 'client'`).Scan(&rows); err != nil || rows != 1 {
		t.Errorf("%d rows left (%v), want 1: the full ones deleted", rows, err)
	}
}
