package service

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
	"github.com/kabinet-kz/kabinet/service/store"
	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// Demo people used by the tests (see the table in demo.go).
const (
	iinBekzat     = "880415300157" // registered, OPV + OPPV + DPV
	iinSerik      = "700303300418" // registered, 50+, OPV + DPV, transfer and payment
	iinAsel       = "921102400233" // registered, disability 2 for life
	iinDauren     = "850721300125" // not registered, own contacts
	iinAigerim    = "950109400452" // not registered, phone shared with Bekzat
	iinStaff      = "800612400774" // office staff
	iinNobody     = "900101300017" // valid IIN that the fund does not know
	testClientIP  = "192.0.2.10"
	testUserAgent = "kabinet-test"
)

// testStart is the service clock at the start of every test: a Tuesday
// morning in March 2026 (UTC).
var testStart = time.Date(2026, time.March, 10, 4, 0, 0, 0, time.UTC)

// cheapArgon2 keeps the tests fast; TestDefaultArgon2ParamsAreOWASP
// checks the production parameters.
func cheapArgon2() *Argon2Params {
	return &Argon2Params{Memory: 64, Iterations: 1, Parallelism: 1, KeyLen: 32, SaltLen: 16}
}

// clock is a settable service clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of slog.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// template is a demo database seeded once per test binary with the
// default test configuration; most tests start from a copy of it, since
// seeding under the race detector takes about a second.
var template struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.DropTemplates()
	if template.dir != "" {
		os.RemoveAll(template.dir)
	}
	os.Exit(code)
}

func copyTemplate(t *testing.T, dst string) {
	t.Helper()
	template.once.Do(func() {
		template.dir, template.err = os.MkdirTemp("", "kabinet-template-")
		if template.err != nil {
			return
		}
		var svc *Service
		svc, template.err = Open(context.Background(), Config{
			DataDir: template.dir,
			Demo:    true,
			Clock:   func() time.Time { return testStart },
			Argon2:  cheapArgon2(),
		})
		if template.err == nil {
			template.err = svc.Close()
		}
	})
	if template.err != nil {
		t.Fatalf("template database: %v", template.err)
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(template.dir, store.FileName+suffix))
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, store.FileName+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// skipOnPostgres skips a test that looks into the SQLite file itself
// (query plans, file contents, SQLite functions) on the PostgreSQL run.
func skipOnPostgres(t *testing.T) {
	t.Helper()
	if storetest.Postgres() != "" {
		t.Skip("SQLite-specific; the PostgreSQL run skips it")
	}
}

// pgTemplate is the name of a demo database on the test PostgreSQL,
// seeded once per test binary like template.
func pgTemplate(t *testing.T) string {
	t.Helper()
	err := storetest.Template("kabinet_demo", func(dsn string) error {
		dir, err := os.MkdirTemp("", "kabinet-pgtemplate-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		svc, err := Open(context.Background(), Config{
			DataDir: dir, Database: dsn, Demo: true,
			Clock: func() time.Time { return testStart }, Argon2: cheapArgon2(),
		})
		if err != nil {
			return err
		}
		return svc.Close()
	})
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	return storetest.TemplateName("kabinet_demo")
}

// env is a demo service on a fresh SQLite file with a test clock, its
// logs captured.
type env struct {
	t     *testing.T
	dir   string
	clock *clock
	logs  *syncBuffer
	cfg   Config
	svc   *Service
	h     http.Handler
}

func newEnv(t *testing.T, mods ...func(*Config)) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), clock: &clock{t: testStart}, logs: &syncBuffer{}}
	e.cfg = Config{
		DataDir: e.dir,
		Demo:    true,
		Version: "test",
		Clock:   e.clock.Now,
		Logger:  slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Argon2:  cheapArgon2(),
	}
	for _, m := range mods {
		m(&e.cfg)
	}
	if storetest.Postgres() != "" {
		// A database of its own on the test PostgreSQL, a copy of a
		// seeded template like the SQLite file below.
		tmpl := ""
		if e.cfg.Demo && e.cfg.Argon2 != nil && *e.cfg.Argon2 == *cheapArgon2() {
			tmpl = pgTemplate(t)
		}
		e.cfg.Database = storetest.NewDatabase(t, tmpl)
	} else if e.cfg.Demo && e.cfg.Argon2 != nil && *e.cfg.Argon2 == *cheapArgon2() {
		copyTemplate(t, e.dir) // same data as seeding here, in a fraction of the time
	}
	e.open()
	t.Cleanup(func() {
		if e.svc != nil {
			e.svc.Close()
		}
	})
	return e
}

