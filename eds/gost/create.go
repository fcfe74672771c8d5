package gost

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"io"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Certificates and CRLs signed with GOST 34.10-2015, for the demo and test
// certification authorities: crypto/x509 builds the structure (with a
// throw-away ECDSA key standing in), then the SubjectPublicKeyInfo and the
// signature algorithm are replaced by GOST ones and the TBS is signed with
// the GOST key. NCA's OIDs are used when nca is true, else tc26's.

// CreateCertificate returns a DER certificate of pub per template, issued
// by parent (nil or template for a self-signed one) and signed by priv.
// The Subject Key Identifier is the SHA-1 of the public key octets when the
// template does not give one; the Authority Key Identifier is the parent's.
func CreateCertificate(rand io.Reader, template, parent *x509.Certificate, pub *PublicKey, priv *PrivateKey, nca bool) ([]byte, error) {
	stand, err := ecdsa.GenerateKey(elliptic.P256(), rand)
	if err != nil {
		return nil, err
	}
	spki, err := MarshalPublicKey(pub, nca)
	if err != nil {
		return nil, err
	}
	tmpl := *template
	if len(tmpl.SubjectKeyId) == 0 {
		sum := sha1.Sum(pub.Bytes())
		tmpl.SubjectKeyId = sum[:]
	}
	par := &tmpl
	if parent != nil && parent != template {
		p := *parent
		par = &p
		if len(p.SubjectKeyId) > 0 {
			tmpl.AuthorityKeyId = p.SubjectKeyId
		}
	} else {
		tmpl.AuthorityKeyId = tmpl.SubjectKeyId
	}
	par.PublicKey = &stand.PublicKey
	der, err := x509.CreateCertificate(rand, &tmpl, par, &stand.PublicKey, stand)
	if err != nil {
		return nil, err
	}
	_, _, _, sigOID := priv.Algorithms(nca)
	tbs, _, _, err := signedOuter(der)
	if err != nil {
		return nil, err
	}
	tbs, err = rewriteTBS(tbs, sigOID, spki, false)
	if err != nil {
		return nil, err
	}
	return signOuter(rand, tbs, sigOID, priv, nca)
}

// CreateRevocationList returns a DER CRL per template, issued by issuer and
// signed by priv (issuer's key).
func CreateRevocationList(rand io.Reader, template *x509.RevocationList, issuer *x509.Certificate, priv *PrivateKey, nca bool) ([]byte, error) {
	stand, err := ecdsa.GenerateKey(elliptic.P256(), rand)
	if err != nil {
		return nil, err
	}
	iss := *issuer
	iss.PublicKey = &stand.PublicKey
	der, err := x509.CreateRevocationList(rand, template, &iss, stand)
	if err != nil {
		return nil, err
	}
	_, _, _, sigOID := priv.Algorithms(nca)
	tbs, _, _, err := signedOuter(der)
	if err != nil {
		return nil, err
	}
	if tbs, err = rewriteTBS(tbs, sigOID, nil, true); err != nil {
		return nil, err
	}
	return signOuter(rand, tbs, sigOID, priv, nca)
}

// rewriteTBS replaces the signature AlgorithmIdentifier of a TBS
// certificate or CRL and, for a certificate, its SubjectPublicKeyInfo.
func rewriteTBS(tbs []byte, sigOID asn1.ObjectIdentifier, spki []byte, crl bool) ([]byte, error) {
	in := cryptobyte.String(tbs)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, errors.New("gost: malformed TBS")
	}
	var b cryptobyte.Builder
	var err error
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		idx := 0
		for !body.Empty() {
			var el cryptobyte.String
			var tag cbasn1.Tag
			if !body.ReadAnyASN1Element(&el, &tag) {
				err = errors.New("gost: malformed TBS element")
				return
			}
			switch {
			case tag == cbasn1.SEQUENCE && idx == sigIndex(crl, tbs):
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigOID) })
			case !crl && spki != nil && idx == 6 && tag == cbasn1.SEQUENCE:
				b.AddBytes(spki)
			default:
				b.AddBytes(el)
			}
			idx++
		}
	})
	if err != nil {
		return nil, err
	}
	return b.Bytes()
}

// sigIndex is the position of the signature AlgorithmIdentifier in a TBS:
// certificates (x509 always writes [0] version): version, serial, signature;
// CRLs: version, signature.
func sigIndex(crl bool, _ []byte) int {
	if crl {
		return 1
	}
	return 2
}

func signOuter(rand io.Reader, tbs []byte, sigOID asn1.ObjectIdentifier, priv *PrivateKey, nca bool) ([]byte, error) {
	alg, err := SignatureAlgorithm(sigOID)
	if err != nil {
		return nil, err
	}
	h := alg.NewHash()
	h.Write(tbs)
	r, s, err := priv.SignDigest(rand, h.Sum(nil))
	if err != nil {
		return nil, err
	}
	sig := EncodeRFC4491(priv.Curve, r, s)
	if alg.NCA {
		sig = EncodeNCA(priv.Curve, r, s)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigOID) })
		b.AddASN1BitString(sig)
	})
	return b.Bytes()
}
