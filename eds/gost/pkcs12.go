package gost

import (
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"io"
	"unicode/utf16"

	"github.com/kabinet-kz/kabinet/eds/internal/p12kdf"
)

// EncodePKCS12 writes a PKCS#12 key store holding a GOST 34.10-2015 key and
// its certificate chain the way NCA's are built (eds.OpenKeyStore reads
// them like NCA's): the key as a pkcs8ShroudedKeyBag
// (pbeWithSHAAnd3-KeyTripleDES-CBC, NCA's PKCS#8 layout), the
// certificates in an unencrypted SafeContents, an HMAC-SHA-1 MAC; the
// localKeyIDs are the certificate's Subject Key Identifier. For test and
// demo certification authorities.
func EncodePKCS12(rand io.Reader, key *PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) ([]byte, error) {
	var pw []byte
	for _, r := range password {
		if r > 0xffff || utf16.IsSurrogate(r) {
			return nil, errors.New("gost: the password has characters PKCS#12 cannot hold")
		}
		pw = append(pw, byte(r>>8), byte(r))
	}
	pw = append(pw, 0, 0)
	defer clear(pw)
	const iterations = 2048
	salt := make([]byte, 20)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, err
	}
	pkcs8, err := MarshalPKCS8PrivateKey(key, true)
	if err != nil {
		return nil, err
	}
	defer clear(pkcs8)
	pad := 8 - len(pkcs8)%8
	plain := append(append([]byte(nil), pkcs8...), make([]byte, pad)...)
	defer clear(plain)
	for i := len(pkcs8); i < len(plain); i++ {
		plain[i] = byte(pad)
	}
	k := p12kdf.Derive(sha1.New, salt, pw, iterations, 1, 24)
	defer clear(k)
	iv := p12kdf.Derive(sha1.New, salt, pw, iterations, 2, 8)
	block, err := des.NewTripleDESCipher(k)
	if err != nil {
		return nil, err
	}
	ct := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, plain)

	type pbeParams struct {
		Salt       []byte
		Iterations int
	}
	pbe, err := asn1.Marshal(pbeParams{salt, iterations})
	if err != nil {
		return nil, err
	}
	epki, err := asn1.Marshal(struct {
		Algorithm     pkix.AlgorithmIdentifier
		EncryptedData []byte
	}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}, Parameters: asn1.RawValue{FullBytes: pbe}}, ct})
	if err != nil {
		return nil, err
	}
	keyID := cert.SubjectKeyId
	if len(keyID) == 0 {
		s := sha1.Sum(cert.Raw)
		keyID = s[:]
	}
	type attribute struct {
		ID    asn1.ObjectIdentifier
		Value asn1.RawValue `asn1:"set"`
	}
	type safeBag struct {
		ID         asn1.ObjectIdentifier
		Value      asn1.RawValue `asn1:"tag:0,explicit"`
		Attributes []attribute   `asn1:"set,optional"`
	}
	idValue, err := asn1.Marshal(keyID)
	if err != nil {
		return nil, err
	}
	attrs := []attribute{{ID: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}, Value: asn1.RawValue{FullBytes: setOf(idValue)}}}
	bags := []safeBag{{ID: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}, Value: asn1.RawValue{FullBytes: explicit0(epki)}, Attributes: attrs}}
	var certBags []safeBag
	for i, c := range append([]*x509.Certificate{cert}, chain...) {
		cb, err := asn1.Marshal(struct {
			ID   asn1.ObjectIdentifier
			Data []byte `asn1:"tag:0,explicit"`
		}{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}, c.Raw})
		if err != nil {
			return nil, err
		}
		bag := safeBag{ID: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}, Value: asn1.RawValue{FullBytes: explicit0(cb)}}
		if i == 0 {
			bag.Attributes = attrs
		}
		certBags = append(certBags, bag)
	}
	keyContents, err := asn1.Marshal(bags)
	if err != nil {
		return nil, err
	}
	certContents, err := asn1.Marshal(certBags)
	if err != nil {
		return nil, err
	}
	type contentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
	}
	oidData := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	data := func(content []byte) (contentInfo, error) {
		oct, err := asn1.Marshal(content)
		return contentInfo{ContentType: oidData, Content: asn1.RawValue{FullBytes: explicit0(oct)}}, err
	}
	ki, err := data(keyContents)
	if err != nil {
		return nil, err
	}
	ci, err := data(certContents)
	if err != nil {
		return nil, err
	}
	authSafe, err := asn1.Marshal([]contentInfo{ki, ci})
	if err != nil {
		return nil, err
	}
	macSalt := make([]byte, 20)
	if _, err := io.ReadFull(rand, macSalt); err != nil {
		return nil, err
	}
	macKey := p12kdf.Derive(sha1.New, macSalt, pw, iterations, 3, 20)
	defer clear(macKey)
	m := hmac.New(sha1.New, macKey)
	m.Write(authSafe)
	outer, err := data(authSafe)
	if err != nil {
		return nil, err
	}
	type digestInfo struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}
	type macData struct {
		Mac        digestInfo
		MacSalt    []byte
		Iterations int
	}
	return asn1.Marshal(struct {
		Version  int
		AuthSafe contentInfo
		MacData  macData
	}{3, outer, macData{digestInfo{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}, Parameters: asn1.NullRawValue}, m.Sum(nil)}, macSalt, iterations}})
}

func explicit0(der []byte) []byte {
	out, _ := asn1.Marshal(asn1.RawValue{Class: 2, Tag: 0, IsCompound: true, Bytes: der})
	return out
}

func setOf(der []byte) []byte {
	out, _ := asn1.Marshal(asn1.RawValue{Class: 0, Tag: 17, IsCompound: true, Bytes: der})
	return out
}
