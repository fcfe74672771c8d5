package pki

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/kabinet-kz/kabinet/eds"
)

// Names of the demo CA.
const (
	DemoRootName    = "Demo NCA (TEST)"
	DemoIssuingName = "Demo NCA (TEST) RSA"
)

// Files of a CA directory.
const (
	rootCertFile    = "root.crt"
	rootKeyFile     = "root.key"
	issuingCertFile = "issuing.crt"
	issuingKeyFile  = "issuing.key"
	revokedFile     = "revoked.json"
)

// OIDs NCA RK puts in its certificates.
var (
	oidSurname       = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName     = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidCommonName    = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSerialNumber  = asn1.ObjectIdentifier{2, 5, 4, 5}
	oidCountry       = asn1.ObjectIdentifier{2, 5, 4, 6}
	oidOrganization  = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidOrgUnit       = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidIndividual    = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 1}
	oidLegalEntity   = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 4, 1, 2}
	oidPolicyAuth    = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 2, 4} // as in NCA's AUTH certificates
	oidPolicySign    = asn1.ObjectIdentifier{1, 2, 398, 3, 3, 2, 1} // as in NCA's signing certificates
	errCADirNotEmpty = errors.New("pki: the CA directory holds some CA files but not all")
)

// CA is a certification authority kept in a directory: a self-signed root
// (the trust anchor) and an issuing CA under it that signs the users'
// certificates and the CRL, like NCA RK's root and its "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ
// ОРТАЛЫҚ (RSA)". The private keys are files of mode 0600 in the directory.
// A CA is safe for concurrent use.
type CA struct {
	Root    *x509.Certificate
	Issuing *x509.Certificate

	dir        string
	rootKey    crypto.Signer
	issuingKey crypto.Signer

	mu      sync.Mutex
	revoked []revocation
}

type revocation struct {
	Serial string    `json:"serial"` // hex
	At     time.Time `json:"revokedAt"`
}

// LoadOrCreateDemoCA opens the CA kept in dir, or creates the demo CA
// "Demo NCA (TEST)" there (RSA 2048, root valid 20 years and issuing CA 10
// years, both from five years before now) if dir has none.
func LoadOrCreateDemoCA(dir string, now time.Time) (*CA, error) {
	ca, err := loadCA(dir)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return ca, err
	}
	return createCA(dir, now)
}

func loadCA(dir string) (*CA, error) {
	present := 0
	for _, f := range []string{rootCertFile, rootKeyFile, issuingCertFile, issuingKeyFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			present++
		}
	}
	switch present {
	case 0:
		return nil, os.ErrNotExist
	case 4:
	default:
		return nil, fmt.Errorf("%w: %s", errCADirNotEmpty, dir)
	}
	ca := &CA{dir: dir}
	var err error
	if ca.Root, err = readCert(filepath.Join(dir, rootCertFile)); err != nil {
		return nil, err
	}
	if ca.Issuing, err = readCert(filepath.Join(dir, issuingCertFile)); err != nil {
		return nil, err
	}
	if ca.rootKey, err = readKey(filepath.Join(dir, rootKeyFile)); err != nil {
		return nil, err
	}
	if ca.issuingKey, err = readKey(filepath.Join(dir, issuingKeyFile)); err != nil {
		return nil, err
	}
	if err := ca.Issuing.CheckSignatureFrom(ca.Root); err != nil {
		return nil, fmt.Errorf("pki: %s: the issuing CA is not signed by the root: %w", dir, err)
	}
	data, err := os.ReadFile(filepath.Join(dir, revokedFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("pki: %w", err)
	default:
		if err := json.Unmarshal(data, &ca.revoked); err != nil {
			return nil, fmt.Errorf("pki: %s: %w", revokedFile, err)
		}
	}
	return ca, nil
}

