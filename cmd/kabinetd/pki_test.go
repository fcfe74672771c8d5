package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service"
)

func TestPKIArgs(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "KABINETD_DATA_DIR" {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		args []string
		env  string
		want []string
	}{
		{[]string{"inspect", "f.p12"}, "/srv/k", []string{"inspect", "f.p12"}},
		{[]string{"issue", "--iin", "1", "--out", "o"}, "/srv/k",
			[]string{"issue", "--ca-dir", filepath.Join("/srv/k", "ca"), "--iin", "1", "--out", "o"}},
		{[]string{"issue", "--iin", "1", "--data-dir", "/d", "--out", "o"}, "/srv/k",
			[]string{"issue", "--ca-dir", filepath.Join("/d", "ca"), "--iin", "1", "--out", "o"}},
		{[]string{"issue", "-data-dir=/d", "--iin=1"}, "",
			[]string{"issue", "--ca-dir", filepath.Join("/d", "ca"), "--iin=1"}},
		{[]string{"issue", "--ca-dir", "/ca", "--data-dir", "/d", "--iin", "1"}, "/srv/k",
			[]string{"issue", "--ca-dir", "/ca", "--iin", "1"}},
	} {
		if got := pkiArgs(tc.args, env(tc.env)); !slices.Equal(got, tc.want) {
			t.Errorf("pkiArgs(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestParseEDSFlags(t *testing.T) {
	o, err := parseFlags([]string{"--trust-root", "a.pem", "--trust-root", "b.cer", "--crl-url", "http://crl/x.crl",
		"--pki-dir", "/ca"}, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.trustRoots, []string{"a.pem", "b.cer"}) || !slices.Equal(o.crlURLs, []string{"http://crl/x.crl"}) || o.pkiDir != "/ca" {
		t.Errorf("options = %+v", o)
	}
	// A trust root that is no certificate stops the start.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("nothing"), 0o600)
	err = run(context.Background(), []string{"--listen", "127.0.0.1:0", "--data-dir", dir, "--no-demo", "--trust-root", bad},
		noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "trust roots") {
		t.Errorf("bad trust root: %v", err)
	}
}

// "kabinetd pki issue" issues from the data directory's demo CA, "pki
// inspect" shows the key, and a demo kabinetd on that directory accepts it
// for the login by EDS.
func TestPKIIssueInspectAndLogin(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "bekzat.p12")
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"pki", "issue", "--data-dir", dir, "--iin", "880415300157",
		"--name", "Сейткали Бекзат Нурланович", "--purpose", "auth", "--out", out},
		noEnv, strings.NewReader("s3cret-pw\n"), &stdout, &stderr)
	if err != nil {
		t.Fatalf("pki issue: %v; %s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "ca", "root.crt")); err != nil {
		t.Errorf("no CA in the data directory: %v", err)
	}

	stdout.Reset()
	if err := run(ctx, []string{"pki", "inspect", out}, noEnv, strings.NewReader("s3cret-pw\n"), &stdout, &stderr); err != nil {
		t.Fatalf("pki inspect: %v; %s", err, stderr.String())
	}
	var info struct {
		IIN     string `json:"iin"`
		Purpose string `json:"purpose"`
		Surname string `json:"surname"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil {
		t.Fatalf("inspect output %q: %v", stdout.String(), err)
	}
	if info.IIN != "880415300157" || info.Purpose != "auth" || info.Surname != "СЕЙТКАЛИ" {
		t.Errorf("inspect = %+v", info)
	}
	if err := run(ctx, []string{"pki", "inspect", out}, noEnv, strings.NewReader("wrong\n"), io.Discard, io.Discard); err == nil {
		t.Error("inspect with a wrong password: no error")
	}

	// The demo service on the same data directory trusts that CA.
	url, stop, _ := start(t, "--demo", "--listen", "127.0.0.1:0", "--data-dir", dir)
	resp, err := http.Post(url+api.PathEDSChallenge, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ch api.EDSChallenge
	json.NewDecoder(resp.Body).Decode(&ch)
	resp.Body.Close()
	p12, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(p12, "s3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	cms, err := eds.SignCMS(ks, ch.Nonce, false)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(api.EDSLoginRequest{ChallengeID: ch.ID, CMS: cms})
	resp, err = http.Post(url+api.PathEDSLogin, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("EDS login: %d %s", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// The demo keys were issued too (stop waited for them).
	list, _ := filepath.Glob(filepath.Join(dir, "keys", "AUTH_RSA256_*.p12"))
	if len(list) < 5 {
		t.Fatalf("demo AUTH keys: %d", len(list))
	}
	p12, err = os.ReadFile(list[0])
	if err != nil {
		t.Fatal(err)
	}
	demo, err := eds.OpenKeyStore(p12, service.DemoKeyPassword)
	if err != nil {
		t.Fatalf("a demo key with the demo password: %v", err)
	}
	demo.Close()
}
