package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// The columns of each file, exactly and in this order (docs/FUND.md).
var importColumns = map[string][]string{
	"depositors":   {"iin", "surname", "given_name", "patronymic", "birth_date", "sex", "phone", "email", "disability_group", "disability_for_life"},
	"accounts":     {"iin", "type", "number", "opened_at"},
	"transactions": {"id", "account_number", "date", "kind", "amount", "period", "payer_bin", "payer_name"},
}

// importBatch rows go into one database transaction.
const importBatch = 2000

const adminUsage = "usage: kabinetd admin import depositors|accounts|transactions FILE.csv [--data-dir DIR] [--database URL]\n" +
	"       kabinetd admin generate --depositors N [--months M] [--data-dir DIR] [--database URL]"

func adminCLI(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "staff" {
		return staffCLI(ctx, args[1:], getenv, stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "generate" {
		return generateCLI(ctx, args[1:], getenv, stdout, stderr, time.Now)
	}
	if len(args) == 0 || args[0] != "import" {
		return usageError(errors.New(adminUsage), false)
	}
	args = args[1:]
	fs := flag.NewFlagSet("kabinetd admin import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", getenv("KABINETD_DATABASE"), "`URL` of the PostgreSQL database or path of the SQLite file")
	dataDir := fs.String("data-dir", getenv("KABINETD_DATA_DIR"), "`directory` of the SQLite database")
	// Flags may come before or after the two words.
	var words []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return usageError(err, true)
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(words) != 2 || importColumns[words[0]] == nil {
		return usageError(errors.New(adminUsage), false)
	}
	kind, file := words[0], words[1]
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := openAdminStore(ctx, *database, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	var progress io.Writer
	if isTerminal(stderr) {
		progress = stderr
	}
	sum, err := importCSV(ctx, st, kind, file, f, stderr, progress, time.Now)
	fmt.Fprintf(stdout, "%s: imported %d, updated %d, unchanged %d, failed %d\n", file, sum.imported, sum.updated, sum.unchanged, sum.failed)
	if err != nil {
		return err
	}
	if sum.failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d rows failed", sum.failed), reported: true}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type importSummary struct{ imported, updated, unchanged, failed int }

// importCSV streams r into st: one row at a time, committed every
// importBatch rows. Each refused row is reported on errs as
// FILE:LINE:COLUMN: column NAME: reason.
func importCSV(ctx context.Context, st *store.Store, kind, name string, r io.Reader, errs, progress io.Writer, now func() time.Time) (importSummary, error) {
	var sum importSummary
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return sum, fmt.Errorf("%s: no header row: %w", name, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if !slices.Equal(header, importColumns[kind]) {
		return sum, fmt.Errorf("%s:1: the header must be exactly %s", name, strings.Join(importColumns[kind], ","))
	}
	cr.FieldsPerRecord = len(header)
	im, err := st.BeginImport(ctx, now())
	if err != nil {
		return sum, err
	}
	defer func() { im.Rollback() }()
	inBatch, rows := 0, 0
	lastShown := time.Now()
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		rows++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(errs, "%s:%d:%d: %v\n", name, pe.Line, pe.Column, pe.Err)
				sum.failed++
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					continue
				}
				return sum, errors.New("the file cannot be read past this point")
			}
			return sum, err
		}
		res, col, rerr := importRow(ctx, im, kind, rec)
		if rerr != nil {
			var ie *store.ImportError
			if errors.As(rerr, &ie) {
				col, rerr = ie.Column, errors.New(ie.Reason)
			} else if col == "" {
				return sum, rerr // the database failed, not the row
			}
			i := max(slices.Index(importColumns[kind], col), 0)
			l, c := cr.FieldPos(i)
			fmt.Fprintf(errs, "%s:%d:%d: column %s: %v\n", name, l, c, col, rerr)
			sum.failed++
			continue
		}
		switch res {
		case store.ImportInserted:
			sum.imported++
		case store.ImportUpdated:
			sum.updated++
		default:
			sum.unchanged++
		}
		if inBatch++; inBatch >= importBatch {
			if err := im.Commit(); err != nil {
				return sum, err
			}
			if im, err = st.BeginImport(ctx, now()); err != nil {
				return sum, err
			}
			inBatch = 0
		}
		if progress != nil && time.Since(lastShown) > 200*time.Millisecond {
			lastShown = time.Now()
			fmt.Fprintf(progress, "\r%s: %d rows…", name, rows)
		}
	}
	if progress != nil {
		fmt.Fprintf(progress, "\r%s: %d rows\n", name, rows)
	}
	return sum, im.Commit()
}

var (
	dateRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	periodRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	amountRE = regexp.MustCompile(`^-?\d{1,13}\.\d{2}$`)
)

func checkDate(s string) error {
	if !dateRE.MatchString(s) {
		return errors.New("not a date YYYY-MM-DD")
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return errors.New("no such date")
	}
	return nil
}

// importRow checks one record and adds it. col names the column of an
// error of the row itself ("" for a database failure).
func importRow(ctx context.Context, im *store.Import, kind string, rec []string) (res, col string, err error) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	bad := func(c string, format string, args ...any) (string, string, error) {
		return "", c, fmt.Errorf(format, args...)
	}
	switch kind {
	case "depositors":
		iin, err := kz.ParseIIN(rec[0])
		if err != nil {
			return bad("iin", "not a valid IIN (%v)", err)
		}
		d := store.ImportDepositor{IIN: iin.String(), Surname: rec[1], GivenName: rec[2], Patronymic: rec[3], BirthDate: rec[4], Sex: rec[5],
			Disability: rec[8]}
		if d.Surname == "" {
			return bad("surname", "empty")
		}
		if d.GivenName == "" {
			return bad("given_name", "empty")
		}
		if err := checkDate(d.BirthDate); err != nil {
			return bad("birth_date", "%v", err)
		}
		if d.BirthDate != iin.BirthDate().Format(time.DateOnly) {
			return bad("birth_date", "%s is not the birth date in the IIN (%s)", d.BirthDate, iin.BirthDate().Format(time.DateOnly))
		}
		if d.Sex != "male" && d.Sex != "female" {
			return bad("sex", "want male or female, not %q", d.Sex)
		}
		if s := iin.Sex().String(); s != "" && s != d.Sex {
			return bad("sex", "the IIN says %s", s)
		}
		if rec[6] != "" {
			p, err := kz.ParsePhone(rec[6])
			if err != nil {
				return bad("phone", "not a Kazakhstan mobile number (%v)", err)
			}
			d.Phone = p.String()
		}
		if rec[7] != "" {
			e, err := kz.ParseEmail(rec[7])
			if err != nil {
				return bad("email", "not an e-mail address (%v)", err)
			}
			d.Email = e
		}
		switch d.Disability {
		case "", "1", "2", "3":
		default:
			return bad("disability_group", "want empty, 1, 2 or 3, not %q", d.Disability)
		}
		switch rec[9] {
		case "0", "":
		case "1":
			if d.Disability == "" {
				return bad("disability_for_life", "1 without a disability_group")
			}
			d.DisabilityForLife = true
		default:
			return bad("disability_for_life", "want 0 or 1, not %q", rec[9])
		}
		res, err = im.Depositor(ctx, d)
		return res, "", err
	case "accounts":
		iin, err := kz.ParseIIN(rec[0])
		if err != nil {
			return bad("iin", "not a valid IIN (%v)", err)
		}
		a := store.ImportAccount{IIN: iin.String(), Type: rec[1], Number: rec[2], OpenedAt: rec[3]}
		if a.Type != "OPV" && a.Type != "OPPV" && a.Type != "DPV" {
			return bad("type", "want OPV, OPPV or DPV, not %q", a.Type)
		}
		if a.Number == "" || len(a.Number) > 34 {
			return bad("number", "empty or longer than 34 characters")
		}
		if err := checkDate(a.OpenedAt); err != nil {
			return bad("opened_at", "%v", err)
		}
		res, err = im.Account(ctx, a)
		return res, "", err
	default:
		t := store.ImportTransaction{ID: rec[0], AccountNumber: rec[1], Date: rec[2], Kind: rec[3], Period: rec[5], PayerName: rec[7]}
		if t.ID == "" {
			return bad("id", "empty")
		}
		if t.AccountNumber == "" {
			return bad("account_number", "empty")
		}
		if err := checkDate(t.Date); err != nil {
			return bad("date", "%v", err)
		}
		if !amountRE.MatchString(rec[4]) {
			return bad("amount", "want tenge with two decimals, e.g. 12500.00 or -350.25, not %q", rec[4])
		}
		whole, frac, _ := strings.Cut(strings.TrimPrefix(rec[4], "-"), ".")
		w, _ := strconv.ParseInt(whole, 10, 64)
		fr, _ := strconv.ParseInt(frac, 10, 64)
		t.Amount = w*100 + fr
		if strings.HasPrefix(rec[4], "-") {
			t.Amount = -t.Amount
		}
		switch t.Kind {
		case "contribution":
			if t.Amount <= 0 {
				return bad("amount", "a contribution is positive")
			}
		case "commission", "payment":
			if t.Amount >= 0 {
				return bad("amount", "a %s is negative", t.Kind)
			}
		case "investment_income", "transfer":
			if t.Amount == 0 {
				return bad("amount", "zero")
			}
		default:
			return bad("kind", "want contribution, investment_income, commission, payment or transfer, not %q", t.Kind)
		}
		if t.Period != "" && !periodRE.MatchString(t.Period) {
			return bad("period", "want YYYY-MM or empty, not %q", t.Period)
		}
		if rec[6] != "" {
			b, err := kz.ParseBIN(rec[6])
			if err != nil {
				return bad("payer_bin", "not a valid BIN (%v)", err)
			}
			t.PayerBIN = b.String()
		}
		res, err = im.Transaction(ctx, t)
		return res, "", err
	}
}
