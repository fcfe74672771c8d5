package service

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Login by EDS (ЭЦП), the memo's «Вход по ЭЦП»:
//
//  1. POST /api/v1/auth/eds/challenge hands out a nonce (pki.NonceSize
//     random bytes, single use, valid pki.ChallengeTTL = 5 minutes) and its id.
//  2. The app signs the nonce with the person's AUTH key (CMS, the nonce
//     attached or detached) and posts {"challengeId", "cms"} to
//     POST /api/v1/auth/eds/login.
//  3. The service takes the challenge (once), checks with pki.Verifier that
//     the CMS is a signature over exactly that nonce by an AUTH key whose
//     certificate chains to a trusted root, is valid at the service's clock
//     and is not revoked, and takes the IIN from the certificate. A person
//     the fund knows gets a session exactly as after a password login —
//     also a depositor who has not registered in the cabinet yet: the EDS
//     proves who they are.
//
// Every refusal is a problem document with the code of api (see
// edsProblem) and an eds_login_failed security event with the code; a
// success writes eds_login_ok (the certificate's serial number and
// issuer) besides the login_ok of every session. The CMS itself is never
// logged or stored.

// Security events of the EDS login (store.Event.Kind).
const (
	EventEDSLoginOK     = "eds_login_ok"
	EventEDSLoginFailed = "eds_login_failed"
)

// sessionMethodEDS is the store.Session.Method of a login by EDS.
const sessionMethodEDS = "eds"

// EDSDeps configure the login by EDS.
type EDSDeps struct {
	// Verifier returns the verifier of login signatures, waiting until it
	// is ready (Open prepares the demo CA and the demo keys in the
	// background) or ctx is done. Nil: this service offers no EDS login —
	// its two routes answer 404 not_found and /api/v1/info does not list
	// the "eds" feature.
	Verifier func(ctx context.Context) (*pki.Verifier, error)
	// Challenges issues the single-use login nonces; nil keeps them in
	// the database (table eds_challenges), so that a challenge issued by
	// one instance behind a load balancer is answered on another. An
	// in-memory pki.Challenges is right for one process only.
	Challenges pki.ChallengeStore
}

// edsServer is what the EDS login handlers need (embedded in server).
type edsServer struct {
	edsVerifier   func(ctx context.Context) (*pki.Verifier, error)
	edsChallenges challengeStore
}

func newEDSServer(d EDSDeps, st *store.Store) edsServer {
	var cs challengeStore = dbChallenges{st}
	if d.Challenges != nil {
		cs = memChallenges{d.Challenges}
	}
	return edsServer{edsVerifier: d.Verifier, edsChallenges: cs}
}

// challengeStore issues and consumes the login nonces.
type challengeStore interface {
	New(ctx context.Context, now time.Time) (id string, nonce []byte, err error)
	Take(ctx context.Context, nonce []byte, now time.Time) error
	TakeID(ctx context.Context, id string, now time.Time) ([]byte, error)
}

// memChallenges is a pki.ChallengeStore of one process.
type memChallenges struct{ c pki.ChallengeStore }

func (m memChallenges) New(_ context.Context, now time.Time) (string, []byte, error) {
	id, nonce := m.c.New(now)
	return id, nonce, nil
}

func (m memChallenges) Take(_ context.Context, nonce []byte, now time.Time) error {
	return m.c.Take(nonce, now)
}

func (m memChallenges) TakeID(_ context.Context, id string, now time.Time) ([]byte, error) {
	return m.c.TakeID(id, now)
}

// dbChallenges keeps the nonces in the shared database: each is taken
// once across every instance, within pki.ChallengeTTL.
type dbChallenges struct{ st *store.Store }

func (d dbChallenges) New(ctx context.Context, now time.Time) (string, []byte, error) {
	nonce := randomBytes(pki.NonceSize)
	id := hex.EncodeToString(randomBytes(16))
	// Kept for a second TTL, so that a late answer is told expired.
	if err := d.st.PutChallenge(ctx, id, nonce, now, now.Add(-2*pki.ChallengeTTL)); err != nil {
		return "", nil, err
	}
	return id, nonce, nil
}

func (d dbChallenges) Take(ctx context.Context, nonce []byte, now time.Time) error {
	_, err := d.take(ctx, false, nonce, now)
	return err
}

func (d dbChallenges) TakeID(ctx context.Context, id string, now time.Time) ([]byte, error) {
	return d.take(ctx, true, id, now)
}

