package eds

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ncaDir is where the real NCA RK test key stores live (copied from the
// public NCANode test fixtures, MIT; see testdata/README.md).
var ncaDir = filepath.Join("testdata", "nca")

const ncaPassword = "Qwerty12"

const (
	ncaAuthFile = "AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12"
	ncaSignFile = "RSA256_8426360556902ce4ac33977836f873e1dc190976.p12"
	ncaGOSTFile = "GOSTKNCA_f8a422238209b6e753116431b69b09178f14e9d7.p12"
)

func readNCA(t testing.TB, name string) []byte {
	t.Helper()
	if _, err := os.Stat(ncaDir); errors.Is(err, os.ErrNotExist) {
		t.Skipf("no %s", ncaDir)
	}
	data, err := os.ReadFile(filepath.Join(ncaDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestNCAKeyStores(t *testing.T) {
	tests := []struct {
		file        string
		purpose     Purpose
		algorithm   Algorithm
		subjectType SubjectType
		bin, org    string
		signer      bool
	}{
		{ncaAuthFile, PurposeAuth, AlgorithmRSA, SubjectIndividual, "", "", true},
		{ncaSignFile, PurposeSign, AlgorithmRSA, SubjectIndividual, "", "", true},
		{ncaGOSTFile, PurposeSign, AlgorithmGOST2004, SubjectLegal, "123456789021", `АО "ТЕСТ"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ks, err := OpenKeyStore(readNCA(t, tt.file), ncaPassword)
			if err != nil {
				t.Fatalf("OpenKeyStore: %v", err)
			}
			info := ks.Info
			if info.IIN != "123456789011" {
				t.Errorf("IIN = %q", info.IIN)
			}
			if info.Surname != "ТЕСТОВ" || !strings.Contains(info.CommonName, "ТЕСТОВ ТЕСТ") || info.GivenName != "ТЕСТОВИЧ" {
				t.Errorf("name = %q / %q / %q", info.Surname, info.CommonName, info.GivenName)
			}
			if got := info.FullName(); got != "ТЕСТОВ ТЕСТ ТЕСТОВИЧ" {
				t.Errorf("FullName = %q", got)
			}
			if info.Purpose != tt.purpose || info.Algorithm != tt.algorithm || info.SubjectType != tt.subjectType {
				t.Errorf("purpose/algorithm/type = %q/%q/%q, want %q/%q/%q", info.Purpose, info.Algorithm, info.SubjectType, tt.purpose, tt.algorithm, tt.subjectType)
			}
			if info.BIN != tt.bin || info.Organization != tt.org {
				t.Errorf("BIN/org = %q/%q", info.BIN, info.Organization)
			}
			if !strings.HasPrefix(info.Issuer, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ") {
				t.Errorf("issuer = %q", info.Issuer)
			}
			// The file name carries the SHA-1 of the certificate, lower-case.
			if info.NotAfter.Year() != 2019 || info.SerialNumber == "" {
				t.Errorf("validity/serial = %v %q", info.NotAfter, info.SerialNumber)
			}
			if (ks.Signer != nil) != tt.signer {
				t.Errorf("Signer = %T", ks.Signer)
			}
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := info.Check(now, tt.purpose); !errors.Is(err, ErrExpired) {
				t.Errorf("Check(2026) = %v, want ErrExpired", err)
			}
			if d := info.DaysLeft(now); d >= 0 {
				t.Errorf("DaysLeft = %d", d)
			}
			inValidity := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := info.Check(inValidity, tt.purpose); err != nil {
				t.Errorf("Check(2019) = %v", err)
			}
			if _, err := OpenKeyStore(readNCA(t, tt.file), "Qwerty13"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
}

func TestNCAPurposeErrors(t *testing.T) {
	auth, err := OpenKeyStore(readNCA(t, ncaAuthFile), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	sign, err := OpenKeyStore(readNCA(t, ncaSignFile), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := sign.Info.Check(at, PurposeAuth); !errors.Is(err, ErrSignKeyForLogin) {
		t.Errorf("SIGN key for login: %v", err)
	}
	if err := auth.Info.Check(at, PurposeSign); !errors.Is(err, ErrAuthKeyForSigning) {
		t.Errorf("AUTH key for signing: %v", err)
	}
	if err := auth.Info.Check(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), PurposeAuth); !errors.Is(err, ErrNotYetValid) {
		t.Errorf("before validity: %v", err)
	}
}

func TestNCAGOSTCannotSign(t *testing.T) {
	ks, err := OpenKeyStore(readNCA(t, ncaGOSTFile), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ks.SignCMS([]byte("x"), false); !errors.Is(err, ErrGOSTNeedsNCALayer) {
		t.Errorf("SignCMS with a GOST key: %v", err)
	}
}

// The real stores sign and verify (their certificates expired long ago: the
// signature is still checked, expiry is the verifier's business).
func TestNCASignVerify(t *testing.T) {
	for _, f := range []string{ncaAuthFile, ncaSignFile} {
		ks, err := OpenKeyStore(readNCA(t, f), ncaPassword)
		if err != nil {
			t.Fatal(err)
		}
		cms, err := ks.SignCMS([]byte("nonce"), false)
		if err != nil {
			t.Fatal(err)
		}
		cert, content, err := VerifyCMS(cms, nil)
		if err != nil {
			t.Fatalf("%s: VerifyCMS: %v", f, err)
		}
		if string(content) != "nonce" || !cert.Equal(ks.Cert) {
			t.Errorf("%s: content %q", f, content)
		}
		if cert.NotAfter.Year() != 2019 {
			t.Errorf("the returned certificate's validity was changed: %v", cert.NotAfter)
		}
	}
}

// Every single-byte corruption of a real store is reported as damage (or,
// in the first bytes, as not a key store) — never as a wrong password, and
// never with a panic.
func TestNCACorruption(t *testing.T) {
	step := 11
	if testing.Short() {
		step = 41
	}
	for _, f := range []string{ncaAuthFile, ncaGOSTFile} {
		orig := readNCA(t, f)
		for i := 0; i < len(orig); i += step {
			data := append([]byte{}, orig...)
			data[i] ^= 1 << (i % 8)
			_, err := OpenKeyStore(data, ncaPassword)
			switch {
			case err == nil: // a flip the format ignores (e.g. in NULL parameters)
			case errors.Is(err, ErrDamaged):
			case errors.Is(err, ErrNotKeyStore) && i < 32:
			default:
				t.Errorf("%s: flip at %d: %v", f, i, err)
			}
		}
		for _, n := range []int{len(orig) - 1, len(orig) - 30, len(orig) / 2, 100, 40} {
			if _, err := OpenKeyStore(orig[:n], ncaPassword); !errors.Is(err, ErrDamaged) {
				t.Errorf("%s: truncated to %d: %v", f, n, err)
			}
		}
	}
}
