package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
)

// BenchmarkImportTransactions: rows per second of `kabinetd admin import
// transactions` against the sqlite3 shell loading the same CSV into a
// plain table (.import --csv), both measured in the same run; the
// ratio is kabinetd's rate over the shell's (the issue aims at >= 0.3).
//
//	go test -tags ci -run '^$' -bench ImportTransactions ./cmd/kabinetd/
func BenchmarkImportTransactions(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 shell (apt-get install sqlite3)")
	}
	const accounts, perAccount = 100, 200
	tmp := b.TempDir()
	var deps, accs, txs strings.Builder
	deps.WriteString("iin,surname,given_name,patronymic,birth_date,sex,phone,email,disability_group,disability_for_life\n")
	accs.WriteString("iin,type,number,opened_at\n")
	txs.WriteString("id,account_number,date,kind,amount,period,payer_bin,payer_name\n")
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range accounts {
		first11 := fmt.Sprintf("750101300%02d", i)
		iin := iinOfB(b, first11)
		fmt.Fprintf(&deps, "%s,Фамилия%d,Имя,,1975-01-01,male,,,,0\n", iin, i)
		fmt.Fprintf(&accs, "%s,OPV,KZ%06d,2010-01-01\n", iin, i)
	}
	n := 0
	for m := range perAccount {
		d := base.AddDate(0, 0, m*3).Format(time.DateOnly)
		for i := range accounts {
			n++
			fmt.Fprintf(&txs, "T%d,KZ%06d,%s,contribution,%d.%02d,%s,240540001232,ТОО «Ромашка»\n", n, i, d, 1000+m, m%100, d[:7])
		}
	}
	write := func(name, s string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			b.Fatal(err)
		}
		return p
	}
	depFile, accFile, txFile := write("d.csv", deps.String()), write("a.csv", accs.String()), write("t.csv", txs.String())
	ctx := context.Background()
	var ours, shellTime time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		dir := filepath.Join(tmp, fmt.Sprintf("run%d", i))
		for _, a := range [][]string{{"depositors", depFile}, {"accounts", accFile}} {
			if err := run(ctx, []string{"admin", "import", a[0], a[1], "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := time.Now()
		if err := run(ctx, []string{"admin", "import", "transactions", txFile, "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		b.StopTimer()
		start = time.Now()
		cmd := exec.Command(shell, filepath.Join(dir, "plain.db"),
			"CREATE TABLE t (id TEXT, account_number TEXT, date TEXT, kind TEXT, amount TEXT, period TEXT, payer_bin TEXT, payer_name TEXT);",
			".import --csv --skip 1 "+txFile+" t")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sqlite3: %v %s", err, out)
		}
		shellTime += time.Since(start)
		b.StartTimer()
	}
	rows := float64(n) * float64(b.N)
	b.ReportMetric(rows/ours.Seconds(), "rows/s")
	b.ReportMetric(rows/shellTime.Seconds(), "shell-rows/s")
	b.ReportMetric(shellTime.Seconds()/ours.Seconds(), "ratio")
}

// iinOfB completes 11 digits with their check digit, or the next
// serial number's when these have none.
func iinOfB(b *testing.B, first11 string) string {
	if c, ok := kz.IINCheckDigit(first11); ok {
		return first11 + string(rune('0'+c))
	}
	alt := first11[:7] + "9" + first11[8:]
	if c, ok := kz.IINCheckDigit(alt); ok {
		return alt + string(rune('0'+c))
	}
	b.Fatalf("no check digit for %s", first11)
	return ""
}