func (d dbChallenges) take(ctx context.Context, byID bool, key any, now time.Time) ([]byte, error) {
	nonce, err := d.st.TakeChallenge(ctx, byID, key, now.Add(-pki.ChallengeTTL))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, pki.ErrChallengeUnknown
	case errors.Is(err, store.ErrChallengeUsed):
		return nil, pki.ErrChallengeReused
	case errors.Is(err, store.ErrChallengeExpired):
		return nil, pki.ErrChallengeExpired
	}
	return nonce, err
}

// withEDSFeature lists api.FeatureEDS in info when d offers the EDS login
// (and only then), leaving the caller's slice alone.
func withEDSFeature(info api.Info, d EDSDeps) api.Info {
	features := slices.DeleteFunc(slices.Clone(info.Features), func(f string) bool { return f == api.FeatureEDS })
	if d.Verifier != nil {
		features = append(features, api.FeatureEDS)
	}
	if len(features) == 0 {
		features = nil
	}
	info.Features = features
	return info
}

func edsNotOffered() *problemError {
	return problem(http.StatusNotFound, api.CodeNotFound, "this service does not offer the login by EDS")
}

// handleEDSChallenge is POST /api/v1/auth/eds/challenge: a fresh nonce to
// sign with the AUTH key. It takes no body.
func (s *server) handleEDSChallenge(w http.ResponseWriter, r *http.Request) error {
	if s.edsVerifier == nil {
		return edsNotOffered()
	}
	now := s.now()
	id, nonce, err := s.edsChallenges.New(r.Context(), now)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, api.EDSChallenge{ID: id, Nonce: nonce, ExpiresAt: now.Add(pki.ChallengeTTL)})
	return nil
}

// handleEDSLogin is POST /api/v1/auth/eds/login: a CMS over the nonce of
// a challenge; on success a session, as POST /api/v1/auth/login answers.
func (s *server) handleEDSLogin(w http.ResponseWriter, r *http.Request) error {
	if s.edsVerifier == nil {
		return edsNotOffered()
	}
	ctx := r.Context()
	var req api.EDSLoginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if len(req.CMS) == 0 {
		p := badRequest("cms is required: the CMS signature of the challenge's nonce, base64")
		p.p.Field = "cms"
		return p
	}
	client, now := clientAddr(r), s.now()
	verifier, err := s.edsVerifier(ctx)
	if err != nil {
		return fmt.Errorf("EDS verifier: %w", err)
	}

	nonce, err := s.takeEDSChallenge(ctx, req, now)
	if err != nil {
		return s.edsRefused(ctx, err, eds.CertInfo{}, client, now)
	}
	info, err := verifier.VerifyAuth(req.CMS, nonce)
	if err != nil {
		return s.edsRefused(ctx, err, info, client, now)
	}
	if info.IIN == "" {
		return s.edsRefused(ctx, errNoIIN, info, client, now)
	}
	if _, err := s.store.Depositor(ctx, info.IIN); errors.Is(err, store.ErrNotFound) {
		return s.edsRefused(ctx, errNotDepositor, info, client, now)
	} else if err != nil {
		return err
	}

	sess, err := s.startSession(ctx, info.IIN, sessionMethodEDS, client, now)
	if errors.Is(err, store.ErrNotFound) { // gone in between
		return s.edsRefused(ctx, errNotDepositor, info, client, now)
	}
	if err != nil {
		return err
	}
	if err := s.store.AddEvent(ctx, store.Event{IIN: info.IIN, Kind: EventEDSLoginOK, At: now, Client: client,
		Detail: certDetail(info)}); err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, sess)
	return nil
}

// Refusals of the EDS login that are not the verifier's.
var (
	errNoIIN        = errors.New("the certificate names no IIN")
	errNotDepositor = errors.New("the certificate's IIN is not a depositor of the fund")
)

// takeEDSChallenge consumes the challenge the request answers and returns
// its nonce: by id when the request names one (the app always does; a
// detached CMS needs it), else by the content of the attached CMS.
func (s *server) takeEDSChallenge(ctx context.Context, req api.EDSLoginRequest, now time.Time) ([]byte, error) {
	if req.ChallengeID != "" {
		return s.edsChallenges.TakeID(ctx, req.ChallengeID, now)
	}
	_, content, err := eds.VerifyCMS(req.CMS, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", pki.ErrSignatureInvalid, err)
	}
	if len(content) == 0 { // detached without an id: nothing says which challenge
		return nil, pki.ErrChallengeUnknown
	}
	if err := s.edsChallenges.Take(ctx, content, now); err != nil {
		return nil, err
	}
	return content, nil
}

