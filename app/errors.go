package app

import (
	"errors"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// message is a translated text to show: a translation key, its template
// data and whether a retry makes sense (the service was not reached).
type message struct {
	Key   string
	Data  map[string]any
	Retry bool
}

// errorMessage maps an error of the client to the user's message.
func errorMessage(err error) message {
	var se *ServerError
	if errors.As(err, &se) {
		return se.message()
	}
	var be *BundledError
	if errors.As(err, &be) {
		return message{Key: "bundled.error", Data: map[string]any{"Dir": be.Dir, "Err": be.Err.Error()}, Retry: true}
	}
	if errors.Is(err, client.ErrTimeout) {
		return message{Key: "error.timeout", Retry: true}
	}
	if errors.Is(err, client.ErrUnavailable) {
		return message{Key: "error.unavailable", Retry: true}
	}
	p, ok := client.ProblemOf(err)
	if !ok {
		return message{Key: "error.unexpected", Retry: true}
	}
	switch p.Code {
	case api.CodeInvalidCredentials:
		if p.AttemptsLeft != nil {
			return message{Key: "error.invalid_credentials.left", Data: map[string]any{"N": *p.AttemptsLeft}}
		}
		return message{Key: "error.invalid_credentials"}
	case api.CodeAccountLocked:
		until := ""
		if p.LockedUntil != nil {
			at := p.LockedUntil.In(screens.FundZone)
			until = at.Format("15:04")
			if !sameDay(at, time.Now().In(screens.FundZone)) {
				until = screens.FormatTime(at, true)
			}
			// The zone named, as on every time a user compares with a clock.
			until = lang.L("time.zoned", map[string]any{"Time": until, "Zone": screens.ZoneName(at)})
		}
		return message{Key: "error.account_locked", Data: map[string]any{"Until": until}}
	case api.CodeRateLimited:
		s := p.RetryAfterSeconds
		if s <= 0 {
			s = 30
		}
		return message{Key: "error.rate_limited", Data: map[string]any{"N": s}, Retry: true}
	case api.CodeServiceBusy:
		s := p.RetryAfterSeconds
		if s <= 0 {
			s = 1
		}
		return message{Key: "error.service_busy", Data: map[string]any{"N": s}, Retry: true}
	case api.CodeInvalidIIN:
		return message{Key: "iin.error." + orDefault(p.Reason, "checksum")}
	case api.CodeUnauthorized:
		return message{Key: "error.session_expired"}
	case api.CodeBadRequest:
		return message{Key: "error.bad_request"}
	case api.CodeDepositorNotFound:
		return message{Key: "otp.error.not_found"}
	case api.CodeContactShared:
		return message{Key: "otp.error.contact_shared"}
	case api.CodeOTPInvalid:
		if p.AttemptsLeft != nil {
			return message{Key: "otp.error.invalid.left", Data: map[string]any{"N": *p.AttemptsLeft}}
		}
		return message{Key: "otp.error.invalid"}
	case api.CodeOTPExpired:
		return message{Key: "otp.error.expired"}
	case api.CodeOTPAttemptsExceeded:
		return message{Key: "otp.error.attempts"}
	case api.CodeResendTooSoon:
		s := p.RetryAfterSeconds
		if s <= 0 {
			s = 60
		}
		return message{Key: "otp.error.resend_too_soon", Data: map[string]any{"N": s}}
	case api.CodeCaptchaInvalid:
		return message{Key: "forgot.error.captcha"}
	case api.CodeWeakPassword:
		return message{Key: "password.reason." + orDefault(p.Reason, "guessable"), Data: map[string]any{"Min": 8, "Max": 128}}
	case api.CodePasswordMismatch:
		return message{Key: "password.mismatch"}
	case api.CodeAlreadyRegistered:
		return message{Key: "register.error.already"}
	case api.CodeNotFound:
		return message{Key: "error.not_found"}
	case api.CodeDeliveryFailed:
		return message{Key: "error.delivery_failed", Retry: true}
	case api.CodeMessagesOff:
		return message{Key: "error.messages_off"}
	case api.CodeInternal:
		return message{Key: "error.internal", Retry: true}
	case api.CodeTwoFactorRequired:
		return message{Key: "error.two_factor_required"}
	case api.CodeContactMissing:
		return message{Key: "error.contact_missing"}
	}
	return message{Key: "error.unexpected", Retry: true}
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
