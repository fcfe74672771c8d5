package pki

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
)

// Verification errors. Each maps to one problem code of the API (see Code).
// A verification that finds several problems returns them joined, so
// errors.Is holds for each; Code picks the most important.
var (
	ErrSignatureInvalid     = errors.New("pki: the signature is invalid or is not over the expected data")
	ErrCertificateUntrusted = errors.New("pki: the certificate is not issued by a trusted certification authority")
	ErrCertificateExpired   = errors.New("pki: the certificate is outside its validity period")
	ErrCertificateRevoked   = errors.New("pki: the certificate has been revoked")
	ErrWrongKeyPurpose      = errors.New("pki: the key is not meant for this operation")
	// ErrCRLUnavailable: the CRL needed to check revocation could not be
	// downloaded or was no current list of the issuer. It comes wrapped
	// with ErrCertificateUntrusted (the certificate is refused) so that
	// the answer can say what went wrong.
	ErrCRLUnavailable = errors.New("pki: the certification authority's revocation list could not be fetched")
	// ErrWeakAlgorithm: the signature uses SHA-1 (eds.ErrSHA1), refused
	// before anything else is checked.
	ErrWeakAlgorithm = errors.New("pki: the signature uses a refused algorithm")
)

// codeOrder lists the errors by importance, with their problem codes.
var codeOrder = []struct {
	err  error
	code string
}{
	{ErrWeakAlgorithm, api.CodeWeakSignature},
	{ErrSignatureInvalid, api.CodeSignatureInvalid},
	{ErrCertificateUntrusted, api.CodeCertificateUntrusted},
	{ErrCertificateRevoked, api.CodeCertificateRevoked},
	{ErrCertificateExpired, api.CodeCertificateExpired},
	{ErrWrongKeyPurpose, api.CodeWrongKeyPurpose},
	{ErrChallengeReused, api.CodeChallengeReused},
	{ErrChallengeExpired, api.CodeChallengeExpired},
	{ErrChallengeUnknown, api.CodeChallengeExpired}, // an unknown nonce is one this service no longer has
}

