package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kabinet-kz/kabinet/service/store"
)

// migrateCLI is `kabinetd migrate status|up [--database URL] [--data-dir DIR]`:
// status lists the migrations and whether the database has them; up
// applies the missing ones (kabinetd also does on start; an operator runs
// it first to upgrade several instances in one step).
func migrateCLI(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "status" && args[0] != "up") {
		return usageError(errors.New("usage: kabinetd migrate status|up [--database URL] [--data-dir DIR]"), false)
	}
	cmd := args[0]
	fs := flag.NewFlagSet("kabinetd migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", getenv("KABINETD_DATABASE"), "`URL` of the PostgreSQL database or path of the SQLite file")
	dataDir := fs.String("data-dir", getenv("KABINETD_DATA_DIR"), "`directory` of the SQLite database")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err, true)
	}
	if *database == "" && *dataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return fmt.Errorf("no --data-dir and no user config directory: %w", err)
		}
		*dataDir = dir
	}
	var st *store.Store
	var err error
	if cmd == "up" {
		st, err = store.OpenDatabase(ctx, *database, *dataDir, nil)
	} else {
		st, err = store.OpenDatabaseNoMigrate(ctx, *database, *dataDir)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	ms, err := st.Migrations(ctx)
	if err != nil {
		return err
	}
	pending := 0
	for _, m := range ms {
		state := "pending"
		if m.Applied {
			state = "applied " + m.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		} else {
			pending++
		}
		fmt.Fprintf(stdout, "%05d  %-36s %s\n", m.Version, m.Name, state)
	}
	fmt.Fprintf(stdout, "%s: %d migrations, %d pending\n", st.Path(), len(ms), pending)
	return nil
}
