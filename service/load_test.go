package service

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// lastSeen reads the stored last activity of the session of token.
func (e *env) lastSeen(token string) time.Time {
	e.t.Helper()
	hash, ok := tokenHash(token)
	if !ok {
		e.t.Fatal("bad token")
	}
	var at time.Time
	if err := e.db().QueryRow(`SELECT last_seen_at FROM sessions WHERE token_hash = ?`, hash).Scan(&at); err != nil {
		e.t.Fatal(err)
	}
	return at.UTC()
}

// An authenticated read writes the session's last activity at most once
// a minute, and the idle expiry stays within that precision: never
// before the idle timeout after the last call, at most a minute after.
func TestSessionTouchedAtMostOncePerMinute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	t0 := e.clock.Now()
	if got := e.lastSeen(tok); !got.Equal(t0) {
		t.Fatalf("last seen after login = %v, want %v", got, t0)
	}
	me := func() int { return e.do("GET", api.PathMe, "", tok).Code }

	// Reads within the minute write nothing.
	for range 5 {
		e.clock.Advance(10 * time.Second)
		if c := me(); c != http.StatusOK {
			t.Fatalf("GET /me = %d", c)
		}
	}
	if got := e.lastSeen(tok); !got.Equal(t0) {
		t.Fatalf("last seen after reads within a minute = %v, want %v (no write)", got, t0)
	}
	// The first read a minute or more after the stored one writes it.
	e.clock.Advance(10 * time.Second) // t0 + 60 s
	if c := me(); c != http.StatusOK {
		t.Fatalf("GET /me = %d", c)
	}
	stored := e.clock.Now()
	if got := e.lastSeen(tok); !got.Equal(stored) {
		t.Fatalf("last seen a minute later = %v, want %v", got, stored)
	}

	// A call not written (50 s after the stored one) still counts: the
	// session is alive 15 min − 1 s after it.
	e.clock.Advance(50 * time.Second)
	if c := me(); c != http.StatusOK {
		t.Fatalf("GET /me = %d", c)
	}
	if got := e.lastSeen(tok); !got.Equal(stored) {
		t.Fatalf("last seen = %v, want %v (no write within the minute)", got, stored)
	}
	e.clock.Advance(15*time.Minute - time.Second)
	if c := me(); c != http.StatusOK {
		t.Fatalf("GET /me 15 min − 1 s after the last call = %d, want 200", c)
	}
	// That call was written; idle + the precision after it, it has ended.
	e.clock.Advance(16 * time.Minute)
	w := e.do("GET", api.PathMe, "", tok)
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized); p.Reason != reasonIdle {
		t.Fatalf("reason = %q, want idle", p.Reason)
	}
}

// Password checks beyond the gate's slots wait in its queue; beyond the
// queue they are answered 503 service_busy with Retry-After at once,
// while reads go on. No timing: the slot is held by the test.
func TestLoginsBeyondHashQueueGet503(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newServer(Deps{Store: e.svc.store, Clock: e.clock.Now, Argon2: *cheapArgon2(), HashSlots: 1, HashQueue: 1,
		ClientRate: 1000, ClientBurst: 1000})
	mux := http.NewServeMux()
	s.routes(mux)
	h := s.unmatchedAsProblems(mux)
	e.h = h
	tok := e.login(iinBekzat, DemoPassword).Token

	if err := s.acquireHashSlot(context.Background()); err != nil { // the only slot
		t.Fatal(err)
	}
	queued := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		queued <- e.doFrom("192.0.2.1:1", "POST", api.PathLogin, loginBody(iinSerik, DemoPassword), "")
	}()
	for s.hashGate.waiting.Load() != 1 { // until the login waits in the queue
		runtime.Gosched()
	}

	// The queue is full: the next login is refused at once.
	w := e.doFrom("192.0.2.2:1", "POST", api.PathLogin, loginBody(iinAsel, DemoPassword), "")
	p := wantProblem(t, w, http.StatusServiceUnavailable, api.CodeServiceBusy)
	if p.RetryAfterSeconds < 1 || w.Header().Get("Retry-After") != strconv.Itoa(p.RetryAfterSeconds) {
		t.Errorf("Retry-After = %q, retryAfterSeconds = %d", w.Header().Get("Retry-After"), p.RetryAfterSeconds)
	}
	// A password change is a password check too.
	w = e.do("PUT", api.PathMePassword, `{"currentPassword":"x","newPassword":"y"}`, tok)
	wantProblem(t, w, http.StatusServiceUnavailable, api.CodeServiceBusy)
	// Reads do not wait for the hashing.
	if w := e.do("GET", api.PathMe, "", tok); w.Code != http.StatusOK {
		t.Fatalf("GET /me while the hashing is full = %d %s", w.Code, w.Body)
	}
	// The refused logins counted no failure.
	if st, err := e.svc.store.LoginState(context.Background(), iinAsel, "192.0.2.2", e.clock.Now(), loginFailurePolicy); err != nil || st.Failures != 0 {
		t.Errorf("login state of the refused IIN = %+v, %v; want no failure", st, err)
	}

	// The slot frees: the queued login goes through.
	s.releaseHashSlot()
	if w := <-queued; w.Code != http.StatusOK {
		t.Fatalf("queued login = %d %s, want 200", w.Code, w.Body)
	}
	if w := e.doFrom("192.0.2.2:1", "POST", api.PathLogin, loginBody(iinAsel, DemoPassword), ""); w.Code != http.StatusOK {
		t.Fatalf("login after the storm = %d %s", w.Code, w.Body)
	}
}

