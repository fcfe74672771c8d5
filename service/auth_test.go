package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

func TestLoginOK(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.login(iinBekzat, DemoPassword)
	if len(s.Token) != 43 { // 32 bytes in unpadded base64url
		t.Errorf("token has %d characters, want 43", len(s.Token))
	}
	if want := testStart.Add(8 * time.Hour); !s.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want %v", s.ExpiresAt, want)
	}
	if s.IdleTimeoutSeconds != 900 {
		t.Errorf("idleTimeoutSeconds = %d, want 900", s.IdleTimeoutSeconds)
	}
	if other := e.login(iinBekzat, DemoPassword); other.Token == s.Token {
		t.Error("two logins got the same token")
	}
	// Staff log in through the same route.
	e.login(iinStaff, DemoStaffPassword)
}

func TestLoginBadRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := `{"iin":"880415300157","password":"` + strings.Repeat("x", 64<<10) + `"}`
	for name, body := range map[string]string{
		"malformed":     `{"iin":"880415300157","password":`,
		"not json":      `iin=880415300157&password=x`,
		"empty":         ``,
		"array":         `["880415300157","x"]`,
		"wrong type":    `{"iin":880415300157,"password":"x"}`,
		"unknown field": `{"iin":"880415300157","password":"x","remember":true}`,
		"two objects":   `{"iin":"880415300157","password":"x"}{}`,
		"oversized":     big,
		"no password":   `{"iin":"880415300157"}`,
	} {
		t.Run(name, func(t *testing.T) {
			w := e.do("POST", api.PathLogin, body, "")
			p := wantProblem(t, w, http.StatusBadRequest, api.CodeBadRequest)
			if p.Detail == "" {
				t.Error("no detail")
			}
			if strings.Contains(p.Detail, "880415300157") {
				t.Errorf("detail echoes the request: %q", p.Detail)
			}
		})
	}
}

func TestLoginInvalidIIN(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct{ iin, reason string }{
		{"", "empty"},
		{"88041530015a", "digits"},
		{"8804153001", "length"},
		{"880415700157", "century"},
		{"881315300157", "birth_date"},
		{"880230300157", "birth_date"},
		{"880415300158", "checksum"},
	} {
		t.Run(tc.reason+"/"+tc.iin, func(t *testing.T) {
			w := e.do("POST", api.PathLogin, loginBody(tc.iin, DemoPassword), "")
			p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeInvalidIIN)
			if p.Reason != tc.reason || p.Field != "iin" {
				t.Errorf("reason, field = %q, %q; want %q, iin", p.Reason, p.Field, tc.reason)
			}
			var ie *kz.IINError
			if _, err := kz.ParseIIN(tc.iin); err == nil || string(mustIINError(t, err, &ie).Reason) != tc.reason {
				t.Errorf("kz.ParseIIN(%q) = %v, test table out of date", tc.iin, err)
			}
		})
	}
}

func mustIINError(t *testing.T, err error, target **kz.IINError) *kz.IINError {
	t.Helper()
	ie, ok := err.(*kz.IINError)
	if !ok {
		t.Fatalf("%v is not a *kz.IINError", err)
	}
	*target = ie
	return ie
}

