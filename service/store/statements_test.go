package store

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sqlite "modernc.org/sqlite"

	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// seedStatements seeds two depositors: the first with three accounts (ids
// 1, 2, 3: account 1 is the one SQLite plans apart, see
// mergedStatementSQL), the second with two (4, 5). Their rows share dates
// across the accounts, so the merge order depends on the ids. It returns
// each depositor's account ids and every row, in booking order.
func seedStatements(t *testing.T, s *Store) ([2][]int64, []Transaction) {
	t.Helper()
	var people []SeedDepositor
	for p, iin := range []string{"880415300157", "700303300418"} {
		d := SeedDepositor{Depositor: Depositor{IIN: iin, Surname: "S", GivenName: "G", BirthDate: "1988-04-15",
			Sex: "male", Role: RoleDepositor, PasswordHash: "h", CreatedAt: t0}}
		for a, typ := range []string{AccountOPV, AccountOPPV, AccountDPV}[:3-p] {
			acc := SeedAccount{Type: typ, Number: iin[:6] + typ, OpenedAt: "2020-01-01"}
			var bal int64
			for i := range 40 + 10*a {
				bal += 100
				acc.Transactions = append(acc.Transactions, Transaction{
					Date: time.Date(2020, 1, 1+i/(2+a), 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
					Kind: KindContribution, Amount: 100, BalanceAfter: bal, Period: "2019-12",
				})
			}
			d.Accounts = append(d.Accounts, acc)
		}
		people = append(people, d)
	}
	ctx := context.Background()
	if ok, err := s.Seed(ctx, "test", t0, people); !ok || err != nil {
		t.Fatalf("seed = %v, %v", ok, err)
	}
	var ids [2][]int64
	var all []Transaction
	for p, d := range people {
		accs, err := s.Accounts(ctx, d.IIN)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range accs {
			ids[p] = append(ids[p], a.ID)
			rows, err := s.StatementRows(ctx, []int64{a.ID}, "2000-01-01", "2100-01-01", Position{}, 1000)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, rows...)
		}
	}
	slices.SortFunc(all, func(a, b Transaction) int {
		return strings.Compare(a.Date, b.Date)*2 + cmpInt(a.ID, b.ID)
	})
	return ids, all
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Pages of one account or of several, of any size, deep or not, give the
// rows in booking order across the accounts, each once.
func TestStatementRowsMergePages(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	ids, all := seedStatements(t, s)
	if ids[0][0] != 1 && storetest.Postgres() == "" {
		t.Fatalf("first account id %d, want 1", ids[0][0])
	}
	for _, accs := range [][]int64{ids[0], ids[1], ids[0][:1], ids[0][1:], {ids[1][1], ids[0][2]}} {
		var want []Transaction
		for _, r := range all {
			if slices.Contains(accs, r.AccountID) && r.Date >= "2020-01-05" && r.Date <= "2020-01-20" {
				want = append(want, r)
			}
		}
		for _, limit := range []int{1, 2, 7, 50, 1000} {
			var got []Transaction
			after := Position{}
			for range len(want) + 2 {
				page, err := s.StatementRows(ctx, accs, "2020-01-05", "2020-01-20", after, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) > limit {
					t.Fatalf("accounts %v, limit %d: a page of %d rows", accs, limit, len(page))
				}
				got = append(got, page...)
				if len(page) < limit {
					break
				}
				last := page[len(page)-1]
				after = Position{Date: last.Date, ID: last.ID}
			}
			if !slices.Equal(got, want) {
				t.Errorf("accounts %v, limit %d: %d rows, want %d", accs, limit, len(got), len(want))
			}
		}
	}
}

// A page does not make SQLite parse and plan its query again: not when
// the depositor changes (their first account being account 1 or not),
// nor when the limit changes to or from 1. The reader pool is one
// connection whose authorizer counts the SELECTs SQLite compiles.
func TestStatementRowsNotReprepared(t *testing.T) {
	if storetest.Postgres() != "" {
		t.Skip("SQLite's statement cache")
	}
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	ids, _ := seedStatements(t, s)
	s.rd.SetMaxOpenConns(1)
	var compiled atomic.Int64
	c, err := s.rd.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Raw(func(dc any) error {
		return dc.(sqlite.AuthorizerRegisterer).RegisterAuthorizer(func(a sqlite.AuthorizerActionCode, _, _, _, _ string) sqlite.AuthorizerReturnCode {
			if a == sqlite.AuthSelect {
				compiled.Add(1)
			}
			return sqlite.AuthorizerOK
		})
	})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	pages := func() {
		for i := range 10 {
			for _, accs := range [][]int64{ids[0], ids[1], ids[0][:1], ids[1][:1]} {
				after := Position{}
				if i%2 == 1 {
					after = Position{Date: "2020-01-03", ID: 5}
				}
				for _, limit := range []int{51, 1, 1000} {
					if _, err := s.StatementRows(ctx, accs, "2020-01-01", "2020-12-31", after, limit); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	pages() // prepares each statement once
	if compiled.Load() == 0 {
		t.Fatal("the authorizer saw no statement compiled")
	}
	compiled.Store(0)
	pages()
	if n := compiled.Load(); n != 0 {
		t.Errorf("%d SELECTs compiled again in 120 pages", n)
	}
}

// The statement query of one account or several is an index range scan
// per account, merged without a sort: no table scan, no temporary B-tree.
func TestStatementQueryPlan(t *testing.T) {
	if storetest.Postgres() != "" {
		t.Skip("SQLite's query plan")
	}
	t.Parallel()
	s := openTest(t)
	for n := 1; n <= 3; n++ {
		args := []any{"2020-01-01", 5, "2021-01-01", 100}
		for i := range n {
			args = append(args, i+1)
		}
		rows, err := s.rd.Query(`EXPLAIN QUERY PLAN `+mergedStatementSQL(n), args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		got := strings.Join(plan, "; ")
		scans := strings.Count(got, "SEARCH transactions USING INDEX transactions_account_date (account_id=? AND date>? AND date<?)")
		if scans != n || strings.Contains(got, "TEMP B-TREE") || strings.Contains(got, "SCAN") ||
			strings.Count(got, "MERGE (UNION ALL)") != n-1 {
			t.Errorf("%d accounts, plan: %s", n, got)
		}
	}
}
