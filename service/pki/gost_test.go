package pki

import (
	"crypto/x509"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
)

// NCA's GOST 2015 test PKI (public test material, MIT; see
// eds/testdata/README.md), with a clock inside its validity: the CRL's next
// update is 2027-02-07.
var (
	ncaGOSTDir   = filepath.Join("..", "..", "eds", "testdata", "nca-gost2015")
	ncaGOSTClock = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ncaRoot      = filepath.Join(ncaGOSTDir, "root_test_gost_2022.cer")
	ncaCA        = filepath.Join(ncaGOSTDir, "nca_gost2022_test.cer")
	ncaCRL       = filepath.Join(ncaGOSTDir, "nca_gost2022_test.crl")
	ncaCRLURL    = "http://test.pki.gov.kz/crl/nca_gost2022_test.crl"
)

func ncaStore(t *testing.T, name string) *eds.KeyStore {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ncaGOSTDir, name))
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(b, "Qwerty12")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ks.Close)
	return ks
}

func ncaVerifier(t *testing.T, clock time.Time, crlFiles ...string) *Verifier {
	t.Helper()
	v, err := NewVerifier(nil, []string{ncaRoot, ncaCA}, func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	crls, err := LoadCRLs(crlFiles...)
	if err != nil {
		t.Fatal(err)
	}
	v.CRLs = func(time.Time) ([]*x509.RevocationList, error) { return crls, nil }
	return v
}

func TestNCAGOSTLoginAndSigning(t *testing.T) {
	nonce := []byte("login nonce 0123456789")
	valid := ncaStore(t, "individual_valid.p12")
	v := ncaVerifier(t, ncaGOSTClock, ncaCRL)
	for _, detached := range []bool{false, true} {
		cms, err := eds.SignCMS(valid, nonce, detached)
		if err != nil {
			t.Fatal(err)
		}
		info, err := v.VerifyAuth(cms, nonce)
		if err != nil {
			t.Fatalf("detached=%v: %v", detached, err)
		}
		if info.IIN != "123456789011" || info.Algorithm != eds.AlgorithmGOST2015 {
			t.Errorf("info %+v", info)
		}
		// The same key signs documents (NCA's GOST 2015 key serves both).
		if _, err := v.VerifySign(cms, nonce); err != nil {
			t.Errorf("as a document signature: %v", err)
		}
		if _, err := v.VerifyAuth(cms, []byte("another nonce")); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("other content: %v", err)
		}
	}

	revoked := ncaStore(t, "individual_revoked.p12")
	cms, _ := eds.SignCMS(revoked, nonce, false)
	if _, err := v.VerifyAuth(cms, nonce); !errors.Is(err, ErrCertificateRevoked) || Code(err) != "certificate_revoked" {
		t.Errorf("revoked: %v", err)
	}

	cms, _ = eds.SignCMS(valid, nonce, false)
	// No CRL: revocation unknown, refused.
	if _, err := ncaVerifier(t, ncaGOSTClock).VerifyAuth(cms, nonce); !errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("without a CRL: %v", err)
	}
	// The CRL has expired (next update 2027-02-07): refused.
	if _, err := ncaVerifier(t, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), ncaCRL).VerifyAuth(cms, nonce); !errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("with an expired CRL: %v", err)
	}
	// A tampered CRL does not count.
	data, _ := os.ReadFile(ncaCRL)
	data[len(data)/3] ^= 0x01
	bad := filepath.Join(t.TempDir(), "bad.crl")
	os.WriteFile(bad, data, 0o600)
	if _, err := ncaVerifier(t, ncaGOSTClock, bad).VerifyAuth(cms, nonce); !errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("with a tampered CRL: %v", err)
	}
	// Not trusted without NCA's GOST root.
	other, _ := NewVerifier(nil, nil, func() time.Time { return ncaGOSTClock })
	if _, err := other.VerifyAuth(cms, nonce); !errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("untrusted root: %v", err)
	}
	// The CRL downloaded from the certificate's distribution point.
	fetched := ncaVerifier(t, ncaGOSTClock)
	fetched.CRLs = nil
	crlBytes, _ := os.ReadFile(ncaCRL)
	var urls []string
	fetched.FetchCRL = func(url string) ([]byte, error) {
		urls = append(urls, url)
		if url != ncaCRLURL {
			return nil, errors.New("offline")
		}
		return crlBytes, nil
	}
	// The base CRL, then the delta CRL the certificate names (offline
	// here: the base decides).
	if _, err := fetched.VerifyAuth(cms, nonce); err != nil || len(urls) != 2 || urls[0] != ncaCRLURL ||
		urls[1] != "http://test.pki.gov.kz/crl/nca_gost2022_d_test.crl" {
		t.Errorf("fetched CRL: %v %v", urls, err)
	}
}

