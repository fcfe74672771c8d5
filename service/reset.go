package service

import (
	"time"

	"errors"
	"net/http"
	"strings"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Contact ids of a reset (api.ContactChoice.ID).
const (
	contactPhone = "phone"
	contactEmail = "email"
)

// handleCaptcha is GET /api/v1/captcha: a new «Я не робот» image. The
// answer stays in the service (as a keyed hash); the captcha is single
// use.
func (s *server) handleCaptcha(w http.ResponseWriter, r *http.Request) error {
	now := s.now()
	id, png, err := s.newCaptcha(r.Context(), now)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, api.Captcha{ID: id, PNG: png, ExpiresAt: now.Add(s.captchaTTL)})
	return nil
}

// resetContacts are the contacts of d a reset code can go to, masked.
func resetContacts(d store.Depositor) []api.ContactChoice {
	var out []api.ContactChoice
	if d.Phone != "" {
		out = append(out, api.ContactChoice{ID: contactPhone, Channel: notify.ChannelSMS, Masked: kz.MaskPhone(d.Phone)})
	}
	if d.Email != "" {
		out = append(out, api.ContactChoice{ID: contactEmail, Channel: notify.ChannelEmail, Masked: kz.MaskEmail(d.Email)})
	}
	return out
}

// handlePasswordReset is POST /api/v1/password-reset: «Забыли пароль?»
// with the IIN and the captcha's answer. The captcha is checked first
// and consumed whatever the answer. An IIN without an account or without
// contacts is 404 depositor_not_found (the memo's message) after the same
// work as one with them: both record the attempt, which counts towards
// the IIN's limit of starts an hour. Otherwise 201 with the masked
// contacts to choose from; no code is sent yet.
func (s *server) handlePasswordReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var body api.PasswordResetRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	now, client := s.now(), clientAddr(r)
	right := false
	if body.CaptchaID != "" {
		var err error
		if right, err = s.verifyCaptcha(ctx, body.CaptchaID, body.CaptchaAnswer, now); err != nil {
			return err
		}
	}
	if !right {
		p := problem(http.StatusUnprocessableEntity, api.CodeCaptchaInvalid, "wrong or expired captcha; ask for a new one")
		p.p.Field = "captchaAnswer"
		return p
	}
	parsed, err := kz.ParseIIN(strings.TrimSpace(body.IIN))
	if err != nil {
		return invalidIIN(err)
	}
	iin := parsed.String()
	d, err := s.store.Depositor(ctx, iin)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	contacts := resetContacts(d)
	eligible := err == nil && d.Registered() && len(contacts) > 0

	id, idHash := newRequestID()
	req := store.OTPRequest{IDHash: idHash, Purpose: store.PurposeReset, IIN: iin, CreatedAt: now, Client: client}
	ev := store.Event{IIN: iin, Kind: store.EventResetStarted, At: now, Client: client}
	if !eligible {
		req.DeadAt, req.DeadReason = now, store.DeadNoAccount
		ev.Kind, ev.Detail = store.EventResetRefused, store.DeadNoAccount
	}
	wait, err := s.store.StartOTPRequest(ctx, req, otpLimit(), ev)
	if errors.Is(err, store.ErrThrottled) {
		return rateLimited(wait, "too many password recoveries for this IIN; try again later")
	}
	if err != nil {
		return err
	}
	if !eligible {
		return problem(http.StatusNotFound, api.CodeDepositorNotFound, "no registered depositor with contacts for this IIN")
	}
	s.respond(w, r, http.StatusCreated, api.PasswordReset{ID: id, Contacts: contacts})
	return nil
}

// handleResetSend is POST /api/v1/password-reset/{id}/send: the code goes
// to the contact chosen. Choosing again (the same or the other contact)
// is a resend: allowed 60 s after the previous code, at most 3 times.
func (s *server) handleResetSend(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var body api.SendRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	req, err := s.loadRequest(r, store.PurposeReset)
	if err != nil {
		return err
	}
	d, err := s.store.Depositor(ctx, req.IIN)
	if err != nil {
		return err
	}
	var channel, contact string
	switch body.Contact {
	case contactPhone:
		channel, contact = notify.ChannelSMS, d.Phone
	case contactEmail:
		channel, contact = notify.ChannelEmail, d.Email
	}
	if contact == "" {
		return validationFailed("", "contact", `contact must be one of the choices offered ("phone" or "email")`)
	}
	return s.sendNew(w, r, req, channel, contact)
}

// handleResetResend is POST /api/v1/password-reset/{id}/resend: a new
// code to the contact chosen before.
func (s *server) handleResetResend(w http.ResponseWriter, r *http.Request) error {
	return s.resend(w, r, store.PurposeReset)
}

// handleResetConfirm is POST /api/v1/password-reset/{id}/confirm: the
// code and the new password twice. On success (204) the password is set,
// every session of the depositor ends, the failed-login counter and lock
// are cleared and a notice goes to every contact.
func (s *server) handleResetConfirm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.confirmWithCode(w, r, store.PurposeReset, store.PasswordSet{
		EndSessions:   true,
		ClearFailures: true,
		Event:         store.Event{Kind: store.EventPasswordReset},
	})
	if err != nil {
		return err
	}
	s.noticePasswordChanged(r, c.depositor, c.now)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// confirmed is what confirmWithCode leaves for the answer.
type confirmed struct {
	req       store.OTPRequest
	depositor store.Depositor
	now       time.Time
}

// confirmWithCode is step 2 of registration and of password recovery:
// it reads the code and the new password twice, checks the code against
// the request of purpose (attempts counted) and the password against the
// depositor (blocklist, context words), and sets the password with the
// options of set (its hash, OTP, client and time are filled in here; the
// event's detail names the channel). A request used up meanwhile is the
// stale-request problem; SetPassword's other errors are returned as they
// are for the caller to map.
func (s *server) confirmWithCode(w http.ResponseWriter, r *http.Request, purpose string, set store.PasswordSet) (confirmed, error) {
	ctx := r.Context()
	var body api.ConfirmRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return confirmed{}, err
	}
	req, err := s.loadRequest(r, purpose)
	if err != nil {
		return confirmed{}, err
	}
	now := s.now()
	codeHash, err := s.checkCode(r, req, body.OTP, now)
	if err != nil {
		return confirmed{}, err
	}
	d, err := s.store.Depositor(ctx, req.IIN)
	if err != nil {
		return confirmed{}, err
	}
	if err := checkNewPassword(body.Password, body.PasswordRepeat, d, "password", "passwordRepeat"); err != nil {
		return confirmed{}, err
	}
	hash, err := s.hash(ctx, normPassword(body.Password))
	if err != nil {
		return confirmed{}, err
	}
	set.IIN, set.Hash, set.At, set.Client = req.IIN, hash, now, clientAddr(r)
	set.OTPIDHash, set.OTPCodeHash = req.IDHash, codeHash
	set.Event.Detail = "by " + req.Channel
	_, err = s.store.SetPassword(ctx, set)
	if errors.Is(err, store.ErrOTPStale) {
		return confirmed{}, s.staleRequest(ctx, req.IDHash, now)
	}
	return confirmed{req: req, depositor: d, now: now}, err
}
