package pki

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/kz"
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
  pki sign --key FILE.p12 [--detached] --in FILE --out FILE.p7s
      Signs FILE with the key store's key (RSA or GOST 34.10-2015) as a CMS
      (DER), the content inside unless --detached. The key store password is
      read from the first line of standard input.
  pki verify [--trust-root FILE]... [--crl FILE]... [--at RFC3339] [--content FILE]
             [--purpose auth|sign] FILE.p7s
      Verifies a CMS (DER, PEM or base64; RSA or GOST): the signature (over
      --content for a detached one), the chain to a --trust-root, validity
      at --at (default now), revocation by the --crl files (delta CRLs
      included; with no current CRL of the issuer the result is not valid)
      and, with --purpose, the key purpose. Prints JSON {valid, signer,
      chain, revoked, code, reason}; exit status 0 valid, 1 not valid, 2
      usage error.
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
	case "sign":
		return cliSign(args[1:], stdin, stdout, stderr)
	case "verify":
		return cliVerify(args[1:], stdout, stderr)
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
	Signer   bool `json:"canSign"` // false for GOST 34.310-2004 keys (NCALayer only)
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

// CLIError is the failure of a pki command with its exit status: 1 for a
// result that is not valid (pki verify), 2 for a usage error.
type CLIError struct {
	Code int
	Err  error
}

func (e *CLIError) Error() string { return e.Err.Error() }
func (e *CLIError) Unwrap() error { return e.Err }

func usage(stderr io.Writer, err error) error {
	fmt.Fprint(stderr, cliUsage)
	return &CLIError{Code: 2, Err: err}
}

// readLimited reads a file of at most max bytes.
func readLimited(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, max)
	}
	return data, nil
}

func cliSign(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pki sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "key store `FILE` (.p12/.pfx)")
	in := fs.String("in", "", "`FILE` to sign")
	out := fs.String("out", "", "CMS `FILE` to write (.p7s)")
	detached := fs.Bool("detached", false, "leave the content out of the CMS")
	if err := fs.Parse(args); err != nil {
		return usage(stderr, err)
	}
	if *key == "" || *in == "" || *out == "" || fs.NArg() != 0 {
		return usage(stderr, errors.New("pki sign: --key, --in and --out are required"))
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	data, err := readLimited(*key, eds.MaxKeyStoreSize)
	if err != nil {
		return fmt.Errorf("pki sign: %w", err)
	}
	ks, err := eds.OpenKeyStore(data, password)
	if err != nil {
		return fmt.Errorf("pki sign: %s: %w", *key, err)
	}
	defer ks.Close()
	content, err := readLimited(*in, eds.MaxCMSSize)
	if err != nil {
		return fmt.Errorf("pki sign: %w", err)
	}
	cms, err := ks.SignCMS(content, *detached)
	if err != nil {
		return fmt.Errorf("pki sign: %w", err)
	}
	if err := os.WriteFile(*out, cms, 0o644); err != nil {
		return fmt.Errorf("pki sign: %w", err)
	}
	fmt.Fprintf(stderr, "signed by %s (IIN %s, %s), %d bytes written to %s\n", ks.Info.CommonName, ks.Info.IIN, ks.Info.Algorithm, len(cms), *out)
	return nil
}

// verifyJSON is the output of "pki verify".
type verifyJSON struct {
	Valid   bool        `json:"valid"`
	Signer  *signerJSON `json:"signer,omitempty"`
	Chain   []certJSON  `json:"chain"`
	Revoked bool        `json:"revoked"`
	Code    string      `json:"code,omitempty"`
	Reason  string      `json:"reason,omitempty"`
}

type signerJSON struct {
	IIN        string      `json:"iin"`
	BIN        string      `json:"bin"`
	CommonName string      `json:"commonName"`
	Serial     string      `json:"serial"`
	Issuer     string      `json:"issuer"`
	NotBefore  time.Time   `json:"notBefore"`
	NotAfter   time.Time   `json:"notAfter"`
	Purpose    eds.Purpose `json:"purpose"`
	Algorithm  string      `json:"algorithm"`
}

