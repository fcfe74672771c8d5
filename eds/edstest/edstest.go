// Package edstest makes PKCS#12 key stores for tests: certificates in the NCA
// RK style issued by a throw-away CA, written the way OpenSSL 3 (PBES2/AES),
// older OpenSSL and Java (3DES, RC2) and KalkanCrypt (BER with indefinite
// lengths) write them.
//
// Nothing here is for production: keys are generated quickly, passwords are
// whatever the test says.
package edstest

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/internal/p12kdf"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Identity describes the owner of a test certificate, as NCA RK writes it.
type Identity struct {
	IIN        string // subject serialNumber "IIN" + IIN
	Surname    string // SURNAME
	GivenName  string // GIVENNAME: the patronymic
	CommonName string // CN: "SURNAME NAME"
	BIN        string // OU "BIN" + BIN, for an employee of a legal entity
	Org        string // O
	Purpose    string // "auth" (EKU clientAuth) or "sign" (nonRepudiation)
	NotBefore  time.Time
	NotAfter   time.Time
}

// CA is a throw-away certification authority.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

var (
	oidSurname    = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName  = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidIndividual = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 1}
	oidLegal      = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 2}
)

// keys caches RSA keys: generating 2048-bit keys dominates test time.
var (
	keysMu sync.Mutex
	keys   []*rsa.PrivateKey
)

// Key returns the n-th cached RSA-2048 test key, generating it on first use.
func Key(tb testing.TB, n int) *rsa.PrivateKey {
	tb.Helper()
	keysMu.Lock()
	defer keysMu.Unlock()
	for len(keys) <= n {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, k)
	}
	return keys[n]
}

var serial int64 = time.Now().UnixNano()

func nextSerial() *big.Int {
	keysMu.Lock()
	defer keysMu.Unlock()
	serial++
	return big.NewInt(serial)
}

// NewCA makes a self-signed root named name, valid from 2000 to 2100, with
// cached key 0.
func NewCA(tb testing.TB, name string) *CA {
	tb.Helper()
	key := Key(tb, 0)
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: name, Country: []string{"KZ"}},
		NotBefore:             time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return &CA{Cert: cert, Key: key}
}

