package service

import (
	"net/http"

	"github.com/kabinet-kz/kabinet/api"
)

// Outcomes of the security-relevant flows, for the metric
// kabinet_auth_outcomes_total{flow,result} (metrics.go): what operators
// watch for guessing, lockouts, a CRL that cannot be fetched or a
// message channel that is down.
//
// flow is one of the flow* constants; result is "ok" for a success,
// "second_step" for a password login that now waits for its second
// step, else the problem code answered, with the common ones named
// shortly (outcomeResults): wrong_password, locked, wrong_code, expired,
// revoked, untrusted, crl_unavailable, throttled, busy, ... and "error"
// for a failure of the service itself. Both label sets are bounded (the
// problem codes are a fixed list).
const (
	flowPasswordLogin   = "password_login"
	flowEDSLogin        = "eds_login"
	flowSecondStep      = "second_step"
	flowRegistrationOTP = "registration_otp"
	flowResetOTP        = "reset_otp"
	flowPasswordChange  = "password_change"
	flowEDSApplication  = "eds_application"
)

// outcomeResults renames the problem codes that are a flow's everyday
// results.
var outcomeResults = map[string]string{
	api.CodeInvalidCredentials:   "wrong_password",
	api.CodeAccountLocked:        "locked",
	api.CodeOTPInvalid:           "wrong_code",
	api.CodeOTPExpired:           "expired",
	api.CodeOTPAttemptsExceeded:  "attempts_exceeded",
	api.CodeCertificateExpired:   "expired",
	api.CodeCertificateRevoked:   "revoked",
	api.CodeCertificateUntrusted: "untrusted",
	api.CodeSignatureInvalid:     "bad_signature",
	api.CodeRateLimited:          "throttled",
	api.CodeServiceBusy:          "busy",
	api.CodeInternal:             "error",
}

// resultCRLUnavailable is the result of a certificate refused because its
// CA's revocation list could not be fetched (certificate_untrusted in the
// answer, with its own detail).
const resultCRLUnavailable = "crl_unavailable"

// outcomeWriter remembers the status and the problem code (and a result
// set by fail) of one answer.
type outcomeWriter struct {
	http.ResponseWriter
	status int
	code   string
	result string
}

func (w *outcomeWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *outcomeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// noteProblem records the problem answered on w, when w counts outcomes.
func noteProblem(w http.ResponseWriter, code, result string) {
	if ow, ok := w.(*outcomeWriter); ok {
		if ow.code == "" {
			ow.code = code
		}
		if result != "" && ow.result == "" {
			ow.result = result
		}
	}
}

// outcome counts each answer of next under flow (a no-op without
// metrics). It goes outside throttle, so that throttled attempts count.
func (s *server) outcome(flow string, next http.Handler) http.Handler {
	if s.metrics == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ow := &outcomeWriter{ResponseWriter: w}
		next.ServeHTTP(ow, r)
		s.metrics.outcome(flow, outcomeResult(ow.status, ow.code, ow.result))
	})
}

func outcomeResult(status int, code, result string) string {
	switch {
	case result != "":
		return result
	case code != "":
		if r, ok := outcomeResults[code]; ok {
			return r
		}
		return code
	case status == http.StatusAccepted:
		return "second_step"
	case status >= 200 && status < 300:
		return "ok"
	case status >= 500:
		return "error"
	}
	return "status_" + http.StatusText(status)
}
