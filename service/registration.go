package service

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/notify"
	"github.com/kabinet-kz/kabinet/service/store"
)

// maxNameRunes bounds each name of a registration request.
const maxNameRunes = 100

// registration is a validated registration request: names as typed,
// IIN, phone (11 digits) and e-mail normalised, "" when not given.
type registration struct {
	surname, givenName, patronymic string
	iin, phone, email              string
}

// parseRegistration checks the form of a request (not whether it
// matches anyone): 400 for a missing or oversized field, 422 invalid_iin
// or validation_failed for a malformed IIN, phone or e-mail.
func parseRegistration(req api.RegistrationRequest) (registration, error) {
	var g registration
	for _, f := range []struct {
		name, value string
		required    bool
		into        *string
	}{
		{"surname", req.Surname, true, &g.surname},
		{"givenName", req.GivenName, true, &g.givenName},
		{"patronymic", req.Patronymic, false, &g.patronymic},
	} {
		v := strings.TrimSpace(f.value)
		if v == "" && f.required {
			return g, requiredField(f.name)
		}
		if utf8.RuneCountInString(v) > maxNameRunes || !utf8.ValidString(v) {
			p := badRequest(f.name + " is too long or not text")
			p.p.Field = f.name
			return g, p
		}
		*f.into = v
	}
	iin, err := kz.ParseIIN(strings.TrimSpace(req.IIN))
	if err != nil {
		return g, invalidIIN(err)
	}
	g.iin = iin.String()
	if strings.TrimSpace(req.Phone) == "" && strings.TrimSpace(req.Email) == "" {
		p := badRequest("a mobile phone number or an e-mail address is required")
		p.p.Field = "phone"
		return g, p
	}
	if strings.TrimSpace(req.Phone) != "" {
		ph, err := kz.ParsePhone(req.Phone)
		if err != nil {
			p := validationFailed("", "phone", "not a Kazakhstan mobile number")
			var pe *kz.PhoneError
			if errors.As(err, &pe) {
				p.p.Reason = string(pe.Reason)
			}
			return g, p
		}
		g.phone = ph.String()
	}
	if strings.TrimSpace(req.Email) != "" {
		em, err := kz.ParseEmail(req.Email)
		if err != nil {
			p := validationFailed("", "email", "not an e-mail address")
			var ee *kz.EmailError
			if errors.As(err, &ee) {
				p.p.Reason = string(ee.Reason)
			}
			return g, p
		}
		g.email = em
	}
	return g, nil
}

// foldName is the form in which names are compared: Unicode NFC, case
// folded (full Unicode case folding, so Kazakh letters too), runs of
// spaces made one, and ё taken for е as records often spell it.
func foldName(s string) string {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	s = cases.Fold().String(s)
	return strings.ReplaceAll(s, "ё", "е")
}

// matches tells whether g describes d: same surname and given name, the
// same patronymic when one is given, and every contact given is d's.
func (g registration) matches(d store.Depositor) bool {
	if foldName(g.surname) != foldName(d.Surname) || foldName(g.givenName) != foldName(d.GivenName) {
		return false
	}
	if g.patronymic != "" && foldName(g.patronymic) != foldName(d.Patronymic) {
		return false
	}
	if g.phone != "" && g.phone != d.Phone {
		return false
	}
	if g.email != "" && !strings.EqualFold(g.email, d.Email) {
		return false
	}
	return true
}

