package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

func fakeHash(pw string) (string, error) { return "hash:" + pw, nil }

// dumpTransactions lists every account and transaction of a database.
func dumpTransactions(t *testing.T, e *env) []string {
	t.Helper()
	rows, err := e.db().Query(`SELECT a.depositor_iin, a.type, a.number, a.opened_at,
		t.id, t.date, t.kind, t.amount, t.balance_after, coalesce(t.period, ''), coalesce(t.payer_name, ''), coalesce(t.payer_bin, '')
		FROM transactions t JOIN accounts a ON a.id = t.account_id ORDER BY t.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f [12]any
		ptrs := make([]any, len(f))
		for i := range f {
			ptrs[i] = &f[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(f[:]...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDemoSeedDeterministic(t *testing.T) {
	t.Parallel()
	fresh := func(c *Config) {
		c.Argon2 = &Argon2Params{Memory: 64, Iterations: 1, Parallelism: 1, KeyLen: 32, SaltLen: 8}
	}
	start := time.Now()
	a := newEnv(t, fresh) // not from the template: seeded here
	took := time.Since(start)
	start = time.Now()
	b := newEnv(t, fresh)
	took = min(took, time.Since(start)) // the faster of two, as load only adds time
	da, db := dumpTransactions(t, a), dumpTransactions(t, b)
	if len(da) < 2000 {
		t.Fatalf("only %d transactions", len(da))
	}
	if !slices.Equal(da, db) {
		for i := range min(len(da), len(db)) {
			if da[i] != db[i] {
				t.Fatalf("transaction %d differs:\n%s\n%s", i, da[i], db[i])
			}
		}
		t.Fatalf("%d vs %d transactions", len(da), len(db))
	}
	t.Logf("seeded %d transactions in %v", len(da), took) // BenchmarkOpen measures it

	// Opening again seeds nothing more.
	a.reopen()
	if got := dumpTransactions(t, a); !slices.Equal(got, da) {
		t.Errorf("reopening changed the data: %d transactions, had %d", len(got), len(da))
	}
	var seed string
	if err := a.db().QueryRow(`SELECT value FROM meta WHERE key = 'seed'`).Scan(&seed); err != nil || !strings.HasPrefix(seed, demoSeed) {
		t.Errorf("meta seed = %q, %v", seed, err)
	}
}

func TestNoDemoSeedsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Demo = false })
	var n int
	if err := e.db().QueryRow(`SELECT count(*) FROM depositors`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d depositors, %v", n, err)
	}
}

// Time going on only adds transactions: the past stays the same.
func TestDemoDataStableOverTime(t *testing.T) {
	t.Parallel()
	early, _ := demoData(testStart, fakeHash)
	late, _ := demoData(testStart.AddDate(0, 5, 0), fakeHash)
	for i := range early {
		for j, acc := range early[i].Accounts {
			lt := late[i].Accounts[j].Transactions
			if len(lt) <= len(acc.Transactions) || !slices.Equal(lt[:len(acc.Transactions)], acc.Transactions) {
				t.Errorf("%s %s: the later data do not extend the earlier", early[i].IIN, acc.Type)
			}
		}
	}
}

func TestDemoDataConsistent(t *testing.T) {
	t.Parallel()
	people, err := demoData(testStart, fakeHash)
	if err != nil {
		t.Fatal(err)
	}
	lastMonth := "2026-02" // the month before testStart
	registered := map[string]bool{}
	phones := map[string][]string{}
	for _, p := range people {
		iin, err := kz.ParseIIN(p.IIN)
		if err != nil {
			t.Errorf("%s: %v", p.IIN, err)
			continue
		}
		if iin.BirthDate().Format(time.DateOnly) != p.BirthDate || iin.Sex().String() != p.Sex {
			t.Errorf("%s: birth date %s sex %s disagree with the IIN", p.IIN, p.BirthDate, p.Sex)
		}
		if _, err := kz.ParsePhone(p.Phone); err != nil {
			t.Errorf("%s: phone %s: %v", p.IIN, p.Phone, err)
		}
		if _, err := kz.ParseEmail(p.Email); err != nil {
			t.Errorf("%s: e-mail %s: %v", p.IIN, p.Email, err)
		}
		phones[p.Phone] = append(phones[p.Phone], p.IIN)
		registered[p.IIN] = p.PasswordHash != ""
		for _, a := range p.Accounts {
			var balance int64
			months := map[string]bool{}
			for k, tr := range a.Transactions {
				balance += tr.Amount
				if tr.BalanceAfter != balance || balance < 0 {
					t.Fatalf("%s %s #%d: balance %d, running sum %d", p.IIN, a.Type, k, tr.BalanceAfter, balance)
				}
				if k > 0 && tr.Date < a.Transactions[k-1].Date {
					t.Fatalf("%s %s #%d: %s before %s", p.IIN, a.Type, k, tr.Date, a.Transactions[k-1].Date)
				}
				if tr.Date < a.OpenedAt || tr.Date >= "2026-03" {
					t.Errorf("%s %s: transaction on %s (opened %s, now %s)", p.IIN, a.Type, tr.Date, a.OpenedAt, testStart)
				}
				if tr.Kind == store.KindContribution {
					if _, err := kz.ParseBIN(tr.PayerBIN); err != nil && a.Type != store.AccountDPV {
						t.Errorf("%s %s: payer BIN %s: %v", p.IIN, a.Type, tr.PayerBIN, err)
					}
					if tr.PayerName == "" || tr.Period == "" || tr.Period >= tr.Date[:7] && a.Type != store.AccountDPV {
						t.Errorf("%s %s: contribution %+v", p.IIN, a.Type, tr)
					}
					months[tr.Date[:7]] = true
				}
			}
			if p.IIN == iinBekzat && a.Type == store.AccountOPV {
				for m := demoStart(); m.String() <= lastMonth; m++ {
					if !months[m.String()] && !(m.String() >= "2016-08" && m.String() <= "2016-10") {
						t.Errorf("Bekzat's OPV: no contribution in %s", m)
					}
				}
			}
		}
	}
	want := map[string]bool{iinBekzat: true, iinSerik: true, iinAsel: true, iinDauren: false, iinAigerim: false, iinStaff: true}
	for iin, reg := range want {
		if got, ok := registered[iin]; !ok || got != reg {
			t.Errorf("%s: registered = %v (present %v), want %v", iin, got, ok, reg)
		}
	}
	if shared := phones["77012345600"]; len(shared) != 2 {
		t.Errorf("phone 77012345600 belongs to %v, want two depositors", shared)
	}
	if shared := phones["77081112233"]; len(shared) != 1 {
		t.Errorf("Dauren's phone belongs to %v, want him only", shared)
	}
}

func TestDemoSeedRunsOnlyOnAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	people, _ := demoData(testStart, fakeHash)
	if ok, err := st.Seed(context.Background(), "a", testStart, people[:1]); !ok || err != nil {
		t.Fatalf("first seed = %v, %v", ok, err)
	}
	if ok, err := st.Seed(context.Background(), "b", testStart, people); ok || err != nil {
		t.Fatalf("second seed = %v, %v; want no-op", ok, err)
	}
}
