package store

import (
	"context"
	"errors"
	"testing"
)

// The import's store side on both engines: depositor, account, and
// transactions out of order with balances right and below-zero refused.
func TestImportRows(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	im, err := s.BeginImport(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	d := ImportDepositor{IIN: "750101300004", Surname: "А", GivenName: "Б", BirthDate: "1975-01-01", Sex: "male", Email: "a@mail.kz"}
	if r, err := im.Depositor(ctx, d); err != nil || r != ImportInserted {
		t.Fatalf("depositor %q %v", r, err)
	}
	if r, err := im.Depositor(ctx, d); err != nil || r != ImportUnchanged {
		t.Fatalf("depositor again %q %v", r, err)
	}
	d.Patronymic = "В"
	if r, err := im.Depositor(ctx, d); err != nil || r != ImportUpdated {
		t.Fatalf("depositor changed %q %v", r, err)
	}
	if r, err := im.Account(ctx, ImportAccount{IIN: d.IIN, Type: "OPV", Number: "N1", OpenedAt: "2010-01-01"}); err != nil || r != ImportInserted {
		t.Fatalf("account %q %v", r, err)
	}
	var ie *ImportError
	if _, err := im.Account(ctx, ImportAccount{IIN: "800101300003", Type: "OPV", Number: "N2", OpenedAt: "2010-01-01"}); !errors.As(err, &ie) || ie.Column != "iin" {
		t.Fatalf("unknown depositor: %v", err)
	}
	for _, tr := range []ImportTransaction{
		{ID: "b", AccountNumber: "N1", Date: "2024-02-01", Kind: "contribution", Amount: 10000},
		{ID: "a", AccountNumber: "N1", Date: "2024-01-01", Kind: "contribution", Amount: 5000},
		{ID: "c", AccountNumber: "N1", Date: "2024-01-15", Kind: "payment", Amount: -4000},
	} {
		if r, err := im.Transaction(ctx, tr); err != nil || r != ImportInserted {
			t.Fatalf("transaction %s: %q %v", tr.ID, r, err)
		}
	}
	// -2000 on 2024-01-10 would leave 1000 then -1000 after c: refused.
	if _, err := im.Transaction(ctx, ImportTransaction{ID: "d", AccountNumber: "N1", Date: "2024-01-10", Kind: "payment", Amount: -2000}); !errors.As(err, &ie) || ie.Column != "amount" {
		t.Fatalf("below zero: %v", err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT ext_id, balance_after FROM transactions ORDER BY date, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := ""
	for rows.Next() {
		var id string
		var b int64
		rows.Scan(&id, &b)
		got += id + "=" + tenge(b) + " "
	}
	if got != "a=50.00 c=10.00 b=110.00 " {
		t.Errorf("balances %s", got)
	}
}
