package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/api/apitest"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// TestAdminGenerate: `kabinetd admin generate` writes the people it says
// into the data directory's database, each with a valid IIN; bad
// arguments are refused with the usage.
func TestAdminGenerate(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"admin", "generate", "--depositors", "40", "--months", "6", "--batch", "15",
		"--password", "", "--data-dir", dir}, noEnv, nil, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "generated 40 depositors, ") {
		t.Fatalf("stdout %q", out.String())
	}
	db := openDB(t, dir)
	rows, err := db.Query(`SELECT iin, password_hash FROM depositors`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var iin string
		var hash *string
		if err := rows.Scan(&iin, &hash); err != nil {
			t.Fatal(err)
		}
		if _, err := kz.ParseIIN(iin); err != nil {
			t.Errorf("IIN %s: %v", iin, err)
		}
		if hash != nil && *hash != "" {
			t.Errorf("%s has a password with --password \"\"", iin)
		}
		n++
	}
	if n != 40 {
		t.Errorf("%d depositors in the database, want 40", n)
	}
	var bad int
	if err := db.QueryRow(`SELECT count(*) FROM accounts a
		WHERE (SELECT SUM(total) FROM account_sums WHERE account_id = a.id) IS NOT
		      (SELECT balance_after FROM transactions WHERE account_id = a.id ORDER BY date DESC, id DESC LIMIT 1)`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d accounts whose running total is not their last balance", bad)
	}
	for _, args := range [][]string{{"admin", "generate"}, {"admin", "generate", "--depositors", "-1"}} {
		errb.Reset()
		if err := run(context.Background(), args, noEnv, nil, &out, &errb); err == nil || !strings.Contains(err.Error()+errb.String(), "usage: kabinetd admin generate") {
			t.Errorf("%v: err %v, stderr %q", args, err, errb.String())
		}
	}
}

