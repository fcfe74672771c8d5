package pki

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
)

var (
	// the clock of the tests: the demo CA and its certificates are made at t0
	t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	sharedOnce sync.Once
	sharedCA   *CA
	sharedErr  error
)

// testCA returns one demo CA for the whole package (RSA key generation is
// the slow part of these tests).
func testCA(t *testing.T) *CA {
	t.Helper()
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pki-test-ca-")
		if err != nil {
			sharedErr = err
			return
		}
		sharedCA, sharedErr = LoadOrCreateDemoCA(dir, t0)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedCA
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedCA != nil {
		os.RemoveAll(sharedCA.dir)
	}
	os.Exit(code)
}

const testPassword = "demo-пароль-1"

var bekzat = IssueRequest{
	IIN:        "880415300157",
	Surname:    "СЕЙТКАЛИ",
	GivenName:  "НУРЛАНОВИЧ",
	CommonName: "СЕЙТКАЛИ БЕКЗАТ",
	Password:   testPassword,
	NotBefore:  t0.Add(-time.Hour),
	NotAfter:   t0.AddDate(1, 0, 0),
}

// issue returns an opened key store for req with purpose.
func issue(t *testing.T, ca *CA, req IssueRequest, purpose eds.Purpose) (*eds.KeyStore, []byte) {
	t.Helper()
	req.Purpose = purpose
	p12, err := ca.Issue(req)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(p12, req.Password)
	if err != nil {
		t.Fatalf("OpenKeyStore of an issued store: %v", err)
	}
	return ks, p12
}

