package eds

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"

	"github.com/kabinet-kz/kabinet/eds/gost"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// KeyStore is an opened PKCS#12 key store: the owner's certificate, the other
// certificates found in the file, what the certificate says, and the private
// key as a crypto.Signer.
//
// GOST 34.10-2015 keys (NCA's current ones) sign natively: Signer is a
// *gost.PrivateKey. Signer is nil when the key cannot be used from Go: NCA's
// older GOST 34.310-2004 keys (the certificate is still read and shown;
// signing returns ErrGOSTNeedsNCALayer).
// The key store password is used only while opening and is not kept.
type KeyStore struct {
	Cert   *x509.Certificate
	Chain  []*x509.Certificate // the other certificates of the file (issuers), Cert excluded
	Info   CertInfo
	Signer crypto.Signer
}

// OpenKeyStore opens a PKCS#12 key store (.p12/.pfx) as written by
// KalkanCrypt/NCALayer (BER), OpenSSL 1.x/3.x, Java or go-pkcs12: legacy
// PBE (3DES, RC2) and PBES2 (AES) encryption, SHA-1/SHA-2 and PBMAC1 MACs.
//
// Errors (test with errors.Is): ErrEmptyFile, ErrTooLarge (checked before
// anything is parsed), ErrNotKeyStore, ErrWrongPassword, ErrDamaged,
// ErrNoPrivateKey, ErrGOSTNeedsNCALayer (a store encrypted with GOST
// algorithms). A store with a GOST key opens without error and with a nil
// Signer.
//
// The validity and purpose of the certificate are not checked here: see
// CertInfo.Check.
func OpenKeyStore(data []byte, password string) (*KeyStore, error) {
	switch {
	case len(data) == 0:
		return nil, ErrEmptyFile
	case len(data) > MaxKeyStoreSize:
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, len(data), MaxKeyStoreSize)
	}
	pf, err := parsePFX(data)
	if err != nil {
		return nil, err
	}

	var pw []byte // the password as PKCS#12 encodes it; zeroed on return
	if pf.hasMAC {
		if hasPrefix(pf.mac.Mac.Algorithm.Algorithm, oidKazakhGOSTArcPrefx) {
			return nil, fmt.Errorf("%w: the key store's integrity check uses a GOST algorithm", ErrGOSTNeedsNCALayer)
		}
		var ok bool
		pw, ok, err = pf.checkMAC(password)
		if err != nil {
			return nil, err
		}
		if !ok {
			if pf.passwordOpensSomething(password) {
				return nil, damaged("the integrity check (MAC) fails although the password opens the contents")
			}
			return nil, ErrWrongPassword
		}
	} else {
		var ok bool
		if pw, ok = bmpPassword(password); !ok {
			return nil, ErrWrongPassword
		}
	}
	defer zero(pw)

	der, err := craft(pf.items, pw)
	if err != nil {
		return nil, damaged("%v", err)
	}
	key, cert, cas, err := pkcs12.DecodeChain(der, password)
	if err == nil {
		return newKeyStore(key, append([]*x509.Certificate{cert}, cas...))
	}
	if !pf.hasMAC && (errors.Is(err, pkcs12.ErrDecryption) || errors.Is(err, pkcs12.ErrIncorrectPassword)) {
		return nil, ErrWrongPassword
	}
	if pf.encryptedWithGOST() {
		return nil, fmt.Errorf("%w: the key store is encrypted with GOST algorithms", ErrGOSTNeedsNCALayer)
	}
	keyErr := err

	// The key could not be read (a GOST key, or no key at all): read the
	// certificates alone, with a placeholder key standing in for the real one.
	der, err = craft(append(pf.withoutKeys(), placeholder(false, true)), pw)
	if err != nil {
		return nil, damaged("%v", err)
	}
	_, cert, cas, err = pkcs12.DecodeChain(der, password)
	if err != nil {
		return nil, damaged("%v", keyErr)
	}
	var certs []*x509.Certificate
	for _, c := range append([]*x509.Certificate{cert}, cas...) {
		if !isPlaceholderCert(c) {
			certs = append(certs, c)
		}
	}
	bags := pf.keyBags()
	if len(bags) == 0 {
		return nil, ErrNoPrivateKey
	}
	if len(certs) == 0 {
		return nil, damaged("no certificate in the key store")
	}
	var ids [][]byte
	for _, b := range bags {
		ids = append(ids, b.localKeyID())
	}
	leaf, chain := pickLeaf(certs, ids)
	ks := &KeyStore{Cert: leaf, Chain: chain, Info: NewCertInfo(leaf)}
	switch ks.Info.Algorithm {
	case AlgorithmGOST2015:
		key, err := pf.gostSigner(leaf, password)
		if err != nil {
			return nil, err
		}
		ks.Signer = key
		return ks, nil
	case AlgorithmGOST2004:
		// GOST 34.310-2004: its digest (GOST 34.311-95) is not implemented;
		// the certificate is shown, signing says ErrGOSTNeedsNCALayer.
		return ks, nil
	}
	return nil, damaged("the private key cannot be read: %v", keyErr)
}

