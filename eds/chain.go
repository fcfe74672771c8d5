package eds

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// Certificates and CRLs signed with GOST 34.10-2015, which crypto/x509
// cannot check (it reports x509.ErrUnsupportedAlgorithm): these functions
// check GOST signatures with eds/gost and leave the others to crypto/x509.

// IsGOSTCertificate reports whether c is signed with, or holds, a GOST key.
func IsGOSTCertificate(c *x509.Certificate) bool {
	return gost.IsGOSTSigned(c.Raw) || algorithmOf(c).IsGOST()
}

// CheckCertificateSignature verifies that parent signed cert (GOST or not).
func CheckCertificateSignature(cert, parent *x509.Certificate) error {
	if gost.IsGOSTSigned(cert.Raw) {
		return gost.CheckSignedBy(cert.Raw, parent)
	}
	return cert.CheckSignatureFrom(parent)
}

// ParseCRL parses a DER CRL, NCA's GOST CRLs included (see
// gost.ParseRevocationList).
func ParseCRL(der []byte) (*x509.RevocationList, error) {
	return gost.ParseRevocationList(der)
}

// CheckCRLSignature verifies that issuer signed crl (GOST or not).
func CheckCRLSignature(crl *x509.RevocationList, issuer *x509.Certificate) error {
	if crl.SignatureAlgorithm == x509.UnknownSignatureAlgorithm {
		return gost.CheckCRLSignature(crl, issuer)
	}
	return crl.CheckSignatureFrom(issuer)
}

// MaxChainLength bounds BuildChain.
const MaxChainLength = 6

// BuildChain finds a chain from leaf to one of roots through intermediates
// for certificates crypto/x509 cannot verify (GOST): each issuer's subject
// is the child's issuer, its key signed the child, it is a CA (basic
// constraints, and keyCertSign when KeyUsage is present), and every
// certificate of the chain is valid at at. It returns the issuers, the
// root last. The leaf's purpose is not checked here.
func BuildChain(leaf *x509.Certificate, intermediates, roots []*x509.Certificate, at time.Time) ([]*x509.Certificate, error) {
	var walk func(c *x509.Certificate, depth int) ([]*x509.Certificate, error)
	walk = func(c *x509.Certificate, depth int) ([]*x509.Certificate, error) {
		if depth > MaxChainLength {
			return nil, errors.New("the chain is too long")
		}
		var lastErr error = fmt.Errorf("no trusted issuer of %q", c.Issuer.CommonName)
		try := func(p *x509.Certificate, isRoot bool) ([]*x509.Certificate, bool) {
			if !bytes.Equal(p.RawSubject, c.RawIssuer) || p.Equal(c) && !isRoot {
				return nil, false
			}
			if !p.IsCA || !p.BasicConstraintsValid || (p.KeyUsage != 0 && p.KeyUsage&x509.KeyUsageCertSign == 0) {
				lastErr = fmt.Errorf("%q is not a certification authority", p.Subject.CommonName)
				return nil, false
			}
			if at.Before(p.NotBefore) || at.After(p.NotAfter) {
				lastErr = fmt.Errorf("%q is not valid at %s", p.Subject.CommonName, at.UTC().Format(time.DateOnly))
				return nil, false
			}
			if err := CheckCertificateSignature(c, p); err != nil {
				lastErr = fmt.Errorf("the signature of %q by %q: %w", c.Subject.CommonName, p.Subject.CommonName, err)
				return nil, false
			}
			if isRoot {
				return []*x509.Certificate{p}, true
			}
			rest, err := walk(p, depth+1)
			if err != nil {
				lastErr = err
				return nil, false
			}
			return append([]*x509.Certificate{p}, rest...), true
		}
		for _, r := range roots {
			if chain, ok := try(r, true); ok {
				return chain, nil
			}
		}
		for _, p := range intermediates {
			if chain, ok := try(p, false); ok {
				return chain, nil
			}
		}
		return nil, lastErr
	}
	if at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		return nil, fmt.Errorf("%q is not valid at %s", leaf.Subject.CommonName, at.UTC().Format(time.DateOnly))
	}
	return walk(leaf, 0)
}