// The gate's defaults: half of the cores, at least one, and a queue.
func TestHashGateDefaults(t *testing.T) {
	g := newHashGate(0, 0)
	if cap(g.slots) != max(1, runtime.GOMAXPROCS(0)/2) || g.queue != int64(defaultHashQueuePerSlot*cap(g.slots)) {
		t.Errorf("slots %d queue %d", cap(g.slots), g.queue)
	}
	if g := newHashGate(2, -1); g.queue != 0 {
		t.Errorf("negative queue = %d, want 0", g.queue)
	}
}

// Reads and writes at c=256 on a real SQLite file: no 5xx, no
// SQLITE_BUSY ("database is locked") in the log. The clock moves so that
// sessions are touched (written) as well.
func TestNoContentionErrorsAt256(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	toks := []string{
		e.login(iinBekzat, DemoPassword).Token,
		e.login(iinSerik, DemoPassword).Token,
		e.login(iinAsel, DemoPassword).Token,
	}
	const workers, each = 256, 4
	var wg sync.WaitGroup
	var bad atomic.Int64
	errs := make(chan string, workers*each)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := toks[i%len(toks)]
			for j := range each {
				var w *httptest.ResponseRecorder
				switch (i + j) % 4 {
				case 0:
					w = e.do("GET", api.PathMe, "", tok)
				case 1:
					w = e.do("GET", api.PathAccounts, "", tok)
				case 2:
					w = e.dpvOrder(tok, fmt.Sprintf("k-%d-%d", i, j), dpvBody(1000, "2026-02"))
				case 3:
					e.clock.Advance(time.Second) // sessions get touched now and then
					w = e.do("GET", api.PathStatements+"?account=all&limit=50", "", tok)
				}
				if w.Code >= 500 {
					bad.Add(1)
					errs <- fmt.Sprintf("%d %s", w.Code, w.Body)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if n := bad.Load(); n > 0 {
		t.Errorf("%d answers 5xx, first: %s", n, <-errs)
	}
	if logs := e.logs.String(); strings.Contains(logs, "SQLITE_BUSY") || strings.Contains(logs, "database is locked") {
		t.Errorf("the log shows lock contention")
	}
	// Every order was filed.
	var n int
	if err := e.db().QueryRow(`SELECT count(*) FROM dpv_orders`).Scan(&n); err != nil || n != workers*each/4 {
		t.Errorf("dpv orders = %d, %v; want %d", n, err, workers*each/4)
	}
}

// Every date and time the API takes is range-checked: year 9999 is a
// 4xx, never a 500 (POST /bookings answered 500 `parsing time
// "10000-01-01"`).
func TestFarDatesRefusedNot500(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	staff := e.login(iinStaff, "kabinet-staff-2026").Token
	esil := e.officeNamed(tok, "Есиль")
	far := time.Date(9999, time.December, 31, 23, 0, 0, 0, time.UTC)
	w := e.do("POST", api.PathBookings, bookBody(esil.ID, far, api.BookingConsultation), tok)
	if p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeValidation); p.Reason != api.ReasonSlotTooFar {
		t.Errorf("booking in 9999: reason %q", p.Reason)
	}
	w = e.do("POST", api.PathBookings, bookBody(esil.ID, time.Date(2026, 9, 1, 5, 0, 0, 0, time.UTC), api.BookingConsultation), tok)
	if p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeValidation); p.Reason != api.ReasonSlotTooFar {
		t.Errorf("booking half a year ahead: reason %q", p.Reason)
	}
	for _, path := range []string{
		api.PathOfficeSlots(esil.ID) + "?date=9999-12-31",
		api.PathOfficeSlots(esil.ID) + "?date=0001-01-01",
		api.PathStatements + "?from=0001-01-01",
		api.PathStatements + "?to=9999-12-31",
	} {
		w := e.do("GET", path, "", tok)
		if w.Code >= 500 || w.Code < 400 {
			t.Errorf("GET %s = %d %s, want 4xx", path, w.Code, w.Body)
		}
	}
	w = e.do("GET", api.PathStaffBookings+"?date=9999-12-31", "", staff)
	wantProblem(t, w, http.StatusBadRequest, api.CodeBadRequest)
}