func createCA(dir string, now time.Time) (*CA, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("pki: %w", err)
	}
	rootKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	issuingKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	// Backdated by five years so that demo certificates that have already
	// expired (see EnsureDemoKeys) still chain to a CA that was valid then.
	start := now.AddDate(-5, 0, 0).UTC().Truncate(time.Second)
	rootTmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: DemoRootName, Country: []string{"KZ"}},
		NotBefore:             start,
		NotAfter:              start.AddDate(25, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, rootKey.Public(), rootKey)
	if err != nil {
		return nil, err
	}
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		return nil, err
	}
	issuingTmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: DemoIssuingName, Country: []string{"KZ"}},
		NotBefore:             start,
		NotAfter:              start.AddDate(15, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	issuingDER, err := x509.CreateCertificate(rand.Reader, issuingTmpl, root, issuingKey.Public(), rootKey)
	if err != nil {
		return nil, err
	}
	issuing, err := x509.ParseCertificate(issuingDER)
	if err != nil {
		return nil, err
	}
	// Keys first: a directory with certificates and no keys is refused on
	// the next start instead of silently replaced.
	for _, f := range []struct {
		name string
		key  *rsa.PrivateKey
	}{{rootKeyFile, rootKey}, {issuingKeyFile, issuingKey}} {
		der, err := x509.MarshalPKCS8PrivateKey(f.key)
		if err != nil {
			return nil, err
		}
		err = writeFileAtomic(filepath.Join(dir, f.name), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
		clear(der)
		if err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name string
		der  []byte
	}{{rootCertFile, rootDER}, {issuingCertFile, issuingDER}} {
		if err := writeFileAtomic(filepath.Join(dir, f.name), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.der}), 0o644); err != nil {
			return nil, err
		}
	}
	return &CA{Root: root, Issuing: issuing, dir: dir, rootKey: rootKey, issuingKey: issuingKey}, nil
}

// writeFileAtomic writes data to a temporary file of mode perm in the same
// directory and renames it over name, so that a crash never leaves half a
// key or a half-written revocation list.
func writeFileAtomic(name string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename this fails harmlessly
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return fmt.Errorf("pki: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("pki: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("pki: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	return nil
}

func readCert(name string) (*x509.Certificate, error) {
	certs, err := LoadCertificates(name)
	if err != nil {
		return nil, err
	}
	if len(certs) != 1 {
		return nil, fmt.Errorf("pki: %s: %d certificates, want 1", name, len(certs))
	}
	return certs[0], nil
}

func readKey(name string) (crypto.Signer, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("pki: %w", err)
	}
	defer clear(data)
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("pki: %s: not a PEM private key", name)
	}
	defer clear(block.Bytes)
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("pki: %s: %w", name, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("pki: %s: unsupported key %T", name, key)
	}
	return signer, nil
}

// LoadCertificates reads the certificates of PEM (one or more CERTIFICATE
// blocks) or DER files — how trust roots are configured.
func LoadCertificates(names ...string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("pki: %w", err)
		}
		certs, err := ParseCertificates(data)
		if err != nil {
			return nil, fmt.Errorf("pki: %s: %w", name, err)
		}
		out = append(out, certs...)
	}
	return out, nil
}

// ParseCertificates reads PEM or DER certificates.
func ParseCertificates(data []byte) ([]*x509.Certificate, error) {
	if !strings.Contains(string(data[:min(len(data), 64<<10)]), "-----BEGIN") {
		return x509.ParseCertificates(data)
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no certificate found")
	}
	return out, nil
}

func randomSerial() *big.Int {
	// 20 bytes like NCA's serials, positive, not starting with 00.
	b := make([]byte, 20)
	rand.Read(b)
	b[0] = b[0]&0x7f | 0x40
	return new(big.Int).SetBytes(b)
}

// IssueRequest describes a certificate in the NCA RK style.
type IssueRequest struct {
	IIN        string      // 12 digits; subject serialNumber "IIN<iin>"
	Surname    string      // SURNAME (2.5.4.4)
	GivenName  string      // GIVENNAME (2.5.4.42): the patronymic, as NCA uses it
	CommonName string      // CN: "SURNAME NAME"
	BIN        string      // OU "BIN<bin>" for an employee of a legal entity; makes the subject type legal
	Org        string      // O
	Purpose    eds.Purpose // eds.PurposeAuth or eds.PurposeSign
	NotBefore  time.Time   // zero: now (the CA's clock is the caller's: set it)
	NotAfter   time.Time   // zero: NotBefore + 1 year
	Password   string      // of the key store; never stored
}

