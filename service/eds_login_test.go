package service

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
)

// The demo keys (two RSA keys of the CA and a dozen of the depositors)
// take a second or more to issue, several under the race detector: the
// tests issue them once per test binary and copy them into every demo
// service's data directory, which is what pki.EnsureDemoKeys would find
// on a second start anyway. TestDemoKeysIssuedInBackground runs the real
// thing.
func init() { ensureDemoKeys = cachedDemoKeys }

var demoKeysTemplate struct {
	once     sync.Once
	now      time.Time
	people   []pki.Person
	password string
	files    map[string][]byte // by path relative to the data directory
	modes    map[string]fs.FileMode
	err      error
}

func cachedDemoKeys(stop <-chan struct{}, dataDir string, people []pki.Person, password string, now time.Time) error {
	tm := &demoKeysTemplate
	tm.once.Do(func() {
		tm.now, tm.people, tm.password = now, people, password
		dir, err := os.MkdirTemp("", "kabinet-demo-keys-")
		if err != nil {
			tm.err = err
			return
		}
		defer os.RemoveAll(dir)
		if tm.err = pki.EnsureDemoKeys(dir, people, password, now); tm.err != nil {
			return
		}
		tm.files, tm.modes = map[string][]byte{}, map[string]fs.FileMode{}
		tm.err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			tm.files[rel], tm.modes[rel] = b, st.Mode().Perm()
			return nil
		})
	})
	if tm.err != nil {
		return tm.err
	}
	_, err := os.Stat(filepath.Join(dataDir, pki.DemoCADir))
	if !now.Equal(tm.now) || password != tm.password || !slices.Equal(people, tm.people) || err == nil {
		return pki.EnsureDemoKeysUntil(stop, dataDir, people, password, now)
	}
	for rel, b := range tm.files {
		path := filepath.Join(dataDir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, tm.modes[rel]); err != nil {
			return err
		}
	}
	return nil
}

// newEDSEnv is a demo service whose demo keys are ready, throttling off.
func newEDSEnv(t *testing.T, mods ...func(*Config)) *env {
	t.Helper()
	mods = append([]func(*Config){func(c *Config) { c.ClientRate, c.ClientBurst = 1e6, 1e6 }}, mods...)
	e := newEnv(t, mods...)
	if e.svc.eds == nil {
		t.Fatal("the demo service offers no EDS login")
	}
	e.svc.eds.wait()
	return e
}

// demoKeys reads the list of demo keys of the service.
func (e *env) demoKeys() []pki.DemoKey {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.svc.KeysDir(), "demo-keys.json"))
	if err != nil {
		e.t.Fatal(err)
	}
	var list []pki.DemoKey
	if err := json.Unmarshal(b, &list); err != nil {
		e.t.Fatal(err)
	}
	return list
}

// demoKey opens the demo key store of iin with the purpose and status.
func (e *env) demoKey(iin string, purpose eds.Purpose, status string) *eds.KeyStore {
	e.t.Helper()
	for _, k := range e.demoKeys() {
		if k.IIN == iin && k.Purpose == purpose && k.Status == status {
			return openKeyFile(e.t, filepath.Join(e.svc.KeysDir(), k.File), DemoKeyPassword)
		}
	}
	e.t.Fatalf("no demo key %s %s %s", iin, purpose, status)
	return nil
}

func openKeyFile(t *testing.T, path, password string) *eds.KeyStore {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(b, password)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	t.Cleanup(ks.Close)
	return ks
}

// challenge asks for a login challenge and checks it.
func (e *env) challenge() api.EDSChallenge {
	e.t.Helper()
	w := e.do("POST", api.PathEDSChallenge, "", "")
	if w.Code != http.StatusOK {
		e.t.Fatalf("challenge: %d %s", w.Code, w.Body)
	}
	var ch api.EDSChallenge
	decode(e.t, w, &ch)
	if ch.ID == "" || len(ch.Nonce) < 16 {
		e.t.Fatalf("challenge %+v: want an id and at least 128 bits", ch)
	}
	return ch
}

func sign(t *testing.T, ks *eds.KeyStore, data []byte, detached bool) []byte {
	t.Helper()
	cms, err := eds.SignCMS(ks, data, detached)
	if err != nil {
		t.Fatal(err)
	}
	return cms
}

