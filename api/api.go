// Package api is the wire contract between the Kabinet client and the
// Kabinet service: request and response types, problem codes and paths.
// It imports nothing of the project, so both sides can depend on it.
package api

import "time"

// Version is the API version prefix.
const Prefix = "/api/v1"

// Money is an amount in tiyn (1/100 tenge). JSON carries it as an integer.
type Money int64

// Info is GET /api/v1/info.
type Info struct {
	// FundName is the fund's display name in Russian (what clients that
	// do not know FundNames show in every language).
	FundName string `json:"fundName"`
	// FundNames is the fund's display name by language code ("ru", "kk",
	// "en"); a language missing here shows FundName.
	FundNames map[string]string `json:"fundNames,omitempty"`
	// Version is the service's release version (kabinet.Version).
	Version string `json:"version"`
	// APIVersion is the version of the contract the service implements:
	// ContractVersion, info.version of api/openapi.yaml.
	APIVersion string `json:"apiVersion"`
	// Demo is true for the bundled demo service.
	Demo bool `json:"demo"`
	// TimeZone is the fund's time zone (IANA name, "Asia/Almaty" by
	// default): the zone of every time on PDFs and in messages, and the
	// one the app shows times in.
	TimeZone string `json:"timeZone,omitempty"`
	// Features lists optional capabilities of this service, e.g. "outbox"
	// (demo message outbox readable by the app), "eds" (login by EDS).
	Features []string `json:"features,omitempty"`
	// MessagesOff is true when the service has no way to send a
	// one-time password (no SMTP server, no SMS gateway, not a demo):
	// registration and password recovery by code are switched off
	// (their calls answer 503 messages_off) until the fund configures a
	// channel; the app says so instead of offering them.
	MessagesOff bool `json:"messagesOff,omitempty"`
}

// FundNameIn is the fund's display name in the language code ("ru",
// "kk", "en"): FundNames[code], else FundName.
func (i Info) FundNameIn(code string) string {
	if n := i.FundNames[code]; n != "" {
		return n
	}
	return i.FundName
}

// HasFeature tells whether the service offers the named feature.
func (i Info) HasFeature(name string) bool {
	for _, f := range i.Features {
		if f == name {
			return true
		}
	}
	return false
}

// LoginRequest is POST /api/v1/auth/login.
type LoginRequest struct {
	IIN      string `json:"iin"`
	Password string `json:"password"`
}

// Session is the answer to a successful login.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	// IdleTimeoutSeconds tells the client after how long without a call
	// the session ends on the service side.
	IdleTimeoutSeconds int `json:"idleTimeoutSeconds,omitempty"`
}

// Me is GET /api/v1/me: the depositor's personal information.
type Me struct {
	IIN        string `json:"iin"`
	Surname    string `json:"surname"`
	GivenName  string `json:"givenName"`
	Patronymic string `json:"patronymic,omitempty"`
	// BirthDate is YYYY-MM-DD.
	BirthDate string `json:"birthDate"`
	// Sex is "male" or "female".
	Sex string `json:"sex"`
	// PhoneMasked and EmailMasked are masked as in the memo:
	// 7701*****00 and as*****@ma****. Empty when the fund has none.
	PhoneMasked string `json:"phoneMasked,omitempty"`
	EmailMasked string `json:"emailMasked,omitempty"`
	// Disability is "", "1", "2" or "3"; DisabilityForLife tells whether it
	// is set for life.
	Disability        string `json:"disability,omitempty"`
	DisabilityForLife bool   `json:"disabilityForLife,omitempty"`
	// Role is RoleDepositor or RoleStaff.
	Role string `json:"role"`
	// LastLoginAt is the previous successful login, if any.
	LastLoginAt *time.Time `json:"lastLoginAt,omitempty"`
	// TwoFactorRequired: the fund requires a second login step of this
	// (staff) account and it is not on yet; the staff calls answer
	// two_factor_required until it is (see twofactor.go).
	TwoFactorRequired bool `json:"twoFactorRequired,omitempty"`
	// StaffRole is a staff member's role (StaffRoleApplications,
	// StaffRoleOffice or StaffRoleAll); empty for a depositor. The
	// workstation shows only the pages the role may use.
	StaffRole string `json:"staffRole,omitempty"`
}

// Roles of a cabinet user (Me.Role).
const (
	RoleDepositor = "depositor"
	RoleStaff     = "staff"
)

// Roles of a staff member (Me.StaffRole): each staff endpoint is open to
// one of the first two, and StaffRoleAll to all of them.
const (
	StaffRoleApplications = "applications" // processes the queue of applications
	StaffRoleOffice       = "office"       // confirms contacts, sees the day's bookings
	StaffRoleAll          = "all"
)

// Account types.
const (
	AccountOPV  = "OPV"  // обязательные пенсионные взносы
	AccountOPPV = "OPPV" // обязательные профессиональные пенсионные взносы
	AccountDPV  = "DPV"  // добровольные пенсионные взносы
)

// Contribution is one received contribution.
type Contribution struct {
	Date         string `json:"date"`   // YYYY-MM-DD, when credited
	Period       string `json:"period"` // YYYY-MM, the month paid for
	Amount       Money  `json:"amount"`
	EmployerName string `json:"employerName,omitempty"`
	EmployerBIN  string `json:"employerBin,omitempty"`
}