// Code returns the API problem code for an error of this package ("" if it
// is none of them).
func Code(err error) string {
	for _, c := range codeOrder {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return ""
}

// Verifier checks CMS signatures made with EDS keys: the signature, the
// chain to a trusted root, the validity at the clock, the key purpose and
// revocation by CRL. Set the fields before the first use; a Verifier is then
// safe for concurrent use.
//
// GOST 34.10-2015 signatures, certificates and CRLs (NCA's GOST PKI) are
// verified natively (eds/gost): crypto/x509 cannot build a GOST chain, so
// for a GOST certificate the chain is built by eds.BuildChain from
// RootCerts and IntermediateCerts (NewVerifier fills them with the Roots
// and Intermediates it adds). GOST 34.310-2004 signatures fail with
// ErrSignatureInvalid (wrapping eds.ErrUnsupportedAlgorithm).
type Verifier struct {
	// Roots are the trust anchors: NCA RK's roots from configured files
	// (LoadCertificates) and/or the demo CA's root.
	Roots *x509.CertPool
	// Intermediates are issuing CAs to build chains with, besides those
	// carried in the CMS.
	Intermediates *x509.CertPool
	// RootCerts and IntermediateCerts are the same certificates as Roots
	// and Intermediates, as lists: the chains of GOST certificates are
	// built from them (a CertPool cannot be listed).
	RootCerts, IntermediateCerts []*x509.Certificate
	// CRLs returns the revocation lists known at now; called on each
	// verification, so that a CA's fresh revocations count at once (see
	// CA.RevocationList). Nil: none.
	CRLs func(now time.Time) ([]*x509.RevocationList, error)
	// FetchCRL, if set, downloads a CRL (DER or PEM) from a URL of a
	// certificate's CRL distribution points when CRLs has none for its
	// issuer — for real NCA roots (crl.pki.gov.kz). The caller bounds its
	// time. A downloaded list is used until CRLRefresh has passed since
	// it was fetched (or its NextUpdate, if sooner), then fetched again;
	// when that fails, the list in hand is used while it is current.
	FetchCRL func(url string) ([]byte, error)
	// CRLRefresh is how long a downloaded CRL is used before it is fetched
	// again (0: DefaultCRLRefresh), so that a revocation counts within
	// CRLRefresh rather than at the list's NextUpdate (often days).
	CRLRefresh time.Duration
	// CRLURLs are more URLs for FetchCRL to try after a certificate's own
	// distribution points (e.g. NCA RK's http://crl.pki.gov.kz/nca_rsa.crl).
	// A list counts only if signed by the certificate's issuer. Delta CRLs
	// (RFC 5280 §5.2.4) among the lists of CRLs count on top of their
	// base CRL (see checkRevocation).
	CRLURLs []string
	// CRLSource, if set, supplies the downloaded CRLs instead of FetchCRL
	// and the verifier's own cache: several verifiers (kabinetd instances
	// on one database) then share one copy of each list, refreshed by
	// one of them. FetchCRL and CRLRefresh are not used.
	CRLSource CRLSource
	// AllowUnknownRevocation accepts a certificate whose issuer has no
	// (current) CRL. Off by default: such a certificate is untrusted.
	AllowUnknownRevocation bool
	// Clock is the time validity is judged at; time.Now if nil.
	Clock func() time.Time

	cacheMu     sync.Mutex
	cache       map[string]cachedCRL // by URL
	deltaFailed map[string]time.Time // delta CRL URLs that failed, when
}

// CRLSource is a store of downloaded CRLs shared by several verifiers
// (Verifier.CRLSource).
type CRLSource interface {
	// CRL returns the latest list stored for url, downloading it first
	// (signed by issuer, the CA whose certificate is being checked) when
	// none is stored or the stored one is past its NextUpdate; nil when
	// there is none. When the latest attempt to download it failed, the
	// error says why, the previous list (if any) being returned with it:
	// the verifier uses that list while it is current.
	CRL(url string, issuer *x509.Certificate, now time.Time) (*x509.RevocationList, error)
}

// DefaultCRLRefresh is Verifier.CRLRefresh when it is not set.
const DefaultCRLRefresh = time.Hour

// cachedCRL is a downloaded list and when it was fetched.
type cachedCRL struct {
	crl     *x509.RevocationList
	fetched time.Time
}

// deltaRetry is how long a delta CRL that could not be downloaded is not
// tried again.
const deltaRetry = 10 * time.Minute

func (v *Verifier) now() time.Time {
	if v.Clock != nil {
		return v.Clock()
	}
	return time.Now()
}

// VerifyAuth checks a login signature: cms must be a signature over exactly
// nonce (attached or detached) by an authentication (AUTH) key whose
// certificate chains to a trusted root, is valid now and is not revoked.
// On success it returns what the certificate says (the IIN to log in).
// When the signature itself is valid, the CertInfo is returned with the
// error too, for the message ("the key of ... expired on ...").
func (v *Verifier) VerifyAuth(cms, nonce []byte) (eds.CertInfo, error) {
	return v.verify(cms, nonce, eds.PurposeAuth)
}

// VerifySign checks a document signature: cms must be a signature over
// exactly document (attached or detached) by a signing (SIGN) key, with the
// same checks of chain, validity and revocation as VerifyAuth.
func (v *Verifier) VerifySign(cms, document []byte) (eds.CertInfo, error) {
	return v.verify(cms, document, eds.PurposeSign)
}

func (v *Verifier) verify(cms, content []byte, want eds.Purpose) (eds.CertInfo, error) {
	r, err := v.Verify(cms, content, want)
	return r.Info, err
}

// Result is what Verify found out: the signer, the chain to a trusted
// root when there is one (root last) and whether the signer's certificate
// is revoked.
type Result struct {
	Info    eds.CertInfo
	Leaf    *x509.Certificate
	Chain   []*x509.Certificate
	Revoked bool
}

// Verify checks cms over content like VerifyAuth and VerifySign, for the
// purpose want; want PurposeNone checks no purpose.
func (v *Verifier) Verify(cms, content []byte, want eds.Purpose) (Result, error) {
	if len(content) == 0 {
		return Result{}, fmt.Errorf("%w: nothing to compare the signed content with", ErrSignatureInvalid)
	}
	if err := eds.RefuseSHA1(cms); err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrWeakAlgorithm, err)
	}
	// The expected content is given as the detached content: an attached
	// CMS must carry exactly it, a detached one is checked over it.
	leaf, _, err := eds.VerifyCMS(cms, content)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrSignatureInvalid, err)
	}
	info := eds.NewCertInfo(leaf)
	now := v.now()
	var problems []error

	chain, err := v.chain(cms, leaf, now)
	if err != nil {
		problems = append(problems, fmt.Errorf("%w: %v", ErrCertificateUntrusted, err))
	}
	for _, c := range append([]*x509.Certificate{leaf}, chain...) {
		if now.Before(c.NotBefore) {
			problems = append(problems, fmt.Errorf("%w: %w: %q valid from %s", ErrCertificateExpired, eds.ErrNotYetValid,
				c.Subject.CommonName, c.NotBefore.UTC().Format(time.DateOnly)))
		} else if now.After(c.NotAfter) {
			problems = append(problems, fmt.Errorf("%w: %w: %q valid until %s", ErrCertificateExpired, eds.ErrExpired,
				c.Subject.CommonName, c.NotAfter.UTC().Format(time.DateOnly)))
		}
	}
	if len(chain) > 0 { // revocation means something only for a trusted chain
		if err := v.checkRevocation(leaf, chain[0], now); err != nil {
			problems = append(problems, err)
		}
	}
	if want != eds.PurposeNone {
		if err := info.Check(info.NotBefore, want); err != nil { // purpose only; validity is above
			problems = append(problems, fmt.Errorf("%w: %w", ErrWrongKeyPurpose, err))
		}
	}
	err = errors.Join(problems...)
	return Result{Info: info, Leaf: leaf, Chain: chain, Revoked: errors.Is(err, ErrCertificateRevoked)}, err
}

