package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service"
	"github.com/kabinet-kz/kabinet/service/store"
)

const staffUsage = "usage: kabinetd admin staff add --iin IIN --name \"SURNAME GIVEN [PATRONYMIC]\" --role applications|office|all  (password twice on stdin)\n" +
	"       kabinetd admin staff list\n       kabinetd admin staff disable --iin IIN\n       kabinetd admin staff audit [--limit N]\n" +
	"  each with [--data-dir DIR] [--database URL]"

// adminActor names who ran an admin command in the audit log.
func adminActor() string {
	if u, err := user.Current(); err == nil {
		return "admin:" + u.Username
	}
	return "admin"
}

func staffCLI(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(errors.New(staffUsage), false)
	}
	cmd := args[0]
	fs := flag.NewFlagSet("kabinetd admin staff "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", getenv("KABINETD_DATABASE"), "`URL` of the PostgreSQL database or path of the SQLite file")
	dataDir := fs.String("data-dir", getenv("KABINETD_DATA_DIR"), "`directory` of the SQLite database")
	iinFlag := fs.String("iin", "", "the employee's `IIN`")
	name := fs.String("name", "", "the employee's `name`: surname, given name and patronymic")
	role := fs.String("role", "", "`role`: applications (processes applications), office (confirms contacts, sees bookings) or all")
	limit := fs.Int("limit", 50, "how many audit entries")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err, true)
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Errorf("unexpected argument %q", fs.Arg(0)), false)
	}
	var iin kz.IIN
	if cmd == "add" || cmd == "disable" {
		var err error
		if iin, err = kz.ParseIIN(strings.TrimSpace(*iinFlag)); err != nil {
			return usageError(fmt.Errorf("--iin: not a valid IIN (%v)", err), false)
		}
	}
	var n store.NewStaff
	var pw, repeat string
	switch cmd {
	case "add":
		parts := strings.Fields(*name)
		if len(parts) < 2 || len(parts) > 3 {
			return usageError(errors.New("--name: surname, given name and (if any) patronymic"), false)
		}
		switch *role {
		case store.StaffRoleApplications, store.StaffRoleOffice, store.StaffRoleAll:
		default:
			return usageError(errors.New("--role: applications, office or all"), false)
		}
		n = store.NewStaff{IIN: iin.String(), Surname: parts[0], GivenName: parts[1], BirthDate: iin.BirthDate().Format(time.DateOnly),
			Sex: iin.Sex().String(), Role: *role}
		if len(parts) == 3 {
			n.Patronymic = parts[2]
		}
		sc := bufio.NewScanner(stdin)
		if sc.Scan() {
			pw = strings.TrimRight(sc.Text(), "\r")
		}
		if sc.Scan() {
			repeat = strings.TrimRight(sc.Text(), "\r")
		}
		if pw == "" {
			return usageError(errors.New("type the employee's password twice on standard input, one a line"), false)
		}
	case "list", "disable", "audit":
	default:
		return usageError(errors.New(staffUsage), false)
	}
	st, err := openAdminStore(ctx, *database, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	audit := func(action, target string) store.StaffAuditEntry {
		return store.StaffAuditEntry{At: now, StaffIIN: adminActor(), Action: action, Target: target, Client: "command line", Outcome: "ok"}
	}
	switch cmd {
	case "add":
		n.PasswordHash, err = service.StaffPasswordHash(n, pw, repeat)
		if err != nil {
			return &exitError{code: 1, err: err}
		}
		if err := st.AddStaff(ctx, n, now, audit("staff add "+n.Role, n.IIN)); errors.Is(err, store.ErrStaffExists) {
			return &exitError{code: 1, err: err}
		} else if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "staff %s %s %s added, role %s\n", n.IIN, n.Surname, n.GivenName, n.Role)
	case "disable":
		if err := st.DisableStaff(ctx, iin.String(), now, audit("staff disable", iin.String())); errors.Is(err, store.ErrNotFound) {
			return &exitError{code: 1, err: fmt.Errorf("%s is no staff member", iin)}
		} else if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "staff %s disabled; the open sessions ended\n", iin)
	case "list":
		list, err := st.StaffList(ctx)
		if err != nil {
			return err
		}
		for _, m := range list {
			state := "active"
			if !m.DisabledAt.IsZero() {
				state = "disabled " + m.DisabledAt.Format(time.RFC3339)
			} else if !m.Registered {
				state = "no password"
			}
			fmt.Fprintf(stdout, "%s\t%-12s\t%s\t%s\n", m.IIN, m.Role, state, m.Name)
		}
	case "audit":
		entries, err := st.StaffAudit(ctx, *limit)
		if err != nil {
			return err
		}
		for _, e := range entries {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", e.At.Format(time.RFC3339), e.StaffIIN, e.Action, e.Target, e.Client, e.Outcome)
		}
	}
	return nil
}