// Issue makes a certificate for id with the n-th cached key (n ≥ 1: key 0
// is the CAs').
func (ca *CA) Issue(tb testing.TB, id Identity, n int) (*x509.Certificate, *rsa.PrivateKey) {
	tb.Helper()
	if n < 1 {
		tb.Fatal("edstest: key 0 belongs to the CAs")
	}
	key := Key(tb, n)
	if id.NotBefore.IsZero() {
		id.NotBefore = time.Now().Add(-time.Hour)
	}
	if id.NotAfter.IsZero() {
		id.NotAfter = id.NotBefore.Add(365 * 24 * time.Hour)
	}
	subject := pkix.Name{CommonName: id.CommonName, Country: []string{"KZ"}}
	if id.IIN != "" {
		subject.SerialNumber = "IIN" + id.IIN
	}
	if id.BIN != "" {
		subject.OrganizationalUnit = []string{"BIN" + id.BIN}
	}
	if id.Org != "" {
		subject.Organization = []string{id.Org}
	}
	if id.Surname != "" {
		subject.ExtraNames = append(subject.ExtraNames, pkix.AttributeTypeAndValue{Type: oidSurname, Value: id.Surname})
	}
	if id.GivenName != "" {
		subject.ExtraNames = append(subject.ExtraNames, pkix.AttributeTypeAndValue{Type: oidGivenName, Value: id.GivenName})
	}
	typeOID := oidIndividual
	if id.BIN != "" {
		typeOID = oidLegal
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               subject,
		NotBefore:             id.NotBefore,
		NotAfter:              id.NotAfter,
		BasicConstraintsValid: true,
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{typeOID},
	}
	switch id.Purpose {
	case "auth":
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	case "sign":
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
	default:
		tb.Fatalf("edstest: purpose %q", id.Purpose)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return cert, key
}

// Modern writes a key store as OpenSSL 3 does: PBES2 (PBKDF2-HMAC-SHA-256,
// AES-256-CBC), HMAC-SHA-256 MAC.
func Modern(tb testing.TB, key crypto.PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) []byte {
	tb.Helper()
	return encode(tb, pkcs12.Modern2023, key, cert, chain, password)
}

// PBMAC1 writes a key store like Modern but with the PBMAC1 MAC of RFC 9579
// (OpenSSL 3.4+ with -pbmac1_pbkdf2, go-pkcs12's Modern2026).
func PBMAC1(tb testing.TB, key crypto.PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) []byte {
	tb.Helper()
	return encode(tb, pkcs12.Modern2026, key, cert, chain, password)
}

// Legacy writes a key store with 3DES (pbeWithSHAAnd3-KeyTripleDES-CBC) for
// both key and certificates and an HMAC-SHA-1 MAC, as OpenSSL 1.x with
// -descert and many Windows tools do.
func Legacy(tb testing.TB, key crypto.PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) []byte {
	tb.Helper()
	return encode(tb, pkcs12.LegacyDES, key, cert, chain, password)
}

// LegacyRC2 writes a key store with RC2-40 encrypted certificates and a 3DES
// key, the algorithms of KalkanCrypt and of OpenSSL before 3.0.
func LegacyRC2(tb testing.TB, key crypto.PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) []byte {
	tb.Helper()
	return encode(tb, pkcs12.LegacyRC2, key, cert, chain, password)
}

func encode(tb testing.TB, enc *pkcs12.Encoder, key crypto.PrivateKey, cert *x509.Certificate, chain []*x509.Certificate, password string) []byte {
	tb.Helper()
	p12, err := enc.Encode(key, cert, chain, password)
	if err != nil {
		tb.Fatal(err)
	}
	return p12
}

// BEROptions says how KalkanStyle re-encodes a key store.
type BEROptions struct {
	// OuterBER also re-encodes the outer PFX (KalkanCrypt keeps it DER).
	OuterBER bool
	// Chunk, if positive, splits OCTET STRINGs and implicitly tagged
	// primitive values longer than Chunk bytes into constructed segments.
	Chunk int
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type pfxPDU struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
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

var (
	oidData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSHA1 = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
)

// KalkanStyle re-encodes a DER key store (from Modern, Legacy, LegacyRC2)
// the way KalkanCrypt writes them: the AuthenticatedSafe and every
// SafeContents in BER with indefinite lengths, the encryptedContent of an
// EncryptedData as a constructed "[0]" of OCTET STRING segments, and the MAC
// (HMAC-SHA-1, 1024 iterations) recomputed over the BER bytes, which is what
// makes such files unreadable by DER-only decoders even after conversion.
func KalkanStyle(p12 []byte, password string, opts BEROptions) ([]byte, error) {
	var pdu pfxPDU
	if rest, err := asn1.Unmarshal(p12, &pdu); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("edstest: not a DER PFX: %v", err)
	}
	var authSafe []byte
	if _, err := asn1.Unmarshal(pdu.AuthSafe.Content.Bytes, &authSafe); err != nil {
		return nil, err
	}
	var cis []asn1.RawValue
	if _, err := asn1.Unmarshal(authSafe, &cis); err != nil {
		return nil, err
	}
	ber := []byte{0x30, 0x80}
	for _, raw := range cis {
		var ci contentInfo
		if _, err := asn1.Unmarshal(raw.FullBytes, &ci); err != nil {
			return nil, err
		}
		if ci.ContentType.Equal(oidData) {
			// SafeContents in BER inside the OCTET STRING
			var sc []byte
			if _, err := asn1.Unmarshal(ci.Content.Bytes, &sc); err != nil {
				return nil, err
			}
			scBER, err := DERToBER(sc, opts.Chunk)
			if err != nil {
				return nil, err
			}
			octets, err := asn1.Marshal(scBER)
			if err != nil {
				return nil, err
			}
			ci.Content = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: octets}
			der, err := asn1.Marshal(ci)
			if err != nil {
				return nil, err
			}
			b, err := DERToBER(der, opts.Chunk)
			if err != nil {
				return nil, err
			}
			ber = append(ber, b...)
			continue
		}
		chunk := opts.Chunk
		if chunk <= 0 {
			chunk = 1 << 30
		}
		b, err := DERToBER(raw.FullBytes, chunk)
		if err != nil {
			return nil, err
		}
		ber = append(ber, b...)
	}
	ber = append(ber, 0, 0)

	salt := make([]byte, 20)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	pw, err := bmp(password)
	if err != nil {
		return nil, err
	}
	const iterations = 1024
	macKey := p12kdf.Derive(sha1.New, salt, pw, iterations, p12kdf.IDMAC, sha1.Size)
	mac := hmac.New(sha1.New, macKey)
	mac.Write(ber)
	octets, err := asn1.Marshal(ber)
	if err != nil {
		return nil, err
	}
	out, err := asn1.Marshal(pfxPDU{
		Version:  3,
		AuthSafe: contentInfo{ContentType: oidData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: octets}},
		MacData: macData{
			Mac:        digestInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA1, Parameters: asn1.NullRawValue}, Digest: mac.Sum(nil)},
			MacSalt:    salt,
			Iterations: iterations,
		},
	})
	if err != nil {
		return nil, err
	}
	if opts.OuterBER {
		chunk := opts.Chunk
		if chunk <= 0 {
			chunk = 1000
		}
		return DERToBER(out, chunk)
	}
	return out, nil
}

