package eds

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// GOST CMS, attached and detached, with NCA's real GOST 2015 key store:
// the signature verifies over the document only.
func TestGOSTCMSWithNCAKey(t *testing.T) {
	ks, err := OpenKeyStore(readGOST(t, "individual_valid.p12"), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	checkGOSTCMS(t, ks)
}

// The same with a tc26 (RFC 9215) certificate on a 256-bit key from a GOST
// CA made here: the tc26 OIDs and RFC 4491's signature layout.
func TestGOSTCMSTC26(t *testing.T) {
	ks := gostTestStore(t, gost.Curve256A, false)
	checkGOSTCMS(t, ks)
}

func checkGOSTCMS(t *testing.T, ks *KeyStore) {
	t.Helper()
	doc := []byte("заявление на выплату №42")
	for _, detached := range []bool{false, true} {
		cms, err := SignCMS(ks, doc, detached)
		if err != nil {
			t.Fatal(err)
		}
		var given []byte
		if detached {
			given = doc
			if bytes.Contains(cms, doc) {
				t.Error("detached CMS contains the document")
			}
			if _, _, err := VerifyCMS(cms, nil); !errors.Is(err, ErrBadCMS) {
				t.Errorf("detached without content: %v", err)
			}
		}
		cert, content, err := VerifyCMS(cms, given)
		if err != nil {
			t.Fatalf("detached=%v: %v", detached, err)
		}
		if !cert.Equal(ks.Cert) || !bytes.Equal(content, doc) {
			t.Errorf("detached=%v: signer or content %q", detached, content)
		}
		// base64 as NCALayer hands it over
		if _, _, err := VerifyCMS([]byte(base64.StdEncoding.EncodeToString(cms)), given); err != nil {
			t.Errorf("base64: %v", err)
		}
		if _, _, err := VerifyCMS(cms, []byte("заявление на выплату №43")); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("detached=%v, other document: %v", detached, err)
		}
		bad := append([]byte{}, cms...)
		bad[len(bad)-5] ^= 1
		if _, _, err := VerifyCMS(bad, given); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("detached=%v, flipped signature: %v", detached, err)
		}
		certs, err := CMSCertificates(cms)
		if err != nil || len(certs) != 1+len(ks.Chain) {
			t.Errorf("certificates: %d, %v", len(certs), err)
		}
	}
}

// gostTestStore issues a GOST key store from a throw-away GOST CA.
func gostTestStore(t *testing.T, c *gost.Curve, nca bool) *KeyStore {
	t.Helper()
	now := time.Now()
	caKey, _ := gost.GenerateKey(gost.Curve512A, rand.Reader)
	caDER, err := gost.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(1),
		Subject: pkix.Name{CommonName: "GOST CMS test CA"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign},
		nil, &caKey.PublicKey, caKey, nca)
	if err != nil {
		t.Fatal(err)
	}
	ca := parseCertT(t, caDER)
	key, _ := gost.GenerateKey(c, rand.Reader)
	der, err := gost.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(2),
		Subject: pkix.Name{CommonName: "ТЕСТОВ ТЕСТ", SerialNumber: "IIN880415300157"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}, ca, &key.PublicKey, caKey, nca)
	if err != nil {
		t.Fatal(err)
	}
	cert := parseCertT(t, der)
	p12, err := gost.EncodePKCS12(rand.Reader, key, cert, []*x509.Certificate{ca}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	ks, err := OpenKeyStore(p12, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if ks.Info.Algorithm != AlgorithmGOST2015 || ks.Info.IIN != "880415300157" {
		t.Fatalf("info %+v", ks.Info)
	}
	return ks
}

// A CMS signed with NCA's older GOST 34.310-2004 algorithm is reported as
// unsupported, not as a crash or a forged signature.
func TestGOST2004CMSUnsupported(t *testing.T) {
	ks, err := OpenKeyStore(readGOST(t, "individual_valid.p12"), ncaPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	cms, err := SignCMS(ks, []byte("doc"), false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseGOSTCMS(cms)
	if err != nil {
		t.Fatal(err)
	}
	m.signatureOID = gost.OIDNCAGost2004Signature
	if _, _, err := verifyGOSTCMS(m, nil); !errors.Is(err, ErrUnsupportedAlgorithm) {
		t.Fatalf("GOST 34.310-2004 signature: %v", err)
	}
	m.signatureOID, m.digestOID = gost.OIDNCAGost2015Signature512, gost.OIDNCAGost34311
	if _, _, err := verifyGOSTCMS(m, nil); !errors.Is(err, ErrUnsupportedAlgorithm) {
		t.Fatalf("GOST 34.311-95 digest: %v", err)
	}
}
