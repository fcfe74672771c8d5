package pki

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kabinet/eds"
	"kabinet/kz"
)

const cliUsage = `usage:
  pki issue --ca-dir DIR --iin IIN --name "SURNAME NAME PATRONYMIC" --purpose auth|sign --out FILE|DIR
            [--bin BIN --org ORGANISATION] [--days N]
      Issues a key store from the demo CA in DIR (created if absent). The key
      store password is read from the first line of standard input. If --out
      is a directory the file gets its NCA name (AUTH_RSA256_<sha1>.p12 or
      RSA256_<sha1>.p12).
  pki inspect FILE
      Prints the certificate information of a key store (.p12/.pfx) as JSON.
      The key store password is read from the first line of standard input.
`

// RunCLI runs "pki issue" and "pki inspect" (args without the program
// name; a leading "pki" is accepted). Passwords come from stdin, never from
// arguments. A non-nil error means a non-zero exit; its message is meant for
// the user.
func RunCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "pki" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, cliUsage)
		return errors.New("pki: missing command (issue or inspect)")
	}
	switch args[0] {
	case "issue":
		return cliIssue(ctx, args[1:], stdin, stdout, stderr)
	case "inspect":
		return cliInspect(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, cliUsage)
		return nil
	}
	fmt.Fprint(stderr, cliUsage)
	return fmt.Errorf("pki: unknown command %q", args[0])
}

// readPassword reads the first line of r (at most 1 KiB), without its line
// ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReaderSize(io.LimitReader(r, 1024), 1024).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("pki: reading the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("pki: no key store password on standard input")
	}
	return line, nil
}

func cliIssue(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pki issue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	caDir := fs.String("ca-dir", "", "directory of the demo CA")
	iin := fs.String("iin", "", "IIN of the owner (12 digits)")
	name := fs.String("name", "", `"SURNAME NAME PATRONYMIC"`)
	purpose := fs.String("purpose", "", "auth or sign")
	out := fs.String("out", "", "file or directory to write the key store to")
	bin := fs.String("bin", "", "BIN of the organisation (a legal entity's employee)")
	org := fs.String("org", "", "name of the organisation")
	days := fs.Int("days", 365, "validity in days")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("pki issue: %w", err)
	}
	switch {
	case *caDir == "" || *iin == "" || *name == "" || *purpose == "" || *out == "":
		fs.Usage()
		return errors.New("pki issue: --ca-dir, --iin, --name, --purpose and --out are required")
	case *purpose != string(eds.PurposeAuth) && *purpose != string(eds.PurposeSign):
		return fmt.Errorf("pki issue: --purpose %q: want auth or sign", *purpose)
	case *days < 1:
		return errors.New("pki issue: --days must be positive")
	}
	if _, err := kz.ParseIIN(*iin); err != nil {
		return fmt.Errorf("pki issue: --iin: %w", err)
	}
	if *bin != "" {
		if _, err := kz.ParseBIN(*bin); err != nil {
			return fmt.Errorf("pki issue: --bin: %w", err)
		}
	}
	parts := strings.Fields(strings.ToUpper(*name))
	if len(parts) < 2 {
		return errors.New(`pki issue: --name wants at least "SURNAME NAME"`)
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	now := time.Now()
	ca, err := LoadOrCreateDemoCA(*caDir, now)
	if err != nil {
		return err
	}
	p12, cert, err := ca.IssueWithCert(IssueRequest{
		IIN:        *iin,
		Surname:    parts[0],
		CommonName: parts[0] + " " + parts[1],
		GivenName:  strings.Join(parts[2:], " "),
		BIN:        *bin,
		Org:        *org,
		Purpose:    eds.Purpose(*purpose),
		NotBefore:  now.Add(-time.Minute),
		NotAfter:   now.AddDate(0, 0, *days),
		Password:   password,
	})
	if err != nil {
		return err
	}
	path := *out
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, FileName(cert))
	}
	if err := writeFileAtomic(path, p12, 0o600); err != nil {
		return err
	}
	info := eds.NewCertInfo(cert)
	fmt.Fprintf(stdout, "%s\n%s %s, IIN %s, %s, valid until %s\n", path, info.CommonName, info.GivenName, info.IIN,
		strings.ToUpper(string(info.Purpose)), info.NotAfter.Format(time.DateOnly))
	return nil
}

// inspectJSON is the output of "pki inspect".
type inspectJSON struct {
	eds.CertInfo
	DaysLeft int  `json:"daysLeft"`
	Signer   bool `json:"canSign"` // false for GOST keys (NCALayer only)
}

func cliInspect(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		fmt.Fprint(stderr, cliUsage)
		return errors.New("pki inspect: want exactly one FILE")
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	f, err := os.Open(args[0])
	if err != nil {
		return fmt.Errorf("pki inspect: %w", err)
	}
	defer f.Close()
	// Read one byte past the limit so that OpenKeyStore reports a large
	// file as too large without us reading all of it.
	data, err := io.ReadAll(io.LimitReader(f, eds.MaxKeyStoreSize+1))
	if err != nil {
		return fmt.Errorf("pki inspect: %w", err)
	}
	ks, err := eds.OpenKeyStore(data, password)
	if err != nil {
		return fmt.Errorf("pki inspect: %s: %w", args[0], err)
	}
	defer ks.Close()
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(inspectJSON{CertInfo: ks.Info, DaysLeft: ks.Info.DaysLeft(time.Now()), Signer: ks.Signer != nil})
}