func edsLoginBody(challengeID string, cms []byte) string {
	b, _ := json.Marshal(api.EDSLoginRequest{ChallengeID: challengeID, CMS: cms})
	return string(b)
}

func (e *env) edsLogin(challengeID string, cms []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do("POST", api.PathEDSLogin, edsLoginBody(challengeID, cms), "")
}

// edsLoginWith signs a fresh challenge with ks and logs in.
func (e *env) edsLoginWith(ks *eds.KeyStore) *httptest.ResponseRecorder {
	e.t.Helper()
	ch := e.challenge()
	return e.edsLogin(ch.ID, sign(e.t, ks, ch.Nonce, false))
}

// wantMe checks that token opens iin's cabinet.
func (e *env) wantMe(token, iin string) {
	e.t.Helper()
	w := e.do("GET", api.PathMe, "", token)
	if w.Code != http.StatusOK {
		e.t.Fatalf("me: %d %s", w.Code, w.Body)
	}
	var me api.Me
	decode(e.t, w, &me)
	if me.IIN != iin {
		e.t.Fatalf("me = %s, want %s", me.IIN, iin)
	}
}

func TestEDSLogin(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t)
	ks := e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid)

	ch := e.challenge()
	if want := testStart.Add(5 * time.Minute); !ch.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want %v", ch.ExpiresAt, want)
	}
	cms := sign(t, ks, ch.Nonce, false)
	w := e.edsLogin(ch.ID, cms)
	if w.Code != http.StatusOK {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	var sess api.Session
	decode(t, w, &sess)
	if sess.Token == "" || !sess.ExpiresAt.Equal(testStart.Add(defaultAbsoluteTimeout)) || sess.IdleTimeoutSeconds != 900 {
		t.Errorf("session = %+v", sess)
	}
	e.wantMe(sess.Token, iinBekzat)

	var method string
	if err := e.db().QueryRow(`SELECT method FROM sessions WHERE iin = ?`, iinBekzat).Scan(&method); err != nil || method != "eds" {
		t.Errorf("session method = %q, %v", method, err)
	}
	ev := e.eventCounts(iinBekzat)
	if ev[EventEDSLoginOK] != 1 || ev["login_ok"] != 1 || ev[EventEDSLoginFailed] != 0 {
		t.Errorf("events = %v", ev)
	}
	// Neither the CMS nor the nonce reach the log.
	logs := e.logs.String()
	for _, secret := range [][]byte{cms, ch.Nonce} {
		if strings.Contains(logs, base64.StdEncoding.EncodeToString(secret)) {
			t.Error("the log holds the CMS or the nonce")
		}
	}
	if strings.Contains(logs, sess.Token) {
		t.Error("the log holds the token")
	}

	// Detached, and attached without the challenge's id.
	ch = e.challenge()
	if w := e.edsLogin(ch.ID, sign(t, ks, ch.Nonce, true)); w.Code != http.StatusOK {
		t.Errorf("detached: %d %s", w.Code, w.Body)
	}
	ch = e.challenge()
	if w := e.edsLogin("", sign(t, ks, ch.Nonce, false)); w.Code != http.StatusOK {
		t.Errorf("attached without id: %d %s", w.Code, w.Body)
	}
	// A detached CMS needs the id: nothing else says which nonce.
	ch = e.challenge()
	wantProblem(t, e.edsLogin("", sign(t, ks, ch.Nonce, true)), http.StatusUnauthorized, api.CodeSignatureInvalid)
}

