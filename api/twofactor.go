package api

// Two-factor login (issue 14): a second step after the password.
//
// With the second step on, POST /api/v1/auth/login answers a right
// password with 202 Accepted and an OTPChallenge (no session): its ID
// names the second step of this one login, Channel is "sms", "email" or
// "totp" (an authenticator app: no code is sent, MaskedContact and
// ResendAfter are empty). The session opens only at POST
// /api/v1/auth/second-step/{id} with the code (or a recovery code). A
// login by EDS is two factors already and has no second step.

// Methods of the second step (TwoFactorStatus.Method,
// TwoFactorSetupRequest.Method).
const (
	TwoFactorSMS   = "sms"
	TwoFactorEmail = "email"
	TwoFactorTOTP  = "totp"
)

// ChannelTOTP is OTPChallenge.Channel for a code of an authenticator app.
const ChannelTOTP = "totp"

// SecondStepRequest is POST /api/v1/auth/second-step/{id}: the code, or
// one of the recovery codes instead.
type SecondStepRequest struct {
	Code         string `json:"code,omitempty"`
	RecoveryCode string `json:"recoveryCode,omitempty"`
}

// TwoFactorStatus is GET /api/v1/me/two-factor.
type TwoFactorStatus struct {
	Enabled bool `json:"enabled"`
	// Method is "sms", "email" or "totp" when Enabled; MaskedContact is
	// where codes go (sms/email).
	Method        string `json:"method,omitempty"`
	MaskedContact string `json:"maskedContact,omitempty"`
	// RecoveryCodesLeft counts the unused recovery codes.
	RecoveryCodesLeft int `json:"recoveryCodesLeft"`
	// Required: the fund requires a second step of this account (office
	// staff, when the service is so configured); it cannot be turned off,
	// and until it is on the staff calls answer two_factor_required.
	Required bool `json:"required,omitempty"`
	// PhoneMasked and EmailMasked are the contacts codes can go to;
	// empty when the fund has none.
	PhoneMasked string `json:"phoneMasked,omitempty"`
	EmailMasked string `json:"emailMasked,omitempty"`
	// PasswordNeeded is false shortly after a login by EDS: turning on,
	// changing or off then needs no password.
	PasswordNeeded bool `json:"passwordNeeded"`
}

// TwoFactorSetupRequest is POST /api/v1/me/two-factor/setup: the method
// and the current password (empty shortly after a login by EDS).
type TwoFactorSetupRequest struct {
	Method   string `json:"method"`
	Password string `json:"password,omitempty"`
}

// TwoFactorSetup is the answer to a setup: the challenge of the first
// code that confirms it (a code sent to the contact, or one of the
// authenticator app), and for "totp" the secret (base32), its otpauth://
// URI and a QR code of it (PNG). The secret is shown this once.
type TwoFactorSetup struct {
	Challenge  OTPChallenge `json:"challenge"`
	Secret     string       `json:"secret,omitempty"`
	OTPAuthURI string       `json:"otpauthUri,omitempty"`
	QRPNG      []byte       `json:"qrPng,omitempty"` // base64 in JSON
}

// TwoFactorConfirmRequest is POST /api/v1/me/two-factor/setup/{id}/confirm.
type TwoFactorConfirmRequest struct {
	Code string `json:"code"`
}

// TwoFactorEnabled answers a confirmed setup: the new recovery codes,
// shown this once (only their hashes are kept; the old ones stop
// working).
type TwoFactorEnabled struct {
	Method        string   `json:"method"`
	RecoveryCodes []string `json:"recoveryCodes"`
}

// TwoFactorOffRequest is POST /api/v1/me/two-factor/off.
type TwoFactorOffRequest struct {
	Password string `json:"password,omitempty"`
}

// Problem codes of the second step.
const (
	// CodeTwoFactorRequired (403): the fund requires a second step of
	// this (staff) account and it is not on yet; or it cannot be turned
	// off.
	CodeTwoFactorRequired = "two_factor_required"
	// CodeContactMissing (422): the chosen method needs a contact the
	// fund does not have (field "method").
	CodeContactMissing = "contact_missing"
)

// ReasonReused is Problem.Reason of otp_invalid for a TOTP code accepted
// once already (wait for the next one).
const ReasonReused = "reused"

// Paths of the second step.
const (
	PathSecondStep       = Prefix + "/auth/second-step/{id}"            // POST
	PathSecondStepResend = Prefix + "/auth/second-step/{id}/resend"     // POST
	PathTwoFactor        = Prefix + "/me/two-factor"                    // GET
	PathTwoFactorSetup   = Prefix + "/me/two-factor/setup"              // POST
	PathTwoFactorResend  = Prefix + "/me/two-factor/setup/{id}/resend"  // POST
	PathTwoFactorConfirm = Prefix + "/me/two-factor/setup/{id}/confirm" // POST
	PathTwoFactorOff     = Prefix + "/me/two-factor/off"                // POST
)
