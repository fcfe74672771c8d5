package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/service/pki"
)

// verifyOut is the JSON of "pki verify".
type verifyOut struct {
	Valid  bool `json:"valid"`
	Signer *struct {
		IIN        string `json:"iin"`
		BIN        string `json:"bin"`
		CommonName string `json:"commonName"`
		Serial     string `json:"serial"`
		Algorithm  string `json:"algorithm"`
	} `json:"signer"`
	Chain []struct {
		CommonName string `json:"commonName"`
		Serial     string `json:"serial"`
	} `json:"chain"`
	Revoked bool   `json:"revoked"`
	Code    string `json:"code"`
	Reason  string `json:"reason"`
}

// pkiRun runs "kabinetd pki ..." and returns its exit status and stdout.
func pkiRun(t *testing.T, stdin string, args ...string) (int, []byte) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"pki"}, args...), noEnv, strings.NewReader(stdin), &stdout, &stderr)
	if err == nil {
		return 0, stdout.Bytes()
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code, stdout.Bytes()
	}
	return 1, stdout.Bytes()
}

func verifyJSON(t *testing.T, out []byte) verifyOut {
	t.Helper()
	var v verifyOut
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("verify output %q: %v", out, err)
	}
	return v
}

// pki sign and pki verify with NCA's real GOST 2015 test keys, PKI and CRL.
func TestPKISignVerifyGOST(t *testing.T) {
	nca := filepath.Join("..", "..", "eds", "testdata", "nca-gost2015")
	dir := t.TempDir()
	doc := filepath.Join(dir, "заявление.txt")
	os.WriteFile(doc, []byte("Прошу выплатить пенсионные накопления."), 0o600)
	trust := []string{"--trust-root", filepath.Join(nca, "root_test_gost_2022.cer"), "--trust-root", filepath.Join(nca, "nca_gost2022_test.cer")}
	crl := []string{"--crl", filepath.Join(nca, "nca_gost2022_test.crl")}
	at := []string{"--at", "2026-12-01T12:00:00Z"}
	args := func(parts ...[]string) []string {
		out := []string{"verify"}
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}

	// inspect: a GOST store can sign.
	code, out := pkiRun(t, "Qwerty12\n", "inspect", filepath.Join(nca, "individual_valid.p12"))
	if code != 0 || !bytes.Contains(out, []byte(`"canSign": true`)) || !bytes.Contains(out, []byte(`"gost2015"`)) {
		t.Fatalf("inspect: %d %s", code, out)
	}

	attached, detached := filepath.Join(dir, "a.p7s"), filepath.Join(dir, "d.p7s")
	if code, _ := pkiRun(t, "Qwerty12\n", "sign", "--key", filepath.Join(nca, "individual_valid.p12"), "--in", doc, "--out", attached); code != 0 {
		t.Fatalf("sign: %d", code)
	}
	if code, _ := pkiRun(t, "Qwerty12\n", "sign", "--key", filepath.Join(nca, "individual_valid.p12"), "--detached", "--in", doc, "--out", detached); code != 0 {
		t.Fatalf("sign detached: %d", code)
	}
	code, out = pkiRun(t, "", args(trust, crl, at, []string{attached})...)
	v := verifyJSON(t, out)
	if code != 0 || !v.Valid || v.Signer == nil || v.Signer.IIN != "123456789011" || v.Signer.Algorithm != "gost2015" ||
		v.Signer.Serial == "" || len(v.Chain) != 2 || !strings.Contains(v.Chain[1].CommonName, "НЕГІЗГІ") || v.Revoked {
		t.Fatalf("verify attached: %d %s", code, out)
	}
	code, out = pkiRun(t, "", args(trust, crl, at, []string{"--content", doc, detached})...)
	if v := verifyJSON(t, out); code != 0 || !v.Valid {
		t.Fatalf("verify detached: %d %s", code, out)
	}
	// Detached without the content: a usage error.
	if code, _ := pkiRun(t, "", args(trust, crl, at, []string{detached})...); code != 2 {
		t.Errorf("detached without --content: exit %d", code)
	}
	// Another document: not valid.
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("Другой документ"), 0o600)
	code, out = pkiRun(t, "", args(trust, crl, at, []string{"--content", other, detached})...)
	if v := verifyJSON(t, out); code != 1 || v.Valid || v.Code != "signature_invalid" {
		t.Errorf("other content: %d %s", code, out)
	}
	// No CRL: revocation unknown, not valid.
	code, out = pkiRun(t, "", args(trust, at, []string{attached})...)
	if v := verifyJSON(t, out); code != 1 || v.Valid || v.Code != "certificate_untrusted" || v.Signer == nil {
		t.Errorf("without CRL: %d %s", code, out)
	}
	// After the key's expiry.
	code, out = pkiRun(t, "", args(trust, crl, []string{"--at", "2027-06-01T00:00:00Z", attached})...)
	if v := verifyJSON(t, out); code != 1 || v.Valid {
		t.Errorf("expired: %d %s", code, out)
	}
	// The revoked key.
	revoked := filepath.Join(dir, "r.p7s")
	if code, _ := pkiRun(t, "Qwerty12\n", "sign", "--key", filepath.Join(nca, "individual_revoked.p12"), "--in", doc, "--out", revoked); code != 0 {
		t.Fatal("sign with the revoked key")
	}
	code, out = pkiRun(t, "", args(trust, crl, at, []string{revoked})...)
	if v := verifyJSON(t, out); code != 1 || v.Valid || !v.Revoked || v.Code != "certificate_revoked" {
		t.Errorf("revoked: %d %s", code, out)
	}
	// Usage errors.
	for _, bad := range [][]string{
		{"verify"},
		args(trust, []string{"--at", "yesterday", attached})[1:],
		{"verify", "--trust-root", filepath.Join(dir, "missing.cer"), attached},
		{"sign", "--key", filepath.Join(nca, "individual_valid.p12"), "--in", doc},
	} {
		if bad[0] != "verify" && bad[0] != "sign" {
			bad = append([]string{"verify"}, bad...)
		}
		if code, _ := pkiRun(t, "Qwerty12\n", bad...); code != 2 {
			t.Errorf("%q: exit %d, want 2", bad, code)
		}
	}
	if code, _ := pkiRun(t, "wrong\n", "sign", "--key", filepath.Join(nca, "individual_valid.p12"), "--in", doc, "--out", filepath.Join(dir, "x.p7s")); code != 1 {
		t.Errorf("sign with a wrong password: exit %d", code)
	}
}