// chain returns leaf's issuers up to a trusted root (root included). Trust is
// judged as of a moment inside the leaf's validity, so that an expired but
// genuine certificate is reported as expired, not as untrusted (validity at
// now is checked separately, for every certificate of the chain).
func (v *Verifier) chain(cms []byte, leaf *x509.Certificate, now time.Time) ([]*x509.Certificate, error) {
	if v.Roots == nil {
		return nil, errors.New("no trusted roots configured")
	}
	inter := x509.NewCertPool()
	if v.Intermediates != nil {
		inter = v.Intermediates.Clone()
	}
	if carried, err := eds.CMSCertificates(cms); err == nil {
		for _, c := range carried {
			if !c.Equal(leaf) {
				inter.AddCert(c)
			}
		}
	}
	// Now if the leaf is valid now, else the nearest moment of its validity,
	// else the middle of it (its CA may have been renewed since).
	at := now
	if at.Before(leaf.NotBefore) {
		at = leaf.NotBefore
	}
	if at.After(leaf.NotAfter) {
		at = leaf.NotAfter
	}
	var err error
	for _, t := range []time.Time{at, leaf.NotBefore.Add(leaf.NotAfter.Sub(leaf.NotBefore) / 2)} {
		var chains [][]*x509.Certificate
		chains, err = leaf.Verify(x509.VerifyOptions{
			Roots:         v.Roots,
			Intermediates: inter,
			CurrentTime:   t,
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny}, // purpose is checked separately
		})
		if err == nil {
			return chains[0][1:], nil
		}
		if eds.IsGOSTCertificate(leaf) {
			carried, _ := eds.CMSCertificates(cms)
			var others []*x509.Certificate
			for _, c := range carried {
				if !c.Equal(leaf) {
					others = append(others, c)
				}
			}
			chain, gerr := eds.BuildChain(leaf, append(slices.Clone(v.IntermediateCerts), others...), v.RootCerts, t)
			if gerr == nil {
				return chain, nil
			}
			err = gerr
		}
	}
	return nil, err
}

