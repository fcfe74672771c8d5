package service

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// syncLimits exchanges the client rate counts of each env in turn (the
// loop's tick).
func syncLimits(t *testing.T, envs ...*env) {
	t.Helper()
	for _, e := range envs {
		if err := e.svc.SyncClientLimits(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// The general per-client limit holds across instances: a client over
// it on a is refused on b once a has shared its counts and b has read
// them; another client is not; both get tokens back with time. Reads of
// the cabinet are not counted (no write per read).
func TestClientLimitSharedAcrossInstances(t *testing.T) {
	t.Parallel()
	a := newEnv(t) // 3/s, burst 10
	b := a.twin()
	const client, other = "198.51.100.7:1", "198.51.100.8:1"
	bad := loginBody("123", "x") // cheap: refused before any hashing
	for i := range 10 {
		if w := a.doFrom(client, "POST", api.PathLogin, bad, ""); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("request %d on a: %d %s", i+1, w.Code, w.Body)
		}
	}
	wantProblem(t, a.doFrom(client, "POST", api.PathLogin, bad, ""), http.StatusTooManyRequests, api.CodeRateLimited)
	syncLimits(t, a, b)
	w := b.doFrom(client, "POST", api.PathLogin, bad, "")
	if p := wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited); p.RetryAfterSeconds != 1 {
		t.Errorf("retry after %d on b, want 1", p.RetryAfterSeconds)
	}
	if w := b.doFrom(other, "POST", api.PathLogin, bad, ""); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("another client on b: %d", w.Code)
	}
	// A second later the client has 3 tokens across both.
	a.clock.Advance(time.Second)
	for i, e := range []*env{b, a, b} {
		if w := e.doFrom(client, "POST", api.PathLogin, bad, ""); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("request %d after a second: %d", i+1, w.Code)
		}
	}
	syncLimits(t, b, a)
	wantProblem(t, a.doFrom(client, "POST", api.PathLogin, bad, ""), http.StatusTooManyRequests, api.CodeRateLimited)

	// Cabinet reads are not throttled, so not counted or written.
	reader := "198.51.100.9:1"
	w = a.doFrom(reader, "POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), "")
	if w.Code != http.StatusOK {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	for range 30 {
		if w := a.doFrom(reader, "GET", api.PathMe, "", sess.Token); w.Code != http.StatusOK {
			t.Fatalf("me: %d", w.Code)
		}
	}
	syncLimits(t, a)
	shared, err := a.svc.store.SyncBuckets(context.Background(), limitKind, nil, DefaultClientRate, DefaultClientBurst, a.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := shared["198.51.100.9"]; got.Tokens != DefaultClientBurst-1 {
		t.Errorf("the reader's shared bucket = %+v, want the login only counted", got)
	}
}

// TestClientLimitBound: a client hammering three instances (20 requests
// a second on each) whose exchanges are 300 ms apart gets,
// in the first second, at most burst + rate + (N−1)·(burst + 2 s·rate),
// and over a minute about the limit: the excess of the burst is paid
// back.
func TestClientLimitBound(t *testing.T) {
	t.Parallel()
	db := ""
	if storetest.Postgres() != "" {
		db = storetest.NewDatabase(t, "")
	}
	st, err := store.OpenDatabase(context.Background(), db, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const n, rate, burst = 3, 3.0, 10
	now := testStart
	lims := make([]*clientLimiter, n)
	for i := range lims {
		lims[i] = newClientLimiter(rate, burst, func() time.Time { return now })
		lims[i].store = st
	}
	const step = 50 * time.Millisecond // 20 requests a second on each
	admitted, firstSecond := 0, 0
	for k := range int(time.Minute / step) {
		now = testStart.Add(time.Duration(k) * step)
		for i, l := range lims {
			// Instance i exchanges at i·300 ms past each second.
			if now.Sub(testStart)%time.Second == time.Duration(i)*300*time.Millisecond {
				if err := l.sync(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if ok, _ := l.allow("203.0.113.5"); ok {
				admitted++
				if now.Before(testStart.Add(time.Second)) {
					firstSecond++
				}
			}
		}
	}
	maxFirst := burst + rate + (n-1)*(burst+2*rate)
	if firstSecond > int(maxFirst) || firstSecond < burst {
		t.Errorf("first second: %d admitted, want %d to %v", firstSecond, burst, maxFirst)
	}
	// A minute: the limit (burst + rate·60) plus at most the burst's
	// excess, whatever is not paid back by the debt.
	limit := burst + int(rate*60)
	if admitted > limit+int(maxFirst)-burst || admitted < limit-int(rate) {
		t.Errorf("a minute: %d admitted; the limit is %d", admitted, limit)
	}
	t.Logf("first second %d (single instance: %d), a minute %d (limit %d)", firstSecond, burst+int(rate), admitted, limit)
}
