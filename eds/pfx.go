package eds

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/kabinet-kz/kabinet/eds/internal/p12kdf"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// PKCS#12 reading.
//
// What the real KalkanCrypt files look like (the three NCA RK test stores in
// shared/testdata/nca, checked with `openssl asn1parse -inform DER` and
// `openssl pkcs12 -info -legacy`):
//
//   - The outer PFX is DER: SEQUENCE { INTEGER 3, ContentInfo { data,
//     [0] { OCTET STRING } }, MacData }. Only the OCTET STRING *content*
//     (the AuthenticatedSafe) is BER: "30 80 30 80 06 09 ...07 01 A0 80 04 82
//     ..." with indefinite lengths all the way down and the trailing
//     "00 00" end-of-contents octets.
//   - The MAC (HMAC-SHA-1, PKCS#12 KDF, 1024 iterations, 20-byte salt) is
//     computed over those BER bytes. Converting the AuthenticatedSafe to DER
//     therefore breaks the MAC: go-pkcs12 then says "decryption password
//     incorrect" even for the right password. So this file checks the MAC
//     itself over the original bytes, and hands go-pkcs12 a re-built DER PFX
//     with a fresh MAC over the DER bytes.
//   - The AuthenticatedSafe holds two ContentInfos:
//     1. data (unencrypted SafeContents, itself DER inside) with one
//     pkcs8ShroudedKeyBag, pbeWithSHAAnd3-KeyTripleDES-CBC, 1024
//     iterations, attributes localKeyID (20 bytes: the certificate's
//     Subject Key Identifier, which NCA computes as the SHA-1 of the
//     SubjectPublicKeyInfo — not the SHA-1 of the certificate, which
//     OpenSSL and go-pkcs12 use) and
//     friendlyName (the same 20 bytes in hex). In the GOST
//     file the PKCS#8 inside holds a GOST 34.310-2004 key, which
//     x509.ParsePKCS8PrivateKey rejects, so go-pkcs12 fails as a whole.
//     2. encryptedData, pbeWithSHAAnd40BitRC2-CBC, 1024 iterations, whose
//     encryptedContent is "[0] IMPLICIT OCTET STRING" in *constructed*
//     BER form ("A0 80 04 82 07 28 ... 00 00"): it must become primitive
//     "80 82 07 28 ..." for go-pkcs12, which a schema-less BER→DER
//     converter cannot know (the same bytes in a ContentInfo are an
//     EXPLICIT tag that must stay constructed); see implicitOctets. It
//     holds the certificate bag(s) — so the certificate is password
//     encrypted, and showing a GOST certificate needs the password too.
//   - That Subject Key Identifier is also the hex in the file name
//     (AUTH_RSA256_6b361b86....p12 has SKI 6B 36 1B 86 ...).
//
// Other writers put certificates in the unencrypted SafeContents (Java,
// go-pkcs12 Passwordless) or use PBES2/AES (OpenSSL 3, go-pkcs12 Modern);
// all go through the same path below.

// MaxKeyStoreSize is the largest key store OpenKeyStore reads. Real ones are
// 2–10 KiB; anything bigger is refused before parsing.
const MaxKeyStoreSize = 64 << 10

// Resource limits for untrusted files.
const (
	maxIterations = 1 << 20 // KDF iterations (MAC, PBE, PBES2); OpenSSL uses 2048, KalkanCrypt 1024
	maxKDFWork    = 1 << 21 // all the iterations of one file together (about 2 s at worst)
	maxSafeItems  = 16      // ContentInfos in the AuthenticatedSafe
	maxSafeBags   = 64      // SafeBags in all unencrypted SafeContents
)

var (
	oidData               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidEncryptedData      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKeyBag     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidCertTypeX509       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidLocalKeyID         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidPKCS12PBEPrefix    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1}
	oidPBES2              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidPBMAC1             = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
	oidHMACWithSHA1       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACWithSHA256     = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACWithSHA512     = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidSHA1               = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256             = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA512             = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidKazakhGOSTArcPrefx = asn1.ObjectIdentifier{1, 2, 398, 3, 10}
)

type pfxPDU struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type macData struct {
	Mac        digestInfo
	MacSalt    []byte
	Iterations int `asn1:"optional,default:1"`
}

type digestInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Digest    []byte
}

