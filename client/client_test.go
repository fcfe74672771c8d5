package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/service"
)

func openService(t *testing.T) *service.Service {
	t.Helper()
	svc, err := service.Open(context.Background(), service.Config{
		DataDir: t.TempDir(), Demo: true,
		Argon2: &service.Argon2Params{Memory: 1024, Iterations: 1, Parallelism: 1, KeyLen: 32, SaltLen: 16},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// both runs f against the service through the in-process transport and
// through a real HTTP server on loopback. Every request of the client and
// every answer is checked against api/openapi.yaml (apitest.Handler).
func both(t *testing.T, f func(t *testing.T, c *client.Client)) {
	svc := openService(t)
	t.Run("inprocess", func(t *testing.T) { f(t, client.NewInProcess(apitest.Handler(t, svc.Handler()))) })
	t.Run("http", func(t *testing.T) {
		srv := httptest.NewServer(apitest.Handler(t, svc.Handler()))
		defer srv.Close()
		c, err := client.New(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		f(t, c)
	})
}

func TestLoginMeAccountsLogout(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		info, err := c.Info(ctx)
		if err != nil || info.FundName == "" || !info.Demo {
			t.Fatalf("info %+v, %v", info, err)
		}
		if err := c.Health(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Me(ctx); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("me without login: %v", err)
		}
		s, err := c.Login(ctx, "880415300157", "kabinet-demo-2026")
		if err != nil {
			t.Fatal(err)
		}
		if s.Token == "" || c.Token() != s.Token || !s.ExpiresAt.After(time.Now()) {
			t.Fatalf("session %+v", s)
		}
		me, err := c.Me(ctx)
		if err != nil || me.IIN != "880415300157" || me.BirthDate != "1988-04-15" {
			t.Fatalf("me %+v, %v", me, err)
		}
		acc, err := c.Accounts(ctx)
		if err != nil || len(acc.Accounts) != 3 {
			t.Fatalf("accounts %+v, %v", acc, err)
		}
		var sum api.Money
		for _, a := range acc.Accounts {
			sum += a.Balance
		}
		if sum != acc.Total || sum <= 0 {
			t.Fatalf("total %d, sum %d", acc.Total, sum)
		}
		if err := c.Logout(ctx); err != nil || c.Token() != "" {
			t.Fatalf("logout: %v", err)
		}
		c.SetToken(s.Token)
		if _, err := c.Me(ctx); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("token still valid after logout: %v", err)
		}
	})
}

func TestTypedErrors(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		_, err := c.Login(ctx, "880415300157", "wrong-password")
		p, ok := client.ProblemOf(err)
		if !ok || p.Code != api.CodeInvalidCredentials || p.AttemptsLeft == nil {
			t.Fatalf("wrong password: %v %+v", err, p)
		}
		if !errors.Is(err, &client.Error{Problem: api.Problem{Code: api.CodeInvalidCredentials}}) {
			t.Fatal("errors.Is by code")
		}
		_, err = c.Login(ctx, "880415300158", "x")
		if p, _ := client.ProblemOf(err); p.Code != api.CodeInvalidIIN || p.Reason != "checksum" {
			t.Fatalf("bad checksum: %v %+v", err, p)
		}
	})
}

