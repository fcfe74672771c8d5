package gost

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ErrUnsupported: the algorithm is not GOST 34.10-2015 / GOST R 34.10-2012
// (for example NCA's older GOST 34.310-2004, whose digest GOST 34.311-95 is
// not implemented here).
var ErrUnsupported = errors.New("gost: unsupported algorithm")

// Algorithm tells, for a signature algorithm OID, which digest goes with it
// and how the signature bytes are laid out.
type Algorithm struct {
	NewHash func() hash.Hash
	Size    int  // 32 or 64
	NCA     bool // NCA's layout r‖s little-endian; otherwise RFC 4491's s‖r big-endian
}

// SignatureAlgorithm returns what a signature algorithm OID means, or
// ErrUnsupported (with the GOST 34.310-2004 OID named).
func SignatureAlgorithm(oid asn1.ObjectIdentifier) (Algorithm, error) {
	switch {
	case oid.Equal(OIDNCAGost2015Signature256):
		return Algorithm{New256, 32, true}, nil
	case oid.Equal(OIDNCAGost2015Signature512):
		return Algorithm{New512, 64, true}, nil
	case oid.Equal(OIDTC26Signature256):
		return Algorithm{New256, 32, false}, nil
	case oid.Equal(OIDTC26Signature512):
		return Algorithm{New512, 64, false}, nil
	case oid.Equal(OIDNCAGost2004Signature):
		return Algorithm{}, fmt.Errorf("%w: GOST 34.310-2004 (%v)", ErrUnsupported, oid)
	}
	return Algorithm{}, fmt.Errorf("%w: %v", ErrUnsupported, oid)
}

// DigestAlgorithm returns the hash a digest OID names (NCA's or tc26).
func DigestAlgorithm(oid asn1.ObjectIdentifier) (func() hash.Hash, bool) {
	switch {
	case oid.Equal(OIDNCAStreebog256), oid.Equal(OIDTC26Streebog256):
		return New256, true
	case oid.Equal(OIDNCAStreebog512), oid.Equal(OIDTC26Streebog512):
		return New512, true
	}
	return nil, false
}

// IsKeyOID reports whether oid is a GOST 34.10-2015 public key algorithm
// (NCA's or tc26).
func IsKeyOID(oid asn1.ObjectIdentifier) bool {
	return oid.Equal(OIDNCAGost2015Key256) || oid.Equal(OIDNCAGost2015Key512) ||
		oid.Equal(OIDTC26Key256) || oid.Equal(OIDTC26Key512)
}

// IsGOSTOID reports whether oid is any GOST algorithm (NCA's arc, or
// Russian 1.2.643).
func IsGOSTOID(oid asn1.ObjectIdentifier) bool {
	return len(oid) > 3 && ((oid[0] == 1 && oid[1] == 2 && oid[2] == 398 && oid[3] == 3) ||
		(oid[0] == 1 && oid[1] == 2 && oid[2] == 643))
}

// CheckSignature verifies sig over signed with pub for the signature
// algorithm oid: Streebog of signed, then GOST 34.10.
func CheckSignature(oid asn1.ObjectIdentifier, signed, sig []byte, pub *PublicKey) error {
	alg, err := SignatureAlgorithm(oid)
	if err != nil {
		return err
	}
	if pub == nil || pub.Curve == nil || pub.Curve.size != alg.Size {
		return fmt.Errorf("%w: the key does not go with %v", ErrInvalidSignature, oid)
	}
	h := alg.NewHash()
	h.Write(signed)
	return CheckDigestSignature(alg.NCA, h.Sum(nil), sig, pub)
}

// CheckDigestSignature verifies sig over a Streebog digest; nca selects the
// byte layout.
func CheckDigestSignature(nca bool, digest, sig []byte, pub *PublicKey) error {
	var r, s *big.Int
	var err error
	if nca {
		r, s, err = DecodeNCA(pub.Curve, sig)
	} else {
		r, s, err = DecodeRFC4491(pub.Curve, sig)
	}
	if err != nil || !VerifyDigest(pub, digest, r, s) {
		return ErrInvalidSignature
	}
	return nil
}

// publicKeyParams is GostR3410-2012-PublicKeyParameters (RFC 9215 §4.1;
// NCA's have the same shape).
type publicKeyParams struct {
	ParamSet asn1.ObjectIdentifier
	Digest   asn1.ObjectIdentifier `asn1:"optional"`
}

