package eds

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/smallstep/pkcs7"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// MaxCMSSize bounds the CMS messages DecodeCMS and VerifyCMS accept (after
// base64 decoding): a login signature is a few KiB, a signed application a
// few hundred.
const MaxCMSSize = 8 << 20

// ErrUnsupportedAlgorithm: the CMS is signed with an algorithm this package
// cannot verify (GOST 34.310-2004 signatures).
var ErrUnsupportedAlgorithm = errors.New("eds: the signature algorithm is not supported")

// SignCMS signs data with the key store's key and returns a DER CMS
// SignedData: SHA-256 (Streebog and GOST 34.10-2015 for a GOST key, see
// cms_gost.go), signed attributes (content type, message digest,
// signing time), the signer's certificate and the other certificates of the
// key store included. With detached the content is left out (the verifier
// must be given it again).
//
// A GOST 34.310-2004 key returns ErrGOSTNeedsNCALayer, a store without a key
// ErrNoPrivateKey. Purpose and validity are not checked here: call
// ks.Info.Check first.
func SignCMS(ks *KeyStore, data []byte, detached bool) ([]byte, error) {
	if ks == nil || ks.Cert == nil {
		return nil, ErrNoPrivateKey
	}
	if ks.Signer == nil {
		if ks.Info.Algorithm.IsGOST() {
			return nil, ErrGOSTNeedsNCALayer
		}
		return nil, ErrNoPrivateKey
	}
	if key, ok := ks.Signer.(*gost.PrivateKey); ok {
		return signCMSGOST(ks, key, data, detached)
	}
	sd, err := pkcs7.NewSignedData(data)
	if err != nil {
		return nil, fmt.Errorf("eds: sign: %w", err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(ks.Cert, ks.Signer, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("eds: sign: %w", err)
	}
	for _, c := range ks.Chain {
		sd.AddCertificate(c)
	}
	if detached {
		sd.Detach()
	}
	out, err := sd.Finish()
	if err != nil {
		return nil, fmt.Errorf("eds: sign: %w", err)
	}
	return out, nil
}

// DecodeCMS accepts a CMS in the forms signers hand it over — DER or BER
// bytes, base64 with or without line breaks (NCALayer's commonUtils), or PEM
// with "-----BEGIN CMS-----"/"PKCS7" headers (NCALayer's basics module) — and
// returns it as DER. Errors wrap ErrBadCMS.
func DecodeCMS(in []byte) ([]byte, error) {
	raw := in
	if len(raw) == 0 || raw[0] != 0x30 { // text: PEM or base64
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			return nil, fmt.Errorf("%w: empty", ErrBadCMS)
		}
		if len(raw) > 2*MaxCMSSize {
			return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadCMS, MaxCMSSize)
		}
		if bytes.HasPrefix(raw, []byte("-----BEGIN")) {
			if block, _ := pem.Decode(raw); block != nil {
				raw = block.Bytes
			} else {
				raw = stripArmor(raw)
			}
		}
		if len(raw) == 0 || raw[0] != 0x30 {
			b, err := decodeBase64(raw)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
			}
			raw = b
		}
	}
	if len(raw) > MaxCMSSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadCMS, MaxCMSSize)
	}
	der, err := normalise(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
	}
	return der, nil
}

var armorLine = regexp.MustCompile(`-----(BEGIN|END)[^-]*-----`)

// stripArmor drops "-----BEGIN ...-----"/"-----END ...-----" markers (even
// without line breaks around them) and "Key: value" header lines from a
// PEM-like text that encoding/pem refused.
func stripArmor(b []byte) []byte {
	b = armorLine.ReplaceAll(b, []byte("\n"))
	var out []byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if bytes.Contains(line, []byte(":")) {
			continue
		}
		out = append(out, bytes.TrimSpace(line)...)
	}
	return out
}

