package eds

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// CMS SignedData with GOST 34.10-2015 (RFC 5652 with the algorithms of RFC
// 9215 / NCA). The SignerInfo is what NCALayer produces for a GOST key:
// digest algorithm Streebog (NCA 1.2.398.3.10.1.3.x), signature algorithm
// 1.2.398.3.10.1.1.2.3.x, signed attributes contentType, signingTime,
// messageDigest and signingCertificateV2 (ESS, the SHA-256 of the
// certificate), the signature over the DER SET OF the attributes.
//
// Signature layout: NCA's OIDs carry r‖s little-endian (as in NCA's
// certificates and CRLs), tc26's s‖r big-endian (RFC 4491). A CMS from
// another producer may use the other layout with NCA's OIDs; the verifier
// accepts either (both are encodings of the same (r, s), so nothing that
// was not signed by the key verifies).

var (
	oidAttrContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidAttrSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
)

// cmsNow is the signing time; a variable for tests.
var cmsNow = time.Now

func signCMSGOST(ks *KeyStore, key *gost.PrivateKey, data []byte, detached bool) ([]byte, error) {
	// NCA's OIDs for a certificate whose key is named with them, tc26's
	// for a tc26 certificate.
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		Key       asn1.BitString
	}
	_, _ = asn1.Unmarshal(ks.Cert.RawSubjectPublicKeyInfo, &spki)
	nca := hasPrefix(spki.Algorithm.Algorithm, oidKazakhGOSTArcPrefx)
	_, _, digestOID, sigOID := key.Algorithms(nca)
	h := key.Curve.Hash()()
	h.Write(data)
	digest := h.Sum(nil)

	certHash := sha256.Sum256(ks.Cert.Raw)
	var attrs [][]byte
	add := func(oid asn1.ObjectIdentifier, value func(*cryptobyte.Builder)) {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
		attrs = append(attrs, b.BytesOrPanic())
	}
	add(oidAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
	add(oidAttrSigningTime, func(b *cryptobyte.Builder) { b.AddASN1UTCTime(cmsNow().UTC().Truncate(time.Second)) })
	add(oidAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) })
	add(oidAttrSigningCertV2, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2, hashAlgorithm sha256 by default
					b.AddASN1OctetString(certHash[:])
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
							b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
								b.AddBytes(ks.Cert.RawIssuer)
							})
						})
						b.AddASN1BigInt(ks.Cert.SerialNumber)
					})
				})
			})
		})
	})
	slices.SortFunc(attrs, bytes.Compare) // DER SET OF
	var sa cryptobyte.Builder
	sa.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range attrs {
			b.AddBytes(a)
		}
	})
	signedAttrs := sa.BytesOrPanic()
	ah := key.Curve.Hash()()
	ah.Write(signedAttrs)
	r, s, err := key.SignDigest(rand.Reader, ah.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("eds: sign: %w", err)
	}
	sig := gost.EncodeRFC4491(key.Curve, r, s)
	if nca {
		sig = gost.EncodeNCA(key.Curve, r, s)
	}

	algID := func(b *cryptobyte.Builder, oid asn1.ObjectIdentifier) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) })
	}
	var out cryptobyte.Builder
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { algID(b, digestOID) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidData)
					if !detached {
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1OctetString(data)
						})
					}
				})
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddBytes(ks.Cert.Raw)
					for _, c := range ks.Chain {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(ks.Cert.RawIssuer)
							b.AddASN1BigInt(ks.Cert.SerialNumber)
						})
						algID(b, digestOID)
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							for _, a := range attrs { // the SET's content under [0] IMPLICIT
								b.AddBytes(a)
							}
						})
						algID(b, sigOID)
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	der, err := out.Bytes()
	if err != nil {
		return nil, fmt.Errorf("eds: sign: %w", err)
	}
	return der, nil
}

// gostCMS is a parsed GOST CMS SignedData (one signer).
type gostCMS struct {
	content      []byte
	hasContent   bool
	certs        []*x509.Certificate
	issuer       []byte // raw Name
	serial       []byte // INTEGER content
	ski          []byte
	digestOID    asn1.ObjectIdentifier
	signedAttrs  []byte // with the SET tag, as signed; nil if absent
	signatureOID asn1.ObjectIdentifier
	signature    []byte
}

