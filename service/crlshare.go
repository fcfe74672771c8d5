package service

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/store"
)

// CRLs shared through the database (table crls): every instance on one
// database uses the same downloaded lists. A list never downloaded is
// downloaded when a certificate first needs it, by one instance (it
// claims the row; the others wait for it); afterwards one instance — the
// holder of the lease crlRefreshLease — downloads each list again every
// CRLRefresh, and the others read what it stored. Each check reads the
// row's dates (a primary-key lookup) and the list itself only when its
// download time changed; the parsed list is kept in memory per address.
// A list is stored only when it is signed by the CA it belongs to and
// not older than the one in hand; a download that fails keeps the list
// in hand, which is used while it is current, and the error is kept
// with it for the problem detail and the log.

// crlRefreshLease is the name of the CRL refresher's lease.
const crlRefreshLease = "crl_refresh"

// crlRetry is how long after a failed download a certificate's check
// does not try again by itself (each check would otherwise wait for the
// same dead server); the refresher retries at its next tick.
const crlRetry = 30 * time.Second

// crlClaimTTL is how long a claim to download a list holds: the
// download's bound and some.
const crlClaimTTL = crlFetchTimeout + 5*time.Second

// crlWaitPoll is how often an instance waiting for another one's
// download looks whether it is done.
const crlWaitPoll = 100 * time.Millisecond

// sharedCRLs is the pki.CRLSource of a Service.
type sharedCRLs struct {
	store   *store.Store
	fetch   func(url string) ([]byte, error)
	clock   func() time.Time
	refresh time.Duration
	holder  string
	log     *slog.Logger

	mu    sync.Mutex
	cache map[string]parsedCRL   // by URL
	urlMu map[string]*sync.Mutex // one download or wait per URL in this process
	done  chan struct{}          // closed by stop
	loop  chan struct{}          // closed when the loop has ended; nil when none runs
	stopO sync.Once
}

// parsedCRL is a stored list, parsed, and when it was downloaded.
type parsedCRL struct {
	fetched time.Time
	crl     *x509.RevocationList
}

func newSharedCRLs(st *store.Store, fetch func(string) ([]byte, error), cfg Config) *sharedCRLs {
	refresh := cfg.CRLRefresh
	if refresh <= 0 {
		refresh = DefaultCRLRefresh
	}
	return &sharedCRLs{store: st, fetch: fetch, clock: cfg.Clock, refresh: refresh, log: cfg.Logger,
		holder: hex.EncodeToString(randomBytes(8)), cache: map[string]parsedCRL{}, urlMu: map[string]*sync.Mutex{},
		done: make(chan struct{})}
}

// due reports whether a check must download the list of r itself: none
// in hand, or the one in hand is past its NextUpdate.
func (c *sharedCRLs) due(r store.CRLRow, now time.Time) bool {
	return r.Fetched.IsZero() || (!r.NextUpdate.IsZero() && !now.Before(r.NextUpdate))
}

// CRL implements pki.CRLSource.
func (c *sharedCRLs) CRL(url string, issuer *x509.Certificate, now time.Time) (*x509.RevocationList, error) {
	ctx, cancel := context.WithTimeout(context.Background(), crlClaimTTL+5*time.Second)
	defer cancel()
	r, err := c.store.CRLRow(ctx, url)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if errors.Is(err, store.ErrNotFound) || c.due(r, now) {
		if r, err = c.onDemand(ctx, url, issuer, now); err != nil {
			return nil, err
		}
	}
	var failed error
	if r.Error != "" {
		failed = errors.New(r.Error)
	}
	if r.Fetched.IsZero() {
		if failed == nil {
			failed = errors.New("not downloaded yet")
		}
		return nil, failed
	}
	crl, err := c.parsed(ctx, url, r.Fetched)
	if err != nil {
		return nil, err
	}
	return crl, failed
}

// parsed is the stored list of url, parsed once per download.
func (c *sharedCRLs) parsed(ctx context.Context, url string, fetched time.Time) (*x509.RevocationList, error) {
	c.mu.Lock()
	p, ok := c.cache[url]
	c.mu.Unlock()
	if ok && p.fetched.Equal(fetched) {
		return p.crl, nil
	}
	der, at, err := c.store.CRLDER(ctx, url)
	if err != nil {
		return nil, err
	}
	crl, err := eds.ParseCRL(der)
	if err != nil {
		return nil, fmt.Errorf("stored CRL: %w", err)
	}
	c.mu.Lock()
	if p, ok := c.cache[url]; !ok || p.fetched.Before(at) {
		c.cache[url] = parsedCRL{fetched: at, crl: crl}
	}
	c.mu.Unlock()
	return crl, nil
}

