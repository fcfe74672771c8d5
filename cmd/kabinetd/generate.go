package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/synth"
)

const generateUsage = "usage: kabinetd admin generate --depositors N [--months M] [--seed S] [--offset K] [--password P] [--data-dir DIR] [--database URL]"

// generateCLI is `kabinetd admin generate`: a synthetic fund of N
// depositors written straight into the database, for data-scale
// benchmarks (service/BENCH.md). Never on a real fund's database.
func generateCLI(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, now func() time.Time) error {
	fs := flag.NewFlagSet("kabinetd admin generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", getenv("KABINETD_DATABASE"), "`URL` of the PostgreSQL database or path of the SQLite file")
	dataDir := fs.String("data-dir", getenv("KABINETD_DATA_DIR"), "`directory` of the SQLite database")
	n := fs.Int("depositors", 0, "`number` of depositors to add")
	months := fs.Int("months", 24, "mean `length` of a depositor's contribution history in months")
	seed := fs.Uint64("seed", 1, "random `seed` (the same seed and offset make the same people)")
	offset := fs.Int("offset", 0, "first synthetic person's `index` (another offset adds other people)")
	password := fs.String("password", service.DemoPassword, "every generated depositor's `password` (\"\" leaves them unregistered)")
	batch := fs.Int("batch", 2000, "depositors per database `transaction`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err, true)
	}
	if fs.NArg() > 0 || *n <= 0 || *months <= 0 || *offset < 0 || *batch <= 0 {
		return usageError(errors.New(generateUsage), false)
	}
	st, err := openAdminStore(ctx, *database, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	o := synth.Options{Depositors: *n, Months: *months, Seed: *seed, Offset: *offset, Batch: *batch, Now: now()}
	if *password != "" {
		// One argon2id hash (production parameters) shared by everyone.
		if o.PasswordHash, err = service.HashPassword(*password); err != nil {
			return err
		}
	}
	start, next := now(), 0
	sum, err := synth.Generate(ctx, st, o, func(s synth.Summary) {
		if s.Depositors >= next {
			el := now().Sub(start)
			fmt.Fprintf(stderr, "generate: %d depositors, %d accounts, %d transactions, %s, %.0f depositors/s\n",
				s.Depositors, s.Accounts, s.Transactions, el.Round(time.Second), float64(s.Depositors)/max(el.Seconds(), 1e-3))
			next = s.Depositors + 50_000
		}
	})
	el := now().Sub(start)
	fmt.Fprintf(stdout, "generated %d depositors, %d accounts, %d transactions in %s (%.0f depositors/s, %.0f rows/s)\n",
		sum.Depositors, sum.Accounts, sum.Transactions, el.Round(time.Millisecond),
		float64(sum.Depositors)/max(el.Seconds(), 1e-3), float64(sum.Transactions)/max(el.Seconds(), 1e-3))
	return err
}
