package eds

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Purpose is what a key is for, as NCA RK issues them: a person gets an
// authentication key (file AUTH_RSA256_..., EKU clientAuth) and a signing
// key (file RSA256_... or GOST..., KeyUsage nonRepudiation).
type Purpose string

const (
	PurposeAuth Purpose = "auth"
	PurposeSign Purpose = "sign"
	// PurposeBoth: the certificate allows both (not issued by NCA RK to
	// persons; some test and foreign certificates do).
	PurposeBoth Purpose = "auth+sign"
	// PurposeNone: neither clientAuth nor nonRepudiation.
	PurposeNone Purpose = ""
)

// allows reports whether a key of purpose p may be used for want.
func (p Purpose) allows(want Purpose) bool {
	return p == want || p == PurposeBoth
}

// SubjectType tells a private person from an employee of a legal entity.
type SubjectType string

const (
	SubjectIndividual SubjectType = "individual"
	SubjectLegal      SubjectType = "legal"
	SubjectUnknown    SubjectType = ""
)

// Algorithm is the public key algorithm of a certificate.
type Algorithm string

const (
	AlgorithmRSA      Algorithm = "rsa"
	AlgorithmECDSA    Algorithm = "ecdsa"
	AlgorithmEd25519  Algorithm = "ed25519"
	AlgorithmGOST2004 Algorithm = "gost2004" // GOST 34.310-2004, OIDs 1.2.398.3.10.1.1.1.x
	AlgorithmGOST2015 Algorithm = "gost2015" // GOST R 34.10-2015, OIDs 1.2.398.3.10.1.1.2.x
	AlgorithmUnknown  Algorithm = "unknown"
)

// IsGOST reports whether a is one of the Kazakh GOST algorithms, whose keys
// only NCALayer can use.
func (a Algorithm) IsGOST() bool { return a == AlgorithmGOST2004 || a == AlgorithmGOST2015 }

// CertInfo is what a Kabinet screen or service needs to know about a
// certificate. NCA RK certificates put the IIN in the subject serialNumber
// ("IIN123456789011"), the BIN of an organisation in an OU ("BIN..."), the
// surname in SURNAME (2.5.4.4), "SURNAME NAME" in CN, and the patronymic in
// GIVENNAME (2.5.4.42).
type CertInfo struct {
	IIN          string      `json:"iin"`
	BIN          string      `json:"bin"`
	CommonName   string      `json:"commonName"`
	Surname      string      `json:"surname"`
	GivenName    string      `json:"givenName"` // the patronymic in NCA certificates
	Organization string      `json:"organization"`
	Issuer       string      `json:"issuer"`       // CN of the issuer
	SerialNumber string      `json:"serialNumber"` // lower-case hex
	NotBefore    time.Time   `json:"notBefore"`
	NotAfter     time.Time   `json:"notAfter"`
	Purpose      Purpose     `json:"purpose"`
	SubjectType  SubjectType `json:"subjectType"`
	Algorithm    Algorithm   `json:"algorithm"`
}

var (
	oidSurname         = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName       = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidIndividual      = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 1}
	oidLegalEntity     = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 2}
	oidGOST2004        = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 1}
	oidGOST2015        = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2}
	oidTC26Keys        = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1} // GOST R 34.10-2012 = 34.10-2015 (RFC 9215)
	oidTC26Signatures  = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3}
	oidRSAEncryption   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAPSS          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidRSAPrefix       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1}
	oidECPublicKey     = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidECDSASignatures = asn1.ObjectIdentifier{1, 2, 840, 10045, 4}
	oidEd25519         = asn1.ObjectIdentifier{1, 3, 101, 112}
)

// NewCertInfo reads a certificate, including GOST certificates that
// crypto/x509 parses with an unknown public key algorithm.
func NewCertInfo(c *x509.Certificate) CertInfo {
	ci := CertInfo{
		CommonName:   c.Subject.CommonName,
		Issuer:       c.Issuer.CommonName,
		SerialNumber: fmt.Sprintf("%x", c.SerialNumber),
		NotBefore:    c.NotBefore,
		NotAfter:     c.NotAfter,
		Purpose:      purposeOf(c),
		Algorithm:    algorithmOf(c),
	}
	if ci.Issuer == "" {
		ci.Issuer = c.Issuer.String()
	}
	if len(c.Subject.Organization) > 0 {
		ci.Organization = c.Subject.Organization[0]
	}
	if sn := c.Subject.SerialNumber; strings.HasPrefix(sn, "IIN") {
		ci.IIN = strings.TrimPrefix(sn, "IIN")
	}
	for _, ou := range c.Subject.OrganizationalUnit {
		if strings.HasPrefix(ou, "BIN") {
			ci.BIN = strings.TrimPrefix(ou, "BIN")
		}
	}
	for _, atv := range c.Subject.Names {
		s, ok := atv.Value.(string)
		if !ok {
			continue
		}
		switch {
		case atv.Type.Equal(oidSurname):
			ci.Surname = s
		case atv.Type.Equal(oidGivenName):
			ci.GivenName = s
		}
	}
	ci.SubjectType = subjectTypeOf(c, ci)
	return ci
}

// FullName is "SURNAME NAME PATRONYMIC" as NCA certificates spell it (CN
// followed by GIVENNAME).
func (ci CertInfo) FullName() string {
	return strings.TrimSpace(ci.CommonName + " " + ci.GivenName)
}

