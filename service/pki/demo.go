package pki

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/eds"
)

// Person is someone to issue demo keys for. Note the names: GivenName here
// is the first name; in the certificate, as NCA does, CN is "SURNAME NAME"
// and GIVENNAME holds the patronymic.
type Person struct {
	IIN        string
	Surname    string
	GivenName  string
	Patronymic string
}

// Key statuses in the demo key list.
const (
	DemoKeyValid   = "valid"
	DemoKeyExpired = "expired"
	DemoKeyRevoked = "revoked"
)

// DemoKey is one entry of <dataDir>/keys/demo-keys.json.
type DemoKey struct {
	File    string      `json:"file"`
	IIN     string      `json:"iin"`
	Name    string      `json:"name"`
	Purpose eds.Purpose `json:"purpose"`
	Status  string      `json:"status"`
}

const demoKeysList = "demo-keys.json"

// DemoCADir and DemoKeysDir are where EnsureDemoKeys keeps the demo CA and
// the key stores, under the data directory.
const (
	DemoCADir   = "ca"
	DemoKeysDir = "keys"
)

// EnsureDemoKeys prepares demo key stores in <dataDir>/keys/: for every
// person an authentication key (AUTH_RSA256_<sha1>.p12) and a signing key
// (RSA256_<sha1>.p12), and for the first person one expired and one revoked
// authentication key, so that both a successful EDS login and its errors
// can be tried. The keys are issued by the demo CA of <dataDir>/ca (created
// if needed) and encrypted with password. demo-keys.json and README.txt in
// the folder say which file is whose.
//
// It is idempotent: people already in demo-keys.json get no new keys, people
// added later get theirs.
func EnsureDemoKeys(dataDir string, people []Person, password string, now time.Time) error {
	return EnsureDemoKeysUntil(nil, dataDir, people, password, now)
}

// ErrStopped: EnsureDemoKeysUntil was stopped before every key was issued;
// the keys issued so far are listed, the others come at the next call.
var ErrStopped = errors.New("pki: demo keys: stopped")

// EnsureDemoKeysUntil is EnsureDemoKeys that stops between two keys once
// stop is closed (a service that closes does not wait for a dozen RSA
// keys to be generated), keeping what it issued.
func EnsureDemoKeysUntil(stop <-chan struct{}, dataDir string, people []Person, password string, now time.Time) error {
	ca, err := LoadOrCreateDemoCA(filepath.Join(dataDir, DemoCADir), now)
	if err != nil {
		return err
	}
	keysDir := filepath.Join(dataDir, DemoKeysDir)
	if err := os.MkdirAll(keysDir, 0o700); err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	var list []DemoKey
	data, err := os.ReadFile(filepath.Join(keysDir, demoKeysList))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("pki: %w", err)
	default:
		if err := json.Unmarshal(data, &list); err != nil {
			return fmt.Errorf("pki: %s: %w", demoKeysList, err)
		}
	}
	has := map[string]bool{}
	for _, k := range list {
		if _, err := os.Stat(filepath.Join(keysDir, k.File)); err == nil {
			has[k.IIN+"/"+string(k.Purpose)+"/"+k.Status] = true
		}
	}

	issue := func(p Person, purpose eds.Purpose, status string) error {
		if has[p.IIN+"/"+string(purpose)+"/"+status] {
			return nil
		}
		req := IssueRequest{
			IIN:        p.IIN,
			Surname:    strings.ToUpper(p.Surname),
			GivenName:  strings.ToUpper(p.Patronymic),
			CommonName: strings.ToUpper(strings.TrimSpace(p.Surname + " " + p.GivenName)),
			Purpose:    purpose,
			NotBefore:  now.Add(-24 * time.Hour),
			NotAfter:   now.AddDate(1, 0, 0),
			Password:   password,
		}
		if status == DemoKeyExpired {
			req.NotBefore, req.NotAfter = now.AddDate(-1, -1, 0), now.AddDate(0, -1, 0)
		}
		p12, cert, err := ca.IssueWithCert(req)
		if err != nil {
			return err
		}
		name := FileName(cert)
		if err := writeFileAtomic(filepath.Join(keysDir, name), p12, 0o600); err != nil {
			return err
		}
		if status == DemoKeyRevoked {
			if err := ca.Revoke(cert.SerialNumber, now.Add(-time.Hour)); err != nil {
				return err
			}
		}
		list = append(list, DemoKey{File: name, IIN: p.IIN, Name: req.CommonName + " " + req.GivenName, Purpose: purpose, Status: status})
		has[p.IIN+"/"+string(purpose)+"/"+status] = true
		return nil
	}
	type want struct {
		p       Person
		purpose eds.Purpose
		status  string
	}
	var todo []want
	for i, p := range people {
		todo = append(todo, want{p, eds.PurposeAuth, DemoKeyValid}, want{p, eds.PurposeSign, DemoKeyValid})
		if i == 0 {
			todo = append(todo, want{p, eds.PurposeAuth, DemoKeyExpired}, want{p, eds.PurposeAuth, DemoKeyRevoked})
		}
	}
	var stopped error
issuing:
	for _, w := range todo {
		select {
		case <-stop:
			stopped = ErrStopped
			break issuing
		default:
		}
		if err := issue(w.p, w.purpose, w.status); err != nil {
			return err
		}
	}
	if err := writeDemoList(keysDir, list); err != nil {
		return err
	}
	return stopped
}

// writeDemoList writes demo-keys.json and README.txt for list.
func writeDemoList(keysDir string, list []DemoKey) error {
	out, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(keysDir, demoKeysList), out, 0o644); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(keysDir, "README.txt"), []byte(demoReadme(list)), 0o644)
}

func demoReadme(list []DemoKey) string {
	var b strings.Builder
	b.WriteString("Demo EDS key stores (ЭЦП) of the demo fund, issued by \"" + DemoRootName + "\".\n")
	b.WriteString("They are trusted only by this demo service. The password is in the project README.\n")
	b.WriteString("AUTH_RSA256_... logs in; RSA256_... signs documents.\n\n")
	for _, k := range list {
		fmt.Fprintf(&b, "%-58s  %s  %-28s  %-4s  %s\n", k.File, k.IIN, k.Name, k.Purpose, k.Status)
	}
	return b.String()
}