// checkRevocation looks leaf up in its issuer's CRL.
func (v *Verifier) checkRevocation(leaf, issuer *x509.Certificate, now time.Time) error {
	crl, err := v.crlFor(leaf, issuer, now)
	if err != nil {
		return fmt.Errorf("%w: %w: %v", ErrCertificateUntrusted, ErrCRLUnavailable, err)
	}
	if crl == nil {
		if v.AllowUnknownRevocation {
			return nil
		}
		return fmt.Errorf("%w: revocation status unknown: no current CRL of %q", ErrCertificateUntrusted, issuer.Subject.CommonName)
	}
	lists := []*x509.RevocationList{crl}
	deltas, err := v.deltasFor(leaf, crl, issuer, now)
	if err != nil {
		return fmt.Errorf("%w: revocation status unknown: %v", ErrCertificateUntrusted, err)
	}
	lists = append(lists, deltas...)
	var revoked *x509.RevocationListEntry
	for _, l := range lists {
		for i, e := range l.RevokedCertificateEntries {
			if e.SerialNumber != nil && e.SerialNumber.Cmp(leaf.SerialNumber) == 0 && !e.RevocationTime.After(now) {
				if e.ReasonCode == reasonRemoveFromCRL {
					revoked = nil // a delta takes a certificateHold off
					continue
				}
				revoked = &l.RevokedCertificateEntries[i]
			}
		}
	}
	if revoked != nil {
		return fmt.Errorf("%w: on %s", ErrCertificateRevoked, revoked.RevocationTime.UTC().Format(time.DateOnly))
	}
	return nil
}

// reasonRemoveFromCRL is CRLReason removeFromCRL (RFC 5280 §5.3.1), used
// only in delta CRLs.
const reasonRemoveFromCRL = 8

var oidDeltaCRLIndicator = asn1.ObjectIdentifier{2, 5, 29, 27}

// deltaBase returns the base CRL number of a delta CRL (RFC 5280 §5.2.4);
// nil for a complete CRL.
func deltaBase(crl *x509.RevocationList) *big.Int {
	for _, e := range crl.Extensions {
		if e.Id.Equal(oidDeltaCRLIndicator) {
			var n *big.Int
			if rest, err := asn1.Unmarshal(e.Value, &n); err == nil && len(rest) == 0 && n != nil {
				return n
			}
			return big.NewInt(-1) // malformed: a delta no base matches
		}
	}
	return nil
}

// deltasFor returns the current delta CRLs of base's issuer, signed by it,
// whose base CRL number is at most base's number (RFC 5280 §5.2.4) and
// that are newer than base: those among the lists of CRLs, and, with
// FetchCRL, the one at the leaf's Freshest CRL distribution point (NCA's
// certificates name one, e.g. http://crl.pki.gov.kz/nca_gost_d.crl). A
// delta that cannot be downloaded is ignored: the base CRL, current by
// itself, still decides.
func (v *Verifier) deltasFor(leaf *x509.Certificate, base *x509.RevocationList, issuer *x509.Certificate, now time.Time) ([]*x509.RevocationList, error) {
	if base.Number == nil {
		return nil, nil
	}
	usable := func(d *x509.RevocationList) bool {
		b := deltaBase(d)
		return b != nil && b.Sign() >= 0 && b.Cmp(base.Number) <= 0 && d.Number != nil && d.Number.Cmp(base.Number) > 0 &&
			bytes.Equal(d.RawIssuer, issuer.RawSubject) && eds.CheckCRLSignature(d, issuer) == nil &&
			!now.Before(d.ThisUpdate) && (d.NextUpdate.IsZero() || now.Before(d.NextUpdate))
	}
	var out []*x509.RevocationList
	if v.CRLs != nil {
		lists, err := v.CRLs(now)
		if err != nil {
			return nil, err
		}
		for _, d := range lists {
			if usable(d) {
				out = append(out, d)
			}
		}
	}
	if v.CRLSource != nil {
		for _, url := range freshestCRLURLs(leaf) {
			// A delta that cannot be had is ignored, as below.
			if d, _ := v.CRLSource.CRL(url, issuer, now); d != nil && usable(d) {
				return append(out, d), nil
			}
		}
		return out, nil
	}
	if v.FetchCRL == nil {
		return out, nil
	}
	for _, url := range freshestCRLURLs(leaf) {
		v.cacheMu.Lock()
		d := v.cache[url].crl
		v.cacheMu.Unlock()
		if d == nil || !usable(d) {
			// A delta that failed is not tried again for a while: each
			// login would otherwise wait for the same dead server.
			v.cacheMu.Lock()
			failed, ok := v.deltaFailed[url]
			v.cacheMu.Unlock()
			if ok && now.Sub(failed) < deltaRetry && !now.Before(failed) {
				continue
			}
			fail := func() {
				v.cacheMu.Lock()
				if v.deltaFailed == nil {
					v.deltaFailed = map[string]time.Time{}
				}
				v.deltaFailed[url] = now
				v.cacheMu.Unlock()
			}
			data, err := v.FetchCRL(url)
			if err != nil {
				fail()
				continue
			}
			if block, _ := pem.Decode(data); block != nil {
				data = block.Bytes
			}
			if d, err = eds.ParseCRL(data); err != nil || !usable(d) {
				fail()
				continue
			}
			v.cacheMu.Lock()
			if v.cache == nil {
				v.cache = map[string]cachedCRL{}
			}
			v.cache[url] = cachedCRL{crl: d, fetched: now}
			v.cacheMu.Unlock()
		}
		out = append(out, d)
		break
	}
	return out, nil
}