var errNotGOSTCMS = errors.New("not a GOST CMS")

// parseGOSTCMS parses a DER CMS whose single signer uses a GOST algorithm;
// errNotGOSTCMS if its signer does not.
func parseGOSTCMS(der []byte) (*gostCMS, error) {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrBadCMS, what) }
	in := cryptobyte.String(der)
	var ci, sd, body cryptobyte.String
	var ctype asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ctype) || !ctype.Equal(oidSignedData) ||
		!ci.ReadASN1(&sd, cbasn1.Tag(0).Constructed().ContextSpecific()) || !sd.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, bad("not a SignedData")
	}
	var version int64
	var digestAlgs, encap cryptobyte.String
	if !body.ReadASN1Integer(&version) || !body.ReadASN1(&digestAlgs, cbasn1.SET) || !body.ReadASN1(&encap, cbasn1.SEQUENCE) {
		return nil, bad("SignedData header")
	}
	m := &gostCMS{}
	var etype asn1.ObjectIdentifier
	if !encap.ReadASN1ObjectIdentifier(&etype) {
		return nil, bad("content type")
	}
	if encap.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var ec cryptobyte.String
		var content cryptobyte.String
		if !encap.ReadASN1(&ec, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ec.ReadASN1(&content, cbasn1.OCTET_STRING) {
			return nil, bad("content")
		}
		m.content, m.hasContent = []byte(content), true
	}
	if body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var certs cryptobyte.String
		body.ReadASN1(&certs, cbasn1.Tag(0).Constructed().ContextSpecific())
		for !certs.Empty() {
			var c cryptobyte.String
			var tag cbasn1.Tag
			if !certs.ReadAnyASN1Element(&c, &tag) {
				return nil, bad("certificates")
			}
			if tag != cbasn1.SEQUENCE {
				continue // other certificate formats
			}
			cert, err := x509.ParseCertificate(c)
			if err != nil {
				return nil, bad("certificate: " + err.Error())
			}
			m.certs = append(m.certs, cert)
		}
	}
	body.SkipOptionalASN1(cbasn1.Tag(1).Constructed().ContextSpecific()) // crls
	var infos, si cryptobyte.String
	if !body.ReadASN1(&infos, cbasn1.SET) || !infos.ReadASN1(&si, cbasn1.SEQUENCE) {
		return nil, bad("signerInfos")
	}
	if !infos.Empty() {
		return nil, bad("more than one signer")
	}
	var siVersion int64
	if !si.ReadASN1Integer(&siVersion) {
		return nil, bad("SignerInfo version")
	}
	if si.PeekASN1Tag(cbasn1.SEQUENCE) {
		var ias cryptobyte.String
		var issuer cryptobyte.String
		var serial cryptobyte.String
		if !si.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, cbasn1.SEQUENCE) || !ias.ReadASN1(&serial, cbasn1.INTEGER) {
			return nil, bad("issuerAndSerialNumber")
		}
		m.issuer, m.serial = issuer, serial
	} else {
		var ski cryptobyte.String
		if !si.ReadASN1(&ski, cbasn1.Tag(0).ContextSpecific()) {
			return nil, bad("signer identifier")
		}
		m.ski = ski
	}
	var dalg, salg cryptobyte.String
	if !si.ReadASN1(&dalg, cbasn1.SEQUENCE) || !dalg.ReadASN1ObjectIdentifier(&m.digestOID) {
		return nil, bad("digest algorithm")
	}
	if si.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var attrs cryptobyte.String
		si.ReadASN1(&attrs, cbasn1.Tag(0).Constructed().ContextSpecific())
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrs) })
		m.signedAttrs = b.BytesOrPanic()
	}
	var sig cryptobyte.String
	if !si.ReadASN1(&salg, cbasn1.SEQUENCE) || !salg.ReadASN1ObjectIdentifier(&m.signatureOID) || !si.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return nil, bad("signature")
	}
	m.signature = sig
	if !gost.IsGOSTOID(m.signatureOID) && !gost.IsGOSTOID(m.digestOID) {
		return nil, errNotGOSTCMS
	}
	return m, nil
}