// Issue creates a key pair and a certificate for req and returns them as a
// PKCS#12 key store (PBES2/AES-256, the certificate chain up to the issuing
// CA included) encrypted with req.Password, readable by eds.OpenKeyStore,
// OpenSSL 3 and NCALayer.
func (ca *CA) Issue(req IssueRequest) ([]byte, error) {
	p12, _, err := ca.IssueWithCert(req)
	return p12, err
}

// IssueWithCert is Issue that also returns the certificate (for FileName).
func (ca *CA) IssueWithCert(req IssueRequest) ([]byte, *x509.Certificate, error) {
	if len(req.IIN) != 12 || strings.Trim(req.IIN, "0123456789") != "" {
		return nil, nil, fmt.Errorf("pki: IIN %q is not 12 digits", req.IIN)
	}
	if req.Password == "" {
		return nil, nil, errors.New("pki: empty key store password")
	}
	if req.NotBefore.IsZero() {
		req.NotBefore = time.Now()
	}
	req.NotBefore = req.NotBefore.UTC().Truncate(time.Second)
	if req.NotAfter.IsZero() {
		req.NotAfter = req.NotBefore.AddDate(1, 0, 0)
	}
	if !req.NotAfter.After(req.NotBefore) {
		return nil, nil, errors.New("pki: NotAfter is not after NotBefore")
	}
	if req.CommonName == "" {
		req.CommonName = req.Surname
	}
	subject, err := ncaSubject(req)
	if err != nil {
		return nil, nil, err
	}
	typeOID := oidIndividual
	if req.BIN != "" {
		typeOID = oidLegalEntity
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		RawSubject:            subject,
		NotBefore:             req.NotBefore,
		NotAfter:              req.NotAfter,
		BasicConstraintsValid: true,
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{typeOID},
	}
	switch req.Purpose {
	case eds.PurposeAuth:
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		tmpl.PolicyIdentifiers = []asn1.ObjectIdentifier{oidPolicyAuth}
	case eds.PurposeSign:
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
		tmpl.PolicyIdentifiers = []asn1.ObjectIdentifier{oidPolicySign}
	default:
		return nil, nil, fmt.Errorf("pki: purpose %q, want auth or sign", req.Purpose)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	spki, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, nil, err
	}
	tmpl.SubjectKeyId = keyID(spki) // NCA sets it; FileName uses it
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Issuing, key.Public(), ca.issuingKey)
	if err != nil {
		return nil, nil, fmt.Errorf("pki: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	p12, err := pkcs12.Modern2023.Encode(key, cert, []*x509.Certificate{ca.Issuing}, req.Password)
	wipeRSA(key) // the key lives on only in the encrypted file
	if err != nil {
		return nil, nil, fmt.Errorf("pki: %w", err)
	}
	return p12, cert, nil
}

// ncaSubject builds the subject in NCA's order: CN, SURNAME, SERIALNUMBER,
// C, O, OU, GIVENNAME.
func ncaSubject(req IssueRequest) ([]byte, error) {
	var rdn pkix.RDNSequence
	add := func(oid asn1.ObjectIdentifier, v string) {
		if v != "" {
			rdn = append(rdn, pkix.RelativeDistinguishedNameSET{{Type: oid, Value: v}})
		}
	}
	add(oidCommonName, req.CommonName)
	add(oidSurname, req.Surname)
	add(oidSerialNumber, "IIN"+req.IIN)
	add(oidCountry, "KZ")
	add(oidOrganization, req.Org)
	if req.BIN != "" {
		add(oidOrgUnit, "BIN"+req.BIN)
	}
	add(oidGivenName, req.GivenName)
	return asn1.Marshal(rdn)
}

// FileName is the NCA RK file name of a key store holding cert:
// AUTH_RSA256_<id>.p12 for an authentication key, RSA256_<id>.p12 for a
// signing key (GOSTKNCA_<id>.p12 for GOST), where id is the certificate's
// Subject Key Identifier in lower-case hex — NCA's is the SHA-1 of the
// SubjectPublicKeyInfo (AUTH_RSA256_6b361b86... holds a certificate with
// SKI 6B 36 1B 86 ...).
func FileName(cert *x509.Certificate) string {
	id := cert.SubjectKeyId
	if len(id) == 0 {
		id = keyID(cert.RawSubjectPublicKeyInfo)
	}
	h := hex.EncodeToString(id)
	info := eds.NewCertInfo(cert)
	switch {
	case info.Algorithm.IsGOST():
		return "GOSTKNCA_" + h + ".p12"
	case info.Purpose == eds.PurposeAuth:
		return "AUTH_RSA256_" + h + ".p12"
	default:
		return "RSA256_" + h + ".p12"
	}
}

// Revoke adds the certificate with serial to the CA's revocation list,
// effective at now, and saves the list.
func (ca *CA) Revoke(serial *big.Int, now time.Time) error {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	s := serial.Text(16)
	if slices.ContainsFunc(ca.revoked, func(r revocation) bool { return r.Serial == s }) {
		return nil
	}
	list := append(slices.Clone(ca.revoked), revocation{Serial: s, At: now.UTC().Truncate(time.Second)})
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(ca.dir, revokedFile), data, 0o644); err != nil {
		return err
	}
	ca.revoked = list
	return nil
}

