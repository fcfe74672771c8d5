package eds

import (
	"encoding/asn1"
	"errors"
	"fmt"

	"github.com/smallstep/pkcs7"
)

// ErrSHA1: the CMS's signer uses SHA-1, as its digest or in its signature
// algorithm. SHA-1 is refused in signatures (collisions are practical):
// a verifier refuses such a CMS before checking anything else.
var ErrSHA1 = errors.New("eds: the signature uses SHA-1, which is refused")

// SHA-1 algorithm identifiers: the digest, and the signature algorithms
// that include it (RSA PKCS #1 v1.5, ECDSA, DSA).
var sha1OIDs = []asn1.ObjectIdentifier{
	{1, 3, 14, 3, 2, 26},         // id-sha1
	{1, 2, 840, 113549, 1, 1, 5}, // sha1WithRSAEncryption
	{1, 3, 14, 3, 2, 29},         // sha1WithRSASignature (OIW)
	{1, 2, 840, 10045, 4, 1},     // ecdsa-with-SHA1
	{1, 2, 840, 10040, 4, 3},     // dsa-with-sha1
	{1, 3, 14, 3, 2, 27},         // dsaWithSHA1 (OIW)
}

// RefuseSHA1 returns ErrSHA1 when a signer of cms (in any form DecodeCMS
// accepts) uses SHA-1 as its digest algorithm or in its signature
// algorithm (an RSASSA-PSS signature with the default, SHA-1,
// parameters included). A CMS it cannot parse is left to VerifyCMS.
func RefuseSHA1(cms []byte) error {
	der, err := DecodeCMS(cms)
	if err != nil {
		return nil
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil
	}
	for _, si := range p7.Signers {
		if isSHA1(si.DigestAlgorithm.Algorithm) {
			return fmt.Errorf("%w (digest %v)", ErrSHA1, si.DigestAlgorithm.Algorithm)
		}
		alg := si.DigestEncryptionAlgorithm
		if alg.Algorithm.Equal(oidRSAPSS) {
			// RSASSA-PSS-params: an absent hashAlgorithm means SHA-1.
			var params struct {
				Hash asn1.RawValue `asn1:"optional,explicit,tag:0"`
			}
			if len(alg.Parameters.FullBytes) == 0 {
				return fmt.Errorf("%w (RSASSA-PSS with default parameters)", ErrSHA1)
			}
			if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &params); err != nil || len(params.Hash.Bytes) == 0 {
				return fmt.Errorf("%w (RSASSA-PSS with default parameters)", ErrSHA1)
			}
			var hash struct{ Algorithm asn1.ObjectIdentifier }
			if _, err := asn1.Unmarshal(params.Hash.Bytes, &hash); err == nil && isSHA1(hash.Algorithm) {
				return fmt.Errorf("%w (RSASSA-PSS with SHA-1)", ErrSHA1)
			}
			continue
		}
		if isSHA1(alg.Algorithm) {
			return fmt.Errorf("%w (signature algorithm %v)", ErrSHA1, alg.Algorithm)
		}
	}
	return nil
}

func isSHA1(oid asn1.ObjectIdentifier) bool {
	for _, o := range sha1OIDs {
		if oid.Equal(o) {
			return true
		}
	}
	return false
}
