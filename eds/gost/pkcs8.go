package gost

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
)

type privateKeyInfo struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
	Attributes asn1.RawValue `asn1:"optional,tag:0"`
}

// ParsePKCS8PrivateKey reads a PKCS#8 PrivateKeyInfo holding a GOST
// 34.10-2015 key, as NCA's key stores hold it (privateKey = OCTET STRING {
// OCTET STRING d little-endian }) or as OpenSSL's GOST engine writes it
// (privateKey = d little-endian), or with an INTEGER d. Keys of other GOST
// algorithms (GOST 34.310-2004) give ErrUnsupported.
func ParsePKCS8PrivateKey(der []byte) (*PrivateKey, error) {
	var info privateKeyInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("%w: bad PKCS#8", ErrInvalidKey)
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
	raw := info.PrivateKey
	defer clear(raw)
	var d []byte
	var inner []byte
	var n *big.Int
	if rest, err := asn1.Unmarshal(raw, &inner); err == nil && len(rest) == 0 {
		d = reversed(inner)
		clear(inner)
	} else if rest, err := asn1.Unmarshal(raw, &n); err == nil && len(rest) == 0 && n.Sign() > 0 {
		d = n.Bytes()
	} else {
		d = reversed(raw)
	}
	defer clear(d)
	if len(d) != c.size && n == nil {
		return nil, fmt.Errorf("%w: private key of %d bytes for %s", ErrInvalidKey, len(d), c.Name)
	}
	return NewPrivateKey(c, d)
}

// MarshalPKCS8PrivateKey writes key as NCA's key stores hold it (nca true:
// NCA's OIDs, OCTET STRING { OCTET STRING d little-endian }) or as OpenSSL
// does (tc26 OIDs, d little-endian).
func MarshalPKCS8PrivateKey(key *PrivateKey, nca bool) ([]byte, error) {
	keyOID, paramOID, digestOID, _ := key.Algorithms(nca)
	params := publicKeyParams{ParamSet: paramOID, Digest: digestOID}
	pb, err := asn1.Marshal(params)
	if err != nil {
		return nil, err
	}
	d := reversed(key.d)
	defer clear(d)
	priv := d
	if nca {
		if priv, err = asn1.Marshal(d); err != nil {
			return nil, err
		}
		defer clear(priv)
	}
	return asn1.Marshal(privateKeyInfo{
		Algorithm:  pkix.AlgorithmIdentifier{Algorithm: keyOID, Parameters: asn1.RawValue{FullBytes: pb}},
		PrivateKey: priv,
	})
}