// Account is one pension account with its balance:
// Balance = Contributions + InvestmentIncome - Commission - Payments + Transfers.
type Account struct {
	Type             string        `json:"type"`
	Number           string        `json:"number"`
	Balance          Money         `json:"balance"`
	Contributions    Money         `json:"contributions"`       // all contributions ever
	InvestmentIncome Money         `json:"investmentIncome"`    // net of nothing
	Commission       Money         `json:"commission"`          // fund commission taken
	Payments         Money         `json:"payments"`            // paid out
	Transfers        Money         `json:"transfers,omitempty"` // net transfers in (+) and out (-)
	LastContribution *Contribution `json:"lastContribution,omitempty"`
	OpenedAt         string        `json:"openedAt"` // YYYY-MM-DD
}

// Accounts is GET /api/v1/accounts.
type Accounts struct {
	Accounts []Account `json:"accounts"`
	Total    Money     `json:"total"`
	// AsOf is the date the balances are valid for, YYYY-MM-DD.
	AsOf string `json:"asOf"`
}

// ProblemContentType is the media type of error bodies (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is every error body of the service.
type Problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code"`
	// LockedUntil is set with account_locked.
	LockedUntil *time.Time `json:"lockedUntil,omitempty"`
	// RetryAfterSeconds is set with rate_limited and resend_too_soon.
	RetryAfterSeconds int `json:"retryAfterSeconds,omitempty"`
	// AttemptsLeft is set with otp_invalid and invalid_credentials.
	AttemptsLeft *int `json:"attemptsLeft,omitempty"`
	// Field names the request field a validation problem is about.
	Field string `json:"field,omitempty"`
	// Reason is a machine-readable sub-reason, e.g. for invalid_iin:
	// "length", "digits", "checksum", "birth_date", "century".
	Reason string `json:"reason,omitempty"`
	// RequestID is the id of the request (the X-Request-Id header), as in
	// the service's log lines.
	RequestID string `json:"requestId,omitempty"`
}

// Problem codes. They are stable: clients map them to typed errors and
// screens to translated text.
const (
	CodeBadRequest         = "bad_request"
	CodeInvalidIIN         = "invalid_iin"
	CodeInvalidCredentials = "invalid_credentials"
	CodeAccountLocked      = "account_locked"
	CodeUnauthorized       = "unauthorized"
	CodeForbidden          = "forbidden"
	CodeRateLimited        = "rate_limited"
	CodeNotFound           = "not_found"
	CodeInternal           = "internal"
	// CodeMethodNotAllowed (405): the path exists, the method does not;
	// the Allow header lists the methods it has.
	CodeMethodNotAllowed = "method_not_allowed"
	// CodeServiceBusy (503, with Retry-After): too many password checks
	// are running and waiting; the login may be tried again shortly.
	CodeServiceBusy = "service_busy"

	// Registration, recovery, password change.
	CodeDepositorNotFound   = "depositor_not_found"
	CodeContactShared       = "contact_shared"
	CodeOTPInvalid          = "otp_invalid"
	CodeOTPExpired          = "otp_expired"
	CodeOTPAttemptsExceeded = "otp_attempts_exceeded"
	CodeResendTooSoon       = "resend_too_soon"
	CodeCaptchaInvalid      = "captcha_invalid"
	CodeWeakPassword        = "weak_password"
	CodePasswordMismatch    = "password_mismatch"
	CodeAlreadyRegistered   = "already_registered"
	// CodeMessagesOff (503): the service sends no one-time passwords
	// (Info.MessagesOff), so registration and recovery by code are off.
	CodeMessagesOff = "messages_off"

	// EDS.
	CodeSignatureInvalid     = "signature_invalid"
	CodeCertificateUntrusted = "certificate_untrusted"
	CodeCertificateExpired   = "certificate_expired"
	CodeCertificateRevoked   = "certificate_revoked"
	CodeWrongKeyPurpose      = "wrong_key_purpose"
	CodeChallengeExpired     = "challenge_expired"
	CodeChallengeReused      = "challenge_reused"
	// CodeWeakSignature (422): the CMS uses SHA-1 (as its digest or in its
	// signature algorithm), which is refused for logins and applications.
	CodeWeakSignature = "weak_signature_algorithm"

	// Cabinet services.
	CodeNotEligible  = "not_eligible"
	CodeInvalidIBAN  = "invalid_iban"
	CodeSlotTaken    = "slot_taken"
	CodeInvalidState = "invalid_state"
	// CodeStatusNotNext (409): a status move that is not one of the
	// workflow's next steps (api.NextStatuses) from the current status,
	// e.g. submitted straight to executed.
	CodeStatusNotNext  = "status_not_next"
	CodeValidation     = "validation_failed"
	CodeIdempotencyKey = "idempotency_conflict"
)

// Paths.
const (
	PathHealthz  = "/healthz"
	PathReadyz   = "/readyz"
	PathInfo     = Prefix + "/info"
	PathLogin    = Prefix + "/auth/login"
	PathLogout   = Prefix + "/auth/logout"
	PathMe       = Prefix + "/me"
	PathAccounts = Prefix + "/accounts"
)