func TestEDSInfoAndKeysDir(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t)
	var info api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &info)
	if !info.HasFeature(api.FeatureEDS) {
		t.Errorf("features = %q, want eds", info.Features)
	}
	if want := filepath.Join(e.dir, "keys"); e.svc.KeysDir() != want {
		t.Errorf("KeysDir = %q, want %q", e.svc.KeysDir(), want)
	}
	// Every demo depositor has an AUTH and a SIGN key, NCA-named; the
	// first has an expired and a revoked AUTH key too; staff have none.
	list := e.demoKeys()
	if len(list) != 2*5+2 {
		t.Errorf("%d demo keys, want 12", len(list))
	}
	have := map[string]int{}
	for _, k := range list {
		have[k.IIN+"/"+string(k.Purpose)+"/"+k.Status]++
		prefix := "RSA256_"
		if k.Purpose == eds.PurposeAuth {
			prefix = "AUTH_RSA256_"
		}
		if !strings.HasPrefix(k.File, prefix) || !strings.HasSuffix(k.File, ".p12") {
			t.Errorf("file name %q for %s", k.File, k.Purpose)
		}
		ks := openKeyFile(t, filepath.Join(e.svc.KeysDir(), k.File), DemoKeyPassword)
		if ks.Info.IIN != k.IIN || ks.Info.Purpose != k.Purpose {
			t.Errorf("%s holds %s %s", k.File, ks.Info.IIN, ks.Info.Purpose)
		}
	}
	for _, iin := range []string{iinBekzat, iinSerik, iinAsel, iinDauren, iinAigerim} {
		if have[iin+"/auth/valid"] != 1 || have[iin+"/sign/valid"] != 1 {
			t.Errorf("keys of %s: %v", iin, have)
		}
	}
	if have[iinBekzat+"/auth/expired"] != 1 || have[iinBekzat+"/auth/revoked"] != 1 || have[iinStaff+"/auth/valid"] != 0 {
		t.Errorf("keys: %v", have)
	}
}