func decodeBase64(b []byte) ([]byte, error) {
	// A JSON string pasted without unescaping still has "\r\n" in it.
	b = bytes.ReplaceAll(b, []byte(`\r`), nil)
	b = bytes.ReplaceAll(b, []byte(`\n`), nil)
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		clean = append(clean, c)
	}
	out, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil {
		out, err = base64.RawStdEncoding.DecodeString(string(clean))
	}
	return out, err
}

// VerifyCMS checks the signature of a CMS SignedData (in any form DecodeCMS
// accepts) and returns the signer's certificate and the signed content.
// detachedContent is the content of a detached signature; nil for an attached
// one. If both are present they must be equal.
//
// Only the signature is checked: the certificate's chain, validity, purpose
// and revocation are the caller's (service/pki) job. In particular a
// signing-time attribute outside the certificate's validity is not an error
// here; the verifier judges validity at its own clock. Exactly one signer is
// expected, as NCALayer and SignCMS produce.
//
// GOST 34.10-2015 signatures (NCA's and tc26 OIDs) are verified natively;
// GOST 34.310-2004 ones give ErrUnsupportedAlgorithm.
//
// Errors: ErrBadCMS, ErrSignatureInvalid, ErrUnsupportedAlgorithm.
func VerifyCMS(cms []byte, detachedContent []byte) (*x509.Certificate, []byte, error) {
	der, err := DecodeCMS(cms)
	if err != nil {
		return nil, nil, err
	}
	if m, err := parseGOSTCMS(der); err == nil {
		return verifyGOSTCMS(m, detachedContent)
	} else if !errors.Is(err, errNotGOSTCMS) {
		if _, perr := pkcs7.Parse(der); perr != nil {
			return nil, nil, err
		}
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
	}
	if len(p7.Signers) != 1 {
		return nil, nil, fmt.Errorf("%w: %d signers, want 1", ErrBadCMS, len(p7.Signers))
	}
	if detachedContent != nil {
		if len(p7.Content) != 0 && !bytes.Equal(p7.Content, detachedContent) {
			return nil, nil, fmt.Errorf("%w: the attached content differs from the document", ErrSignatureInvalid)
		}
		p7.Content = detachedContent
	} else if len(p7.Content) == 0 {
		return nil, nil, fmt.Errorf("%w: detached signature and no content given", ErrBadCMS)
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return nil, nil, fmt.Errorf("%w: the signer's certificate is not included", ErrBadCMS)
	}
	si := p7.Signers[0]
	if hasPrefix(si.DigestEncryptionAlgorithm.Algorithm, oidKazakhGOSTArcPrefx) ||
		hasPrefix(si.DigestAlgorithm.Algorithm, oidKazakhGOSTArcPrefx) {
		return cert, nil, fmt.Errorf("%w: GOST (%v)", ErrUnsupportedAlgorithm, si.DigestEncryptionAlgorithm.Algorithm)
	}
	// pkcs7 refuses a signing time outside the certificate's validity before
	// it checks the signature; widen the validity of its parsed copy for the
	// check so that an expired certificate is reported as expired by the
	// caller, not as a bad signature.
	notBefore, notAfter := cert.NotBefore, cert.NotAfter
	cert.NotBefore, cert.NotAfter = time.Time{}, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	err = p7.Verify()
	cert.NotBefore, cert.NotAfter = notBefore, notAfter
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrSignatureInvalid, err)
	}
	return cert, p7.Content, nil
}

// CMSCertificates returns the certificates a CMS carries (in any form
// DecodeCMS accepts): the signer's and usually its issuers, which a verifier
// uses as intermediates when it builds the chain.
func CMSCertificates(cms []byte) ([]*x509.Certificate, error) {
	der, err := DecodeCMS(cms)
	if err != nil {
		return nil, err
	}
	if m, err := parseGOSTCMS(der); err == nil {
		return m.certs, nil
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
	}
	return p7.Certificates, nil
}