// IsRevoked reports whether the CA has revoked serial at or before now.
func (ca *CA) IsRevoked(serial *big.Int, now time.Time) bool {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	s := serial.Text(16)
	return slices.ContainsFunc(ca.revoked, func(r revocation) bool { return r.Serial == s && !r.At.After(now) })
}

// CRL returns the issuing CA's certificate revocation list as of now (DER),
// valid for a day.
func (ca *CA) CRL(now time.Time) ([]byte, error) {
	crl, err := ca.RevocationList(now)
	if err != nil {
		return nil, err
	}
	return crl.Raw, nil
}

// RevocationList is CRL parsed: what a Verifier checks against.
func (ca *CA) RevocationList(now time.Time) (*x509.RevocationList, error) {
	ca.mu.Lock()
	var entries []x509.RevocationListEntry
	for _, r := range ca.revoked {
		if r.At.After(now) {
			continue
		}
		n, ok := new(big.Int).SetString(r.Serial, 16)
		if !ok {
			continue
		}
		entries = append(entries, x509.RevocationListEntry{SerialNumber: n, RevocationTime: r.At})
	}
	ca.mu.Unlock()
	now = now.UTC().Truncate(time.Second)
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number:                    big.NewInt(now.Unix()),
		ThisUpdate:                now,
		NextUpdate:                now.Add(24 * time.Hour),
		RevokedCertificateEntries: entries,
	}, ca.Issuing, ca.issuingKey)
	if err != nil {
		return nil, fmt.Errorf("pki: CRL: %w", err)
	}
	return x509.ParseRevocationList(der)
}

// wipeRSA overwrites the private parts of key (best effort: Go may have
// copied them before).
func wipeRSA(key *rsa.PrivateKey) {
	for _, n := range append([]*big.Int{key.D, key.Precomputed.Dp, key.Precomputed.Dq, key.Precomputed.Qinv}, key.Primes...) {
		if n != nil {
			clear(n.Bits())
			n.SetInt64(0)
		}
	}
}

// keyID is the Subject Key Identifier as NCA RK computes it: the SHA-1 of
// the whole SubjectPublicKeyInfo DER (not RFC 5280's SHA-1 of the key bits
// alone) — checked against NCA's test files.
func keyID(spki []byte) []byte {
	sum := sha1.Sum(spki)
	return sum[:]
}