// TestAdminGenerateSameOnPostgres: `kabinetd admin generate` writes the
// same fund into PostgreSQL (COPY) as into SQLite (INSERT): the same
// people, accounts, transactions and running totals row for row; the
// accounts' identity sequence and account_sums' trigger work as before
// afterwards; and a generated depositor logs in to a kabinetd on the
// PostgreSQL database and reads the statement of their history.
func TestAdminGenerateSameOnPostgres(t *testing.T) {
	if storetest.Postgres() == "" {
		t.Skip("no PostgreSQL (scripts/pg-test.sh)")
	}
	const password = "synthetic-fund-2026"
	gen := func(target ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		args := append([]string{"admin", "generate", "--depositors", "200", "--seed", "5", "--batch", "70",
			"--password", password}, target...)
		if err := run(context.Background(), args, noEnv, nil, &out, &errb); err != nil {
			t.Fatalf("%v: %v\n%s", target, err, errb.String())
		}
		if !strings.HasPrefix(out.String(), "generated 200 depositors, ") {
			t.Fatalf("%v: stdout %q", target, out.String())
		}
	}
	dir := t.TempDir()
	gen("--data-dir", dir)
	pgURL := storetest.NewDatabase(t, "")
	gen("--database", pgURL)
	lite := openDB(t, dir)
	pg, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	// dump is every row of q as text, in order.
	dump := func(db *sql.DB, q string) []string {
		t.Helper()
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			out = append(out, b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name string
		q    string
		min  int
	}{
		{"depositors", `SELECT iin, surname, given_name, patronymic, birth_date, sex, COALESCE(phone, ''), COALESCE(email, ''),
			disability, disability_for_life, role, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END,
			CASE WHEN password_changed_at IS NULL THEN 0 ELSE 1 END, CASE WHEN last_login_at IS NULL THEN 0 ELSE 1 END
			FROM depositors ORDER BY iin`, 200},
		{"accounts", `SELECT number, depositor_iin, type, opened_at FROM accounts ORDER BY number`, 200},
		{"transactions", `SELECT a.number, t.date, t.kind, t.amount, t.balance_after, COALESCE(t.period, ''),
			COALESCE(t.payer_name, ''), COALESCE(t.payer_bin, ''), COALESCE(t.ext_id, '')
			FROM transactions t JOIN accounts a ON a.id = t.account_id ORDER BY a.number, t.id`, 2000},
		{"account_sums", `SELECT a.number, s.kind, s.total, s.n FROM account_sums s JOIN accounts a ON a.id = s.account_id
			ORDER BY a.number, s.kind`, 400},
		{"totals", `SELECT (SELECT count(*) FROM depositors), (SELECT count(*) FROM accounts),
			(SELECT count(*) FROM transactions), (SELECT SUM(amount) FROM transactions),
			(SELECT SUM(balance_after) FROM transactions), (SELECT SUM(total) FROM account_sums)`, 1},
	} {
		l, p := dump(lite, c.q), dump(pg, c.q)
		if len(l) < c.min {
			t.Fatalf("%s: %d rows on SQLite, want at least %d", c.name, len(l), c.min)
		}
		if len(l) != len(p) {
			t.Fatalf("%s: %d rows on SQLite, %d on PostgreSQL", c.name, len(l), len(p))
		}
		for i := range l {
			if l[i] != p[i] {
				t.Fatalf("%s row %d: SQLite %s, PostgreSQL %s", c.name, i, l[i], p[i])
			}
		}
	}

	// An account added afterwards by INSERT gets a new id from the
	// sequence, and its transaction is summed by the trigger again.
	var iin string
	if err := pg.QueryRow(`SELECT iin FROM depositors d WHERE NOT EXISTS
		(SELECT 1 FROM accounts WHERE depositor_iin = d.iin AND type = 'OPPV') ORDER BY iin LIMIT 1`).Scan(&iin); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := pg.QueryRow(`INSERT INTO accounts (depositor_iin, type, number, opened_at)
		VALUES ($1, 'OPPV', 'TEST-OPPV-1', '2026-01-05') RETURNING id`, iin).Scan(&id); err != nil {
		t.Fatalf("an account after generate: %v", err)
	}
	if _, err := pg.Exec(`INSERT INTO transactions (account_id, date, kind, amount, balance_after)
		VALUES ($1, '2026-01-05', 'contribution', 12345, 12345)`, id); err != nil {
		t.Fatal(err)
	}
	var total int64
	if err := pg.QueryRow(`SELECT total FROM account_sums WHERE account_id = $1 AND kind = 'contribution'`, id).Scan(&total); err != nil || total != 12345 {
		t.Fatalf("account_sums of a new account: %d, %v; want 12345 (trigger on)", total, err)
	}

	// A generated depositor logs in and reads the whole statement.
	url, _, logs := start(t, "--listen", "127.0.0.1:0", "--data-dir", t.TempDir(), "--database", pgURL)
	c := apitest.Client(t)
	call := func(method, path, token string, body, out any) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, url+path, rd)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s; logs:\n%s", method, path, resp.StatusCode, b, logs)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	if err := pg.QueryRow(`SELECT depositor_iin FROM accounts WHERE type = 'DPV' ORDER BY number LIMIT 1`).Scan(&iin); err != nil {
		t.Fatal(err)
	}
	var s api.Session
	call("POST", api.PathLogin, "", api.LoginRequest{IIN: iin, Password: password}, &s)
	var accs api.Accounts
	call("GET", api.PathAccounts, s.Token, nil, &accs)
	var page api.StatementPage
	call("GET", api.PathStatements+"?account=all&from=2000-01-01&limit=1000", s.Token, nil, &page)
	var rows, balance int
	if err := pg.QueryRow(`SELECT count(*), SUM(amount) FROM transactions t JOIN accounts a ON a.id = t.account_id
		WHERE a.depositor_iin = $1`, iin).Scan(&rows, &balance); err != nil {
		t.Fatal(err)
	}
	var sum api.Money
	for _, a := range accs.Accounts {
		sum += a.Balance
	}
	if len(accs.Accounts) != 2 || int(sum) != balance || len(page.Rows) != rows || rows == 0 {
		t.Errorf("%s: %d accounts with %d, a statement of %d rows; the database has 2 accounts with %d, %d rows",
			iin, len(accs.Accounts), sum, len(page.Rows), balance, rows)
	}
}