// ParsePublicKey reads a DER SubjectPublicKeyInfo holding a GOST 34.10-2015
// key: algorithm NCA 1.2.398.3.10.1.1.2.{1,2} or tc26 1.2.643.7.1.1.1.{1,2},
// parameters SEQUENCE { paramSet OID, digest OID OPTIONAL }, key BIT STRING
// wrapping an OCTET STRING x ‖ y, each little-endian (RFC 4491 §2.3.2).
// The point is checked to be on the curve.
func ParsePublicKey(spki []byte) (*PublicKey, error) {
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		Key       asn1.BitString
	}
	if rest, err := asn1.Unmarshal(spki, &info); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("%w: bad SubjectPublicKeyInfo", ErrInvalidKey)
	}
	if !IsKeyOID(info.Algorithm.Algorithm) {
		if IsGOSTOID(info.Algorithm.Algorithm) {
			return nil, fmt.Errorf("%w: key algorithm %v", ErrUnsupported, info.Algorithm.Algorithm)
		}
		return nil, fmt.Errorf("%w: not a GOST key (%v)", ErrInvalidKey, info.Algorithm.Algorithm)
	}
	var params publicKeyParams
	if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("%w: bad key parameters", ErrInvalidKey)
	}
	c := CurveByOID(params.ParamSet)
	if c == nil {
		return nil, fmt.Errorf("%w: parameter set %v", ErrUnsupported, params.ParamSet)
	}
	var octets []byte
	if rest, err := asn1.Unmarshal(info.Key.RightAlign(), &octets); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("%w: bad public key octets", ErrInvalidKey)
	}
	return PublicKeyFromBytes(c, octets)
}

// PublicKeyFromBytes reads x ‖ y, each little-endian.
func PublicKeyFromBytes(c *Curve, octets []byte) (*PublicKey, error) {
	if len(octets) != 2*c.size {
		return nil, fmt.Errorf("%w: public key of %d bytes for %s", ErrInvalidKey, len(octets), c.Name)
	}
	x := new(big.Int).SetBytes(reversed(octets[:c.size]))
	y := new(big.Int).SetBytes(reversed(octets[c.size:]))
	if !c.IsOnCurve(x, y) {
		return nil, fmt.Errorf("%w: the point is not on the curve", ErrInvalidKey)
	}
	return &PublicKey{Curve: c, X: x, Y: y}, nil
}

// Bytes returns x ‖ y, each little-endian.
func (pub *PublicKey) Bytes() []byte {
	n := pub.Curve.size
	out := make([]byte, 2*n)
	copy(out[:n], reversed(pub.X.FillBytes(make([]byte, n))))
	copy(out[n:], reversed(pub.Y.FillBytes(make([]byte, n))))
	return out
}

// Algorithms returns the key, parameter set, digest and signature OIDs of
// pub: NCA's when nca is true (only for the curves NCA uses), else tc26.
func (pub *PublicKey) Algorithms(nca bool) (key, params, digest, sig asn1.ObjectIdentifier) {
	c := pub.Curve
	pick := func(prefix asn1.ObjectIdentifier) asn1.ObjectIdentifier {
		for _, o := range c.OIDs {
			if len(o) > len(prefix) && slices.Equal(o[:len(prefix)], prefix) {
				return o
			}
		}
		return c.OIDs[0]
	}
	if nca {
		params = pick(asn1.ObjectIdentifier{1, 2, 398})
		if c.size == 64 {
			return OIDNCAGost2015Key512, params, OIDNCAStreebog512, OIDNCAGost2015Signature512
		}
		return OIDNCAGost2015Key256, params, OIDNCAStreebog256, OIDNCAGost2015Signature256
	}
	params = pick(asn1.ObjectIdentifier{1, 2, 643})
	if c.size == 64 {
		return OIDTC26Key512, params, OIDTC26Streebog512, OIDTC26Signature512
	}
	return OIDTC26Key256, params, OIDTC26Streebog256, OIDTC26Signature256
}

// MarshalPublicKey returns the DER SubjectPublicKeyInfo of pub, with NCA's
// OIDs or the tc26 ones.
func MarshalPublicKey(pub *PublicKey, nca bool) ([]byte, error) {
	keyOID, paramOID, digestOID, _ := pub.Algorithms(nca)
	params := publicKeyParams{ParamSet: paramOID}
	if nca || pub.Curve.size == 32 {
		// NCA always names the digest; RFC 9215 only for 256-bit keys.
		params.Digest = digestOID
	}
	pb, err := asn1.Marshal(params)
	if err != nil {
		return nil, err
	}
	octets, err := asn1.Marshal(pub.Bytes())
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(struct {
		Algorithm pkix.AlgorithmIdentifier
		Key       asn1.BitString
	}{pkix.AlgorithmIdentifier{Algorithm: keyOID, Parameters: asn1.RawValue{FullBytes: pb}},
		asn1.BitString{Bytes: octets, BitLength: 8 * len(octets)}})
}