func TestEDSLoginRefusals(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t)
	auth := e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid)

	t.Run("replayed nonce", func(t *testing.T) {
		ch := e.challenge()
		cms := sign(t, auth, ch.Nonce, false)
		if w := e.edsLogin(ch.ID, cms); w.Code != http.StatusOK {
			t.Fatalf("first: %d %s", w.Code, w.Body)
		}
		wantProblem(t, e.edsLogin(ch.ID, cms), http.StatusConflict, api.CodeChallengeReused)
		wantProblem(t, e.edsLogin("", cms), http.StatusConflict, api.CodeChallengeReused)
	})
	t.Run("expired challenge", func(t *testing.T) {
		ch := e.challenge()
		cms := sign(t, auth, ch.Nonce, false)
		e.clock.Advance(pki.ChallengeTTL + time.Second)
		defer e.clock.Advance(-pki.ChallengeTTL - time.Second)
		wantProblem(t, e.edsLogin(ch.ID, cms), http.StatusGone, api.CodeChallengeExpired)
	})
	t.Run("unknown challenge", func(t *testing.T) {
		ch := e.challenge()
		wantProblem(t, e.edsLogin("0123456789abcdef0123456789abcdef", sign(t, auth, ch.Nonce, false)),
			http.StatusGone, api.CodeChallengeExpired)
	})
	t.Run("another nonce", func(t *testing.T) {
		ch1, ch2 := e.challenge(), e.challenge()
		wantProblem(t, e.edsLogin(ch1.ID, sign(t, auth, ch2.Nonce, false)), http.StatusUnauthorized, api.CodeSignatureInvalid)
		wantProblem(t, e.edsLogin(ch1.ID, sign(t, auth, ch2.Nonce, true)), http.StatusConflict, api.CodeChallengeReused)
		// The nonce of ch2 is not spent by the refusal above.
		if w := e.edsLogin(ch2.ID, sign(t, auth, ch2.Nonce, true)); w.Code != http.StatusOK {
			t.Errorf("ch2: %d %s", w.Code, w.Body)
		}
	})
	t.Run("not a CMS", func(t *testing.T) {
		ch := e.challenge()
		wantProblem(t, e.edsLogin(ch.ID, []byte("not a signature")), http.StatusUnauthorized, api.CodeSignatureInvalid)
		wantProblem(t, e.edsLogin("", []byte("not a signature")), http.StatusUnauthorized, api.CodeSignatureInvalid)
	})
	t.Run("SIGN key", func(t *testing.T) {
		w := e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeSign, pki.DemoKeyValid))
		wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeWrongKeyPurpose)
	})
	t.Run("revoked key", func(t *testing.T) {
		w := e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyRevoked))
		wantProblem(t, w, http.StatusUnauthorized, api.CodeCertificateRevoked)
	})
	t.Run("expired key", func(t *testing.T) {
		w := e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyExpired))
		p := wantProblem(t, w, http.StatusUnauthorized, api.CodeCertificateExpired)
		if !strings.Contains(p.Detail, "until") {
			t.Errorf("detail = %q", p.Detail)
		}
	})
	t.Run("valid key after the service's clock passed its end", func(t *testing.T) {
		e.clock.Advance(366 * 24 * time.Hour)
		defer e.clock.Advance(-366 * 24 * time.Hour)
		wantProblem(t, e.edsLoginWith(auth), http.StatusUnauthorized, api.CodeCertificateExpired)
	})
	t.Run("real NCA key", func(t *testing.T) {
		dir := filepath.Join("..", "..", "shared", "testdata", "nca")
		files, _ := filepath.Glob(filepath.Join(dir, "AUTH_RSA256_*.p12"))
		if len(files) == 0 {
			t.Skip("no NCA test keys in", dir)
		}
		nca := openKeyFile(t, files[0], "Qwerty12")
		w := e.edsLoginWith(nca)
		wantProblem(t, w, http.StatusUnauthorized, api.CodeCertificateUntrusted)
	})
	t.Run("not a depositor", func(t *testing.T) {
		ca, err := pki.LoadOrCreateDemoCA(filepath.Join(e.dir, pki.DemoCADir), testStart)
		if err != nil {
			t.Fatal(err)
		}
		p12, err := ca.Issue(pki.IssueRequest{IIN: iinNobody, Surname: "БЕЛГІСІЗ", CommonName: "БЕЛГІСІЗ АДАМ",
			Purpose: eds.PurposeAuth, NotBefore: testStart.Add(-time.Hour), Password: "pw"})
		if err != nil {
			t.Fatal(err)
		}
		ks, err := eds.OpenKeyStore(p12, "pw")
		if err != nil {
			t.Fatal(err)
		}
		defer ks.Close()
		wantProblem(t, e.edsLoginWith(ks), http.StatusNotFound, api.CodeDepositorNotFound)
		if ev := e.eventCounts(iinNobody); ev[EventEDSLoginFailed] != 1 {
			t.Errorf("events of the stranger: %v", ev)
		}
	})
	t.Run("bad requests", func(t *testing.T) {
		ch := e.challenge()
		cms := base64.StdEncoding.EncodeToString(sign(t, auth, ch.Nonce, false))
		for name, body := range map[string]string{
			"empty":         "",
			"not JSON":      "cms=" + cms,
			"no cms":        `{"challengeId":"` + ch.ID + `"}`,
			"cms not b64":   `{"challengeId":"` + ch.ID + `","cms":"***"}`,
			"cms a number":  `{"challengeId":"` + ch.ID + `","cms":5}`,
			"unknown field": `{"challengeId":"` + ch.ID + `","cms":"` + cms + `","iin":"880415300157"}`,
			"two objects":   `{"cms":"` + cms + `"}{}`,
			"too large":     `{"challengeId":"` + ch.ID + `","cms":"` + strings.Repeat("A", maxBodyBytes) + `"}`,
		} {
			wantProblem(t, e.do("POST", api.PathEDSLogin, body, ""), http.StatusBadRequest, api.CodeBadRequest)
			_ = name
		}
		// None of them spent the challenge.
		if w := e.do("POST", api.PathEDSLogin, `{"challengeId":"`+ch.ID+`","cms":"`+cms+`"}`, ""); w.Code != http.StatusOK {
			t.Errorf("after the bad requests: %d %s", w.Code, w.Body)
		}
	})

	// Every refusal is in the journal with its code; the CMS is not.
	rows, err := e.db().Query(`SELECT detail FROM security_events WHERE kind = ?`, EventEDSLoginFailed)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	codes := map[string]bool{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		code, _, _ := strings.Cut(d, ";")
		codes[code] = true
	}
	for _, c := range []string{api.CodeChallengeReused, api.CodeChallengeExpired, api.CodeSignatureInvalid,
		api.CodeWrongKeyPurpose, api.CodeCertificateRevoked, api.CodeCertificateExpired, api.CodeDepositorNotFound} {
		if !codes[c] {
			t.Errorf("no eds_login_failed event with %s (have %v)", c, codes)
		}
	}
	if strings.Contains(e.logs.String(), `"status":500`) {
		t.Error("a request was answered 500")
	}
}

// A depositor who has not registered in the cabinet (no password) logs in
// by EDS: the memo's «подтвердить ЭЦП».
func TestEDSLoginUnregisteredDepositor(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t)
	w := e.edsLoginWith(e.demoKey(iinDauren, eds.PurposeAuth, pki.DemoKeyValid))
	if w.Code != http.StatusOK {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	var sess api.Session
	decode(t, w, &sess)
	e.wantMe(sess.Token, iinDauren)
	// The password login still says he has no cabinet password.
	wantProblem(t, e.do("POST", api.PathLogin, loginBody(iinDauren, DemoPassword), ""),
		http.StatusUnauthorized, api.CodeInvalidCredentials)
}