// Wrong password, unknown IIN and a depositor without a cabinet get the
// same answer, byte for byte.
func TestInvalidCredentialsDoNotRevealIINs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := kz.ParseIIN(iinNobody); err != nil {
		t.Fatalf("test IIN %s: %v", iinNobody, err)
	}
	var bodies []string
	var first map[string]any
	for _, iin := range []string{iinBekzat, iinNobody, iinDauren} {
		password := "wrong-password-1"
		if iin == iinDauren {
			password = DemoPassword // the demo password is no use before registration
		}
		w := e.do("POST", api.PathLogin, loginBody(iin, password), "")
		p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
		if p.AttemptsLeft == nil || *p.AttemptsLeft != 4 {
			t.Errorf("%s: attemptsLeft = %v, want 4", iin, p.AttemptsLeft)
		}
		if w.Header().Get("WWW-Authenticate") != "" {
			t.Errorf("%s: WWW-Authenticate on a login failure", iin)
		}
		// The request id differs by nature; nothing else may.
		var m map[string]any
		json.Unmarshal(w.Body.Bytes(), &m)
		if m["requestId"] != w.Header().Get(HeaderRequestID) {
			t.Errorf("%s: requestId %v, header %q", iin, m["requestId"], w.Header().Get(HeaderRequestID))
		}
		delete(m, "requestId")
		if first == nil {
			first = m
		}
		bodies = append(bodies, fmt.Sprint(m))
	}
	for i := 1; i < len(bodies); i++ {
		if bodies[i] != bodies[0] {
			t.Errorf("answers differ:\n%s\n%s", bodies[0], bodies[i])
		}
	}
	// Apart from attemptsLeft, later answers are the same too.
	w := e.do("POST", api.PathLogin, loginBody(iinNobody, "again"), "")
	p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
	if *p.AttemptsLeft != 3 {
		t.Errorf("attemptsLeft = %d, want 3", *p.AttemptsLeft)
	}
	var second map[string]any
	json.Unmarshal(w.Body.Bytes(), &second)
	delete(first, "attemptsLeft")
	delete(second, "attemptsLeft")
	delete(second, "requestId")
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Errorf("answers differ beyond attemptsLeft: %v vs %v", first, second)
	}
}

// An unknown IIN and a depositor without a cabinet cost an argon2
// verification like a registered one does, so timing does not tell them
// apart either. Counted rather than timed: a timing test failed on a busy
// machine without a bug.
func TestInvalidCredentialsSameWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	params := *cheapArgon2()
	srv := newServer(Deps{Store: e.svc.store, Argon2: params, Clock: e.clock.Now, ClientBurst: 100})
	mux := http.NewServeMux()
	srv.routes(mux)
	// The stand-in hash for an IIN without a password costs what a real
	// one costs: today's parameters.
	dummy, _, _, err := parseHash(srv.dummyHash)
	if err != nil || dummy != params {
		t.Fatalf("dummy hash parameters %+v (%v), want %+v", dummy, err, params)
	}
	// A wrong password for a registered depositor, an IIN the fund does
	// not know and a depositor not yet registered each run exactly one
	// argon2 verification, so the answer's timing tells nothing apart.
	for _, iin := range []string{iinBekzat, iinNobody, iinDauren} {
		before := srv.verifications.Load()
		r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(loginBody(iin, "wrong-password-1")))
		r.Header.Set("Content-Type", "application/json")
		r.RemoteAddr = testClientIP + ":50000"
		w := httptest.NewRecorder()
		specChecked(t, mux).ServeHTTP(w, r)
		wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
		if n := srv.verifications.Load() - before; n != 1 {
			t.Errorf("%s: %d argon2 verifications for a wrong login, want 1", iin, n)
		}
	}
}

func TestLockAfterFiveFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for left := 4; left >= 1; left-- {
		w := e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong"), "")
		p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials)
		if p.AttemptsLeft == nil || *p.AttemptsLeft != left {
			t.Fatalf("attemptsLeft = %v, want %d", p.AttemptsLeft, left)
		}
		e.clock.Advance(time.Second)
	}
	// The fifth failure locks for 15 minutes from now.
	lockStart := e.clock.Now()
	wantUntil := lockStart.Add(15 * time.Minute)
	w := e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong"), "")
	p := wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
	if p.LockedUntil == nil || !p.LockedUntil.Equal(wantUntil) {
		t.Fatalf("lockedUntil = %v, want %v", p.LockedUntil, wantUntil)
	}

	// Locked even with the right password, until the end of the lock.
	for _, after := range []time.Duration{0, time.Minute, 15*time.Minute - time.Second} {
		e.clock.Advance(after - e.clock.Now().Sub(lockStart))
		w := e.do("POST", api.PathLogin, loginBody(iinBekzat, DemoPassword), "")
		p := wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked)
		if !p.LockedUntil.Equal(wantUntil) {
			t.Fatalf("%v into the lock: lockedUntil = %v, want %v", after, p.LockedUntil, wantUntil)
		}
	}
	// Other IINs are not affected.
	e.login(iinSerik, DemoPassword)

	// 15 minutes later the right password works again and clears the count.
	e.clock.Advance(time.Second)
	e.login(iinBekzat, DemoPassword)
	w = e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 4 {
		t.Errorf("after success: attemptsLeft = %d, want 4", *p.AttemptsLeft)
	}

	got := e.eventCounts(iinBekzat)
	want := map[string]int{
		store.EventLoginFailed:      6,
		store.EventLock:             1,
		store.EventLoginWhileLocked: 3,
		store.EventLoginOK:          1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("security events %s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

func TestLockRunsOutAndCountsAfresh(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 5 {
		e.do("POST", api.PathLogin, loginBody(iinNobody, "guess"), "")
	}
	w := e.do("POST", api.PathLogin, loginBody(iinNobody, "guess"), "")
	wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked) // unknown IINs lock like known ones
	e.clock.Advance(15 * time.Minute)
	w = e.do("POST", api.PathLogin, loginBody(iinNobody, "guess"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 4 {
		t.Errorf("after the lock: attemptsLeft = %d, want 4", *p.AttemptsLeft)
	}
}

func TestSuccessResetsFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 3 {
		e.do("POST", api.PathLogin, loginBody(iinAsel, "wrong"), "")
	}
	e.login(iinAsel, DemoPassword)
	w := e.do("POST", api.PathLogin, loginBody(iinAsel, "wrong"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 4 {
		t.Errorf("attemptsLeft = %d, want 4", *p.AttemptsLeft)
	}
}

// Concurrent wrong passwords for one IIN never count past the lock:
// exactly four answers 401 and the rest 423.
func TestConcurrentFailuresLockOnce(t *testing.T) {
	t.Parallel()
	// The hashing queue holds them all: this is about the lock, not the
	// gate (TestLoginsBeyondHashQueueGet503).
	e := newEnv(t, func(c *Config) { c.ClientBurst = 100; c.HashQueue = 100 })
	const n = 12
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			codes <- e.do("POST", api.PathLogin, loginBody(iinBekzat, "wrong"), "").Code
		})
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[http.StatusUnauthorized] != 4 || count[http.StatusLocked] != n-4 {
		t.Errorf("answers = %v, want 4×401 and %d×423", count, n-4)
	}
	if got := e.eventCounts(iinBekzat)[store.EventLock]; got != 1 {
		t.Errorf("%d lock events, want 1", got)
	}
}

func TestFailuresSurviveRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 3 {
		e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong"), "")
	}
	e.reopen()
	w := e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong"), "")
	if p := wantProblem(t, w, http.StatusUnauthorized, api.CodeInvalidCredentials); *p.AttemptsLeft != 1 {
		t.Fatalf("after restart: attemptsLeft = %d, want 1", *p.AttemptsLeft)
	}
	w = e.do("POST", api.PathLogin, loginBody(iinSerik, "wrong"), "")
	want := wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked).LockedUntil
	e.reopen()
	w = e.do("POST", api.PathLogin, loginBody(iinSerik, DemoPassword), "")
	if got := wantProblem(t, w, http.StatusLocked, api.CodeAccountLocked).LockedUntil; !got.Equal(*want) {
		t.Errorf("after restart: lockedUntil = %v, want %v", got, want)
	}
}

func TestRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Invalid IINs are cheap: no argon2, no counters.
	body := loginBody("123", "x")
	for i := range 10 {
		if w := e.do("POST", api.PathLogin, body, ""); w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("request %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	w := e.do("POST", api.PathLogin, body, "")
	p := wantProblem(t, w, http.StatusTooManyRequests, api.CodeRateLimited)
	if p.RetryAfterSeconds < 1 {
		t.Errorf("retryAfterSeconds = %d, want >= 1", p.RetryAfterSeconds)
	}
	if got := w.Header().Get("Retry-After"); got != fmt.Sprint(p.RetryAfterSeconds) {
		t.Errorf("Retry-After = %q, want %d", got, p.RetryAfterSeconds)
	}
	// Another client is not throttled, and the in-process client is one
	// client of its own.
	if w := e.doFrom("198.51.100.7:1234", "POST", api.PathLogin, body, ""); w.Code == http.StatusTooManyRequests {
		t.Error("another client throttled")
	}
	if w := e.doFrom("inprocess", "POST", api.PathLogin, body, ""); w.Code == http.StatusTooManyRequests {
		t.Error("in-process client throttled")
	}
	// A token comes back after the advertised wait.
	e.clock.Advance(time.Duration(p.RetryAfterSeconds) * time.Second)
	if w := e.do("POST", api.PathLogin, body, ""); w.Code == http.StatusTooManyRequests {
		t.Errorf("still throttled after Retry-After")
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	check := func(t *testing.T, w *httptest.ResponseRecorder, reason string, p api.Problem) {
		t.Helper()
		if p.Reason != reason {
			t.Errorf("reason = %q, want %q", p.Reason, reason)
		}
		if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q", w.Header().Get("WWW-Authenticate"))
		}
	}
	t.Run("no token", func(t *testing.T) {
		w := e.do("GET", api.PathMe, "", "")
		check(t, w, reasonNoToken, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
	})
	t.Run("not bearer", func(t *testing.T) {
		tok := e.login(iinBekzat, DemoPassword).Token
		r := httptest.NewRequest("GET", api.PathMe, nil)
		r.Header.Set("Authorization", "Basic "+tok)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		check(t, w, reasonNoToken, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
	})
	t.Run("bad token", func(t *testing.T) {
		for _, tok := range []string{"abc", strings.Repeat("A", 43), "!!!"} {
			w := e.do("GET", api.PathAccounts, "", tok)
			check(t, w, reasonInvalid, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
		}
	})
	t.Run("after logout", func(t *testing.T) {
		tok := e.login(iinBekzat, DemoPassword).Token
		if w := e.do("POST", api.PathLogout, "", tok); w.Code != http.StatusNoContent {
			t.Fatalf("logout: %d %s", w.Code, w.Body)
		}
		w := e.do("GET", api.PathMe, "", tok)
		check(t, w, reasonEnded, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
		w = e.do("POST", api.PathLogout, "", tok)
		wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized)
	})
	t.Run("idle", func(t *testing.T) {
		tok := e.login(iinBekzat, DemoPassword).Token
		// Each call slides the idle expiry.
		for range 3 {
			e.clock.Advance(15*time.Minute - time.Second)
			if w := e.do("GET", api.PathMe, "", tok); w.Code != http.StatusOK {
				t.Fatalf("active session refused: %d %s", w.Code, w.Body)
			}
		}
		// The idle expiry's precision is a minute (touchEvery).
		e.clock.Advance(16*time.Minute + time.Second)
		w := e.do("GET", api.PathMe, "", tok)
		check(t, w, reasonIdle, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
		// And it stays ended.
		w = e.do("GET", api.PathMe, "", tok)
		check(t, w, reasonEnded, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
	})
	t.Run("absolute", func(t *testing.T) {
		tok := e.login(iinBekzat, DemoPassword).Token
		start := e.clock.Now()
		for e.clock.Now().Sub(start) < 8*time.Hour-10*time.Minute {
			e.clock.Advance(10 * time.Minute)
			if w := e.do("GET", api.PathAccounts, "", tok); w.Code != http.StatusOK {
				t.Fatalf("%v after login: %d %s", e.clock.Now().Sub(start), w.Code, w.Body)
			}
		}
		e.clock.Advance(8*time.Hour - e.clock.Now().Sub(start))
		w := e.do("GET", api.PathMe, "", tok)
		check(t, w, reasonExpired, wantProblem(t, w, http.StatusUnauthorized, api.CodeUnauthorized))
	})
	counts := e.eventCounts(iinBekzat)
	if counts[store.EventLogout] != 1 || counts[store.EventSessionExpired] != 2 {
		t.Errorf("events = %v, want 1 logout and 2 session_expired", counts)
	}
}