// signedOuter splits a certificate or CRL (SEQUENCE { tbs, AlgorithmIdentifier,
// BIT STRING }) into the signed bytes, the algorithm OID and the signature.
func signedOuter(der []byte) (tbs []byte, oid asn1.ObjectIdentifier, sig []byte, err error) {
	in := cryptobyte.String(der)
	var outer, tbsRaw, algSeq cryptobyte.String
	var bits asn1.BitString
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) || !in.Empty() ||
		!outer.ReadASN1Element(&tbsRaw, cbasn1.SEQUENCE) ||
		!outer.ReadASN1(&algSeq, cbasn1.SEQUENCE) ||
		!algSeq.ReadASN1ObjectIdentifier((*asn1.ObjectIdentifier)(&oid)) {
		return nil, nil, nil, errors.New("gost: malformed signed structure")
	}
	var bitsRaw cryptobyte.String
	if !outer.ReadASN1Element(&bitsRaw, cbasn1.BIT_STRING) || !outer.Empty() {
		return nil, nil, nil, errors.New("gost: malformed signature")
	}
	if _, err := asn1.Unmarshal(bitsRaw, &bits); err != nil || bits.BitLength%8 != 0 {
		return nil, nil, nil, errors.New("gost: malformed signature")
	}
	return tbsRaw, oid, bits.Bytes, nil
}

// CertificatePublicKey returns the GOST public key of a certificate.
func CertificatePublicKey(c *x509.Certificate) (*PublicKey, error) {
	return ParsePublicKey(c.RawSubjectPublicKeyInfo)
}

// IsGOSTSigned reports whether a certificate or CRL (DER) is signed with a
// GOST algorithm OID.
func IsGOSTSigned(der []byte) bool {
	_, oid, _, err := signedOuter(der)
	return err == nil && IsGOSTOID(oid)
}

// CheckSignedBy verifies the signature of a certificate or CRL (its DER)
// with the GOST key of parent.
func CheckSignedBy(der []byte, parent *x509.Certificate) error {
	tbs, oid, sig, err := signedOuter(der)
	if err != nil {
		return err
	}
	pub, err := CertificatePublicKey(parent)
	if err != nil {
		return err
	}
	return CheckSignature(oid, tbs, sig, pub)
}

// ParseRevocationList parses a DER CRL like x509.ParseRevocationList, also
// when its outer signature AlgorithmIdentifier differs from the one inside
// the signed part only in its parameters — NCA's GOST CRLs have NULL
// parameters outside and none inside, which crypto/x509 refuses. The outer
// identifier is not signed; the signature is checked over the TBS as it
// came (CheckCRLSignature).
func ParseRevocationList(der []byte) (*x509.RevocationList, error) {
	crl, err := x509.ParseRevocationList(der)
	if err == nil {
		return crl, nil
	}
	tbs, oid, sig, serr := signedOuter(der)
	if serr != nil {
		return nil, err
	}
	innerOID, ierr := tbsSignatureOID(tbs, true)
	if ierr != nil || !innerOID.Equal(oid) {
		return nil, err
	}
	var inner cryptobyte.String
	in := cryptobyte.String(tbs)
	var body cryptobyte.String
	in.ReadASN1(&body, cbasn1.SEQUENCE)
	if body.PeekASN1Tag(cbasn1.INTEGER) {
		body.SkipASN1(cbasn1.INTEGER)
	}
	body.ReadASN1Element(&inner, cbasn1.SEQUENCE)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(inner)
		b.AddASN1BitString(sig)
	})
	fixed, berr := b.Bytes()
	if berr != nil {
		return nil, err
	}
	return x509.ParseRevocationList(fixed)
}

// tbsSignatureOID reads the signature algorithm OID inside a TBS
// certificate (crl false: after [0] version and the serial) or TBS CRL
// (crl true: after an optional version).
func tbsSignatureOID(tbs []byte, crl bool) (asn1.ObjectIdentifier, error) {
	in := cryptobyte.String(tbs)
	var body, alg cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, errors.New("gost: malformed TBS")
	}
	if crl {
		if body.PeekASN1Tag(cbasn1.INTEGER) {
			body.SkipASN1(cbasn1.INTEGER)
		}
	} else {
		body.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
		body.SkipASN1(cbasn1.INTEGER)
	}
	var oid asn1.ObjectIdentifier
	if !body.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return nil, errors.New("gost: malformed TBS signature algorithm")
	}
	return oid, nil
}

// CheckCRLSignature verifies a parsed CRL's GOST signature with the key of
// issuer (the algorithm named inside the signed part).
func CheckCRLSignature(crl *x509.RevocationList, issuer *x509.Certificate) error {
	oid, err := tbsSignatureOID(crl.RawTBSRevocationList, true)
	if err != nil {
		return err
	}
	pub, err := CertificatePublicKey(issuer)
	if err != nil {
		return err
	}
	return CheckSignature(oid, crl.RawTBSRevocationList, crl.Signature, pub)
}

// CheckCertificateSignature verifies a certificate's GOST signature with the
// key of parent.
func CheckCertificateSignature(cert, parent *x509.Certificate) error {
	return CheckSignedBy(cert.Raw, parent)
}
