package eds

import (
	"crypto/rand"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/edstest"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

var testPerson = edstest.Identity{
	IIN:        "880101300123",
	Surname:    "ИВАНОВ",
	GivenName:  "ИВАНОВИЧ",
	CommonName: "ИВАНОВ ИВАН",
	Purpose:    "auth",
}

// testStore issues an AUTH certificate from a throw-away CA and returns the
// pieces.
func testStore(t *testing.T) (*edstest.CA, *x509.Certificate, any) {
	t.Helper()
	ca := edstest.NewCA(t, "Test CA")
	cert, key := ca.Issue(t, testPerson, 1)
	return ca, cert, key
}

func TestOpenGeneratedKeyStores(t *testing.T) {
	ca, cert, key := testStore(t)
	const pw = "Пароль-123" // Cyrillic: the BMP encoding of the password matters
	chain := []*x509.Certificate{ca.Cert}
	modern := edstest.Modern(t, key, cert, chain, pw)
	legacy := edstest.Legacy(t, key, cert, chain, pw)
	rc2 := edstest.LegacyRC2(t, key, cert, chain, pw)
	kalkan := func(p12 []byte, opts edstest.BEROptions) []byte {
		t.Helper()
		b, err := edstest.KalkanStyle(p12, pw, opts)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := map[string][]byte{
		"modern (PBES2/AES)":             modern,
		"PBMAC1":                         edstest.PBMAC1(t, key, cert, chain, pw),
		"legacy (3DES)":                  legacy,
		"legacy (RC2-40, like Kalkan)":   rc2,
		"BER from RC2, Kalkan layout":    kalkan(rc2, edstest.BEROptions{}),
		"BER from 3DES, chunked strings": kalkan(legacy, edstest.BEROptions{Chunk: 64}),
		"BER from modern, outer BER too": kalkan(modern, edstest.BEROptions{OuterBER: true, Chunk: 100}),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			ks, err := OpenKeyStore(data, pw)
			if err != nil {
				t.Fatalf("OpenKeyStore: %v", err)
			}
			if !ks.Cert.Equal(cert) || len(ks.Chain) != 1 || !ks.Chain[0].Equal(ca.Cert) {
				t.Errorf("certificates: leaf %v, chain %d", ks.Cert.Subject, len(ks.Chain))
			}
			if ks.Info.IIN != testPerson.IIN || ks.Info.Surname != "ИВАНОВ" || ks.Info.GivenName != "ИВАНОВИЧ" {
				t.Errorf("info = %+v", ks.Info)
			}
			if ks.Info.Purpose != PurposeAuth || ks.Info.SubjectType != SubjectIndividual || ks.Info.Algorithm != AlgorithmRSA {
				t.Errorf("info = %+v", ks.Info)
			}
			if ks.Signer == nil {
				t.Fatal("no signer")
			}
			if _, err := OpenKeyStore(data, pw+"x"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
			if _, err := OpenKeyStore(data, ""); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("empty password: %v", err)
			}
			ks.Close()
			if ks.Signer != nil {
				t.Error("Close kept the signer")
			}
		})
	}
	// The BER files really are BER (else the test proves nothing).
	for _, name := range []string{"BER from RC2, Kalkan layout", "BER from 3DES, chunked strings", "BER from modern, outer BER too"} {
		pf, err := parsePFX(cases[name])
		if err != nil {
			t.Fatal(err)
		}
		if isDER(pf.authSafe) {
			t.Errorf("%s: the authenticated safe is DER", name)
		}
	}
	if isDER(cases["BER from modern, outer BER too"]) || !isDER(cases["BER from RC2, Kalkan layout"]) {
		t.Error("OuterBER has no effect")
	}
}

// A DER store whose AuthenticatedSafe was merely re-encoded to DER by a
// naive converter fails the MAC: the MAC covers the original bytes. This is
// the reason OpenKeyStore checks the MAC itself.
func TestNaiveBERConversionBreaksMAC(t *testing.T) {
	_, cert, key := testStore(t)
	ber, err := edstest.KalkanStyle(edstest.LegacyRC2(t, key, cert, nil, "pw"), "pw", edstest.BEROptions{})
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parsePFX(ber)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := pf.checkMAC("pw"); !ok {
		t.Fatal("MAC over the BER bytes does not verify")
	}
	der, _ := normalise(pf.authSafe)
	pf.authSafe = der
	if _, ok, _ := pf.checkMAC("pw"); ok {
		t.Fatal("MAC verified over DER bytes")
	}
}