// handleRegistration is POST /api/v1/registration, step 1 of the memo:
// the details are matched to the fund's records and a one-time password
// goes to the contact given (the phone by SMS when given, else the
// e-mail).
//
// Whatever does not match (unknown IIN, another name, a contact that is
// not the person's) is the same 404 depositor_not_found. Only someone who
// gave every detail right learns that the person is already registered
// (409 already_registered) or that the contact is also another
// depositor's (409 contact_shared, the memo's message). Every attempt,
// refused or not, counts towards the IIN's limit of starts an hour.
func (s *server) handleRegistration(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var body api.RegistrationRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	g, err := parseRegistration(body)
	if err != nil {
		return err
	}
	if err := s.allowOTP(r); err != nil {
		return err
	}
	client, now := clientAddr(r), s.now()

	d, err := s.store.Depositor(ctx, g.iin)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	refused := ""
	switch {
	case err != nil || d.Role != store.RoleDepositor || !g.matches(d):
		refused = store.DeadNotMatched
	case d.Registered():
		refused = store.DeadAlreadyRegistered
	default:
		phoneShared, emailShared, err := s.store.ContactShared(ctx, d.IIN, g.phone, g.email)
		if err != nil {
			return err
		}
		if phoneShared || emailShared {
			refused = store.DeadContactShared
		}
	}

	id, idHash := newRequestID()
	req := store.OTPRequest{IDHash: idHash, Purpose: store.PurposeRegistration, IIN: g.iin, CreatedAt: now, Client: client}
	ev := store.Event{IIN: g.iin, At: now, Client: client}
	var (
		c    store.OTPCode
		code string
	)
	if refused != "" {
		req.DeadAt, req.DeadReason = now, refused
		ev.Kind, ev.Detail = store.EventRegistrationRefused, refused
	} else {
		// To the fund's own record of the contact (the same, up to case).
		channel, contact := notify.ChannelSMS, d.Phone
		if g.phone == "" {
			channel, contact = notify.ChannelEmail, d.Email
		}
		if c, code, err = s.issueCode(ctx, req, channel, contact, now); err != nil {
			return err
		}
		req.Channel, req.Contact, req.CodeHash, req.Sends = c.Channel, c.Contact, c.Hash, 1
		req.SentAt, req.ExpiresAt, req.ResendAfter = c.SentAt, c.ExpiresAt, c.ResendAfter
		ev.Kind, ev.Detail = store.EventRegistrationStarted, "code by "+channel
	}
	wait, err := s.store.StartOTPRequest(ctx, req, otpLimit(), ev)
	if errors.Is(err, store.ErrThrottled) {
		return rateLimited(wait, "too many registration attempts for this IIN; try again later")
	}
	if err != nil {
		return err
	}
	switch refused {
	case store.DeadNotMatched:
		return problem(http.StatusNotFound, api.CodeDepositorNotFound,
			"no depositor with these details was found")
	case store.DeadAlreadyRegistered:
		return problem(http.StatusConflict, api.CodeAlreadyRegistered,
			"this depositor is already registered; log in or recover the password")
	case store.DeadContactShared:
		return problem(http.StatusConflict, api.CodeContactShared,
			"the contact given is also another depositor's; confirm it by EDS in the cabinet or at an office")
	}

	req.Sends = 0 // sendCode numbers this send as the first
	queued, err := s.sendCode(r, req, c, code)
	if err != nil {
		if kerr := s.store.KillOTPRequest(ctx, idHash, now, store.DeadDelivery); kerr != nil {
			return kerr
		}
		return err
	}
	req.Sends, req.Queued = 1, queued
	s.respond(w, r, http.StatusCreated, s.challenge(id, req))
	return nil
}

// otpLimit is the per-IIN limit of starts of one flow.
func otpLimit() store.OTPLimit {
	return store.OTPLimit{Max: otpStartsPerIIN, Window: otpStartWindow, Keep: otpKeepRows}
}

// handleRegResend is POST /api/v1/registration/{id}/resend.
func (s *server) handleRegResend(w http.ResponseWriter, r *http.Request) error {
	return s.resend(w, r, store.PurposeRegistration)
}

// handleRegConfirm is POST /api/v1/registration/{id}/confirm, step 2:
// the code and the new password twice. On success the password is set,
// the request is used up and the depositor is logged in (200 Session).
func (s *server) handleRegConfirm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.confirmWithCode(w, r, store.PurposeRegistration, store.PasswordSet{
		RequireUnregistered: true,
		ClearFailures:       true,
		Event:               store.Event{Kind: store.EventRegistrationCompleted},
	})
	if errors.Is(err, store.ErrPasswordConflict) {
		return problem(http.StatusConflict, api.CodeAlreadyRegistered, "this depositor is already registered")
	}
	if err != nil {
		return err
	}
	sess, err := s.startSession(r.Context(), c.req.IIN, "password", clientAddr(r), c.now)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, sess)
	return nil
}
