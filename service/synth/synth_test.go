package synth

import (
	"context"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// TestGenerate writes a small fund and reads it back through the store:
// every person is there once with a valid IIN whose birth date and sex
// are the person's, and each account's balance (the running totals the
// store keeps) is the sum of its rows and the last row's balance.
func TestGenerate(t *testing.T) {
	ctx := context.Background()
	db := ""
	if storetest.Postgres() != "" {
		db = storetest.NewDatabase(t, "")
	}
	st, err := store.OpenDatabase(ctx, db, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	o := Options{Depositors: 250, Months: 18, Seed: 7, Batch: 100, Now: now, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"}
	var batches int
	sum, err := Generate(ctx, st, o, func(Summary) { batches++ })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Depositors != 250 || batches != 3 {
		t.Fatalf("summary %+v in %d batches, want 250 depositors in 3", sum, batches)
	}
	seen := map[string]bool{}
	var accounts, rows int
	for n := 0; len(seen) < 250; n++ {
		want, ok := Person(o, n)
		if !ok {
			continue
		}
		if seen[want.IIN] {
			t.Fatalf("IIN %s twice", want.IIN)
		}
		seen[want.IIN] = true
		iin, err := kz.ParseIIN(want.IIN)
		if err != nil {
			t.Fatalf("IIN %s: %v", want.IIN, err)
		}
		if got := iin.BirthDate().Format(time.DateOnly); got != want.BirthDate {
			t.Errorf("IIN %s: birth %s, person %s", want.IIN, got, want.BirthDate)
		}
		d, err := st.Depositor(ctx, want.IIN)
		if err != nil {
			t.Fatalf("depositor %s: %v", want.IIN, err)
		}
		if d.Surname != want.Surname || !d.Registered() {
			t.Errorf("depositor %s: %+v", want.IIN, d)
		}
		sums, err := st.AccountSummaries(ctx, want.IIN)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != len(want.Accounts) || len(sums) == 0 {
			t.Fatalf("%s: %d accounts stored, %d generated", want.IIN, len(sums), len(want.Accounts))
		}
		for _, a := range sums {
			accounts++
			txs, err := st.Transactions(ctx, a.ID, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(txs) == 0 {
				t.Fatalf("account %s: no transactions", a.Number)
			}
			rows += len(txs)
			var total int64
			for _, tx := range txs {
				total += tx.Amount
				if total < 0 || tx.BalanceAfter != total {
					t.Fatalf("account %s: balance after %s %s is %d, sum %d", a.Number, tx.Date, tx.Kind, tx.BalanceAfter, total)
				}
				if tx.Date >= now.Format("2006-01")+"-01" {
					t.Fatalf("account %s: a row dated %s, this month", a.Number, tx.Date)
				}
			}
			if a.Balance != total || a.Balance <= 0 {
				t.Errorf("account %s: balance %d, rows sum to %d", a.Number, a.Balance, total)
			}
		}
	}
	if accounts != sum.Accounts || rows != sum.Transactions {
		t.Errorf("read %d accounts, %d rows; summary %+v", accounts, rows, sum)
	}
	// 18 months on average, a contribution each and two rows a year.
	if per := float64(rows) / 250; per < 12 || per > 30 {
		t.Errorf("%.1f rows per depositor, want about 20", per)
	}
	// A second run with another offset adds other people.
	if _, err := Generate(ctx, st, Options{Depositors: 10, Offset: 1000, Now: now}, nil); err != nil {
		t.Fatalf("second run: %v", err)
	}
}

func TestIINsAreDistinctAndValid(t *testing.T) {
	seen := map[string]int{}
	for i := range 200_000 {
		iin, _, _, ok := IIN(i)
		if !ok {
			continue
		}
		if j, dup := seen[iin]; dup {
			t.Fatalf("IIN %s for %d and %d", iin, j, i)
		}
		seen[iin] = i
		if i%97 == 0 {
			if _, err := kz.ParseIIN(iin); err != nil {
				t.Fatalf("%d: %s: %v", i, iin, err)
			}
		}
	}
	if len(seen) < 170_000 {
		t.Errorf("%d valid IINs of 200,000", len(seen))
	}
}
