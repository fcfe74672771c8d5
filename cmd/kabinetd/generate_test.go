package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/kz"
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
