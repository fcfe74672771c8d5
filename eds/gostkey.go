package eds

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"hash"

	"github.com/kabinet-kz/kabinet/eds/gost"
	"github.com/kabinet-kz/kabinet/eds/internal/p12kdf"
)

// GOST 34.10-2015 keys in PKCS#12.
//
// NCA's GOST 2015 key stores (testdata/nca-gost2015) are ordinary PKCS#12:
// the key is a pkcs8ShroudedKeyBag encrypted with
// pbeWithSHAAnd3-KeyTripleDES-CBC, whose PKCS#8 names the key algorithm
// 1.2.398.3.10.1.1.2.2 (which crypto/x509, hence go-pkcs12, does not know)
// and holds OCTET STRING { OCTET STRING d, little-endian }. The certificates
// are read as for every other store (pfx.go, with a placeholder key); the
// GOST key is then decrypted here and given to eds/gost.

var (
	oidPBEWithSHAAnd3KeyTripleDESCBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidAES128CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// decryptKeyBag returns the PKCS#8 DER of a key bag (plain or shrouded).
// The caller zeroes it.
func decryptKeyBag(bag safeBag, bmpPW []byte, password string) ([]byte, error) {
	if bag.ID.Equal(oidKeyBag) {
		return append([]byte(nil), bag.Value.Bytes...), nil
	}
	var epki encryptedPrivateKeyInfo
	if err := unmarshalDER(bag.Value.Bytes, &epki); err != nil {
		return nil, damaged("key bag: %v", err)
	}
	alg := epki.Algorithm
	var block cipher.Block
	var iv []byte
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHAAnd3KeyTripleDESCBC):
		var p pbeParams
		if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil {
			return nil, damaged("PBE parameters: %v", err)
		}
		if p.Iterations < 1 || p.Iterations > maxIterations {
			return nil, damaged("PBE iterations %d", p.Iterations)
		}
		key := p12kdf.Derive(sha1.New, p.Salt, bmpPW, p.Iterations, 1, 24)
		defer zero(key)
		iv = p12kdf.Derive(sha1.New, p.Salt, bmpPW, p.Iterations, 2, 8)
		var err error
		if block, err = des.NewTripleDESCipher(key); err != nil {
			return nil, err
		}
	case alg.Algorithm.Equal(oidPBES2):
		var p pbes2Params
		if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil || !p.KDF.Algorithm.Equal(oidPBKDF2) {
			return nil, damaged("PBES2 parameters")
		}
		var kp pbkdf2Params
		if err := unmarshalDER(p.KDF.Parameters.FullBytes, &kp); err != nil {
			return nil, damaged("PBKDF2 parameters: %v", err)
		}
		if kp.Iterations < 1 || kp.Iterations > maxIterations {
			return nil, damaged("PBKDF2 iterations %d", kp.Iterations)
		}
		var salt []byte
		if _, err := asn1.Unmarshal(kp.Salt.FullBytes, &salt); err != nil {
			return nil, damaged("PBKDF2 salt: %v", err)
		}
		prf := func() hash.Hash { return sha1.New() }
		switch {
		case kp.PRF.Algorithm.Equal(oidHMACWithSHA256):
			prf = sha256.New
		case kp.PRF.Algorithm.Equal(oidHMACWithSHA512):
			prf = sha512.New
		case len(kp.PRF.Algorithm) == 0, kp.PRF.Algorithm.Equal(oidHMACWithSHA1):
		default:
			return nil, damaged("PBKDF2 PRF %v", kp.PRF.Algorithm)
		}
		size := 0
		switch {
		case p.EncryptionScheme.Algorithm.Equal(oidAES128CBC):
			size = 16
		case p.EncryptionScheme.Algorithm.Equal(oidAES192CBC):
			size = 24
		case p.EncryptionScheme.Algorithm.Equal(oidAES256CBC):
			size = 32
		default:
			return nil, damaged("PBES2 cipher %v", p.EncryptionScheme.Algorithm)
		}
		if _, err := asn1.Unmarshal(p.EncryptionScheme.Parameters.FullBytes, &iv); err != nil || len(iv) != aes.BlockSize {
			return nil, damaged("PBES2 IV")
		}
		// PBES2 takes the password as UTF-8 bytes.
		key, err := pbkdf2.Key(prf, password, salt, kp.Iterations, size)
		if err != nil {
			return nil, damaged("PBKDF2: %v", err)
		}
		defer zero(key)
		if block, err = aes.NewCipher(key); err != nil {
			return nil, err
		}
	default:
		if hasPrefix(alg.Algorithm, oidKazakhGOSTArcPrefx) {
			return nil, fmt.Errorf("%w: the key is encrypted with a GOST algorithm", ErrGOSTNeedsNCALayer)
		}
		return nil, damaged("key encryption %v", alg.Algorithm)
	}
	ct := epki.EncryptedData
	bs := block.BlockSize()
	if len(ct) == 0 || len(ct)%bs != 0 {
		return nil, damaged("encrypted key of %d bytes", len(ct))
	}
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	if pad < 1 || pad > bs {
		zero(out)
		return nil, ErrWrongPassword
	}
	for _, b := range out[len(out)-pad:] {
		if int(b) != pad {
			zero(out)
			return nil, ErrWrongPassword
		}
	}
	return out[:len(out)-pad], nil
}

// gostSigner finds, among the key bags, the GOST 34.10-2015 key that goes
// with leaf.
func (pf *pfxFile) gostSigner(leaf *x509.Certificate, password string) (*gost.PrivateKey, error) {
	pub, err := gost.CertificatePublicKey(leaf)
	if err != nil {
		return nil, damaged("the certificate's GOST key: %v", err)
	}
	pw, ok := bmpPassword(password)
	if !ok {
		return nil, ErrWrongPassword
	}
	defer zero(pw)
	var lastErr error = ErrNoPrivateKey
	for _, bag := range pf.keyBags() {
		der, err := decryptKeyBag(bag, pw, password)
		if err != nil {
			lastErr = err
			continue
		}
		key, err := gost.ParsePKCS8PrivateKey(der)
		zero(der)
		if err != nil {
			lastErr = damaged("GOST private key: %v", err)
			continue
		}
		if key.PublicKey.Equal(pub) {
			return key, nil
		}
		key.Wipe()
		lastErr = damaged("the private key does not match the certificate")
	}
	return nil, lastErr
}
