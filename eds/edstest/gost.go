package edstest

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// GOSTCA is a throw-away GOST 34.10-2015 certification authority (512-bit
// key, NCA's OIDs), like NCA's «ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)».
type GOSTCA struct {
	Cert *x509.Certificate
	Key  *gost.PrivateKey
	// CRLURL is put in the certificates it issues as their CRL
	// distribution point.
	CRLURL string
	// DeltaURL, if set, is put in the certificates it issues as their
	// Freshest CRL (delta CRL) distribution point.
	DeltaURL string
}

// NewGOSTCA makes a self-signed GOST root named name, valid from 2000 to
// 2100.
func NewGOSTCA(tb testing.TB, name string) *GOSTCA {
	tb.Helper()
	key, err := gost.GenerateKey(gost.Curve512A, rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: name, Country: []string{"KZ"}},
		NotBefore:             time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := gost.CreateCertificate(rand.Reader, tmpl, nil, &key.PublicKey, key, true)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return &GOSTCA{Cert: cert, Key: key, CRLURL: "http://crl.test.invalid/" + cert.SerialNumber.String() + ".crl"}
}

// Issue makes a GOST 2015 certificate (512-bit key) for id. Purpose "auth":
// EKU clientAuth (authentication only); "sign" or "": KeyUsage
// digitalSignature and nonRepudiation, EKU emailProtection, as NCA's GOST
// 2015 certificates, which serve for both.
func (ca *GOSTCA) Issue(tb testing.TB, id Identity) (*x509.Certificate, *gost.PrivateKey) {
	tb.Helper()
	key, err := gost.GenerateKey(gost.Curve512A, rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	if id.NotBefore.IsZero() {
		id.NotBefore = time.Now().Add(-time.Hour)
	}
	if id.NotAfter.IsZero() {
		id.NotAfter = id.NotBefore.Add(365 * 24 * time.Hour)
	}
	subject := pkix.Name{CommonName: id.CommonName, Country: []string{"KZ"}}
	if id.IIN != "" {
		subject.SerialNumber = "IIN" + id.IIN
	}
	if id.BIN != "" {
		subject.OrganizationalUnit = []string{"BIN" + id.BIN}
	}
	if id.Org != "" {
		subject.Organization = []string{id.Org}
	}
	if id.Surname != "" {
		subject.ExtraNames = append(subject.ExtraNames, pkix.AttributeTypeAndValue{Type: oidSurname, Value: id.Surname})
	}
	if id.GivenName != "" {
		subject.ExtraNames = append(subject.ExtraNames, pkix.AttributeTypeAndValue{Type: oidGivenName, Value: id.GivenName})
	}
	typeOID := oidIndividual
	if id.BIN != "" {
		typeOID = oidLegal
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               subject,
		NotBefore:             id.NotBefore,
		NotAfter:              id.NotAfter,
		BasicConstraintsValid: true,
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{typeOID},
		CRLDistributionPoints: []string{ca.CRLURL},
	}
	if ca.DeltaURL != "" {
		// FreshestCRL: CRLDistributionPoints syntax, one URI.
		uri := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte(ca.DeltaURL)}
		fullName, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustMarshal(tb, uri)})
		dpName, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: fullName})
		dp, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: dpName})
		value, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: dp})
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 46}, Value: value})
	}
	switch id.Purpose {
	case "auth":
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	case "sign", "":
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyAgreement
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
	default:
		tb.Fatalf("edstest: purpose %q", id.Purpose)
	}
	der, err := gost.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key, true)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return cert, key
}

// KeyStore writes key and cert (and the CA's certificate) as an NCA-style
// GOST key store.
func (ca *GOSTCA) KeyStore(tb testing.TB, key *gost.PrivateKey, cert *x509.Certificate, password string) []byte {
	tb.Helper()
	p12, err := gost.EncodePKCS12(rand.Reader, key, cert, []*x509.Certificate{ca.Cert}, password)
	if err != nil {
		tb.Fatal(err)
	}
	return p12
}

// CRL returns the CA's GOST-signed CRL number n, valid from now for a day,
// listing revoked.
func (ca *GOSTCA) CRL(tb testing.TB, n int64, now time.Time, revoked ...*big.Int) []byte {
	tb.Helper()
	tmpl := &x509.RevocationList{Number: big.NewInt(n), ThisUpdate: now.Add(-time.Minute), NextUpdate: now.Add(24 * time.Hour)}
	for _, s := range revoked {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: now.Add(-time.Minute)})
	}
	der, err := gost.CreateRevocationList(rand.Reader, tmpl, ca.Cert, ca.Key, true)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

// DeltaCRL returns a GOST-signed delta CRL number n over the base CRL
// number base (extension Delta CRL Indicator, RFC 5280 §5.2.4), listing
// revoked.
func (ca *GOSTCA) DeltaCRL(tb testing.TB, n, base int64, now time.Time, revoked ...*big.Int) []byte {
	tb.Helper()
	ind, err := asn1.Marshal(big.NewInt(base))
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.RevocationList{Number: big.NewInt(n), ThisUpdate: now.Add(-time.Minute), NextUpdate: now.Add(time.Hour),
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 27}, Critical: true, Value: ind}}}
	for _, s := range revoked {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: now.Add(-time.Minute)})
	}
	der, err := gost.CreateRevocationList(rand.Reader, tmpl, ca.Cert, ca.Key, true)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

func mustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
