package pki

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/eds"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := RunCLI(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCLIIssueInspect(t *testing.T) {
	dir := t.TempDir()
	caDir := filepath.Join(dir, "ca")
	file := filepath.Join(dir, "auth.p12")
	out, _, err := runCLI(t, "s3cret-пароль\n", "issue", "--ca-dir", caDir, "--iin", "880415300157",
		"--name", "Сейткали Бекзат Нурланович", "--purpose", "auth", "--out", file)
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	if !strings.Contains(out, file) {
		t.Errorf("output %q", out)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key store file: %v", err)
	}

	out, _, err = runCLI(t, "s3cret-пароль\r\n", "inspect", file)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for k, want := range map[string]any{
		"iin": "880415300157", "surname": "СЕЙТКАЛИ", "givenName": "НУРЛАНОВИЧ", "commonName": "СЕЙТКАЛИ БЕКЗАТ",
		"issuer": DemoIssuingName, "purpose": "auth", "subjectType": "individual", "algorithm": "rsa", "bin": "",
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	for _, k := range []string{"notBefore", "notAfter"} {
		if _, ok := got[k].(string); !ok {
			t.Errorf("%s missing", k)
		}
	}

	// --out a directory: the NCA file name
	out, _, err = runCLI(t, "pw\n", "pki", "issue", "--ca-dir", caDir, "--iin", "880415300157",
		"--name", "Сейткали Бекзат Нурланович", "--purpose", "sign", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, filepath.Join(dir, "RSA256_")) {
		t.Errorf("output %q", out)
	}

	// errors
	_, _, err = runCLI(t, "wrong\n", "inspect", file)
	if !errors.Is(err, eds.ErrWrongPassword) || !strings.Contains(err.Error(), "wrong key store password") {
		t.Errorf("wrong password: %v", err)
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a key store"), 0o600)
	if _, _, err := runCLI(t, "pw\n", "inspect", text); !errors.Is(err, eds.ErrNotKeyStore) {
		t.Errorf("text file: %v", err)
	}
	if _, _, err := runCLI(t, "", "inspect", file); err == nil {
		t.Error("no password accepted")
	}
	if _, _, err := runCLI(t, "pw\n", "inspect", filepath.Join(dir, "missing.p12")); err == nil {
		t.Error("missing file accepted")
	}
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"issue", "--ca-dir", caDir},
		{"issue", "--ca-dir", caDir, "--iin", "123456789012", "--name", "A B", "--purpose", "auth", "--out", file},
		{"issue", "--ca-dir", caDir, "--iin", "880415300157", "--name", "A B", "--purpose", "login", "--out", file},
		{"issue", "--ca-dir", caDir, "--iin", "880415300157", "--name", "Alone", "--purpose", "auth", "--out", file},
	} {
		if _, _, err := runCLI(t, "pw\n", args...); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

func TestCLIInspectNCA(t *testing.T) {
	file := filepath.Join("..", "..", "..", "shared", "testdata", "nca", "GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.p12")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		t.Skip("no NCA test files")
	}
	out, _, err := runCLI(t, "Qwerty12\n", "inspect", file)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal([]byte(out), &got)
	if got["algorithm"] != "gost2004" || got["subjectType"] != "legal" || got["bin"] != "123456789021" || got["iin"] != "123456789011" {
		t.Errorf("%s", out)
	}
}
