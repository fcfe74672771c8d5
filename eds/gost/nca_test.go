package gost

import (
	"crypto/x509"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The NCA RK GOST 2015 test PKI (../testdata/nca-gost2015, public test
// material, MIT): signatures made by NCA's own software.
var ncaGOSTDir = filepath.Join("..", "testdata", "nca-gost2015")

// ncaClock is a time inside the validity of every NCA GOST test file (the
// CRL's next update is 2027-02-07).
var ncaClock = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ncaGOSTDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ncaCert(t testing.TB, name string) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(readFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNCARootAndCA(t *testing.T) {
	root := ncaCert(t, "root_test_gost_2022.cer")
	ca := ncaCert(t, "nca_gost2022_test.cer")
	for _, c := range []*x509.Certificate{root, ca} {
		if ncaClock.Before(c.NotBefore) || ncaClock.After(c.NotAfter) {
			t.Fatalf("%s not valid at %v", c.Subject, ncaClock)
		}
		pub, err := CertificatePublicKey(c)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Curve != Curve512A {
			t.Fatalf("curve %s", pub.Curve.Name)
		}
	}
	if err := CheckSignedBy(root.Raw, root); err != nil {
		t.Errorf("root self-signature: %v", err)
	}
	if err := CheckSignedBy(ca.Raw, root); err != nil {
		t.Errorf("issuing CA by root: %v", err)
	}
	if err := CheckSignedBy(ca.Raw, ca); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("issuing CA by itself: %v", err)
	}
	// A tampered certificate (one byte of the TBS, here in the serial)
	// fails.
	bad := append([]byte(nil), ca.Raw...)
	idx := indexOf(bad, ca.SerialNumber.Bytes())
	bad[idx] ^= 0x01
	if err := CheckSignedBy(bad, root); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("tampered certificate: %v", err)
	}
	// And a tampered signature.
	bad = append([]byte(nil), ca.Raw...)
	bad[len(bad)-3] ^= 0x80
	if err := CheckSignedBy(bad, root); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("tampered signature: %v", err)
	}
}

func TestNCACRL(t *testing.T) {
	ca := ncaCert(t, "nca_gost2022_test.cer")
	der := readFile(t, "nca_gost2022_test.crl")
	if _, err := x509.ParseRevocationList(der); err == nil {
		t.Log("crypto/x509 now reads NCA's GOST CRL as it is")
	}
	crl, err := ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	if ncaClock.Before(crl.ThisUpdate) || ncaClock.After(crl.NextUpdate) {
		t.Fatalf("CRL %v..%v", crl.ThisUpdate, crl.NextUpdate)
	}
	if crl.Number.Cmp(big.NewInt(166)) != 0 {
		t.Errorf("CRL number %v", crl.Number)
	}
	if err := CheckSignedBy(der, ca); err != nil {
		t.Fatalf("CRL signature: %v", err)
	}
	if err := CheckCRLSignature(crl, ca); err != nil {
		t.Fatalf("parsed CRL signature: %v", err)
	}
	// The revoked key store's certificate (serial 3acea5…6ecd) is listed,
	// the valid one's (6c4256…8451) is not.
	var revoked, valid bool
	for _, e := range crl.RevokedCertificateEntries {
		h := e.SerialNumber.Text(16)
		revoked = revoked || (len(h) > 10 && h[:6] == "3acea5" && h[len(h)-4:] == "6ecd")
		valid = valid || (len(h) > 10 && h[:6] == "6c4256" && h[len(h)-4:] == "8451")
	}
	if !revoked || valid {
		t.Errorf("revoked listed %v, valid listed %v (of %d entries)", revoked, valid, len(crl.RevokedCertificateEntries))
	}
	bad := append([]byte(nil), der...)
	bad[len(bad)/2] ^= 0x04
	if err := CheckSignedBy(bad, ca); err == nil {
		t.Fatal("a tampered CRL verifies")
	}
	root := ncaCert(t, "root_test_gost_2022.cer")
	if err := CheckSignedBy(der, root); !errors.Is(err, ErrInvalidSignature) {
		t.Fatalf("CRL under the root: %v", err)
	}
}

func indexOf(b, sub []byte) int {
	for i := 0; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	panic("not found")
}

// Our SubjectPublicKeyInfo encoding reads back, and NCA's root key
// re-encodes to the same bytes it came in.
func TestPublicKeyEncoding(t *testing.T) {
	root := ncaCert(t, "root_test_gost_2022.cer")
	pub, err := CertificatePublicKey(root)
	if err != nil {
		t.Fatal(err)
	}
	der, err := MarshalPublicKey(pub, true)
	if err != nil {
		t.Fatal(err)
	}
	if string(der) != string(root.RawSubjectPublicKeyInfo) {
		t.Errorf("re-encoded SPKI differs:\n%x\n%x", der, root.RawSubjectPublicKeyInfo)
	}
	for _, nca := range []bool{true, false} {
		der, _ := MarshalPublicKey(pub, nca)
		back, err := ParsePublicKey(der)
		if err != nil || !back.Equal(pub) {
			t.Errorf("nca=%v: %v", nca, err)
		}
	}
}

func mustCert(t testing.TB, der []byte) *x509.Certificate {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