// The same with RSA: a key store of a demo CA, its root and CRL as files.
func TestPKISignVerifyRSA(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	ca, err := pki.LoadOrCreateDemoCA(filepath.Join(dir, "ca"), now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	p12, err := ca.Issue(pki.IssueRequest{IIN: "880415300157", Surname: "СЕЙТКАЛИ", CommonName: "СЕЙТКАЛИ БЕКЗАТ",
		Purpose: "sign", NotBefore: now.Add(-time.Hour), Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "RSA256.p12")
	os.WriteFile(key, p12, 0o600)
	crlDER, err := ca.CRL(now)
	if err != nil {
		t.Fatal(err)
	}
	crl := filepath.Join(dir, "ca.crl")
	os.WriteFile(crl, crlDER, 0o600)
	doc := filepath.Join(dir, "doc.txt")
	os.WriteFile(doc, []byte("document"), 0o600)
	cms := filepath.Join(dir, "doc.p7s")
	if code, _ := pkiRun(t, "pw\n", "sign", "--key", key, "--in", doc, "--out", cms); code != 0 {
		t.Fatalf("sign: %d", code)
	}
	root := filepath.Join(dir, "ca", "root.crt")
	code, out := pkiRun(t, "", "verify", "--trust-root", root, "--crl", crl, "--purpose", "sign", cms)
	v := verifyJSON(t, out)
	if code != 0 || !v.Valid || v.Signer == nil || v.Signer.IIN != "880415300157" || len(v.Chain) != 2 {
		t.Fatalf("verify: %d %s", code, out)
	}
	// An AUTH purpose asked of a SIGN key.
	code, out = pkiRun(t, "", "verify", "--trust-root", root, "--crl", crl, "--purpose", "auth", cms)
	if v := verifyJSON(t, out); code != 1 || v.Code != "wrong_key_purpose" {
		t.Errorf("purpose auth: %d %s", code, out)
	}
	// An untrusted root.
	code, out = pkiRun(t, "", "verify", "--crl", crl, cms)
	if v := verifyJSON(t, out); code != 1 || v.Code != "certificate_untrusted" {
		t.Errorf("no trust root: %d %s", code, out)
	}
}
