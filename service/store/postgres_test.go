package store

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestMigrationsInStep: the SQLite and PostgreSQL migrations are one
// history, the same versions under the same names, each with an Up and
// a Down section, so that a database of either engine has the same schema
// version after the same release.
func TestMigrationsInStep(t *testing.T) {
	names := func(dir string) []string {
		ents, err := fs.ReadDir(migrations, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range ents {
			out = append(out, e.Name())
			b, err := fs.ReadFile(migrations, dir+"/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "-- +goose Up") || !strings.Contains(string(b), "-- +goose Down") {
				t.Errorf("%s/%s: no Up or no Down section", dir, e.Name())
			}
		}
		return out
	}
	lite, pg := names("migrations/sqlite"), names("migrations/postgres")
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("migrations differ:\nsqlite   %v\npostgres %v", lite, pg)
	}
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{`SELECT '?', "x?" FROM t WHERE a = ? -- what?
			AND b = ?`, `SELECT '?', "x?" FROM t WHERE a = $1 -- what?
			AND b = $2`},
		{`SELECT 'it''s' WHERE a = ?`, `SELECT 'it''s' WHERE a = $1`},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsPostgresURL(t *testing.T) {
	for in, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true,
		"": false, "/var/lib/kabinet/kabinet.db": false, "file:x.db": false,
	} {
		if got := IsPostgresURL(in); got != want {
			t.Errorf("IsPostgresURL(%q) = %v", in, got)
		}
	}
}