var oidFreshestCRL = asn1.ObjectIdentifier{2, 5, 29, 46}

// freshestCRLURLs returns the URIs of a certificate's Freshest CRL
// extension (RFC 5280 §4.2.1.15, the syntax of CRL distribution points),
// which crypto/x509 does not read.
func freshestCRLURLs(c *x509.Certificate) []string {
	type distributionPointName struct {
		FullName []asn1.RawValue `asn1:"optional,tag:0"`
	}
	type distributionPoint struct {
		DistributionPoint distributionPointName `asn1:"optional,tag:0"`
		Reason            asn1.BitString        `asn1:"optional,tag:1"`
		CRLIssuer         asn1.RawValue         `asn1:"optional,tag:2"`
	}
	var urls []string
	for _, e := range c.Extensions {
		if !e.Id.Equal(oidFreshestCRL) {
			continue
		}
		var dps []distributionPoint
		if _, err := asn1.Unmarshal(e.Value, &dps); err != nil {
			return nil
		}
		for _, dp := range dps {
			for _, n := range dp.DistributionPoint.FullName {
				if n.Class == asn1.ClassContextSpecific && n.Tag == 6 { // uniformResourceIdentifier
					urls = append(urls, string(n.Bytes))
				}
			}
		}
	}
	return urls
}

// crlFor finds a current CRL signed by issuer: from CRLs, else from the
// cache of downloaded lists, else by downloading it.
func (v *Verifier) crlFor(leaf, issuer *x509.Certificate, now time.Time) (*x509.RevocationList, error) {
	current := func(crl *x509.RevocationList) bool {
		return crl != nil && deltaBase(crl) == nil && bytes.Equal(crl.RawIssuer, issuer.RawSubject) && eds.CheckCRLSignature(crl, issuer) == nil &&
			!now.Before(crl.ThisUpdate) && (crl.NextUpdate.IsZero() || now.Before(crl.NextUpdate))
	}
	if v.CRLs != nil {
		lists, err := v.CRLs(now)
		if err != nil {
			return nil, err
		}
		for _, crl := range lists {
			if current(crl) {
				return crl, nil
			}
		}
	}
	if v.CRLSource != nil {
		return v.sharedCRLFor(leaf, issuer, now, current)
	}
	if v.FetchCRL == nil {
		return nil, nil
	}
	refresh := v.CRLRefresh
	if refresh <= 0 {
		refresh = DefaultCRLRefresh
	}
	var lastErr error
	var stale *x509.RevocationList // current, but due for a refresh that failed
	for _, url := range append(slices.Clone(leaf.CRLDistributionPoints), v.CRLURLs...) {
		v.cacheMu.Lock()
		cached := v.cache[url]
		v.cacheMu.Unlock()
		if current(cached.crl) {
			if now.Sub(cached.fetched) < refresh && !now.Before(cached.fetched) {
				return cached.crl, nil
			}
			stale = cached.crl
		}
		data, err := v.FetchCRL(url)
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", url, err)
			continue
		}
		if block, _ := pem.Decode(data); block != nil {
			data = block.Bytes
		}
		crl, err := eds.ParseCRL(data)
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", url, err)
			continue
		}
		if !current(crl) {
			lastErr = fmt.Errorf("%s: not a current CRL of %q", url, issuer.Subject.CommonName)
			continue
		}
		v.cacheMu.Lock()
		if v.cache == nil {
			v.cache = map[string]cachedCRL{}
		}
		v.cache[url] = cachedCRL{crl: crl, fetched: now}
		v.cacheMu.Unlock()
		return crl, nil
	}
	if stale != nil {
		return stale, nil // the refresh failed; the list in hand is still current
	}
	return nil, lastErr
}

