package gost

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// A GOST CA made with CreateCertificate issues a certificate and a CRL that
// verify (and the CA's own key checks its self-signature).
func TestCreateCertificateAndCRL(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, nca := range []bool{true, false} {
		caKey, _ := GenerateKey(Curve512A, rand.Reader)
		caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "GOST test CA"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
		caDER, err := CreateCertificate(rand.Reader, caTmpl, nil, &caKey.PublicKey, caKey, nca)
		if err != nil {
			t.Fatal(err)
		}
		ca, err := x509.ParseCertificate(caDER)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSignedBy(caDER, ca); err != nil {
			t.Fatalf("nca=%v: self-signature: %v", nca, err)
		}
		leafKey, _ := GenerateKey(Curve256A, rand.Reader)
		leafDER, err := CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(7),
			Subject: pkix.Name{CommonName: "leaf"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature}, ca, &leafKey.PublicKey, caKey, nca)
		if err != nil {
			t.Fatal(err)
		}
		leaf, _ := x509.ParseCertificate(leafDER)
		if err := CheckSignedBy(leafDER, ca); err != nil {
			t.Fatalf("leaf: %v", err)
		}
		pub, err := CertificatePublicKey(leaf)
		if err != nil || !pub.Equal(&leafKey.PublicKey) {
			t.Fatalf("leaf key: %v", err)
		}
		crlDER, err := CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(3), ThisUpdate: now, NextUpdate: now.Add(time.Hour),
			RevokedCertificateEntries: []x509.RevocationListEntry{{SerialNumber: big.NewInt(7), RevocationTime: now}}}, ca, caKey, nca)
		if err != nil {
			t.Fatal(err)
		}
		crl, err := ParseRevocationList(crlDER)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckCRLSignature(crl, ca); err != nil {
			t.Fatalf("CRL: %v", err)
		}
		if err := CheckCRLSignature(crl, leaf); err == nil {
			t.Fatal("CRL verifies under the leaf")
		}
	}
}
