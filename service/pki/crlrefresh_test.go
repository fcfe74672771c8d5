package pki

import (
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
)

// A downloaded CRL is fetched again after CRLRefresh (it was kept until
// its NextUpdate, a day later, so a revocation counted only then); a
// refresh that fails keeps the current list in hand; a list that cannot
// be fetched at all is said to be so.
func TestCRLRefreshed(t *testing.T) {
	ca := testCA(t)
	nonce := []byte("n")
	ks, _ := issue(t, ca, bekzat, eds.PurposeAuth)
	cms := sign(t, ks, nonce, false)
	now := t0
	var fetches int
	var down bool
	v := &Verifier{Roots: x509.NewCertPool(), Clock: func() time.Time { return now },
		CRLURLs: []string{"http://crl.example.invalid/demo.crl"}, CRLRefresh: time.Hour,
		FetchCRL: func(string) ([]byte, error) {
			fetches++
			if down {
				return nil, errors.New("connection refused")
			}
			return ca.CRL(now.Add(-time.Minute))
		}}
	v.Roots.AddCert(ca.Root)
	if _, err := v.VerifyAuth(cms, nonce); err != nil {
		t.Fatalf("first: %v", err)
	}
	if err := ca.Revoke(ks.Cert.SerialNumber, now); err != nil {
		t.Fatal(err)
	}
	now = now.Add(30 * time.Minute)
	if _, err := v.VerifyAuth(cms, nonce); err != nil || fetches != 1 {
		t.Fatalf("within the refresh: %v after %d fetches; want the list in hand", err, fetches)
	}
	// The refresh fails: the list in hand, still current, is used.
	now = now.Add(31 * time.Minute)
	down = true
	if _, err := v.VerifyAuth(cms, nonce); err != nil || fetches != 2 {
		t.Fatalf("failed refresh: %v after %d fetches; want the current list in hand", err, fetches)
	}
	// The next refresh works: the revocation counts, a day before the
	// list's NextUpdate.
	down = false
	now = now.Add(time.Minute)
	if _, err := v.VerifyAuth(cms, nonce); Code(err) != api.CodeCertificateRevoked || fetches != 3 {
		t.Fatalf("after the refresh: %v after %d fetches; want revoked", err, fetches)
	}

	// No list can be fetched at all: untrusted, and the error says why.
	down = true
	v2 := &Verifier{Roots: v.Roots, Clock: v.Clock, CRLURLs: v.CRLURLs, FetchCRL: v.FetchCRL}
	_, err := v2.VerifyAuth(cms, nonce)
	if Code(err) != api.CodeCertificateUntrusted || !errors.Is(err, ErrCRLUnavailable) ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("CRL down: %v", err)
	}
}