func TestEDSThrottled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.ClientRate, c.ClientBurst = 1, 3 })
	for i := range 3 {
		if w := e.do("POST", api.PathEDSChallenge, "", ""); w.Code != http.StatusOK {
			t.Fatalf("challenge %d: %d %s", i, w.Code, w.Body)
		}
	}
	wantProblem(t, e.do("POST", api.PathEDSChallenge, "", ""), http.StatusTooManyRequests, api.CodeRateLimited)
	wantProblem(t, e.do("POST", api.PathEDSLogin, `{"cms":"AA=="}`, ""), http.StatusTooManyRequests, api.CodeRateLimited)
	// Another client is not affected.
	if w := e.doFrom("192.0.2.99:1", "POST", api.PathEDSChallenge, "", ""); w.Code != http.StatusOK {
		t.Errorf("other client: %d", w.Code)
	}
}

// A service that trusts no CA offers no EDS login.
func TestEDSNotOffered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Demo = false })
	if e.svc.KeysDir() != "" {
		t.Errorf("KeysDir = %q", e.svc.KeysDir())
	}
	var info api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &info)
	if info.HasFeature(api.FeatureEDS) {
		t.Errorf("features = %q", info.Features)
	}
	wantProblem(t, e.do("POST", api.PathEDSChallenge, "", ""), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("POST", api.PathEDSLogin, `{"cms":"AA=="}`, ""), http.StatusNotFound, api.CodeNotFound)
	if _, err := os.Stat(filepath.Join(e.dir, pki.DemoCADir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a service that is not a demo made a CA: %v", err)
	}
}