func TestOpenKeyStoreErrors(t *testing.T) {
	_, cert, key := testStore(t)
	good := edstest.Legacy(t, key, cert, nil, "pw")
	random := make([]byte, 3000)
	rand.Read(random)
	pemCert := "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n"
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmptyFile},
		{"too large", make([]byte, MaxKeyStoreSize+1), ErrTooLarge},
		{"random bytes", random, ErrNotKeyStore},
		{"PEM", []byte(pemCert), ErrNotKeyStore},
		{"text", []byte("пароль: Qwerty12\n"), ErrNotKeyStore},
		{"DER certificate", cert.Raw, ErrNotKeyStore},
		{"zip", []byte("PK\x03\x04 not a key store"), ErrNotKeyStore},
		{"truncated", good[:len(good)/2], ErrDamaged},
		{"truncated header", good[:30], ErrDamaged},
		{"MAC flipped", flip(good, len(good)-25), ErrDamaged},
		{"ciphertext flipped", flip(good, len(good)/2), ErrDamaged},
		{"trailing garbage", append(append([]byte{}, good...), "garbage"...), ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenKeyStore(tt.data, "pw")
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw") && tt.want != ErrDamaged {
				t.Errorf("the error mentions the password: %v", err)
			}
		})
	}
	// Zero padding after the PFX is tolerated.
	if _, err := OpenKeyStore(append(append([]byte{}, good...), 0, 0, 0), "pw"); err != nil {
		t.Errorf("zero padding: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte{}, b...)
	out[i] ^= 0x10
	return out
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{ErrEmptyFile, ErrTooLarge, ErrNotKeyStore, ErrWrongPassword, ErrDamaged, ErrExpired,
		ErrNotYetValid, ErrSignKeyForLogin, ErrAuthKeyForSigning, ErrGOSTNeedsNCALayer, ErrNoPrivateKey,
		ErrBadCMS, ErrSignatureInvalid, ErrUnsupportedAlgorithm}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v is %v", a, b)
			}
		}
	}
}

func TestCertificatesOnlyStore(t *testing.T) {
	_, cert, _ := testStore(t)
	// A Java-style trust store: certificates, no key.
	p12, err := trustStore(cert, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyStore(p12, "pw"); !errors.Is(err, ErrNoPrivateKey) {
		t.Fatalf("err = %v, want ErrNoPrivateKey", err)
	}
}

func TestCheckAndDaysLeft(t *testing.T) {
	nb := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	info := CertInfo{NotBefore: nb, NotAfter: nb.AddDate(1, 0, 0), Purpose: PurposeSign}
	now := nb.AddDate(1, 0, -10).Add(time.Hour)
	if d := info.DaysLeft(now); d != 9 {
		t.Errorf("DaysLeft = %d, want 9", d)
	}
	if err := info.Check(now, PurposeSign); err != nil {
		t.Error(err)
	}
	if err := info.Check(now, PurposeNone); err != nil {
		t.Error(err)
	}
	if err := info.Check(now, PurposeAuth); !errors.Is(err, ErrSignKeyForLogin) || !strings.Contains(err.Error(), "AUTH_") {
		t.Errorf("sign key for login: %v", err)
	}
	info.Purpose = PurposeBoth
	if info.Check(now, PurposeAuth) != nil || info.Check(now, PurposeSign) != nil {
		t.Error("auth+sign key refused")
	}
}

func trustStore(cert *x509.Certificate, password string) ([]byte, error) {
	return pkcs12.LegacyDES.EncodeTrustStore([]*x509.Certificate{cert}, password)
}

// A crafted store asking for millions of KDF iterations is refused before
// any key derivation runs; ordinary counts open.
func TestIterationLimits(t *testing.T) {
	_, cert, key := testStore(t)
	huge, err := pkcs12.LegacyDES.WithIterations(maxIterations+1).Encode(key, cert, nil, "pw")
	if err != nil {
		t.Fatal(err)
	}
	// The password is right: only the refusal before the KDF runs makes
	// this ErrDamaged instead of an opened store.
	if _, err := OpenKeyStore(huge, "pw"); !errors.Is(err, ErrDamaged) {
		t.Errorf("huge iteration count: %v", err)
	}
	ok, err := pkcs12.Modern2023.WithIterations(50_000).Encode(key, cert, nil, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyStore(ok, "pw"); err != nil {
		t.Errorf("50000 iterations: %v", err)
	}
}

// Key stores written by `openssl pkcs12 -export` (OpenSSL 3.0): the default
// (PBES2/AES-256, SHA-256 MAC) and -descert (3DES, SHA-1 MAC). Throw-away
// key, password test1234.
func TestOpenSSLKeyStores(t *testing.T) {
	for _, name := range []string{"openssl3-default.p12", "openssl3-descert.p12"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		ks, err := OpenKeyStore(data, "test1234")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ks.Info.IIN != "880415300157" || ks.Info.CommonName != "OPENSSL TEST" || ks.Signer == nil {
			t.Errorf("%s: %+v", name, ks.Info)
		}
		if _, err := OpenKeyStore(data, "test12345"); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("%s: wrong password: %v", name, err)
		}
	}
}