// sharedCRLFor is crlFor with a CRLSource: the first current list of the
// leaf's distribution points and CRLURLs, else why there is none.
func (v *Verifier) sharedCRLFor(leaf, issuer *x509.Certificate, now time.Time, current func(*x509.RevocationList) bool) (*x509.RevocationList, error) {
	urls := append(slices.Clone(leaf.CRLDistributionPoints), v.CRLURLs...)
	if len(urls) == 0 {
		return nil, nil
	}
	var lastErr error
	for _, url := range urls {
		crl, err := v.CRLSource.CRL(url, issuer, now)
		if current(crl) {
			return crl, nil // a failed refresh keeps the list in hand while it is current
		}
		switch {
		case err != nil:
			lastErr = fmt.Errorf("%s: %w", url, err)
		case crl != nil:
			lastErr = fmt.Errorf("%s: not a current CRL of %q", url, issuer.Subject.CommonName)
		default:
			lastErr = fmt.Errorf("%s: no CRL", url)
		}
	}
	return nil, lastErr
}

// NewVerifier returns a verifier that trusts the roots of cas (their
// issuing CAs as intermediates, their live revocation lists) and the
// certificates in rootFiles (PEM or DER, e.g. NCA RK's root and issuing
// certificates: CA certificates among them serve as intermediates too).
// Set FetchCRL for real roots whose CRLs must be downloaded.
func NewVerifier(cas []*CA, rootFiles []string, clock func() time.Time) (*Verifier, error) {
	v := &Verifier{Roots: x509.NewCertPool(), Intermediates: x509.NewCertPool(), Clock: clock}
	for _, ca := range cas {
		v.AddRoot(ca.Root)
		v.AddIntermediate(ca.Issuing)
	}
	certs, err := LoadCertificates(rootFiles...)
	if err != nil {
		return nil, err
	}
	for _, c := range certs {
		if bytes.Equal(c.RawIssuer, c.RawSubject) {
			v.AddRoot(c)
		} else {
			v.AddIntermediate(c)
		}
	}
	v.CRLs = func(now time.Time) ([]*x509.RevocationList, error) {
		var out []*x509.RevocationList
		for _, ca := range cas {
			crl, err := ca.RevocationList(now)
			if err != nil {
				return nil, err
			}
			out = append(out, crl)
		}
		return out, nil
	}
	return v, nil
}

// AddRoot trusts c as a root (Roots and RootCerts).
func (v *Verifier) AddRoot(c *x509.Certificate) {
	if v.Roots == nil {
		v.Roots = x509.NewCertPool()
	}
	v.Roots.AddCert(c)
	v.RootCerts = append(v.RootCerts, c)
}

// AddIntermediate adds c to build chains with (Intermediates and
// IntermediateCerts).
func (v *Verifier) AddIntermediate(c *x509.Certificate) {
	if v.Intermediates == nil {
		v.Intermediates = x509.NewCertPool()
	}
	v.Intermediates.AddCert(c)
	v.IntermediateCerts = append(v.IntermediateCerts, c)
}

// LoadCRLs reads CRL files (DER or PEM, GOST-signed ones included).
func LoadCRLs(names ...string) ([]*x509.RevocationList, error) {
	var out []*x509.RevocationList
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if block, _ := pem.Decode(data); block != nil {
			data = block.Bytes
		}
		crl, err := eds.ParseCRL(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, crl)
	}
	return out, nil
}