// A GOST CA's delta CRL counts on top of its base CRL; a delta over a
// later base, another issuer's delta, do not.
func TestGOSTDeltaCRL(t *testing.T) {
	now := time.Now()
	ca := edstest.NewGOSTCA(t, "GOST delta test CA")
	cert, key := ca.Issue(t, edstest.Identity{IIN: "880415300157", CommonName: "СЕЙТКАЛИ БЕКЗАТ", Purpose: "auth"})
	ks, err := eds.OpenKeyStore(ca.KeyStore(t, key, cert, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	nonce := []byte("nonce for the delta test")
	cms, err := eds.SignCMS(ks, nonce, false)
	if err != nil {
		t.Fatal(err)
	}
	parse := func(der []byte) *x509.RevocationList {
		crl, err := eds.ParseCRL(der)
		if err != nil {
			t.Fatal(err)
		}
		return crl
	}
	base := parse(ca.CRL(t, 10, now))
	verify := func(lists ...*x509.RevocationList) error {
		v := &Verifier{Clock: func() time.Time { return now }}
		v.AddRoot(ca.Cert)
		v.CRLs = func(time.Time) ([]*x509.RevocationList, error) { return lists, nil }
		_, err := v.VerifyAuth(cms, nonce)
		return err
	}
	if err := verify(base); err != nil {
		t.Fatalf("base only: %v", err)
	}
	if err := verify(base, parse(ca.DeltaCRL(t, 11, 10, now, cert.SerialNumber))); !errors.Is(err, ErrCertificateRevoked) {
		t.Errorf("delta listing it: %v", err)
	}
	if err := verify(base, parse(ca.DeltaCRL(t, 12, 11, now, cert.SerialNumber))); err != nil {
		t.Errorf("delta over a later base: %v", err)
	}
	stranger := edstest.NewGOSTCA(t, "GOST delta test CA") // same name, other key
	if err := verify(base, parse(stranger.DeltaCRL(t, 11, 10, now, cert.SerialNumber))); err != nil {
		t.Errorf("delta signed by another key: %v", err)
	}
	// A delta alone is not a base CRL.
	if err := verify(parse(ca.DeltaCRL(t, 11, 10, now))); !errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("delta without base: %v", err)
	}
	// Revoked in the base CRL.
	if err := verify(parse(ca.CRL(t, 13, now, big.NewInt(1), cert.SerialNumber))); !errors.Is(err, ErrCertificateRevoked) {
		t.Errorf("base listing it: %v", err)
	}
}

// NCA's certificates name a delta CRL (Freshest CRL extension): it is read.
func TestFreshestCRLURLs(t *testing.T) {
	ks := ncaStore(t, "individual_valid.p12")
	if got := freshestCRLURLs(ks.Cert); len(got) != 1 || got[0] != "http://test.pki.gov.kz/crl/nca_gost2022_d_test.crl" {
		t.Fatalf("freshest CRL URLs %q", got)
	}
}

// A delta CRL downloaded from the leaf's Freshest CRL point counts; one
// that cannot be downloaded leaves the base CRL to decide.
func TestGOSTDeltaCRLFetched(t *testing.T) {
	now := time.Now()
	ca := edstest.NewGOSTCA(t, "GOST fetched delta CA")
	ca.DeltaURL = "http://crl.test.invalid/delta.crl"
	cert, key := ca.Issue(t, edstest.Identity{IIN: "880415300157", CommonName: "СЕЙТКАЛИ БЕКЗАТ"})
	if got := freshestCRLURLs(cert); len(got) != 1 || got[0] != ca.DeltaURL {
		t.Fatalf("freshest CRL URLs %q", got)
	}
	ks, err := eds.OpenKeyStore(ca.KeyStore(t, key, cert, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	nonce := []byte("nonce for the fetched delta")
	cms, _ := eds.SignCMS(ks, nonce, false)
	base := ca.CRL(t, 20, now)
	verify := func(delta []byte) error {
		v := &Verifier{Clock: func() time.Time { return now }}
		v.AddRoot(ca.Cert)
		v.FetchCRL = func(url string) ([]byte, error) {
			switch {
			case url == ca.CRLURL:
				return base, nil
			case url == ca.DeltaURL && delta != nil:
				return delta, nil
			}
			return nil, errors.New("offline")
		}
		_, err := v.VerifyAuth(cms, nonce)
		return err
	}
	if err := verify(nil); err != nil {
		t.Fatalf("no delta reachable: %v", err)
	}
	// A delta that failed is not asked for again at once.
	v := &Verifier{Clock: func() time.Time { return now }}
	v.AddRoot(ca.Cert)
	deltaCalls := 0
	v.FetchCRL = func(url string) ([]byte, error) {
		if url == ca.CRLURL {
			return base, nil
		}
		deltaCalls++
		return nil, errors.New("offline")
	}
	for range 3 {
		if _, err := v.VerifyAuth(cms, nonce); err != nil {
			t.Fatal(err)
		}
	}
	if deltaCalls != 1 {
		t.Errorf("the dead delta server was asked %d times", deltaCalls)
	}
	if err := verify(ca.DeltaCRL(t, 21, 20, now, cert.SerialNumber)); !errors.Is(err, ErrCertificateRevoked) {
		t.Errorf("fetched delta listing it: %v", err)
	}
	if err := verify(ca.DeltaCRL(t, 21, 20, now)); err != nil {
		t.Errorf("fetched delta not listing it: %v", err)
	}
}