// lockURL serialises the downloads and waits of url in this process.
func (c *sharedCRLs) lockURL(url string) func() {
	c.mu.Lock()
	m := c.urlMu[url]
	if m == nil {
		m = &sync.Mutex{}
		c.urlMu[url] = m
	}
	c.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// onDemand downloads the list of url for a check that has none in hand
// (or only an expired one), once across the instances: the one that
// claims the row downloads it, the others wait for that. It returns the
// row afterwards.
func (c *sharedCRLs) onDemand(ctx context.Context, url string, issuer *x509.Certificate, now time.Time) (store.CRLRow, error) {
	defer c.lockURL(url)()
	r, err := c.store.CRLRow(ctx, url)
	if err == nil && !c.due(r, now) {
		return r, nil // another goroutine of this process got it meanwhile
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	prevThis := r.ThisUpdate // zero when unknown
	mine, err := c.store.ClaimCRL(ctx, store.CRLClaim{URL: url, Holder: c.holder, Issuer: issuer.Raw, Now: now,
		TTL: crlClaimTTL, TriedBefore: now.Add(-crlRetry)})
	if err != nil {
		return r, err
	}
	if mine {
		c.download(ctx, url, issuer, prevThis, now)
		return c.store.CRLRow(ctx, url)
	}
	// Another instance downloads it (or tried a moment ago): wait for it.
	t := time.NewTicker(crlWaitPoll)
	defer t.Stop()
	for {
		r, err = c.store.CRLRow(ctx, url)
		if err != nil || r.ClaimHolder == "" || !r.ClaimUntil.After(now) {
			return r, err
		}
		select {
		case <-ctx.Done():
			return r, fmt.Errorf("waiting for another instance to download it: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// download fetches the list of url, checks it (a CRL signed by issuer,
// not older than prevThis) and stores it, or records why not; it returns
// the download's error, if any.
func (c *sharedCRLs) download(ctx context.Context, url string, issuer *x509.Certificate, prevThis, now time.Time) error {
	data, err := c.fetch(url)
	var crl *x509.RevocationList
	if err == nil {
		if block, _ := pem.Decode(data); block != nil {
			data = block.Bytes
		}
		crl, err = checkCRL(data, issuer, prevThis)
	}
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "EDS: a CRL could not be fetched; the list in hand is used while it is current",
			slog.String("url", url), slog.Any("err", err))
		if ferr := c.store.CRLFailed(ctx, url, err.Error(), now); ferr != nil {
			return ferr
		}
		return err
	}
	return c.store.PutCRL(ctx, url, data, issuer.Raw, crl.ThisUpdate, crl.NextUpdate, now)
}

// checkCRL parses a downloaded list and accepts it when issuer signed it
// and it is not older than the list in hand (issued at prevThis): an old
// list replayed over plain HTTP must not hide a revocation.
func checkCRL(der []byte, issuer *x509.Certificate, prevThis time.Time) (*x509.RevocationList, error) {
	crl, err := eds.ParseCRL(der)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(crl.RawIssuer, issuer.RawSubject) {
		return nil, fmt.Errorf("not a CRL of %q", issuer.Subject.CommonName)
	}
	if err := eds.CheckCRLSignature(crl, issuer); err != nil {
		return nil, fmt.Errorf("not signed by %q: %w", issuer.Subject.CommonName, err)
	}
	if crl.ThisUpdate.Before(prevThis) {
		return nil, fmt.Errorf("older than the list in hand (issued %s, the one in hand %s)",
			crl.ThisUpdate.UTC().Format(time.RFC3339), prevThis.UTC().Format(time.RFC3339))
	}
	return crl, nil
}

// tick is the refresher's period: a list is due CRLRefresh after its
// download, and is downloaded within a tick of that; a failed download
// is tried again a tick later.
func (c *sharedCRLs) tick() time.Duration { return c.refresh / 4 }

// refreshOnce downloads again, if this instance holds the refresher's
// lease, every list downloaded CRLRefresh or longer before now (or past
// its NextUpdate, or whose download failed a tick ago or longer), and
// returns how many downloads it tried.
func (c *sharedCRLs) refreshOnce(ctx context.Context, now time.Time) (int, error) {
	mine, err := c.store.AcquireLease(ctx, crlRefreshLease, c.holder, now, c.tick()+c.tick()/2)
	if err != nil || !mine {
		return 0, err
	}
	rows, err := c.store.CRLRows(ctx)
	if err != nil {
		return 0, err
	}
	tried := 0
	var errs []error
	for _, r := range rows {
		if ctx.Err() != nil {
			return tried, ctx.Err()
		}
		issuer, err := x509.ParseCertificate(r.Issuer)
		if err != nil {
			errs = append(errs, fmt.Errorf("CRL %s: issuer: %w", r.URL, err))
			continue
		}
		ok, err := c.refreshURL(ctx, r, issuer, now)
		if ok {
			tried++
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("CRL %s: %w", r.URL, err))
		}
	}
	return tried, errors.Join(errs...)
}

// refreshURL downloads the list of r again if it is due (claiming it):
// whether it tried, and the download's error.
func (c *sharedCRLs) refreshURL(ctx context.Context, r store.CRLRow, issuer *x509.Certificate, now time.Time) (bool, error) {
	defer c.lockURL(r.URL)() // not at the same time as a check of this process
	ok, err := c.store.ClaimCRL(ctx, store.CRLClaim{URL: r.URL, Holder: c.holder, Now: now, TTL: crlClaimTTL,
		FetchedBefore: now.Add(-c.refresh), TriedBefore: now.Add(-c.tick())})
	if err != nil || !ok {
		return false, err
	}
	return true, c.download(ctx, r.URL, issuer, r.ThisUpdate, now)
}

// start runs the refresher every tick until stop.
func (c *sharedCRLs) start() {
	c.loop = make(chan struct{})
	go func() {
		defer close(c.loop)
		t := time.NewTicker(c.tick())
		defer t.Stop()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-c.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		for {
			select {
			case <-c.done:
				return
			case <-t.C:
				// Failed downloads are logged by download.
				if _, err := c.refreshOnce(ctx, c.clock()); err != nil && ctx.Err() == nil {
					c.log.LogAttrs(ctx, slog.LevelDebug, "CRL refresh", slog.Any("err", err))
				}
			}
		}
	}()
}

// stop ends the refresher and hands its lease over.
func (c *sharedCRLs) stop() {
	c.stopO.Do(func() {
		close(c.done)
		if c.loop != nil {
			<-c.loop
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.store.ReleaseLease(ctx, crlRefreshLease, c.holder); err != nil {
			c.log.LogAttrs(ctx, slog.LevelWarn, "CRL refresh", slog.Any("err", err))
		}
	})
}