func verifierAt(t *testing.T, ca *CA, now time.Time) *Verifier {
	t.Helper()
	v, err := NewVerifier([]*CA{ca}, nil, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sign(t *testing.T, ks *eds.KeyStore, data []byte, detached bool) []byte {
	t.Helper()
	cms, err := ks.SignCMS(data, detached)
	if err != nil {
		t.Fatal(err)
	}
	return cms
}

func TestDemoCAFiles(t *testing.T) {
	dir := t.TempDir()
	ca, err := LoadOrCreateDemoCA(dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	if ca.Root.Subject.CommonName != DemoRootName || ca.Issuing.Issuer.CommonName != DemoRootName || !ca.Root.IsCA {
		t.Errorf("root %v, issuing %v", ca.Root.Subject, ca.Issuing.Subject)
	}
	for _, f := range []string{rootKeyFile, issuingKeyFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", f, st.Mode().Perm())
		}
	}
	again, err := LoadOrCreateDemoCA(dir, t0.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !again.Root.Equal(ca.Root) || !again.Issuing.Equal(ca.Issuing) {
		t.Error("reloading made a new CA")
	}
	// revocations persist
	serial := big.NewInt(12345)
	if err := ca.Revoke(serial, t0); err != nil {
		t.Fatal(err)
	}
	again, err = LoadOrCreateDemoCA(dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !again.IsRevoked(serial, t0) || again.IsRevoked(serial, t0.Add(-time.Second)) {
		t.Error("revocation not persisted")
	}
	der, err := again.CRL(t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := crl.CheckSignatureFrom(ca.Issuing); err != nil || len(crl.RevokedCertificateEntries) != 1 ||
		crl.RevokedCertificateEntries[0].SerialNumber.Cmp(serial) != 0 {
		t.Errorf("CRL: %v, %d entries", err, len(crl.RevokedCertificateEntries))
	}
	// a directory with a key missing is refused, not overwritten
	os.Remove(filepath.Join(dir, rootKeyFile))
	if _, err := LoadOrCreateDemoCA(dir, t0); err == nil {
		t.Error("an incomplete CA directory was accepted")
	}
}

func TestIssueNCAStyle(t *testing.T) {
	ca := testCA(t)
	auth, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	info := auth.Info
	if info.IIN != "880415300157" || info.Surname != "СЕЙТКАЛИ" || info.GivenName != "НУРЛАНОВИЧ" ||
		info.CommonName != "СЕЙТКАЛИ БЕКЗАТ" || info.Issuer != DemoIssuingName {
		t.Errorf("info %+v", info)
	}
	if info.Purpose != eds.PurposeAuth || info.SubjectType != eds.SubjectIndividual || info.Algorithm != eds.AlgorithmRSA {
		t.Errorf("info %+v", info)
	}
	if auth.Cert.Subject.SerialNumber != "IIN880415300157" || auth.Cert.Subject.Country[0] != "KZ" {
		t.Errorf("subject %v", auth.Cert.Subject)
	}
	if len(auth.Chain) != 1 || !auth.Chain[0].Equal(ca.Issuing) {
		t.Errorf("chain %d", len(auth.Chain))
	}
	if got := FileName(auth.Cert); got != "AUTH_RSA256_"+hex.EncodeToString(auth.Cert.SubjectKeyId)+".p12" || len(auth.Cert.SubjectKeyId) != sha1.Size {
		t.Errorf("FileName = %q", got)
	}

	signKS, _ := issue(t, ca, bekzat, eds.PurposeSign)
	if signKS.Info.Purpose != eds.PurposeSign || !strings.HasPrefix(FileName(signKS.Cert), "RSA256_") {
		t.Errorf("sign key: %+v %s", signKS.Info, FileName(signKS.Cert))
	}
	legal := bekzat
	legal.BIN, legal.Org = "180240012345", `ТОО "ДЕМО"`
	legalKS, _ := issue(t, ca, legal, eds.PurposeSign)
	if legalKS.Info.SubjectType != eds.SubjectLegal || legalKS.Info.BIN != "180240012345" || legalKS.Info.Organization != `ТОО "ДЕМО"` {
		t.Errorf("legal: %+v", legalKS.Info)
	}

	for _, bad := range []IssueRequest{
		{IIN: "123", Password: "x", Purpose: eds.PurposeAuth},
		{IIN: "880415300157", Purpose: eds.PurposeAuth},
		{IIN: "880415300157", Password: "x", Purpose: "login"},
	} {
		if _, err := ca.Issue(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestVerifyAuth(t *testing.T) {
	ca := testCA(t)
	v := verifierAt(t, ca, t0)
	auth, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	nonce := []byte("0123456789abcdef0123456789abcdef")
	for _, detached := range []bool{false, true} {
		info, err := v.VerifyAuth(sign(t, auth, nonce, detached), nonce)
		if err != nil {
			t.Fatalf("detached=%v: %v", detached, err)
		}
		if info.IIN != bekzat.IIN {
			t.Errorf("IIN %q", info.IIN)
		}
	}
	// over another nonce
	for _, detached := range []bool{false, true} {
		_, err := v.VerifyAuth(sign(t, auth, []byte("another nonce"), detached), nonce)
		if Code(err) != api.CodeSignatureInvalid {
			t.Errorf("detached=%v: other nonce: %v", detached, err)
		}
	}
	if _, err := v.VerifyAuth([]byte("garbage"), nonce); Code(err) != api.CodeSignatureInvalid {
		t.Errorf("garbage: %v", err)
	}
	// AUTH key for signing
	if _, err := v.VerifySign(sign(t, auth, []byte("doc"), true), []byte("doc")); Code(err) != api.CodeWrongKeyPurpose ||
		!errors.Is(err, eds.ErrAuthKeyForSigning) {
		t.Errorf("AUTH key for a document: %v", err)
	}
}

func TestVerifySign(t *testing.T) {
	ca := testCA(t)
	v := verifierAt(t, ca, t0)
	signKS, _ := issue(t, ca, bekzat, eds.PurposeSign)
	doc := []byte(`{"application":"payment","amount":100000}`)
	cms := sign(t, signKS, doc, true)
	if info, err := v.VerifySign(cms, doc); err != nil || info.IIN != bekzat.IIN {
		t.Fatalf("VerifySign: %v", err)
	}
	if _, err := v.VerifySign(cms, []byte(`{"application":"payment","amount":900000}`)); Code(err) != api.CodeSignatureInvalid {
		t.Errorf("another document: %v", err)
	}
	// SIGN key for login
	nonce := []byte("nonce-nonce-nonce")
	_, err := v.VerifyAuth(sign(t, signKS, nonce, false), nonce)
	if Code(err) != api.CodeWrongKeyPurpose || !errors.Is(err, eds.ErrSignKeyForLogin) {
		t.Errorf("SIGN key for login: %v", err)
	}
}

func TestVerifyRevokedExpiredUntrusted(t *testing.T) {
	ca := testCA(t)
	nonce := []byte("the nonce")

	revoked, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	if err := ca.Revoke(revoked.Cert.SerialNumber, t0.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	_, err := verifierAt(t, ca, t0).VerifyAuth(sign(t, revoked, nonce, false), nonce)
	if Code(err) != api.CodeCertificateRevoked {
		t.Errorf("revoked: %v", err)
	}
	// before the revocation it was fine
	if _, err := verifierAt(t, ca, t0.Add(-time.Hour)).VerifyAuth(sign(t, revoked, nonce, false), nonce); err != nil {
		t.Errorf("before revocation: %v", err)
	}

	old := bekzat
	old.NotBefore, old.NotAfter = t0.AddDate(-2, 0, 0), t0.AddDate(-1, 0, 0)
	expired, _ := issue(t, ca, old, eds.PurposeAuth)
	info, err := verifierAt(t, ca, t0).VerifyAuth(sign(t, expired, nonce, false), nonce)
	if Code(err) != api.CodeCertificateExpired || !errors.Is(err, eds.ErrExpired) || errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("expired: %v", err)
	}
	if info.IIN != bekzat.IIN {
		t.Error("no certificate information with the error")
	}
	future := bekzat
	future.NotBefore, future.NotAfter = t0.AddDate(0, 1, 0), t0.AddDate(1, 0, 0)
	early, _ := issue(t, ca, future, eds.PurposeAuth)
	if _, err := verifierAt(t, ca, t0).VerifyAuth(sign(t, early, nonce, false), nonce); !errors.Is(err, eds.ErrNotYetValid) || Code(err) != api.CodeCertificateExpired {
		t.Errorf("not yet valid: %v", err)
	}

	other := edstest.NewCA(t, "Some other CA")
	cert, key := other.Issue(t, edstest.Identity{IIN: bekzat.IIN, CommonName: "X", Purpose: "auth", NotBefore: t0.Add(-time.Hour)}, 1)
	stranger, err := eds.OpenKeyStore(edstest.Modern(t, key, cert, []*x509.Certificate{other.Cert}, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifierAt(t, ca, t0).VerifyAuth(sign(t, stranger, nonce, false), nonce); Code(err) != api.CodeCertificateUntrusted {
		t.Errorf("other CA: %v", err)
	}
}

func TestRevocationSources(t *testing.T) {
	ca := testCA(t)
	nonce := []byte("n")
	auth, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	cms := sign(t, auth, nonce, false)

	// no CRL at all: untrusted unless allowed
	v := &Verifier{Roots: x509.NewCertPool(), Clock: func() time.Time { return t0 }}
	v.Roots.AddCert(ca.Root)
	if _, err := v.VerifyAuth(cms, nonce); Code(err) != api.CodeCertificateUntrusted || !strings.Contains(err.Error(), "revocation") {
		t.Errorf("no CRL: %v", err)
	}
	v.AllowUnknownRevocation = true
	if _, err := v.VerifyAuth(cms, nonce); err != nil {
		t.Errorf("no CRL, allowed: %v", err)
	}

	// a CRL downloaded from the certificate's distribution point
	const url = "http://crl.example.invalid/demo.crl"
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "WITH DP", SerialNumber: "IIN" + bekzat.IIN},
		NotBefore:             t0.Add(-time.Hour),
		NotAfter:              t0.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		CRLDistributionPoints: []string{url},
	}
	key := edstest.Key(t, 2)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Issuing, key.Public(), ca.issuingKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	withDP, err := eds.OpenKeyStore(edstest.Modern(t, key, cert, []*x509.Certificate{ca.Issuing}, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	fetches := 0
	v = &Verifier{Roots: x509.NewCertPool(), Clock: func() time.Time { return t0 }, FetchCRL: func(u string) ([]byte, error) {
		fetches++
		if u != url {
			return nil, errors.New("unexpected URL")
		}
		return ca.CRL(t0.Add(-time.Minute))
	}}
	v.Roots.AddCert(ca.Root)
	cms = sign(t, withDP, nonce, false)
	for range 3 {
		if _, err := v.VerifyAuth(cms, nonce); err != nil {
			t.Fatalf("fetched CRL: %v", err)
		}
	}
	if fetches != 1 {
		t.Errorf("%d fetches, want 1 (cached until NextUpdate)", fetches)
	}
	if err := ca.Revoke(cert.SerialNumber, t0.Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	v.cache = nil
	if _, err := v.VerifyAuth(cms, nonce); Code(err) != api.CodeCertificateRevoked {
		t.Errorf("revoked, fetched CRL: %v", err)
	}

	// A configured URL serves certificates without distribution points.
	plain, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	if err := ca.Revoke(plain.Cert.SerialNumber, t0.Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	v = &Verifier{Roots: v.Roots, Clock: v.Clock, CRLURLs: []string{url}, FetchCRL: func(u string) ([]byte, error) {
		return ca.CRL(t0.Add(-time.Minute))
	}}
	if _, err := v.VerifyAuth(sign(t, plain, nonce, false), nonce); Code(err) != api.CodeCertificateRevoked {
		t.Errorf("revoked, CRL from a configured URL: %v", err)
	}
}

// The real NCA AUTH key: its signature is valid, but against the demo roots
// it is untrusted, and in 2026 it is expired. Both are reported.
func TestNCAAuthKeyRefused(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "nca")
	data, err := os.ReadFile(filepath.Join(dir, "AUTH_RSA256_6b361b864c679601b652fe387f61fcd9303c0327.p12"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no %s", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(data, "Qwerty12")
	if err != nil {
		t.Fatal(err)
	}
	nonce := []byte("nonce from the service")
	cms := sign(t, ks, nonce, false)
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

	info, err := verifierAt(t, testCA(t), now).VerifyAuth(cms, nonce)
	if !errors.Is(err, ErrCertificateUntrusted) || !errors.Is(err, ErrCertificateExpired) {
		t.Fatalf("err = %v, want untrusted and expired", err)
	}
	if c := Code(err); c != api.CodeCertificateUntrusted {
		t.Errorf("Code = %q", c)
	}
	if info.IIN != "123456789011" {
		t.Errorf("info %+v", info)
	}

	// Trusting the certificate itself leaves only the expiry.
	trusting := &Verifier{Roots: x509.NewCertPool(), AllowUnknownRevocation: true, Clock: func() time.Time { return now }}
	trusting.Roots.AddCert(ks.Cert)
	_, err = trusting.VerifyAuth(cms, nonce)
	if Code(err) != api.CodeCertificateExpired || errors.Is(err, ErrCertificateUntrusted) {
		t.Errorf("trusted NCA key in 2026: %v", err)
	}
	trusting.Clock = func() time.Time { return time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC) }
	if _, err := trusting.VerifyAuth(cms, nonce); err != nil {
		t.Errorf("trusted NCA key in 2019: %v", err)
	}
}

// FileName follows NCA's convention on NCA's own files.
func TestFileNameOfNCAFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "nca")
	files, _ := filepath.Glob(filepath.Join(dir, "*.p12"))
	if len(files) == 0 {
		t.Skipf("no %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ks, err := eds.OpenKeyStore(data, "Qwerty12")
		if err != nil {
			t.Fatal(err)
		}
		if got := FileName(ks.Cert); got != filepath.Base(f) {
			t.Errorf("FileName = %q, want %q", got, filepath.Base(f))
		}
		ks.Cert.SubjectKeyId = nil // computed from the public key instead
		if got := FileName(ks.Cert); got != filepath.Base(f) {
			t.Errorf("FileName without SKI = %q, want %q", got, filepath.Base(f))
		}
	}
}

func TestCode(t *testing.T) {
	for err, want := range map[error]string{
		nil:                     "",
		errors.New("other"):     "",
		ErrSignatureInvalid:     api.CodeSignatureInvalid,
		ErrCertificateUntrusted: api.CodeCertificateUntrusted,
		ErrCertificateExpired:   api.CodeCertificateExpired,
		ErrCertificateRevoked:   api.CodeCertificateRevoked,
		ErrWrongKeyPurpose:      api.CodeWrongKeyPurpose,
		ErrChallengeExpired:     api.CodeChallengeExpired,
		ErrChallengeReused:      api.CodeChallengeReused,
		ErrChallengeUnknown:     api.CodeChallengeExpired,
		errors.Join(ErrWrongKeyPurpose, ErrCertificateExpired, ErrCertificateRevoked): api.CodeCertificateRevoked,
	} {
		if got := Code(err); got != want {
			t.Errorf("Code(%v) = %q, want %q", err, got, want)
		}
	}
}
