// Package storetest runs the store's and the service's tests on
// PostgreSQL as well as SQLite: when KABINET_TEST_POSTGRES holds the URL
// of a server (scripts/pg-test.sh starts a throw-away one), each test
// gets a database of its own on it, created empty or from a template
// database and dropped when the test ends.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvPostgres is the environment variable with the server's URL.
const EnvPostgres = "KABINET_TEST_POSTGRES"

// Postgres is the URL of the test server, or "" to test on SQLite only.
func Postgres() string { return os.Getenv(EnvPostgres) }

var seq atomic.Int64

// withDB is dsn naming database name instead.
func withDB(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// admin runs statements on the server's maintenance database.
func admin(ctx context.Context, stmts ...string) error {
	c, err := pgx.Connect(ctx, Postgres())
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	for _, q := range stmts {
		if _, err := c.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// NewDatabase creates a new database on the test server, a copy of
// template when it is not "", and returns its URL; the database is
// dropped when t ends.
func NewDatabase(t testing.TB, template string) string {
	t.Helper()
	name := fmt.Sprintf("kt_%d_%d", os.Getpid(), seq.Add(1))
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := admin(ctx, q); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	dsn, err := withDB(Postgres(), name)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return dsn
}

var templates sync.Map // name → *tmpl

type tmpl struct {
	once sync.Once
	err  error
}

// Template creates, once per test binary, the database name on the test
// server and has fill populate it through its URL (fill must close every
// connection it opens: a template is copied only when unused). Call
// DropTemplates from TestMain when the tests are done.
func Template(name string, fill func(dsn string) error) error {
	name = fmt.Sprintf("%s_%d", name, os.Getpid())
	v, _ := templates.LoadOrStore(name, &tmpl{})
	tp := v.(*tmpl)
	tp.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if tp.err = admin(ctx, "CREATE DATABASE "+name); tp.err != nil {
			return
		}
		dsn, err := withDB(Postgres(), name)
		if err != nil {
			tp.err = err
			return
		}
		tp.err = fill(dsn)
	})
	return tp.err
}

// TemplateName is the database name Template(name, ...) made.
func TemplateName(name string) string { return fmt.Sprintf("%s_%d", name, os.Getpid()) }

// DropTemplates drops the template databases this binary made.
func DropTemplates() {
	if Postgres() == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	templates.Range(func(k, _ any) bool {
		admin(ctx, "DROP DATABASE IF EXISTS "+k.(string)+" WITH (FORCE)")
		return true
	})
}
