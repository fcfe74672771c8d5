package api

import "time"

// Login by EDS (ЭЦП): the service hands out a nonce, the app signs it with
// the AUTH key (CMS, the nonce attached), the service verifies the
// signature, the chain, the purpose, the validity and revocation, and
// takes the IIN from the certificate.

// EDSChallenge is POST /api/v1/auth/eds/challenge.
type EDSChallenge struct {
	ID        string    `json:"id"`
	Nonce     []byte    `json:"nonce"` // base64 in JSON, ≥ 16 bytes
	ExpiresAt time.Time `json:"expiresAt"`
}

// EDSLoginRequest is POST /api/v1/auth/eds/login: a CMS (DER, base64 in
// JSON) whose content is exactly the nonce of ChallengeID.
type EDSLoginRequest struct {
	ChallengeID string `json:"challengeId,omitempty"`
	CMS         []byte `json:"cms"`
}

// Paths of the EDS login.
const (
	PathEDSChallenge = Prefix + "/auth/eds/challenge"
	PathEDSLogin     = Prefix + "/auth/eds/login"
)

// FeatureEDS is the Info feature of a service that offers the login by EDS
// (it trusts at least one certification authority).
const FeatureEDS = "eds"