type encryptedData struct {
	Version              int
	EncryptedContentInfo encryptedContentInfo
	UnprotectedAttrs     asn1.RawValue `asn1:"optional,tag:1"`
}

type encryptedContentInfo struct {
	ContentType                asn1.ObjectIdentifier
	ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedContent           asn1.RawValue `asn1:"tag:0,optional"`
}

type safeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue  `asn1:"tag:0,explicit"`
	Attributes []bagAttribute `asn1:"set,optional"`
}

type bagAttribute struct {
	ID    asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"set"`
}

type encryptedPrivateKeyInfo struct {
	Algorithm     pkix.AlgorithmIdentifier
	EncryptedData []byte
}

type pbeParams struct {
	Salt       []byte
	Iterations int
}

type pbes2Params struct {
	KDF              pkix.AlgorithmIdentifier
	EncryptionScheme pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       asn1.RawValue
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

type pbmac1Params struct {
	KDF    pkix.AlgorithmIdentifier
	MacAlg pkix.AlgorithmIdentifier
}

// pfxFile is a PKCS#12 file read into DER pieces.
type pfxFile struct {
	hasMAC   bool
	mac      macData
	authSafe []byte // AuthenticatedSafe octets as stored: what the MAC covers
	items    []safeItem
}

// safeItem is one ContentInfo of the AuthenticatedSafe.
type safeItem struct {
	encrypted bool
	// unencrypted SafeContents: each bag's DER, and the bag parsed
	bagsDER [][]byte
	bags    []safeBag
	// encryptedData
	contentType asn1.ObjectIdentifier
	algorithm   pkix.AlgorithmIdentifier
	ciphertext  []byte
}

func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, args...))
}

// looksLikePFX checks the first bytes every PKCS#12 file starts with:
// SEQUENCE { INTEGER 3, SEQUENCE { OBJECT IDENTIFIER 1.2.840.113549.1.7.x.
// A file that passes is a key store (later failures mean it is damaged); one
// that does not is something else.
func looksLikePFX(b []byte) bool {
	skipHeader := func(i int) int { // returns the index after tag+length, or -1
		if i+2 > len(b) || b[i] != 0x30 {
			return -1
		}
		l := b[i+1]
		i += 2
		if l > 0x80 {
			n := int(l & 0x7f)
			if n > 4 {
				return -1
			}
			i += n
		}
		if i > len(b) {
			return -1
		}
		return i
	}
	i := skipHeader(0)
	if i < 0 || !bytes.HasPrefix(b[i:], []byte{0x02, 0x01, 0x03}) {
		return false
	}
	i = skipHeader(i + 3)
	if i < 0 {
		return false
	}
	return bytes.HasPrefix(b[i:], []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07})
}

// unmarshalDER decodes exactly one DER value into out.
func unmarshalDER(in []byte, out any) error {
	rest, err := asn1.Unmarshal(in, out)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return errors.New("trailing data")
	}
	return nil
}

// normalise converts in (one BER value) to DER; trailing bytes are refused.
func normalise(in []byte) ([]byte, error) {
	der, rest, err := berToDER(in)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing data")
	}
	return der, nil
}

// parsePFX reads the structure of a PKCS#12 file without any password.
func parsePFX(data []byte) (*pfxFile, error) {
	if !looksLikePFX(data) {
		return nil, ErrNotKeyStore
	}
	der, rest, err := berToDER(data)
	if err != nil {
		return nil, damaged("%v", err)
	}
	// Some writers pad the file with zero bytes; anything else after the
	// PFX is damage.
	if len(bytes.Trim(rest, "\x00")) != 0 {
		return nil, damaged("%d bytes after the end of the key store", len(rest))
	}
	var pdu pfxPDU
	if err := unmarshalDER(der, &pdu); err != nil {
		return nil, damaged("PFX: %v", err)
	}
	if pdu.AuthSafe.ContentType.Equal(oidSignedData) {
		return nil, damaged("public-key integrity mode (signedData) is not supported")
	}
	if !pdu.AuthSafe.ContentType.Equal(oidData) {
		return nil, damaged("unexpected content type %v", pdu.AuthSafe.ContentType)
	}
	pf := &pfxFile{hasMAC: len(pdu.MacData.Mac.Algorithm.Algorithm) > 0, mac: pdu.MacData}
	if err := unmarshalDER(pdu.AuthSafe.Content.Bytes, &pf.authSafe); err != nil {
		return nil, damaged("authenticated safe: %v", err)
	}
	authDER, err := normalise(pf.authSafe)
	if err != nil {
		return nil, damaged("authenticated safe: %v", err)
	}
	var cis []contentInfo
	if err := unmarshalDER(authDER, &cis); err != nil {
		return nil, damaged("authenticated safe: %v", err)
	}
	if len(cis) == 0 || len(cis) > maxSafeItems {
		return nil, damaged("%d items in the authenticated safe", len(cis))
	}
	nbags := 0
	for i, ci := range cis {
		var it safeItem
		switch {
		case ci.ContentType.Equal(oidData):
			var octets []byte
			if err := unmarshalDER(ci.Content.Bytes, &octets); err != nil {
				return nil, damaged("safe contents %d: %v", i, err)
			}
			sc, err := normalise(octets)
			if err != nil {
				return nil, damaged("safe contents %d: %v", i, err)
			}
			var raws []asn1.RawValue
			if err := unmarshalDER(sc, &raws); err != nil {
				return nil, damaged("safe contents %d: %v", i, err)
			}
			nbags += len(raws)
			if nbags > maxSafeBags {
				return nil, damaged("more than %d safe bags", maxSafeBags)
			}
			for _, r := range raws {
				var bag safeBag
				if err := unmarshalDER(r.FullBytes, &bag); err != nil {
					return nil, damaged("safe bag: %v", err)
				}
				it.bagsDER = append(it.bagsDER, r.FullBytes)
				it.bags = append(it.bags, bag)
			}
		case ci.ContentType.Equal(oidEncryptedData):
			var ed encryptedData
			if err := unmarshalDER(ci.Content.Bytes, &ed); err != nil {
				return nil, damaged("encrypted data %d: %v", i, err)
			}
			eci := ed.EncryptedContentInfo
			ct, err := implicitOctets(eci.EncryptedContent)
			if err != nil {
				return nil, damaged("encrypted data %d: %v", i, err)
			}
			it = safeItem{
				encrypted:   true,
				contentType: eci.ContentType,
				algorithm:   eci.ContentEncryptionAlgorithm,
				ciphertext:  ct,
			}
		default:
			return nil, damaged("unsupported content type %v in the authenticated safe", ci.ContentType)
		}
		pf.items = append(pf.items, it)
	}
	if err := pf.checkCosts(); err != nil {
		return nil, err
	}
	return pf, nil
}

// implicitOctets returns the content of a "[n] IMPLICIT OCTET STRING", which
// BER may encode constructed: [n] { OCTET STRING, OCTET STRING, ... }.
func implicitOctets(v asn1.RawValue) ([]byte, error) {
	if len(v.FullBytes) == 0 {
		return nil, errors.New("missing encrypted content")
	}
	if !v.IsCompound {
		return v.Bytes, nil
	}
	var out []byte
	rest := v.Bytes
	for len(rest) > 0 {
		var seg []byte
		var err error
		rest, err = asn1.Unmarshal(rest, &seg)
		if err != nil {
			return nil, err
		}
		out = append(out, seg...)
	}
	return out, nil
}

// checkCosts refuses iteration counts that would make opening the file
// take minutes (a denial of service by a crafted file).
func (pf *pfxFile) checkCosts() error {
	total := 0
	add := func(iter int) error {
		if iter < 1 || iter > maxIterations {
			return damaged("iteration count %d out of range", iter)
		}
		if total += iter; total > maxKDFWork {
			return damaged("the key store asks for more than %d key derivation iterations", maxKDFWork)
		}
		return nil
	}
	if pf.hasMAC {
		iter := pf.mac.Iterations
		if pf.mac.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
			var p pbmac1Params
			var kp pbkdf2Params
			if unmarshalDER(pf.mac.Mac.Algorithm.Parameters.FullBytes, &p) != nil ||
				unmarshalDER(p.KDF.Parameters.FullBytes, &kp) != nil {
				return damaged("bad PBMAC1 parameters")
			}
			iter = kp.Iterations
		}
		if err := add(iter); err != nil {
			return err
		}
	}
	for _, it := range pf.items {
		if it.encrypted {
			if err := checkPBECost(it.algorithm, add); err != nil {
				return err
			}
			continue
		}
		for _, bag := range it.bags {
			if !bag.ID.Equal(oidShroudedKeyBag) {
				continue
			}
			var epki encryptedPrivateKeyInfo
			if err := unmarshalDER(bag.Value.Bytes, &epki); err != nil {
				return damaged("shrouded key bag: %v", err)
			}
			if err := checkPBECost(epki.Algorithm, add); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkPBECost(alg pkix.AlgorithmIdentifier, add func(int) error) error {
	switch {
	case hasPrefix(alg.Algorithm, oidPKCS12PBEPrefix):
		var p pbeParams
		if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil {
			return damaged("PBE parameters: %v", err)
		}
		return add(p.Iterations)
	case alg.Algorithm.Equal(oidPBES2):
		var p pbes2Params
		if err := unmarshalDER(alg.Parameters.FullBytes, &p); err != nil {
			return damaged("PBES2 parameters: %v", err)
		}
		if !p.KDF.Algorithm.Equal(oidPBKDF2) {
			return nil // go-pkcs12 refuses it anyway
		}
		var kp pbkdf2Params
		if err := unmarshalDER(p.KDF.Parameters.FullBytes, &kp); err != nil {
			return damaged("PBKDF2 parameters: %v", err)
		}
		return add(kp.Iterations)
	}
	return nil // an algorithm go-pkcs12 does not implement: nothing runs
}

func hasPrefix(oid, prefix asn1.ObjectIdentifier) bool {
	return len(oid) >= len(prefix) && oid[:len(prefix)].Equal(prefix)
}

// bmpPassword encodes a password as PKCS#12 wants it: UTF-16 big endian
// with a terminating zero. ok is false for characters outside the BMP, which
// no PKCS#12 password can contain.
func bmpPassword(password string) (pw []byte, ok bool) {
	pw = make([]byte, 0, 2*len(password)+2)
	for _, r := range password {
		if r > 0xffff || utf16.IsSurrogate(r) {
			return nil, false
		}
		pw = append(pw, byte(r>>8), byte(r))
	}
	return append(pw, 0, 0), true
}

func zero(b []byte) { clear(b) }

// computeMAC computes the MAC described by m over message.
func computeMAC(m *macData, message, bmpPW []byte, password string) ([]byte, error) {
	alg := m.Mac.Algorithm.Algorithm
	var newHash func() hash.Hash
	switch {
	case alg.Equal(oidSHA1):
		newHash = sha1.New
	case alg.Equal(oidSHA256):
		newHash = sha256.New
	case alg.Equal(oidSHA512):
		newHash = sha512.New
	case alg.Equal(oidPBMAC1):
		return computePBMAC1(m, message, password)
	default:
		return nil, damaged("unsupported MAC algorithm %v", alg)
	}
	key := p12kdf.Derive(newHash, m.MacSalt, bmpPW, m.Iterations, p12kdf.IDMAC, newHash().Size())
	defer zero(key)
	mac := hmac.New(newHash, key)
	mac.Write(message)
	return mac.Sum(nil), nil
}

// computePBMAC1 is the MAC of RFC 9579 (PBKDF2 + HMAC, UTF-8 password).
func computePBMAC1(m *macData, message []byte, password string) ([]byte, error) {
	var p pbmac1Params
	var kp pbkdf2Params
	if unmarshalDER(m.Mac.Algorithm.Parameters.FullBytes, &p) != nil || !p.KDF.Algorithm.Equal(oidPBKDF2) ||
		unmarshalDER(p.KDF.Parameters.FullBytes, &kp) != nil || kp.Salt.Tag != asn1.TagOctetString {
		return nil, damaged("bad PBMAC1 parameters")
	}
	hashFor := func(oid asn1.ObjectIdentifier) func() hash.Hash {
		switch {
		case len(oid) == 0, oid.Equal(oidHMACWithSHA1):
			return sha1.New
		case oid.Equal(oidHMACWithSHA256):
			return sha256.New
		case oid.Equal(oidHMACWithSHA512):
			return sha512.New
		}
		return nil
	}
	prf, macHash := hashFor(kp.PRF.Algorithm), hashFor(p.MacAlg.Algorithm)
	if prf == nil || macHash == nil || len(p.MacAlg.Algorithm) == 0 {
		return nil, damaged("unsupported PBMAC1 algorithms")
	}
	if kp.KeyLength < 20 || kp.KeyLength > 64 {
		return nil, damaged("bad PBMAC1 key length %d", kp.KeyLength)
	}
	key, err := pbkdf2.Key(prf, password, kp.Salt.Bytes, kp.Iterations, kp.KeyLength)
	if err != nil {
		return nil, damaged("PBMAC1: %v", err)
	}
	defer zero(key)
	mac := hmac.New(macHash, key)
	mac.Write(message)
	return mac.Sum(nil), nil
}

// checkMAC verifies the file's MAC with password. It returns the password
// encoding that matched (go-pkcs12 accepts an empty password both as the
// two zero bytes and as no bytes at all; so does this).
func (pf *pfxFile) checkMAC(password string) (pw []byte, ok bool, err error) {
	bmp, valid := bmpPassword(password)
	if !valid {
		return nil, false, nil
	}
	candidates := [][]byte{bmp}
	if password == "" {
		candidates = append(candidates, nil)
	}
	for _, c := range candidates {
		sum, err := computeMAC(&pf.mac, pf.authSafe, c, password)
		if err != nil {
			return nil, false, err
		}
		if hmac.Equal(sum, pf.mac.Mac.Digest) {
			return c, true, nil
		}
	}
	zero(bmp)
	return nil, false, nil
}

// craftedMACSalt is the salt of the MAC on the DER files handed to
// go-pkcs12. They never leave this process, so neither salt nor iteration
// count needs to be strong: the real MAC was verified by checkMAC.
var craftedMACSalt = []byte("kabinet.eds")

// craft builds a DER PKCS#12 file from items, MACed with pw (its encoding
// as returned by checkMAC), for go-pkcs12 to decode.
func craft(items []safeItem, pw []byte) ([]byte, error) {
	cis := make([]contentInfo, 0, len(items))
	for _, it := range items {
		var inner []byte
		var err error
		var ct asn1.ObjectIdentifier
		if it.encrypted {
			ct = oidEncryptedData
			inner, err = asn1.Marshal(encryptedData{EncryptedContentInfo: encryptedContentInfo{
				ContentType:                it.contentType,
				ContentEncryptionAlgorithm: it.algorithm,
				EncryptedContent:           asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, Bytes: it.ciphertext},
			}})
		} else {
			ct = oidData
			inner, err = asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: bytes.Join(it.bagsDER, nil)})
			if err == nil {
				inner, err = asn1.Marshal(inner)
			}
		}
		if err != nil {
			return nil, err
		}
		cis = append(cis, contentInfo{ContentType: ct, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
	}
	authSafe, err := asn1.Marshal(cis)
	if err != nil {
		return nil, err
	}
	m := macData{
		Mac:        digestInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}},
		MacSalt:    craftedMACSalt,
		Iterations: 1,
	}
	if m.Mac.Digest, err = computeMAC(&m, authSafe, pw, ""); err != nil {
		return nil, err
	}
	octets, err := asn1.Marshal(authSafe)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(pfxPDU{
		Version:  3,
		AuthSafe: contentInfo{ContentType: oidData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: octets}},
		MacData:  m,
	})
}

// placeholder returns an unencrypted SafeContents holding a throw-away
// certificate and/or key. go-pkcs12's only non-deprecated reader,
// DecodeChain, wants exactly one key and at least one certificate; adding the
// missing one lets it read the rest of a store whose own key it cannot parse
// (GOST) or lets us test whether one encrypted item decrypts on its own.
// The placeholder is recognised by its public key and dropped.
func placeholder(withCert, withKey bool) safeItem {
	ph := placeholderMaterial()
	var it safeItem
	if withKey {
		it.bagsDER = append(it.bagsDER, ph.keyBag)
	}
	if withCert {
		it.bagsDER = append(it.bagsDER, ph.certBag)
	}
	return it
}

type placeholderBags struct {
	pub     ed25519.PublicKey
	keyBag  []byte
	certBag []byte
}

var placeholderMaterial = sync.OnceValue(func() placeholderBags {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "placeholder"},
		NotBefore:    time.Unix(0, 0),
		NotAfter:     time.Unix(0, 0),
	}
	certDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		panic(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		panic(err)
	}
	mustMarshal := func(v any) []byte {
		b, err := asn1.Marshal(v)
		if err != nil {
			panic(err)
		}
		return b
	}
	certValue := mustMarshal(struct {
		ID   asn1.ObjectIdentifier
		Data []byte `asn1:"tag:0,explicit"`
	}{oidCertTypeX509, certDER})
	return placeholderBags{
		pub:     pub,
		keyBag:  mustMarshal(safeBag{ID: oidKeyBag, Value: asn1.RawValue{FullBytes: mustMarshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: keyDER})}}),
		certBag: mustMarshal(safeBag{ID: oidCertBag, Value: asn1.RawValue{FullBytes: mustMarshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certValue})}}),
	}
})

func isPlaceholderCert(c *x509.Certificate) bool {
	pub, ok := c.PublicKey.(ed25519.PublicKey)
	return ok && pub.Equal(placeholderMaterial().pub)
}

// passwordOpensSomething tells a wrong password from a damaged file once the
// MAC has failed: with the right password at least one encrypted part
// (an encryptedData item or a shrouded key) still decrypts and parses, since
// damage (a flipped bit, a bad MAC field) spoils at most one of them; with a
// wrong password none does (the CBC padding check alone fails 255 times in
// 256, and the content must then also parse).
func (pf *pfxFile) passwordOpensSomething(password string) bool {
	pw, ok := bmpPassword(password)
	if !ok {
		return false
	}
	defer zero(pw)
	try := func(items ...safeItem) bool {
		der, err := craft(items, pw)
		if err != nil {
			return false
		}
		_, _, _, err = pkcs12.DecodeChain(der, password)
		// A GOST key decrypts (padding and PKCS#8 structure intact) and only
		// then fails in crypto/x509 for its algorithm: that proves the
		// password as well. Garbage from a wrong password fails earlier.
		return err == nil || strings.Contains(err.Error(), "PKCS#8 wrapping contained private key with unknown algorithm")
	}
	for _, it := range pf.items {
		if it.encrypted {
			// holding only certificates, or a key (and maybe certificates)
			if try(it, placeholder(true, true)) || try(it, placeholder(true, false)) {
				return true
			}
			continue
		}
		for i, bag := range it.bags {
			if bag.ID.Equal(oidShroudedKeyBag) && try(safeItem{bagsDER: [][]byte{it.bagsDER[i]}}, placeholder(true, false)) {
				return true
			}
		}
	}
	return false
}

// withoutKeys returns the items with every key bag removed from the
// unencrypted SafeContents (encrypted items are kept as they are).
func (pf *pfxFile) withoutKeys() []safeItem {
	out := make([]safeItem, 0, len(pf.items))
	for _, it := range pf.items {
		if it.encrypted {
			out = append(out, it)
			continue
		}
		var kept safeItem
		for i, bag := range it.bags {
			if bag.ID.Equal(oidKeyBag) || bag.ID.Equal(oidShroudedKeyBag) {
				continue
			}
			kept.bags = append(kept.bags, bag)
			kept.bagsDER = append(kept.bagsDER, it.bagsDER[i])
		}
		if len(kept.bags) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// keyBags returns the key bags of the unencrypted SafeContents.
func (pf *pfxFile) keyBags() []safeBag {
	var out []safeBag
	for _, it := range pf.items {
		for _, bag := range it.bags {
			if bag.ID.Equal(oidKeyBag) || bag.ID.Equal(oidShroudedKeyBag) {
				out = append(out, bag)
			}
		}
	}
	return out
}

// localKeyID returns the localKeyID attribute of a bag, if any.
func (bag *safeBag) localKeyID() []byte {
	for _, a := range bag.Attributes {
		if a.ID.Equal(oidLocalKeyID) {
			var id []byte
			if unmarshalDER(a.Value.Bytes, &id) == nil {
				return id
			}
		}
	}
	return nil
}

// encryptedWithGOST reports whether an encrypted part of the file uses an
// algorithm from the Kazakh GOST arc (1.2.398.3.10...), which go-pkcs12
// cannot decrypt.
func (pf *pfxFile) encryptedWithGOST() bool {
	for _, it := range pf.items {
		if it.encrypted && hasPrefix(it.algorithm.Algorithm, oidKazakhGOSTArcPrefx) {
			return true
		}
		for _, bag := range it.bags {
			var epki encryptedPrivateKeyInfo
			if bag.ID.Equal(oidShroudedKeyBag) && unmarshalDER(bag.Value.Bytes, &epki) == nil &&
				hasPrefix(epki.Algorithm.Algorithm, oidKazakhGOSTArcPrefx) {
				return true
			}
		}
	}
	return false
}