// Check reports whether the certificate may be used at now for want
// (PurposeAuth to log in, PurposeSign to sign a document; PurposeNone skips
// the purpose check). Errors: ErrNotYetValid, ErrExpired, ErrSignKeyForLogin,
// ErrAuthKeyForSigning.
func (ci CertInfo) Check(now time.Time, want Purpose) error {
	const day = "2006-01-02"
	switch {
	case now.Before(ci.NotBefore):
		return fmt.Errorf("%w: valid from %s", ErrNotYetValid, ci.NotBefore.UTC().Format(day))
	case now.After(ci.NotAfter):
		return fmt.Errorf("%w: valid until %s", ErrExpired, ci.NotAfter.UTC().Format(day))
	}
	switch want {
	case PurposeAuth, PurposeBoth:
		if !ci.Purpose.allows(PurposeAuth) {
			return fmt.Errorf("%w (key purpose %q)", ErrSignKeyForLogin, ci.Purpose)
		}
	}
	switch want {
	case PurposeSign, PurposeBoth:
		if !ci.Purpose.allows(PurposeSign) {
			return fmt.Errorf("%w (key purpose %q)", ErrAuthKeyForSigning, ci.Purpose)
		}
	}
	return nil
}

// DaysLeft is the number of whole days from now until the certificate
// expires; negative once it has expired.
func (ci CertInfo) DaysLeft(now time.Time) int {
	return int(math.Floor(ci.NotAfter.Sub(now).Hours() / 24))
}

// purposeOf reads what a certificate's key is for, as NCA RK marks it:
//
//   - authentication: ExtendedKeyUsage clientAuth (1.3.6.1.5.5.7.3.2), the
//     AUTH_RSA256_… keys (KeyUsage digitalSignature, keyEncipherment);
//   - signing: KeyUsage nonRepudiation (contentCommitment), the RSA256_…
//     and GOSTKNCA_… keys (with EKU emailProtection);
//   - both: NCA's GOST 34.10-2015 certificates (since 2024 one key per
//     person, GOST512_…): KeyUsage digitalSignature and nonRepudiation
//     (plus keyAgreement), EKU emailProtection and NCA's subject-type OID
//     1.2.398.3.3.4.1.1 (individual) or …1.2 (legal entity), and no
//     clientAuth — NCA's own services log in and sign with that one key.
//     So a GOST 2015 certificate with digitalSignature and nonRepudiation
//     counts for authentication too; one with clientAuth and without
//     nonRepudiation is authentication only, as for RSA.
func purposeOf(c *x509.Certificate) Purpose {
	auth := slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
	sign := c.KeyUsage&x509.KeyUsageContentCommitment != 0
	if sign && c.KeyUsage&x509.KeyUsageDigitalSignature != 0 && algorithmOf(c) == AlgorithmGOST2015 {
		auth = true
	}
	switch {
	case auth && sign:
		return PurposeBoth
	case auth:
		return PurposeAuth
	case sign:
		return PurposeSign
	}
	return PurposeNone
}

func subjectTypeOf(c *x509.Certificate, ci CertInfo) SubjectType {
	// NCA puts the subject type in the EKU (crypto/x509 keeps unknown EKUs
	// aside) and sometimes in the policies.
	var oids []string
	for _, o := range c.UnknownExtKeyUsage {
		oids = append(oids, o.String())
	}
	for _, p := range c.Policies {
		oids = append(oids, p.String())
	}
	for _, o := range c.PolicyIdentifiers {
		oids = append(oids, o.String())
	}
	under := func(o string, arc asn1.ObjectIdentifier) bool {
		return o == arc.String() || strings.HasPrefix(o, arc.String()+".")
	}
	for _, o := range oids {
		switch {
		case under(o, oidLegalEntity):
			return SubjectLegal
		case under(o, oidIndividual):
			return SubjectIndividual
		}
	}
	// No NCA OID: guess from the subject.
	switch {
	case ci.BIN != "":
		return SubjectLegal
	case ci.IIN != "":
		return SubjectIndividual
	}
	return SubjectUnknown
}

// algorithmOf classifies the key from the raw SubjectPublicKeyInfo (crypto/x509
// leaves GOST keys as UnknownPublicKeyAlgorithm), falling back on the
// certificate's signature algorithm.
func algorithmOf(c *x509.Certificate) Algorithm {
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err == nil {
		if a := classifyOID(spki.Algorithm.Algorithm); a != AlgorithmUnknown {
			return a
		}
	}
	var cert struct {
		TBS       asn1.RawValue
		Algorithm pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.Raw, &cert); err == nil {
		return classifyOID(cert.Algorithm.Algorithm)
	}
	return AlgorithmUnknown
}

func classifyOID(o asn1.ObjectIdentifier) Algorithm {
	switch {
	case hasPrefix(o, oidGOST2004):
		return AlgorithmGOST2004
	case hasPrefix(o, oidGOST2015), hasPrefix(o, oidTC26Keys), hasPrefix(o, oidTC26Signatures):
		return AlgorithmGOST2015
	case o.Equal(oidRSAEncryption), o.Equal(oidRSAPSS), hasPrefix(o, oidRSAPrefix):
		return AlgorithmRSA
	case o.Equal(oidECPublicKey), hasPrefix(o, oidECDSASignatures):
		return AlgorithmECDSA
	case o.Equal(oidEd25519):
		return AlgorithmEd25519
	}
	return AlgorithmUnknown
}