func bmp(s string) ([]byte, error) {
	out := make([]byte, 0, 2*len(s)+2)
	for _, r := range s {
		if r > 0xffff {
			return nil, errors.New("edstest: password character outside the BMP")
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return append(out, 0, 0), nil
}

// DERToBER re-encodes one DER value in BER: every constructed value gets an
// indefinite length ("80" ... "00 00"); if chunk > 0, every OCTET STRING and
// every primitive context-specific value longer than chunk bytes becomes
// constructed, made of OCTET STRING segments of at most chunk bytes (the
// form CER and KalkanCrypt use; for a context-specific value this assumes it
// is an IMPLICIT OCTET STRING, which holds for everything in PKCS#12).
// Primitive contents are never looked into.
func DERToBER(der []byte, chunk int) ([]byte, error) {
	out, rest, err := derToBER(der, chunk, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errors.New("edstest: trailing data after the DER value")
	}
	return out, nil
}

func derToBER(der []byte, chunk, depth int) (out, rest []byte, err error) {
	if depth > 64 {
		return nil, nil, errors.New("edstest: nesting too deep")
	}
	var v asn1.RawValue
	rest, err = asn1.Unmarshal(der, &v)
	if err != nil {
		return nil, nil, err
	}
	tag := v.FullBytes[:len(v.FullBytes)-len(v.Bytes)]
	tag = tag[:identifierLen(tag)]
	switch {
	case v.IsCompound:
		out = append(append([]byte{}, tag...), 0x80)
		inner := v.Bytes
		for len(inner) > 0 {
			var b []byte
			b, inner, err = derToBER(inner, chunk, depth+1)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, b...)
		}
		return append(out, 0, 0), rest, nil
	case chunk > 0 && len(v.Bytes) > chunk &&
		((v.Class == asn1.ClassUniversal && v.Tag == asn1.TagOctetString) || v.Class == asn1.ClassContextSpecific):
		out = append(append([]byte{}, tag...), 0x80)
		out[0] |= 0x20
		for b := v.Bytes; len(b) > 0; {
			n := min(chunk, len(b))
			seg, err := asn1.Marshal(b[:n])
			if err != nil {
				return nil, nil, err
			}
			out = append(out, seg...)
			b = b[n:]
		}
		return append(out, 0, 0), rest, nil
	default:
		return append([]byte{}, v.FullBytes...), rest, nil
	}
}

// identifierLen is the length of the identifier octets at the start of b.
func identifierLen(b []byte) int {
	if b[0]&0x1f != 0x1f {
		return 1
	}
	i := 1
	for i < len(b) && b[i]&0x80 != 0 {
		i++
	}
	return i + 1
}