// newKeyStore puts the certificate matching key first.
func newKeyStore(key any, certs []*x509.Certificate) (*KeyStore, error) {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: unsupported private key type %T", ErrNoPrivateKey, key)
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	pub, ok := signer.Public().(equaler)
	if !ok {
		return nil, fmt.Errorf("%w: unsupported private key type %T", ErrNoPrivateKey, key)
	}
	for i, c := range certs {
		if pub.Equal(c.PublicKey) {
			chain := append(append([]*x509.Certificate{}, certs[:i]...), certs[i+1:]...)
			return &KeyStore{Cert: c, Chain: chain, Info: NewCertInfo(c), Signer: signer}, nil
		}
	}
	return nil, damaged("the private key does not match any certificate in the key store")
}

// pickLeaf chooses the owner's certificate when the key could not be read:
// the one a key's localKeyID names (KalkanCrypt: the Subject Key
// Identifier; OpenSSL, Java, go-pkcs12: the SHA-1 of the certificate), else
// the first one that is not a CA, else the first.
func pickLeaf(certs []*x509.Certificate, keyIDs [][]byte) (*x509.Certificate, []*x509.Certificate) {
	idx := -1
	for i, c := range certs {
		sum := sha1.Sum(c.Raw)
		for _, id := range keyIDs {
			if len(id) > 0 && (bytes.Equal(id, sum[:]) || bytes.Equal(id, c.SubjectKeyId)) {
				idx = i
			}
		}
	}
	if idx < 0 {
		for i, c := range certs {
			if !c.IsCA {
				idx = i
				break
			}
		}
	}
	if idx < 0 {
		idx = 0
	}
	chain := append(append([]*x509.Certificate{}, certs[:idx]...), certs[idx+1:]...)
	return certs[idx], chain
}

// SignCMS signs data with the key store's key; see the package function
// SignCMS.
func (ks *KeyStore) SignCMS(data []byte, detached bool) ([]byte, error) {
	return SignCMS(ks, data, detached)
}

// Close forgets the private key, overwriting what Go lets us overwrite (the
// big integers of an RSA key, the bytes of an Ed25519 key). Go's
// garbage collector may have copied key material before; this narrows the
// window, it does not guarantee erasure.
func (ks *KeyStore) Close() {
	if ks == nil || ks.Signer == nil {
		return
	}
	wipe := func(n *big.Int) {
		if n == nil {
			return
		}
		w := n.Bits()
		for i := range w {
			w[i] = 0
		}
		n.SetInt64(0)
	}
	switch k := ks.Signer.(type) {
	case *rsa.PrivateKey:
		wipe(k.D)
		for _, p := range k.Primes {
			wipe(p)
		}
		wipe(k.Precomputed.Dp)
		wipe(k.Precomputed.Dq)
		wipe(k.Precomputed.Qinv)
	// *ecdsa.PrivateKey: Go 1.26 keeps the scalar in an internal form with
	// no way to overwrite it; dropping the reference is all we can do.
	case ed25519.PrivateKey:
		zero(k)
	case *gost.PrivateKey:
		k.Wipe()
	}
	ks.Signer = nil
}
