package pki

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
)

var demoPeople = []Person{
	{IIN: "880415300157", Surname: "Сейткали", GivenName: "Бекзат", Patronymic: "Нурланович"},
	{IIN: "700303300418", Surname: "Ахметов", GivenName: "Серик", Patronymic: "Болатович"},
}

func p12Files(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.p12"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

func TestEnsureDemoKeys(t *testing.T) {
	data := t.TempDir()
	const pw = "demo-keys-password"
	if err := EnsureDemoKeys(data, demoPeople, pw, t0); err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(data, DemoKeysDir)
	files := p12Files(t, keys)
	if len(files) != 6 {
		t.Fatalf("%d key stores, want 2×2 + expired + revoked", len(files))
	}
	for _, f := range files {
		st, _ := os.Stat(f)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", f, st.Mode().Perm())
		}
	}
	var list []DemoKey
	b, err := os.ReadFile(filepath.Join(keys, demoKeysList))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(keys, "README.txt"))
	if err != nil || strings.Contains(string(readme), pw) {
		t.Errorf("README: %v (the password must not be in it)", err)
	}

	ca, err := LoadOrCreateDemoCA(filepath.Join(data, DemoCADir), t0)
	if err != nil {
		t.Fatal(err)
	}
	v := verifierAt(t, ca, t0)
	nonce := []byte("demo nonce")
	seen := map[string]string{}
	for _, k := range list {
		p12, err := os.ReadFile(filepath.Join(keys, k.File))
		if err != nil {
			t.Fatal(err)
		}
		ks, err := eds.OpenKeyStore(p12, pw)
		if err != nil {
			t.Fatalf("%s: %v", k.File, err)
		}
		if ks.Info.IIN != k.IIN || ks.Info.Purpose != k.Purpose || FileName(ks.Cert) != k.File {
			t.Errorf("%s: %+v", k.File, ks.Info)
		}
		_, err = v.VerifyAuth(sign(t, ks, nonce, false), nonce)
		seen[k.IIN+" "+string(k.Purpose)+" "+k.Status] = Code(err)
	}
	want := map[string]string{
		"880415300157 auth valid":   "",
		"880415300157 sign valid":   api.CodeWrongKeyPurpose,
		"880415300157 auth expired": api.CodeCertificateExpired,
		"880415300157 auth revoked": api.CodeCertificateRevoked,
		"700303300418 auth valid":   "",
		"700303300418 sign valid":   api.CodeWrongKeyPurpose,
	}
	for k, code := range want {
		if got, ok := seen[k]; !ok || got != code {
			t.Errorf("%s: code %q (present %v), want %q", k, got, ok, code)
		}
	}

	// Idempotent: nothing new the second time, and the new person's keys
	// when one is added.
	if err := EnsureDemoKeys(data, demoPeople, pw, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if again := p12Files(t, keys); !slices.Equal(again, files) {
		t.Errorf("second run changed the keys: %d files", len(again))
	}
	more := append(slices.Clone(demoPeople), Person{IIN: "921102400233", Surname: "Нурланова", GivenName: "Асель", Patronymic: "Маратовна"})
	if err := EnsureDemoKeys(data, more, pw, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := len(p12Files(t, keys)); n != 8 {
		t.Errorf("%d key stores after adding a person, want 8", n)
	}
}

// A stop closed before the first key: nothing is issued, ErrStopped says
// so, and the next call issues them all.
func TestEnsureDemoKeysStops(t *testing.T) {
	data := t.TempDir()
	stop := make(chan struct{})
	close(stop)
	if err := EnsureDemoKeysUntil(stop, data, demoPeople, "pw-of-the-demo", t0); !errors.Is(err, ErrStopped) {
		t.Fatalf("stopped: %v, want ErrStopped", err)
	}
	keys := filepath.Join(data, DemoKeysDir)
	if files := p12Files(t, keys); len(files) != 0 {
		t.Fatalf("%d key stores issued after the stop", len(files))
	}
	if err := EnsureDemoKeysUntil(make(chan struct{}), data, demoPeople, "pw-of-the-demo", t0); err != nil {
		t.Fatal(err)
	}
	if files := p12Files(t, keys); len(files) != 6 {
		t.Fatalf("%d key stores after the next call, want 6", len(files))
	}
}
