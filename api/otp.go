package api

import "time"

// Registration, password recovery and password change (one-time passwords).

// RegistrationRequest is POST /api/v1/registration (step 1 of the memo).
// Phone and/or Email must be given; names are matched to the fund's
// records case-insensitively.
type RegistrationRequest struct {
	Surname    string `json:"surname"`
	GivenName  string `json:"givenName"`
	Patronymic string `json:"patronymic,omitempty"`
	IIN        string `json:"iin"`
	Phone      string `json:"phone,omitempty"`
	Email      string `json:"email,omitempty"`
}

// OTPChallenge says where a one-time password went and for how long it
// is valid. It is the answer of every step that sends an OTP.
type OTPChallenge struct {
	// ID names the request in later calls ({id} in the paths).
	ID string `json:"id"`
	// Channel is "sms" or "email"; MaskedContact is 7701*****00 or
	// as*****@ma****.
	Channel       string    `json:"channel"`
	MaskedContact string    `json:"maskedContact"`
	ExpiresAt     time.Time `json:"expiresAt"`
	// ResendAfter is when a new code may be requested.
	ResendAfter time.Time `json:"resendAfter"`
	// AttemptsLeft is how many wrong codes are still allowed.
	AttemptsLeft int `json:"attemptsLeft"`
	Length       int `json:"length"`
	// Delivery is DeliverySent when the code reached the SMTP server or
	// SMS gateway, DeliveryQueued when it could not yet and the service
	// keeps trying (an outage): the app says "not sent yet".
	Delivery string `json:"delivery,omitempty"`
}

// ConfirmRequest is POST .../{id}/confirm: the OTP and the new password
// typed twice.
type ConfirmRequest struct {
	OTP            string `json:"otp"`
	Password       string `json:"password"`
	PasswordRepeat string `json:"passwordRepeat"`
}

// Captcha is GET /api/v1/captcha: a new image to answer.
type Captcha struct {
	ID        string    `json:"id"`
	PNG       []byte    `json:"png"` // base64 in JSON
	ExpiresAt time.Time `json:"expiresAt"`
}

// PasswordResetRequest is POST /api/v1/password-reset: «Я не робот».
type PasswordResetRequest struct {
	IIN           string `json:"iin"`
	CaptchaID     string `json:"captchaId"`
	CaptchaAnswer string `json:"captchaAnswer"`
}

// ContactChoice is one contact a reset code can be sent to.
type ContactChoice struct {
	// ID is "phone" or "email".
	ID      string `json:"id"`
	Channel string `json:"channel"`
	Masked  string `json:"masked"`
}

// PasswordReset is the answer to POST /api/v1/password-reset: the
// contacts to choose from (masked). For an IIN without an account or
// without contacts the service answers depositor_not_found, as the memo
// says, after the captcha is checked.
type PasswordReset struct {
	ID       string          `json:"id"`
	Contacts []ContactChoice `json:"contacts"`
}

// SendRequest is POST /api/v1/password-reset/{id}/send.
type SendRequest struct {
	Contact string `json:"contact"` // ContactChoice.ID
}

// ChangePasswordRequest is PUT /api/v1/me/password.
type ChangePasswordRequest struct {
	CurrentPassword   string `json:"currentPassword"`
	NewPassword       string `json:"newPassword"`
	NewPasswordRepeat string `json:"newPasswordRepeat"`
}

// OutboxMessage is one message of the demo outbox (GET /api/v1/demo/outbox,
// offered only by a demo service with the "outbox" feature).
type OutboxMessage struct {
	ID        int64     `json:"id"`
	Channel   string    `json:"channel"` // sms | email
	To        string    `json:"to"`
	Subject   string    `json:"subject,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
}

// Outbox is GET /api/v1/demo/outbox, newest first.
type Outbox struct {
	Messages []OutboxMessage `json:"messages"`
}

// Paths of the OTP flows.
const (
	PathRegistration  = Prefix + "/registration"                // POST
	PathCaptcha       = Prefix + "/captcha"                     // GET
	PathPasswordReset = Prefix + "/password-reset"              // POST
	PathMePassword    = Prefix + "/me/password"                 // PUT
	PathOutbox        = Prefix + "/demo/outbox"                 // GET
	PathRegConfirm    = Prefix + "/registration/{id}/confirm"   // POST
	PathRegResend     = Prefix + "/registration/{id}/resend"    // POST
	PathResetSend     = Prefix + "/password-reset/{id}/send"    // POST
	PathResetResend   = Prefix + "/password-reset/{id}/resend"  // POST
	PathResetConfirm  = Prefix + "/password-reset/{id}/confirm" // POST
)

// Password problem reasons (Problem.Reason with weak_password).
const (
	ReasonTooShort  = "too_short"
	ReasonTooLong   = "too_long"
	ReasonCommon    = "common"
	ReasonContext   = "context" // contains the IIN, a name or the birth date
	ReasonGuessable = "guessable"
)

// Values of OTPChallenge.Delivery.
const (
	DeliverySent   = "sent"
	DeliveryQueued = "queued"
)
