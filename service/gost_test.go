package service

import (
	"errors"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/eds/edstest"
)

// gostEnv is a demo service that also trusts a test GOST 34.10-2015 CA
// (given as a root file, its CRL "downloaded" from its distribution
// point), with GOST key stores issued to depositors.
type gostEnv struct {
	*env
	ca *edstest.GOSTCA
}

func newGOSTEnv(t *testing.T, revoked ...*big.Int) *gostEnv {
	t.Helper()
	ca := edstest.NewGOSTCA(t, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST")
	root := filepath.Join(t.TempDir(), "gost-root.cer")
	if err := os.WriteFile(root, ca.Cert.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	g := &gostEnv{ca: ca}
	var crl []byte
	g.env = newEDSEnv(t, func(c *Config) {
		c.BackOffice.Disabled = true
		c.TrustRoots = []string{root}
		c.FetchCRL = func(url string) ([]byte, error) {
			if url != ca.CRLURL || crl == nil {
				return nil, errors.New("offline")
			}
			return crl, nil
		}
	})
	crl = ca.CRL(t, 1, g.clock.Now(), revoked...)
	return g
}

// key issues a GOST key store to iin ("auth": authentication only; "":
// NCA's GOST 2015 kind, for both) and opens it.
func (g *gostEnv) key(iin, purpose string) *eds.KeyStore {
	g.t.Helper()
	cert, key := g.ca.Issue(g.t, edstest.Identity{IIN: iin, CommonName: "ДЕПОЗИТОР " + iin, Purpose: purpose,
		NotBefore: g.clock.Now().Add(-time.Hour)})
	ks, err := eds.OpenKeyStore(g.ca.KeyStore(g.t, key, cert, "Qwerty12"), "Qwerty12")
	if err != nil {
		g.t.Fatal(err)
	}
	g.t.Cleanup(ks.Close)
	return ks
}

func TestGOSTEDSLoginAndApplication(t *testing.T) {
	t.Parallel()
	g := newGOSTEnv(t)

	// Login with a GOST key (attached and detached CMS).
	bekzat := g.key(iinBekzat, "")
	w := g.edsLoginWith(bekzat)
	if w.Code != http.StatusOK {
		t.Fatalf("GOST login: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	g.wantMe(sess.Token, iinBekzat)
	ch := g.challenge()
	if w := g.edsLogin(ch.ID, sign(t, bekzat, ch.Nonce, true)); w.Code != http.StatusOK {
		t.Fatalf("GOST login, detached: %d %s", w.Code, w.Body)
	}

	// A signed application with the same key.
	tok := g.login(iinAsel, DemoPassword).Token
	asel := g.key(iinAsel, "")
	pay := g.doc(iinAsel, api.AppPensionPayment)
	pay.Payment = &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "722")}
	a := g.submit(tok, asel, pay)
	if a.Signer.IIN != iinAsel || a.Signer.Serial == "" {
		t.Errorf("signer %+v", a.Signer)
	}

	// An authentication-only GOST key logs in but does not sign.
	authOnly := g.key(iinAsel, "auth")
	if w := g.edsLoginWith(authOnly); w.Code != http.StatusOK {
		t.Errorf("GOST AUTH key login: %d %s", w.Code, w.Body)
	}
	bank := g.doc(iinAsel, api.AppBankDetails)
	bank.Bank = &api.BankDetails{IBAN: testIBAN(t, "601"), BankName: "Halyk Bank"}
	b := docBytes(t, bank)
	wantProblem(t, g.submitRaw(tok, "", b, sign(t, authOnly, b, true)), http.StatusUnprocessableEntity, api.CodeWrongKeyPurpose)
	// Someone else's GOST key does not sign Asel's application.
	wantProblem(t, g.submitRaw(tok, "", b, sign(t, bekzat, b, true)), http.StatusForbidden, api.CodeForbidden)
}

func TestGOSTEDSLoginRevoked(t *testing.T) {
	t.Parallel()
	// The serial is not known before the key is issued: issue, then make
	// the service whose CRL lists it.
	g := newGOSTEnv(t)
	ks := g.key(iinBekzat, "")
	g2 := &gostEnv{ca: g.ca}
	root := filepath.Join(t.TempDir(), "root.cer")
	os.WriteFile(root, g.ca.Cert.Raw, 0o600)
	crl := g.ca.CRL(t, 2, g.clock.Now(), ks.Cert.SerialNumber)
	g2.env = newEDSEnv(t, func(c *Config) {
		c.TrustRoots = []string{root}
		c.FetchCRL = func(string) ([]byte, error) { return crl, nil }
	})
	wantProblem(t, g2.edsLoginWith(ks), http.StatusUnauthorized, api.CodeCertificateRevoked)
}

// NCA's real GOST 2015 test keys through the whole service, with NCA's
// root and issuing CA trusted and NCA's CRL, at a time inside their
// validity: the valid key passes every check and is refused only because
// its owner (IIN 123456789011, a test IIN) is not a depositor; the revoked
// one is refused as revoked.
func TestNCAGOSTEDSLogin(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "eds", "testdata", "nca-gost2015")
	crl, err := os.ReadFile(filepath.Join(dir, "nca_gost2022_test.crl"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEDSEnv(t, func(c *Config) {
		c.TrustRoots = []string{filepath.Join(dir, "root_test_gost_2022.cer"), filepath.Join(dir, "nca_gost2022_test.cer")}
		c.FetchCRL = func(url string) ([]byte, error) {
			if url != "http://test.pki.gov.kz/crl/nca_gost2022_test.crl" {
				return nil, errors.New("offline")
			}
			return crl, nil
		}
	})
	e.clock.Advance(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	valid := openKeyFile(t, filepath.Join(dir, "individual_valid.p12"), "Qwerty12")
	wantProblem(t, e.edsLoginWith(valid), http.StatusNotFound, api.CodeDepositorNotFound)
	revoked := openKeyFile(t, filepath.Join(dir, "individual_revoked.p12"), "Qwerty12")
	wantProblem(t, e.edsLoginWith(revoked), http.StatusUnauthorized, api.CodeCertificateRevoked)
}