// Trust roots from files: a bad file is an error of Open; a service that
// is not a demo trusts exactly the configured roots, and PKIDir adds a CA.
func TestEDSTrustRoots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("no certificate here"), 0o600)
	_, err := Open(context.Background(), Config{DataDir: t.TempDir(), TrustRoots: []string{bad}, Argon2: cheapArgon2()})
	if err == nil {
		t.Fatal("Open with a bad trust root file: no error")
	}

	// Keys of a staff CA in PKIDir (as "kabinetd pki issue" writes them),
	// on a service that is not a demo.
	caDir := filepath.Join(dir, "staff-ca")
	ca, err := pki.LoadOrCreateDemoCA(caDir, testStart)
	if err != nil {
		t.Fatal(err)
	}
	p12, err := ca.Issue(pki.IssueRequest{IIN: iinBekzat, Surname: "СЕЙТКАЛИ", CommonName: "СЕЙТКАЛИ БЕКЗАТ",
		GivenName: "НУРЛАНОВИЧ", Purpose: eds.PurposeAuth, NotBefore: testStart.Add(-time.Hour), Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	ks, err := eds.OpenKeyStore(p12, "pw")
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()

	// Demo data without the demo CA: the root of the staff CA as a file.
	rootFile := filepath.Join(dir, "root.crt")
	if b, err := os.ReadFile(filepath.Join(caDir, "root.crt")); err != nil || os.WriteFile(rootFile, b, 0o600) != nil {
		t.Fatal("copy the root certificate:", err)
	}
	fetched := 0
	e := newEnv(t, func(c *Config) {
		c.Demo, c.TrustRoots, c.ClientRate, c.ClientBurst = false, []string{rootFile}, 1e6, 1e6
		c.CRLURLs = []string{"http://crl.invalid/staff.crl"}
		c.FetchCRL = func(string) ([]byte, error) { fetched++; return nil, errors.New("offline") }
	})
	e.svc.Close()
	e.demoData() // the demo people, on a service that is not a demo
	e.open()
	e.svc.eds.wait()
	var info api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &info)
	if !info.HasFeature(api.FeatureEDS) || info.Demo {
		t.Errorf("info = %+v", info)
	}
	// The root alone: the issuing CA comes with the CMS, but its CRL
	// cannot be downloaded.
	wantProblem(t, e.edsLoginWith(ks), http.StatusUnauthorized, api.CodeCertificateUntrusted)
	if fetched == 0 {
		t.Error("no CRL download was tried")
	}
	// No CRL anywhere, and the operator accepts that.
	e.cfg.CRLURLs = nil
	e.reopen()
	e.svc.eds.wait()
	wantProblem(t, e.edsLoginWith(ks), http.StatusUnauthorized, api.CodeCertificateUntrusted)
	e.cfg.AllowUnknownRevocation = true
	e.reopen()
	e.svc.eds.wait()
	if w := e.edsLoginWith(ks); w.Code != http.StatusOK {
		t.Errorf("with unknown revocation allowed: %d %s", w.Code, w.Body)
	}

	// PKIDir: the CA itself, its live CRL included.
	e.cfg.TrustRoots, e.cfg.AllowUnknownRevocation, e.cfg.PKIDir = nil, false, caDir
	e.reopen()
	e.svc.eds.wait()
	if w := e.edsLoginWith(ks); w.Code != http.StatusOK {
		t.Errorf("with PKIDir: %d %s", w.Code, w.Body)
	}
	if _, err := os.Stat(filepath.Join(e.dir, pki.DemoCADir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a service that is not a demo made the demo CA: %v", err)
	}
}

// Open does not wait for the demo keys: a slow issuing (a first start)
// neither delays Open nor the other routes; an EDS login waits for it, and
// Close waits for it to end.
func TestDemoKeysDoNotDelayOpen(t *testing.T) {
	t.Parallel()
	release, started := make(chan struct{}), make(chan struct{})
	var finished bool
	e := newEnv(t, func(c *Config) {
		c.demoKeys = func(stop <-chan struct{}, dataDir string, people []pki.Person, password string, now time.Time) error {
			close(started)
			<-release
			finished = true
			return cachedDemoKeys(stop, dataDir, people, password, now)
		}
	})
	<-started
	if w := e.do("GET", api.PathInfo, "", ""); w.Code != http.StatusOK {
		t.Fatalf("info: %d", w.Code)
	}
	if st, err := os.Stat(e.svc.KeysDir()); err != nil || !st.IsDir() {
		t.Errorf("keys folder not there at once: %v", err)
	}
	ch := e.challenge()

	// A login waits, and gives up with its request.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r := httptest.NewRequestWithContext(ctx, "POST", api.PathEDSLogin, strings.NewReader(edsLoginBody(ch.ID, []byte{0x30})))
	r.RemoteAddr = testClientIP + ":1"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("login while the keys are issued, request given up: %d %s", w.Code, w.Body)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		e.svc.Close()
	}()
	select {
	case <-done:
		t.Fatal("Close returned while the demo keys were being issued")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	<-done
	if !finished {
		t.Error("Close did not wait for the demo keys")
	}
	e.svc = nil
}

// The real issuing of the demo keys on a first start, and how long it
// takes (see demokeys.go: it runs in the background).
func TestDemoKeysIssuedInBackground(t *testing.T) {
	if testing.Short() {
		t.Skip("issues RSA keys")
	}
	t.Parallel()
	start := time.Now()
	e := newEnv(t, func(c *Config) { c.demoKeys = pki.EnsureDemoKeysUntil })
	opened := time.Since(start)
	e.svc.eds.wait()
	issued := time.Since(start)
	t.Logf("Open took %v; the demo CA and keys were ready after %v (race detector: %v)", opened, issued, raceEnabled)

	ks := e.demoKey(iinAsel, eds.PurposeAuth, pki.DemoKeyValid)
	if w := e.edsLoginWith(ks); w.Code != http.StatusOK {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	wantProblem(t, e.edsLoginWith(e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyRevoked)),
		http.StatusUnauthorized, api.CodeCertificateRevoked)

	// A second start issues nothing new and is ready at once.
	before := e.demoKeys()
	start = time.Now()
	e.reopen()
	e.svc.eds.wait()
	t.Logf("second start: ready after %v", time.Since(start))
	if after := e.demoKeys(); !slices.Equal(before, after) {
		t.Errorf("keys changed on a second start:\n%v\n%v", before, after)
	}
	if w := e.edsLoginWith(ks); w.Code != http.StatusOK {
		t.Fatalf("login after restart: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(e.logs.String(), "demo EDS keys ready") {
		t.Error("no log line about the demo keys")
	}
	if strings.Contains(e.logs.String(), DemoKeyPassword) {
		t.Error("the log holds the key store password")
	}
}

// fuzzEDSService is a demo service for the fuzz targets (which have no
// *testing.T for newEnv).
func fuzzEDSService(f *testing.F) (http.Handler, *eds.KeyStore) {
	dir := f.TempDir()
	svc, err := Open(context.Background(), Config{
		DataDir: dir, Demo: true, Argon2: cheapArgon2(),
		Clock:      func() time.Time { return testStart },
		ClientRate: 1e9, ClientBurst: 1 << 30,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { svc.Close() })
	svc.eds.wait()
	var ks *eds.KeyStore
	b, _ := os.ReadFile(filepath.Join(svc.KeysDir(), "demo-keys.json"))
	var list []pki.DemoKey
	json.Unmarshal(b, &list)
	for _, k := range list {
		if k.IIN == iinBekzat && k.Purpose == eds.PurposeAuth && k.Status == pki.DemoKeyValid {
			data, err := os.ReadFile(filepath.Join(svc.KeysDir(), k.File))
			if err != nil {
				f.Fatal(err)
			}
			if ks, err = eds.OpenKeyStore(data, DemoKeyPassword); err != nil {
				f.Fatal(err)
			}
			f.Cleanup(ks.Close)
		}
	}
	if ks == nil {
		f.Fatal("no demo AUTH key")
	}
	return svc.Handler(), ks
}

func fuzzPost(t *testing.T, h http.Handler, path, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.RemoteAddr = testClientIP + ":1"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	specChecked(t, h).ServeHTTP(w, r)
	if w.Code >= 500 {
		t.Fatalf("%s %q: %d %s", path, body, w.Code, w.Body)
	}
	ct := w.Header().Get("Content-Type")
	if w.Code >= 400 && ct != api.ProblemContentType || w.Code < 400 && !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%d with Content-Type %q", w.Code, ct)
	}
	return w
}

func freshChallenge(t *testing.T, h http.Handler) api.EDSChallenge {
	w := fuzzPost(t, h, api.PathEDSChallenge, "")
	var ch api.EDSChallenge
	if err := json.Unmarshal(w.Body.Bytes(), &ch); err != nil {
		t.Fatal(err)
	}
	return ch
}

// The login request decoder never answers 500, whatever the body;
// "CHALLENGE" in the body becomes the id of a fresh challenge and "CMS" a
// valid signature of its nonce, so that the fuzzer reaches past the
// decoder.
func FuzzEDSLoginRequest(f *testing.F) {
	h, ks := fuzzEDSService(f)
	for _, s := range []string{
		`{"challengeId":"CHALLENGE","cms":"CMS"}`,
		`{"cms":"CMS"}`,
		`{"challengeId":"CHALLENGE","cms":""}`,
		`{"challengeId":"CHALLENGE","cms":null}`,
		`{"challengeId":"CHALLENGE","cms":"MA=="}`,
		`{"challengeId":1,"cms":"CMS"}`,
		`{"challengeId":"CHALLENGE","cms":"CMS","x":1}`,
		`[]`, `null`, `{}`, `{"cms":"CMS"} {}`, `{"cms":"`, "\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Contains(body, "CHALLENGE") || strings.Contains(body, "CMS") {
			ch := freshChallenge(t, h)
			cms, err := eds.SignCMS(ks, ch.Nonce, false)
			if err != nil {
				t.Fatal(err)
			}
			body = strings.ReplaceAll(body, "CHALLENGE", ch.ID)
			body = strings.ReplaceAll(body, "CMS", base64.StdEncoding.EncodeToString(cms))
		}
		fuzzPost(t, h, api.PathEDSLogin, body)
	})
}

// Whatever the CMS bytes, the verifier answers with a problem, never 500.
func FuzzEDSLoginCMS(f *testing.F) {
	h, ks := fuzzEDSService(f)
	nonce := []byte("0123456789abcdef0123456789abcdef")
	for _, detached := range []bool{false, true} {
		cms, err := eds.SignCMS(ks, nonce, detached)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(cms, true)
		f.Add(cms, false)
		f.Add(cms[:len(cms)/2], true)
	}
	f.Add([]byte{0x30, 0x80, 0, 0}, true)
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, cms []byte, withID bool) {
		id := ""
		if withID {
			id = freshChallenge(t, h).ID
		}
		fuzzPost(t, h, api.PathEDSLogin, edsLoginBody(id, cms))
	})
}