// demoData gives the closed env the demo people of the template (a
// copy of the SQLite file, or a new database copied from the PostgreSQL
// template), whatever cfg.Demo says.
func (e *env) demoData() {
	e.t.Helper()
	if storetest.Postgres() != "" {
		e.cfg.Database = storetest.NewDatabase(e.t, pgTemplate(e.t))
		return
	}
	copyTemplate(e.t, e.dir)
}

// open (re)opens the service on the env's data directory.
func (e *env) open() {
	e.t.Helper()
	svc, err := Open(context.Background(), e.cfg)
	if err != nil {
		e.t.Fatalf("Open: %v", err)
	}
	e.svc, e.h = svc, specChecked(e.t, svc.Handler())
}

// specChecked is the one place where the service tests meet the contract:
// every request through the handler it returns, and every answer, is
// validated against api/openapi.yaml (package apitest); an exchange the
// contract does not describe fails t. Every env's handler (e.h) is
// checked; tests that build a handler of their own wrap it with specChecked too.
func specChecked(t testing.TB, h http.Handler) http.Handler {
	return apitest.Handler(t, h)
}

// reopen closes the service and opens it again on the same file.
func (e *env) reopen() {
	e.t.Helper()
	if err := e.svc.Close(); err != nil {
		e.t.Fatalf("Close: %v", err)
	}
	e.svc = nil
	e.open()
}

// do sends a request from testClientIP; token "" sends no Authorization.
func (e *env) do(method, path, body, token string) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.doFrom(testClientIP+":50000", method, path, body, token)
}

func (e *env) doFrom(remote, method, path, body, token string) *httptest.ResponseRecorder {
	e.t.Helper()
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.RemoteAddr = remote
	r.Header.Set("User-Agent", testUserAgent)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func loginBody(iin, password string) string {
	b, _ := json.Marshal(api.LoginRequest{IIN: iin, Password: password})
	return string(b)
}

// login logs in and fails the test unless it succeeds.
func (e *env) login(iin, password string) api.Session {
	e.t.Helper()
	w := e.do("POST", api.PathLogin, loginBody(iin, password), "")
	if w.Code != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", iin, w.Code, w.Body)
	}
	var s api.Session
	decode(e.t, w, &s)
	return s
}

// decode unmarshals a JSON answer.
func decode(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body %s", ct, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
}

// wantProblem checks status, media type and code of a problem answer and
// returns it.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int, code string) api.Problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != api.ProblemContentType {
		t.Fatalf("Content-Type = %q, want %q", ct, api.ProblemContentType)
	}
	var p api.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("decode problem %s: %v", w.Body, err)
	}
	if p.Code != code || p.Status != status || p.Title == "" {
		t.Fatalf("problem = %+v, want code %q status %d with a title", p, code, status)
	}
	return p
}

// db opens the service's SQLite file read-only, as another process would
// (on PostgreSQL, the env's database: rawDB).
func (e *env) db() *sql.DB {
	e.t.Helper()
	if e.cfg.Database != "" {
		return e.rawDB()
	}
	path := filepath.Join(e.dir, store.FileName)
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// rawDB opens the env's database for reading and writing, as another
// process would: the SQLite file, or the PostgreSQL database.
func (e *env) rawDB() *sql.DB {
	e.t.Helper()
	var db *sql.DB
	var err error
	if e.cfg.Database != "" {
		db, err = store.OpenSQL(e.cfg.Database)
	} else {
		db, err = openRW(filepath.Join(e.dir, store.FileName))
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

// eventCounts counts the security events of iin by kind, read from the file.
func (e *env) eventCounts(iin string) map[string]int {
	e.t.Helper()
	rows, err := e.db().Query(`SELECT kind, count(*) FROM security_events WHERE iin = ? GROUP BY kind`, iin)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			e.t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}
