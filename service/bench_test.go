package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
)

// BenchmarkLogin measures a successful login through the handler, in
// process, with the production (OWASP) argon2id parameters; see BENCH.md.
func BenchmarkLogin(b *testing.B) {
	now := time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)
	svc, err := Open(context.Background(), Config{
		DataDir:     b.TempDir(),
		Demo:        true,
		Clock:       func() time.Time { return now },
		ClientRate:  1e9, // measure the login, not the throttle
		ClientBurst: 1e9,
	})
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	h := svc.Handler()
	body := loginBody(iinBekzat, DemoPassword)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := httptest.NewRequest("POST", api.PathLogin, strings.NewReader(body))
		r.RemoteAddr = "inprocess"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("login: %d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkVerifyPasswordOWASP is the argon2id verification alone, to
// compare with BenchmarkLogin.
func BenchmarkVerifyPasswordOWASP(b *testing.B) {
	hash, err := hashPassword(DemoPassword, DefaultArgon2Params())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := verifyPassword(DemoPassword, hash); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkOpen measures opening a new data directory with the demo data
// (what `make run` does on first start) against opening one without it
// (migrations only, the baseline), with cheap argon2 so the demo
// passwords' hashing does not dominate.
func BenchmarkOpen(b *testing.B) {
	for _, demo := range []bool{false, true} {
		name := map[bool]string{false: "empty", true: "demo"}[demo]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				svc, err := Open(context.Background(), Config{DataDir: b.TempDir(), Demo: demo, Argon2: cheapArgon2(),
					BackOffice: BackOfficeConfig{Disabled: true}})
				if err != nil {
					b.Fatal(err)
				}
				svc.Close()
			}
		})
	}
}
