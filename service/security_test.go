package service

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// The token reaches the client only: the database holds its SHA-256.
func TestTokenStoredHashed(t *testing.T) {
	skipOnPostgres(t)
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)

	var n int
	if err := e.db().QueryRow(`SELECT count(*) FROM sessions WHERE token_hash = ?`, sum[:]).Scan(&n); err != nil || n != 1 {
		t.Fatalf("sessions with the token's hash: %d, %v", n, err)
	}
	// Neither the token nor its bytes are anywhere in the files, WAL
	// included, before or after a checkpoint.
	check := func(when string) {
		files, _ := filepath.Glob(filepath.Join(e.dir, store.FileName+"*"))
		if len(files) == 0 {
			t.Fatal("no database files")
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(tok)) || bytes.Contains(b, raw) {
				t.Errorf("%s: %s holds the session token", when, filepath.Base(f))
			}
			if bytes.Contains(b, []byte(DemoPassword)) {
				t.Errorf("%s: %s holds a password", when, filepath.Base(f))
			}
		}
	}
	check("open")
	e.reopen() // closing checkpoints the WAL into the main file
	check("reopened")
	// Still valid after the restart.
	if w := e.do("GET", api.PathMe, "", tok); w.Code != http.StatusOK {
		t.Errorf("after restart: %d %s", w.Code, w.Body)
	}
}

// No password, token, Authorization header or full contact reaches the
// logs, whatever happens.
func TestNoSecretsInLogs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const wrong = "my-Wrong-Passw0rd"
	e.do("POST", api.PathLogin, loginBody(iinBekzat, wrong), "")
	e.do("POST", api.PathLogin, `{"iin":"880415300157","password":"`+wrong+`"`, "") // malformed
	e.do("POST", api.PathLogin, `{"iin":"880415300157","password":"`+wrong+`","x":1}`, "")
	tok := e.login(iinBekzat, DemoPassword).Token
	e.do("GET", api.PathMe, "", tok)
	e.do("GET", api.PathAccounts, "", tok)
	e.do("GET", api.PathMe+"?token="+tok, "", tok)
	e.do("POST", api.PathLogout, "", tok)
	e.do("GET", api.PathMe, "", tok)

	logs := e.logs.String()
	if !strings.Contains(logs, `"route":"POST /api/v1/auth/login"`) || !strings.Contains(logs, `"status":401`) {
		t.Fatalf("requests were not logged:\n%s", logs)
	}
	for _, secret := range []string{wrong, DemoPassword, tok, "Bearer", "Authorization", "77012345600", "bekzat.s@mail.kz", "argon2id"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestPanicBecomesInternalProblem(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var logs bytes.Buffer
	s := newServer(Deps{Store: e.svc.store, Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Argon2: *cheapArgon2()})
	h := s.logRequests(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	})))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	wantProblem(t, w, http.StatusInternalServerError, api.CodeInternal)
	if !strings.Contains(logs.String(), `"panic":"boom"`) || !strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("logs = %s", logs.String())
	}
}

// Errors that are not problems are logged and answered without details.
func TestInternalErrorsHideDetails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	if err := e.svc.Close(); err != nil {
		t.Fatal(err)
	}
	w := e.do("GET", api.PathAccounts, "", tok)
	p := wantProblem(t, w, http.StatusInternalServerError, api.CodeInternal)
	if p.Detail != "" {
		t.Errorf("detail = %q, want none", p.Detail)
	}
	if !strings.Contains(e.logs.String(), "request failed") {
		t.Error("error not logged")
	}
	e.svc = nil // closed already
}

// A stronger Argon2 configuration re-hashes a password at the next login.
func TestRehashOnLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	stronger := Argon2Params{Memory: 128, Iterations: 2, Parallelism: 1, KeyLen: 32, SaltLen: 16}
	e.cfg.Argon2 = &stronger
	e.reopen()
	e.login(iinBekzat, DemoPassword)
	var hash string
	if err := e.db().QueryRow(`SELECT password_hash FROM depositors WHERE iin = ?`, iinBekzat).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=128,t=2,p=1$") {
		t.Errorf("hash after login = %s…", hash[:30])
	}
	if got := e.eventCounts(iinBekzat)[store.EventPasswordRehashed]; got != 1 {
		t.Errorf("%d rehash events", got)
	}
	e.login(iinBekzat, DemoPassword) // the new hash verifies, and is not redone
	if got := e.eventCounts(iinBekzat)[store.EventPasswordRehashed]; got != 1 {
		t.Errorf("%d rehash events after a second login", got)
	}
}