func TestRemoteMustBeHTTPS(t *testing.T) {
	for _, u := range []string{"http://cabinet.example.org", "http://10.0.0.5:8080", "ftp://x"} {
		if _, err := client.New(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	for _, u := range []string{"https://cabinet.example.org", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		if _, err := client.New(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
}

func TestUnavailableAndTimeout(t *testing.T) {
	c, _ := client.New("http://127.0.0.1:1", client.WithRetries(0))
	_, err := c.Info(context.Background())
	if !errors.Is(err, client.ErrUnavailable) || client.Code(err) != "unavailable" {
		t.Fatalf("closed port: %v", err)
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer slow.Close()
	c, _ = client.New(slow.URL, client.WithTimeout(200*time.Millisecond), client.WithRetries(0))
	start := time.Now()
	_, err = c.Info(context.Background())
	if !errors.Is(err, client.ErrTimeout) {
		t.Fatalf("slow server: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("timeout not applied")
	}
	// The in-process transport honours the context too.
	block := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ip := client.NewInProcess(block)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := ip.Info(ctx); !errors.Is(err, client.ErrTimeout) {
		t.Fatalf("in-process: %v", err)
	}
}

// Only GETs are retried; a POST without an idempotency key never is.
func TestRetryOnlySafeRequests(t *testing.T) {
	var gets, posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if gets.Add(1) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"fundName":"F"}`))
			return
		}
		posts.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, _ := client.New(srv.URL, client.WithRetries(3))
	info, err := c.Info(context.Background())
	if err != nil || info.FundName != "F" || gets.Load() != 3 {
		t.Fatalf("GET: %+v %v after %d tries", info, err, gets.Load())
	}
	_, err = c.Login(context.Background(), "880415300157", "x")
	if posts.Load() != 1 {
		t.Fatalf("POST sent %d times", posts.Load())
	}
	if client.Code(err) != api.CodeInternal {
		t.Fatalf("503 without a problem body: %v", err)
	}
}

// EndSession ends exactly the abandoned session: a newer one stays current
// and usable, a second end (401) is no error and is not reported as the
// current session expiring, and the current token is forgotten only when
// it is the one ended.
func TestEndSessionLeavesNewerSession(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		var expired atomic.Int32
		c.OnUnauthorized(func() { expired.Add(1) })
		old, err := c.Login(ctx, "880415300157", "kabinet-demo-2026")
		if err != nil {
			t.Fatal(err)
		}
		cur, err := c.Login(ctx, "880415300157", "kabinet-demo-2026")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.EndSession(ctx, old.Token); err != nil {
			t.Fatal(err)
		}
		if c.Token() != cur.Token {
			t.Fatal("the newer session's token was dropped")
		}
		if _, err := c.Me(ctx); err != nil {
			t.Fatalf("newer session: %v", err)
		}
		if err := c.EndSession(ctx, old.Token); err != nil {
			t.Fatalf("ending it again: %v", err)
		}
		if expired.Load() != 0 {
			t.Fatal("ending an abandoned session was reported as the current one expiring")
		}
		c.SetToken(old.Token)
		if _, err := c.Me(ctx); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("the abandoned session still works: %v", err)
		}
		c.SetToken(cur.Token)
		if err := c.EndSession(ctx, cur.Token); err != nil || c.Token() != "" {
			t.Fatalf("ending the current session: %v, token %q", err, c.Token())
		}
	})
}

// A 503 service_busy (a login storm) is the typed ErrServiceBusy with the
// Retry-After of the answer; a login is not retried by the client.
func TestServiceBusy(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.Header().Set("Content-Type", api.ProblemContentType)
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"title":"Service Unavailable","status":503,"code":"service_busy"}`))
	}))
	defer srv.Close()
	c, _ := client.New(srv.URL, client.WithRetries(3))
	_, err := c.Login(context.Background(), "880415300157", "x")
	if !errors.Is(err, client.ErrServiceBusy) {
		t.Fatalf("err = %v, want ErrServiceBusy", err)
	}
	if p, _ := client.ProblemOf(err); p.RetryAfterSeconds != 2 {
		t.Errorf("retryAfterSeconds = %d, want 2 (from Retry-After)", p.RetryAfterSeconds)
	}
	if errors.Is(&client.Error{Problem: api.Problem{Code: api.CodeRateLimited}}, client.ErrServiceBusy) {
		t.Error("rate_limited matches ErrServiceBusy")
	}
	if posts.Load() != 1 {
		t.Errorf("login sent %d times, want 1", posts.Load())
	}
}
