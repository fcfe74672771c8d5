package eds

import (
	"crypto/rand"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

var ncaGOSTDir = filepath.Join("testdata", "nca-gost2015")

// ncaGOSTClock is inside the validity of all the NCA GOST 2015 test files.
var ncaGOSTClock = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func readGOST(t testing.TB, name string) []byte {
	t.Helper()
	return readFileT(t, filepath.Join(ncaGOSTDir, name))
}

// NCA's GOST 2015 key stores open with a GOST signer whose public key is
// the certificate's; a signature made with it verifies under the
// certificate.
func TestNCAGOST2015KeyStores(t *testing.T) {
	for _, f := range []string{"individual_valid.p12", "individual_revoked.p12"} {
		t.Run(f, func(t *testing.T) {
			ks, err := OpenKeyStore(readGOST(t, f), ncaPassword)
			if err != nil {
				t.Fatal(err)
			}
			defer ks.Close()
			key, ok := ks.Signer.(*gost.PrivateKey)
			if !ok {
				t.Fatalf("signer %T", ks.Signer)
			}
			// One GOST 2015 key for login and signing (see purposeOf).
			if ks.Info.Purpose != PurposeBoth {
				t.Errorf("purpose %q", ks.Info.Purpose)
			}
			if ks.Info.Algorithm != AlgorithmGOST2015 || ks.Info.IIN != "123456789011" {
				t.Errorf("info %+v", ks.Info)
			}
			if key.Curve != gost.Curve512A {
				t.Errorf("curve %s", key.Curve.Name)
			}
			if err := ks.Info.Check(ncaGOSTClock, ks.Info.Purpose); err != nil {
				t.Errorf("check: %v", err)
			}
			d := gost.Sum512([]byte("nonce"))
			sig, err := ks.Signer.Sign(rand.Reader, d[:], nil)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := gost.CertificatePublicKey(ks.Cert)
			if err != nil {
				t.Fatal(err)
			}
			if err := gost.CheckDigestSignature(true, d[:], sig, pub); err != nil {
				t.Fatal(err)
			}
			if _, err := OpenKeyStore(readGOST(t, f), "wrong-password"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
}

// The issuing CA signed the personal certificates.
func TestNCAGOST2015PersonalCertificates(t *testing.T) {
	ca := parseCertT(t, readGOST(t, "nca_gost2022_test.cer"))
	for _, f := range []string{"individual_valid.p12", "individual_revoked.p12"} {
		ks, err := OpenKeyStore(readGOST(t, f), ncaPassword)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckCertificateSignature(ks.Cert, ca); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		bad := parseCertT(t, append([]byte(nil), ks.Cert.Raw...))
		bad.RawTBSCertificate[len(bad.RawTBSCertificate)-10] ^= 1
		if err := CheckCertificateSignature(bad, ca); err == nil {
			t.Errorf("%s: tampered certificate verifies", f)
		}
		ks.Close()
	}
}

// A GOST key store written by gost.EncodePKCS12 opens like NCA's.
func TestEncodeGOSTPKCS12(t *testing.T) {
	ks, err := OpenKeyStore(readGOST(t, "individual_valid.p12"), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	key := ks.Signer.(*gost.PrivateKey)
	data, err := gost.EncodePKCS12(rand.Reader, key, ks.Cert, ks.Chain, "Пароль-1")
	if err != nil {
		t.Fatal(err)
	}
	back, err := OpenKeyStore(data, "Пароль-1")
	if err != nil {
		t.Fatal(err)
	}
	if !back.Cert.Equal(ks.Cert) || !back.Signer.(*gost.PrivateKey).PublicKey.Equal(&key.PublicKey) {
		t.Fatal("round trip differs")
	}
	if _, err := OpenKeyStore(data, "Пароль-2"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
}

func readFileT(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseCertT(t testing.TB, der []byte) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The NCA GOST chain: personal certificate → issuing CA → root, and the
// CRL lists the revoked one.
func TestNCAGOST2015Chain(t *testing.T) {
	root := parseCertT(t, readGOST(t, "root_test_gost_2022.cer"))
	ca := parseCertT(t, readGOST(t, "nca_gost2022_test.cer"))
	crl, err := ParseCRL(readGOST(t, "nca_gost2022_test.crl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckCRLSignature(crl, ca); err != nil {
		t.Fatal(err)
	}
	revoked := func(c *x509.Certificate) bool {
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(c.SerialNumber) == 0 {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		file    string
		revoked bool
	}{{"individual_valid.p12", false}, {"individual_revoked.p12", true}} {
		ks, err := OpenKeyStore(readGOST(t, tt.file), ncaPassword)
		if err != nil {
			t.Fatal(err)
		}
		chain, err := BuildChain(ks.Cert, []*x509.Certificate{ca}, []*x509.Certificate{root}, ncaGOSTClock)
		if err != nil || len(chain) != 2 || !chain[0].Equal(ca) || !chain[1].Equal(root) {
			t.Fatalf("%s: chain %v, %v", tt.file, len(chain), err)
		}
		if revoked(ks.Cert) != tt.revoked {
			t.Errorf("%s: revoked = %v", tt.file, !tt.revoked)
		}
		// Not without the issuing CA, nor with another root.
		if _, err := BuildChain(ks.Cert, nil, []*x509.Certificate{root}, ncaGOSTClock); err == nil {
			t.Error("chain without the issuing CA")
		}
		if _, err := BuildChain(ks.Cert, []*x509.Certificate{root}, []*x509.Certificate{ks.Cert}, ncaGOSTClock); err == nil {
			t.Error("chain to an unrelated anchor")
		}
		if _, err := BuildChain(ks.Cert, []*x509.Certificate{ca}, []*x509.Certificate{root}, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
			t.Error("chain of an expired certificate")
		}
	}
}
