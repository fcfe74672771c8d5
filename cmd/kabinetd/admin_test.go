package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// iinOf completes 11 digits with their check digit.
func iinOf(t *testing.T, first11 string) string {
	c, ok := kz.IINCheckDigit(first11)
	if !ok {
		t.Fatalf("no check digit for %s", first11)
	}
	return first11 + string(rune('0'+c))
}

type importRun struct {
	code           int
	stdout, stderr string
}

func runImport(t *testing.T, dir, kind, content string) importRun {
	t.Helper()
	file := filepath.Join(t.TempDir(), kind+".csv")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"admin", "import", kind, file, "--data-dir", dir}, noEnv, nil, &out, &errb)
	r := importRun{stdout: out.String(), stderr: strings.ReplaceAll(errb.String(), file, kind+".csv")}
	if err != nil {
		r.code = 1
		var ee *exitError
		if errors.As(err, &ee) {
			r.code = ee.code
		}
		if ee == nil || !ee.reported {
			r.stderr += err.Error()
		}
	}
	r.stdout = strings.ReplaceAll(r.stdout, file, kind+".csv")
	return r
}

func openDB(t *testing.T, dir string) *sql.DB {
	db, err := sql.Open("sqlite", filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestAdminImport(t *testing.T) {
	dir := t.TempDir()
	man := iinOf(t, "75010130000")   // 1975-01-01, a man
	woman := iinOf(t, "90123040001") // 1990-12-30, a woman
	badIIN := man[:11] + string(rune('0'+(man[11]-'0'+1)%10))
	head := "iin,surname,given_name,patronymic,birth_date,sex,phone,email,disability_group,disability_for_life\n"
	deps := head +
		man + ",Ахметов,Ерлан,Болатович,1975-01-01,male,+7 701 111 22 33,erlan@mail.kz,,0\n" +
		woman + ",Иванова,Мария,,1990-12-30,female,,Maria@Mail.KZ,2,1\n" +
		badIIN + ",Х,Y,,1975-01-01,male,,,,0\n" +
		man + ",Ахметов,Ерлан,,1975-01-02,male,,,,0\n" +
		woman + ",Иванова,Мария,,1990-12-30,male,,,,0\n" +
		woman + ",Иванова,Мария,,1990-12-30,female,+7 999 000 00 00,,,0\n" +
		woman + ",Иванова,Мария,,1990-12-30,female,,,,1\n"
	r := runImport(t, dir, "depositors", deps)
	if r.code != 1 || r.stdout != "depositors.csv: imported 2, updated 0, unchanged 0, failed 5\n" {
		t.Fatalf("first run: %+v", r)
	}
	for _, want := range []string{
		"depositors.csv:4:1: column iin: not a valid IIN",
		"depositors.csv:5:", "column birth_date: 1975-01-02 is not the birth date in the IIN (1975-01-01)",
		"depositors.csv:6:", "column sex: the IIN says female",
		"depositors.csv:7:", "column phone: not a Kazakhstan mobile number",
		"depositors.csv:8:", "column disability_for_life: 1 without a disability_group",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	db := openDB(t, dir)
	var phone, email, dis string
	var life int
	if err := db.QueryRow(`SELECT phone, email, disability, disability_for_life FROM depositors WHERE iin = ?`, woman).Scan(new(sql.NullString), &email, &dis, &life); err != nil ||
		email != "Maria@mail.kz" || dis != "2" || life != 1 {
		t.Errorf("woman: %q %q %d %v", email, dis, life, err)
	}
	db.QueryRow(`SELECT phone FROM depositors WHERE iin = ?`, man).Scan(&phone)
	if phone != "77011112233" {
		t.Errorf("man's phone %q", phone)
	}

	// The same file again changes nothing.
	if r := runImport(t, dir, "depositors", deps); r.stdout != "depositors.csv: imported 0, updated 0, unchanged 2, failed 5\n" {
		t.Errorf("re-run: %+v", r)
	}
	// A changed row updates; a registered depositor's contacts stay his.
	db.Exec(`UPDATE depositors SET password_hash = 'x' WHERE iin = ?`, man)
	r = runImport(t, dir, "depositors", head+man+",Ахметов,Ерлан,Болатұлы,1975-01-01,male,+7 702 000 00 00,new@mail.kz,,0\n")
	if r.code != 0 || r.stdout != "depositors.csv: imported 0, updated 1, unchanged 0, failed 0\n" {
		t.Errorf("update: %+v", r)
	}
	var patr string
	db.QueryRow(`SELECT patronymic, phone, email FROM depositors WHERE iin = ?`, man).Scan(&patr, &phone, &email)
	if patr != "Болатұлы" || phone != "77011112233" || email != "erlan@mail.kz" {
		t.Errorf("after update: %q %q %q", patr, phone, email)
	}

	// Accounts.
	r = runImport(t, dir, "accounts", "iin,type,number,opened_at\n"+
		man+",OPV,KZ-OPV-1,2010-05-01\n"+woman+",DPV,KZ-DPV-2,2015-01-01\n"+
		iinOf(t, "80010130000")+",OPV,KZ-OPV-3,2010-05-01\n"+man+",XYZ,KZ-4,2010-05-01\n"+woman+",OPV,KZ-OPV-1,2010-05-01\n")
	if r.code != 1 || r.stdout != "accounts.csv: imported 2, updated 0, unchanged 0, failed 3\n" ||
		!strings.Contains(r.stderr, "accounts.csv:4:1: column iin: no depositor with this IIN") ||
		!strings.Contains(r.stderr, "column type: want OPV, OPPV or DPV") ||
		!strings.Contains(r.stderr, "accounts.csv:6:") {
		t.Errorf("accounts: %+v", r)
	}

	// Transactions arrive out of order; balances come out right; a row
	// that would take the balance below zero is refused.
	th := "id,account_number,date,kind,amount,period,payer_bin,payer_name\n"
	tx := th +
		"T3,KZ-OPV-1,2024-03-01,payment,-150.00,,,\n" + // before the money: refused
		"T2,KZ-OPV-1,2024-02-01,contribution,100.00,2024-01,240540001232,ТОО Ромашка\n" +
		"T1,KZ-OPV-1,2024-01-15,contribution,30.50,2023-12,,\n" +
		"T4,KZ-OPV-1,2024-03-01,payment,-50.00,,,\n" +
		"T5,KZ-OPV-1,2024-01-20,commission,-0.50,,,\n" +
		"T6,KZ-NONE,2024-01-20,contribution,1.00,,,\n" +
		"T7,KZ-OPV-1,2024-01-20,contribution,1.5,,,\n" +
		"T8,KZ-OPV-1,2024-01-20,contribution,1.00,,240540001233,\n"
	r = runImport(t, dir, "transactions", tx)
	if r.code != 1 || r.stdout != "transactions.csv: imported 4, updated 0, unchanged 0, failed 4\n" {
		t.Fatalf("transactions: %+v", r)
	}
	for _, want := range []string{"transactions.csv:2:", "column amount: the balance of account KZ-OPV-1 would go below zero",
		"transactions.csv:7:", "column account_number: no account KZ-NONE", "transactions.csv:8:", "column amount: want tenge with two decimals",
		"transactions.csv:9:", "column payer_bin: not a valid BIN"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	balances := func() string {
		rows, err := db.Query(`SELECT ext_id, balance_after FROM transactions ORDER BY date, id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id string
			var bal int64
			rows.Scan(&id, &bal)
			b.WriteString(id + "=" + tenge(bal) + " ")
		}
		return b.String()
	}
	if got := balances(); got != "T1=30.50 T5=30.00 T2=130.00 T4=80.00 " {
		t.Errorf("balances %s", got)
	}
	var total int64
	db.QueryRow(`SELECT SUM(total) FROM account_sums`).Scan(&total)
	if total != 8000 {
		t.Errorf("account sums %d", total)
	}
	// Re-run: nothing changes; a changed amount of an imported id is refused.
	if r := runImport(t, dir, "transactions", tx); r.stdout != "transactions.csv: imported 0, updated 0, unchanged 4, failed 4\n" {
		t.Errorf("re-run: %+v", r)
	}
	r = runImport(t, dir, "transactions", th+"T2,KZ-OPV-1,2024-02-01,contribution,200.00,2024-01,240540001232,ТОО Ромашка\n")
	if r.code != 1 || !strings.Contains(r.stderr, "column id: transaction T2 was imported before with other values") {
		t.Errorf("changed transaction: %+v", r)
	}
	if got := balances(); got != "T1=30.50 T5=30.00 T2=130.00 T4=80.00 " {
		t.Errorf("balances after refused rows %s", got)
	}
	db.QueryRow(`SELECT SUM(total) FROM account_sums`).Scan(&total)
	if total != 8000 {
		t.Errorf("account sums after the re-runs %d", total)
	}
	// A wrong header is refused as a whole.
	if r := runImport(t, dir, "accounts", "iin,type,number\n"); r.code != 1 || !strings.Contains(r.stderr, "the header must be exactly iin,type,number,opened_at") {
		t.Errorf("bad header: %+v", r)
	}
	if r := runImport(t, dir, "people", "x\n"); r.code != 2 {
		t.Errorf("unknown kind: %+v", r)
	}
}

func tenge(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d.%02d", sign, t/100, t%100)
}

// On a terminal the import shows a progress line; its last state is the
// number of rows read, ended by a newline.
func TestImportProgress(t *testing.T) {
	st, err := store.OpenDatabase(context.Background(), "", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var errs, progress bytes.Buffer
	man := iinOf(t, "75010130000")
	csv := "iin,type,number,opened_at\n" + man + ",OPV,N1,2010-01-01\n" + man + ",OPV,N2,2010-01-01\n"
	sum, err := importCSV(context.Background(), st, "accounts", "a.csv", strings.NewReader(csv), &errs, &progress, time.Now)
	if err != nil || sum.failed != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	if !strings.HasSuffix(progress.String(), "\ra.csv: 2 rows\n") {
		t.Errorf("progress %q", progress.String())
	}
}
