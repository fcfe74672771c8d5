package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

// DemoKeyPassword is the password of the demo EDS key stores that a Demo
// service issues into <DataDir>/keys/ (see Service.KeysDir): the same as
// that of NCA RK's public test key stores. It is a published demo
// password — the keys are trusted only by the demo service that issued
// them.
const DemoKeyPassword = "Qwerty12"

// ensureDemoKeys issues the demo key stores (pki.EnsureDemoKeys); a
// package variable so that the tests can issue them once per test binary
// instead of once per test. Config.demoKeys overrides it.
var ensureDemoKeys = pki.EnsureDemoKeysUntil

// maxCRLBytes bounds a downloaded CRL (NCA RK's full lists are several MB).
const maxCRLBytes = 64 << 20

// crlFetchTimeout bounds one CRL download.
const crlFetchTimeout = 15 * time.Second

// edsTrust is the EDS side of an open Service: the verifier of login
// signatures, prepared in the background by Open because creating the demo
// CA and issuing the demo keys (~14 RSA 2048 keys) takes a second or more
// on the first start (see TestDemoKeysTiming), which must not delay the
// app's first window. Until it is ready, an EDS login waits for it.
type edsTrust struct {
	keysDir  string        // "" when no demo keys are issued
	stop     chan struct{} // closed by close: issue no more demo keys
	stopOnce sync.Once
	done     chan struct{}
	verifier *pki.Verifier // set before done is closed
	err      error
	// crls are the downloaded CRLs, shared with the other instances on
	// the database (crlshare.go); nil when none are downloaded.
	crls *sharedCRLs
}

// Verifier waits for the verifier (or for ctx).
func (t *edsTrust) Verifier(ctx context.Context) (*pki.Verifier, error) {
	select {
	case <-t.done:
		return t.verifier, t.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// wait waits for the background work to end.
func (t *edsTrust) wait() { <-t.done }

// close stops issuing demo keys (the ones issued are kept, the others
// come at the next start) and waits for the background work to end.
func (t *edsTrust) close() {
	t.stopOnce.Do(func() { close(t.stop) })
	<-t.done
}

// deps are the EDSDeps of the server: none when t is nil (no EDS login).
func (t *edsTrust) deps() EDSDeps {
	if t == nil {
		return EDSDeps{}
	}
	return EDSDeps{Verifier: t.Verifier}
}

// openEDS prepares the login by EDS for Open: it checks the configured
// trust roots at once (a wrong file is an error of Open) and starts the
// background work — issuing the demo keys (Demo), loading or creating the
// CAs of the demo and of PKIDir, building the verifier. It returns nil when
// the service trusts no CA at all, so offers no EDS login.
func openEDS(cfg Config, st *store.Store) (*edsTrust, error) {
	if len(cfg.TrustRoots) > 0 {
		if _, err := pki.LoadCertificates(cfg.TrustRoots...); err != nil {
			return nil, fmt.Errorf("trust roots: %w", err)
		}
	}
	demoCADir := filepath.Join(cfg.DataDir, pki.DemoCADir)
	var caDirs []string
	if cfg.Demo {
		caDirs = append(caDirs, demoCADir)
	}
	if cfg.PKIDir != "" && filepath.Clean(cfg.PKIDir) != filepath.Clean(demoCADir) {
		caDirs = append(caDirs, cfg.PKIDir)
	}
	if len(caDirs) == 0 && len(cfg.TrustRoots) == 0 {
		return nil, nil
	}
	t := &edsTrust{stop: make(chan struct{}), done: make(chan struct{})}
	if cfg.Demo {
		// The folder exists at once, so that the app's file dialog can
		// open it while the keys are being issued.
		t.keysDir = filepath.Join(cfg.DataDir, pki.DemoKeysDir)
		if err := os.MkdirAll(t.keysDir, 0o700); err != nil {
			return nil, fmt.Errorf("demo keys: %w", err)
		}
	}
	ensure := cfg.demoKeys
	if ensure == nil {
		ensure = ensureDemoKeys
	}
	fetch := cfg.FetchCRL
	if fetch == nil && len(cfg.TrustRoots) > 0 {
		fetch = fetchCRL
	}
	if fetch != nil {
		t.crls = newSharedCRLs(st, fetch, cfg)
	}
	go func() {
		defer close(t.done)
		log := cfg.Logger
		if cfg.Demo {
			start := time.Now()
			err := ensure(t.stop, cfg.DataDir, demoKeyPeople(), DemoKeyPassword, cfg.Clock())
			switch {
			case errors.Is(err, pki.ErrStopped):
				log.LogAttrs(context.Background(), slog.LevelInfo, "demo EDS keys: stopped at close; the rest at the next start")
			case err != nil:
				log.LogAttrs(context.Background(), slog.LevelError, "demo EDS keys", slog.Any("err", err))
			default:
				log.LogAttrs(context.Background(), slog.LevelInfo, "demo EDS keys ready",
					slog.String("dir", t.keysDir), slog.Duration("took", time.Since(start)))
			}
		}
		var cas []*pki.CA
		for _, dir := range caDirs {
			ca, err := pki.LoadOrCreateDemoCA(dir, cfg.Clock())
			if err != nil {
				log.LogAttrs(context.Background(), slog.LevelError, "EDS: CA not trusted", slog.String("dir", dir), slog.Any("err", err))
				continue
			}
			cas = append(cas, ca)
		}
		v, err := pki.NewVerifier(cas, cfg.TrustRoots, cfg.Clock)
		if err != nil {
			log.LogAttrs(context.Background(), slog.LevelError, "EDS verifier", slog.Any("err", err))
			t.err = err
			return
		}
		v.CRLURLs = append([]string(nil), cfg.CRLURLs...)
		if t.crls != nil {
			v.CRLSource = t.crls
		}
		v.AllowUnknownRevocation = cfg.AllowUnknownRevocation
		t.verifier = v
	}()
	return t, nil
}

// demoKeyPeople are the demo depositors (not the office staff), the first
// one getting the expired and the revoked key too.
func demoKeyPeople() []pki.Person {
	var out []pki.Person
	for _, p := range demoPeople() {
		if p.Role == store.RoleStaff {
			continue
		}
		out = append(out, pki.Person{IIN: p.IIN, Surname: p.Surname, GivenName: p.GivenName, Patronymic: p.Patronymic})
	}
	return out
}

// fetchCRL downloads a CRL over HTTP(S) (NCA RK publishes them over
// plain HTTP; they are signed, and pki checks the signature).
func fetchCRL(rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("CRL %q: not an http(s) URL", rawURL)
	}
	ctx, cancel := context.WithTimeout(context.Background(), crlFetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("CRL: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("CRL %s: %s", u.Redacted(), resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxCRLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("CRL %s: %w", u.Redacted(), err)
	}
	if len(data) > maxCRLBytes {
		return nil, errors.New("CRL " + u.Redacted() + ": larger than 64 MiB")
	}
	return data, nil
}

// KeysDir is the folder of the demo EDS key stores (<DataDir>/keys/,
// password DemoKeyPassword), or "" when the service issues none (not a
// Demo). The folder exists when Open returns; the keys are issued in the
// background on the first start and are there a second or two later.
func (s *Service) KeysDir() string {
	if s.eds == nil {
		return ""
	}
	return s.eds.keysDir
}