// signer returns the certificate the SignerInfo names.
func (m *gostCMS) signer() *x509.Certificate {
	for _, c := range m.certs {
		if m.ski != nil && bytes.Equal(c.SubjectKeyId, m.ski) {
			return c
		}
		if m.issuer != nil && bytes.Equal(c.RawIssuer, m.issuer) && bytes.Equal(c.SerialNumber.Bytes(), trimInt(m.serial)) {
			return c
		}
	}
	return nil
}

func trimInt(b []byte) []byte {
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// verifyGOSTCMS checks a GOST CMS; see VerifyCMS.
func verifyGOSTCMS(m *gostCMS, detachedContent []byte) (*x509.Certificate, []byte, error) {
	cert := m.signer()
	if cert == nil {
		return nil, nil, fmt.Errorf("%w: the signer's certificate is not included", ErrBadCMS)
	}
	newHash, ok := gost.DigestAlgorithm(m.digestOID)
	if !ok {
		return cert, nil, fmt.Errorf("%w: digest %v", ErrUnsupportedAlgorithm, m.digestOID)
	}
	alg, err := gost.SignatureAlgorithm(m.signatureOID)
	if err != nil && gost.IsKeyOID(m.signatureOID) {
		// RFC 4490 §3.2 and OpenSSL: the SignerInfo may name the key
		// algorithm; the digest algorithm then says which Streebog.
		alg, err = gost.Algorithm{NewHash: newHash, NCA: hasPrefix(m.signatureOID, oidKazakhGOSTArcPrefx)}, nil
	}
	if err != nil {
		return cert, nil, fmt.Errorf("%w: %v", ErrUnsupportedAlgorithm, err)
	}
	pub, err := gost.CertificatePublicKey(cert)
	if err != nil {
		return cert, nil, fmt.Errorf("%w: the signer's key: %v", ErrUnsupportedAlgorithm, err)
	}
	content := m.content
	if detachedContent != nil {
		if m.hasContent && !bytes.Equal(m.content, detachedContent) {
			return nil, nil, fmt.Errorf("%w: the attached content differs from the document", ErrSignatureInvalid)
		}
		content = detachedContent
	} else if !m.hasContent {
		return nil, nil, fmt.Errorf("%w: detached signature and no content given", ErrBadCMS)
	}
	h := newHash()
	h.Write(content)
	digest := h.Sum(nil)
	signedDigest := digest
	if m.signedAttrs != nil {
		md, err := messageDigestAttr(m.signedAttrs)
		if err != nil {
			return nil, nil, err
		}
		if !bytes.Equal(md, digest) {
			return nil, nil, fmt.Errorf("%w: the message digest does not match the content", ErrSignatureInvalid)
		}
		ah := alg.NewHash()
		ah.Write(m.signedAttrs)
		signedDigest = ah.Sum(nil)
	}
	if gost.CheckDigestSignature(alg.NCA, signedDigest, m.signature, pub) != nil &&
		gost.CheckDigestSignature(!alg.NCA, signedDigest, m.signature, pub) != nil {
		return nil, nil, fmt.Errorf("%w: the GOST signature does not verify", ErrSignatureInvalid)
	}
	return cert, content, nil
}

// messageDigestAttr returns the messageDigest attribute's value (exactly
// one required).
func messageDigestAttr(signedAttrs []byte) ([]byte, error) {
	in := cryptobyte.String(signedAttrs)
	var set cryptobyte.String
	if !in.ReadASN1(&set, cbasn1.SET) {
		return nil, fmt.Errorf("%w: signed attributes", ErrBadCMS)
	}
	var found []byte
	n := 0
	for !set.Empty() {
		var attr, values cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !set.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) || !attr.ReadASN1(&values, cbasn1.SET) {
			return nil, fmt.Errorf("%w: signed attribute", ErrBadCMS)
		}
		if oid.Equal(oidAttrMessageDigest) {
			var v cryptobyte.String
			if !values.ReadASN1(&v, cbasn1.OCTET_STRING) || !values.Empty() {
				return nil, fmt.Errorf("%w: messageDigest", ErrBadCMS)
			}
			found = v
			n++
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%w: %d messageDigest attributes", ErrBadCMS, n)
	}
	return found, nil
}