// edsRefused records an eds_login_failed event for err (with the
// certificate's IIN when the signature was good enough to tell it) and
// returns err's problem.
func (s *server) edsRefused(ctx context.Context, err error, info eds.CertInfo, client string, now time.Time) error {
	s.logCRLUnavailable(ctx, err)
	p := edsProblem(err, info)
	detail := p.p.Code
	if info.SerialNumber != "" {
		detail += "; " + certDetail(info)
	}
	if eerr := s.store.AddEvent(ctx, store.Event{IIN: info.IIN, Kind: EventEDSLoginFailed, At: now, Client: client,
		Detail: detail}); eerr != nil {
		return eerr
	}
	// The reason, never the CMS; the name on the certificate stays out too.
	s.log.LogAttrs(ctx, slog.LevelInfo, "EDS login refused", slog.String("code", p.p.Code), slog.String("client", client))
	return p
}

// logCRLUnavailable logs a CRL that could not be fetched (its address
// and the failure): the operators' cue, since every certificate of that
// CA is refused until it can be.
func (s *server) logCRLUnavailable(ctx context.Context, err error) {
	if errors.Is(err, pki.ErrCRLUnavailable) {
		s.log.LogAttrs(ctx, slog.LevelWarn, "EDS: a CRL could not be fetched; certificates of its CA are refused",
			slog.Any("err", err))
	}
}

// certDetail names a certificate in the security journal.
func certDetail(info eds.CertInfo) string {
	return "serial " + info.SerialNumber + ", issuer " + info.Issuer
}

// edsProblem is the problem answering a refused EDS login:
//
//	410 challenge_expired       the challenge is older than 5 minutes (or unknown)
//	409 challenge_reused        the challenge has been answered before
//	401 signature_invalid       not a CMS, or not a signature over that nonce
//	401 certificate_untrusted   no chain to a trusted root, or revocation unknown
//	401 certificate_revoked     revoked by its CA's CRL
//	401 certificate_expired     outside its validity at the service's clock
//	422 wrong_key_purpose       a signing (SIGN) key, not an AUTH one
//	422 weak_signature_algorithm SHA-1 as digest or in the signature algorithm
//	404 depositor_not_found     a good key of someone who is not a depositor
func edsProblem(err error, info eds.CertInfo) *problemError {
	switch {
	case errors.Is(err, errNoIIN), errors.Is(err, errNotDepositor):
		return problem(http.StatusNotFound, api.CodeDepositorNotFound,
			"the owner of this key is not a depositor of the fund")
	}
	switch code := pki.Code(err); code {
	case api.CodeChallengeExpired:
		return problem(http.StatusGone, code, "the login challenge has expired; request a new one")
	case api.CodeChallengeReused:
		return problem(http.StatusConflict, code, "the login challenge has been used already; request a new one")
	}
	return certProblem(err, info,
		"this is a signing (SIGN) key; log in with the authentication key, AUTH_RSA256_...",
		"the signature is invalid or is not over the challenge's nonce")
}

// certProblem is the problem of a signature or certificate the verifier
// refused (pki.Code), for the EDS login and for signed applications:
// wrongPurpose is the detail of wrong_key_purpose, invalid that of
// signature_invalid and of anything the verifier did not classify.
func certProblem(err error, info eds.CertInfo, wrongPurpose, invalid string) *problemError {
	switch code := pki.Code(err); code {
	case api.CodeCertificateUntrusted:
		if errors.Is(err, pki.ErrCRLUnavailable) {
			p := problem(http.StatusUnauthorized, code, "the certificate's revocation status cannot be checked now: "+
				"the revocation list (CRL) of its certification authority could not be fetched; try again later")
			p.result = resultCRLUnavailable
			return p
		}
		return problem(http.StatusUnauthorized, code, "the certificate is not issued by a certification authority this service trusts")
	case api.CodeCertificateRevoked:
		return problem(http.StatusUnauthorized, code, "the certificate has been revoked")
	case api.CodeCertificateExpired:
		detail := "the certificate is not valid now"
		if !info.NotAfter.IsZero() {
			detail += fmt.Sprintf(" (valid from %s until %s)",
				info.NotBefore.UTC().Format(time.DateOnly), info.NotAfter.UTC().Format(time.DateOnly))
		}
		return problem(http.StatusUnauthorized, code, detail)
	case api.CodeWrongKeyPurpose:
		return problem(http.StatusUnprocessableEntity, code, wrongPurpose)
	case api.CodeWeakSignature:
		return problem(http.StatusUnprocessableEntity, code,
			"the signature uses SHA-1, which this service refuses; sign with SHA-256 (update NCALayer or the signing program)")
	}
	if errors.Is(err, eds.ErrUnsupportedAlgorithm) {
		invalid = "the signature's algorithm (GOST 34.310-2004) cannot be verified by this service"
	}
	return problem(http.StatusUnauthorized, api.CodeSignatureInvalid, invalid)
}