type certJSON struct {
	CommonName string    `json:"commonName"`
	Serial     string    `json:"serial"`
	NotBefore  time.Time `json:"notBefore"`
	NotAfter   time.Time `json:"notAfter"`
}

func cliVerify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pki verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var roots, crls listFlag
	fs.Var(&roots, "trust-root", "certificate `FILE` to trust (PEM or DER; repeatable)")
	fs.Var(&crls, "crl", "CRL `FILE` (PEM or DER; repeatable)")
	at := fs.String("at", "", "judge validity at this `time` (RFC 3339; default now)")
	contentFile := fs.String("content", "", "the signed `FILE` of a detached CMS")
	purpose := fs.String("purpose", "", "check the key purpose: auth or sign")
	if err := fs.Parse(args); err != nil {
		return usage(stderr, err)
	}
	if fs.NArg() != 1 {
		return usage(stderr, errors.New("pki verify: want exactly one CMS FILE"))
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return usage(stderr, fmt.Errorf("pki verify: --at: %w", err))
		}
		now = t
	}
	var want eds.Purpose
	switch *purpose {
	case "":
	case "auth":
		want = eds.PurposeAuth
	case "sign":
		want = eds.PurposeSign
	default:
		return usage(stderr, fmt.Errorf("pki verify: --purpose %q: want auth or sign", *purpose))
	}
	cms, err := readLimited(fs.Arg(0), 2*eds.MaxCMSSize)
	if err != nil {
		return usage(stderr, fmt.Errorf("pki verify: %w", err))
	}
	v, err := NewVerifier(nil, roots, func() time.Time { return now })
	if err != nil {
		return usage(stderr, fmt.Errorf("pki verify: %w", err))
	}
	lists, err := LoadCRLs(crls...)
	if err != nil {
		return usage(stderr, fmt.Errorf("pki verify: %w", err))
	}
	v.CRLs = func(time.Time) ([]*x509.RevocationList, error) { return lists, nil }

	var content []byte
	var res Result
	if *contentFile != "" {
		if content, err = readLimited(*contentFile, eds.MaxCMSSize); err != nil {
			return usage(stderr, fmt.Errorf("pki verify: %w", err))
		}
		res, err = v.Verify(cms, content, want)
	} else if _, content, err = eds.VerifyCMS(cms, nil); err != nil {
		if errors.Is(err, eds.ErrBadCMS) && strings.Contains(err.Error(), "detached") {
			return usage(stderr, errors.New("pki verify: the CMS is detached: give the signed file with --content"))
		}
		err = fmt.Errorf("%w: %w", ErrSignatureInvalid, err)
	} else {
		res, err = v.Verify(cms, content, want)
	}
	out := verifyJSON{Chain: []certJSON{}}
	if res.Leaf != nil {
		out.Signer = &signerJSON{IIN: res.Info.IIN, BIN: res.Info.BIN, CommonName: res.Info.CommonName,
			Serial: res.Info.SerialNumber, Issuer: res.Info.Issuer, NotBefore: res.Info.NotBefore, NotAfter: res.Info.NotAfter,
			Purpose: res.Info.Purpose, Algorithm: string(res.Info.Algorithm)}
		for _, c := range res.Chain {
			out.Chain = append(out.Chain, certJSON{CommonName: c.Subject.CommonName, Serial: c.SerialNumber.Text(16), NotBefore: c.NotBefore, NotAfter: c.NotAfter})
		}
	}
	out.Revoked = res.Revoked
	out.Valid = err == nil
	if err != nil {
		out.Code = Code(err)
		if out.Code == "" {
			out.Code = "signature_invalid"
		}
		out.Reason = err.Error()
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if eerr := enc.Encode(out); eerr != nil {
		return eerr
	}
	if err != nil {
		return &CLIError{Code: 1, Err: fmt.Errorf("pki verify: not valid: %s", out.Code)}
	}
	return nil
}

// listFlag is a repeatable string flag.
type listFlag []string

func (f *listFlag) String() string { return strings.Join(*f, ", ") }

func (f *listFlag) Set(v string) error {
	*f = append(*f, v)
	return nil
}
