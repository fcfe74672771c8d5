package service

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// handleChangePassword is PUT /api/v1/me/password: the current password
// and the new one twice. A wrong current password is 403
// invalid_credentials with attemptsLeft (not 401, which the app takes for
// the end of the session) and counts towards the IIN's login lock, so a
// stolen session cannot be used to guess the password. The new password
// must pass the policy and differ from the current one (weak_password
// "reuse"). On success (204) every other session of the depositor ends,
// the caller's stays, and a notice goes to every contact.
// EDSSetPasswordWindow is how long after an EDS login the session may set
// a password without the current one.
const EDSSetPasswordWindow = 15 * time.Minute

func (s *server) handleChangePassword(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var body api.ChangePasswordRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	now, client := s.now(), clientAddr(r)
	// A session opened by EDS a few minutes ago has just proved who the
	// depositor is: it may set a password without the current one. This is
	// «восстановить пароль по ЭЦП» and the memo's way to confirm a contact
	// shared with another depositor (sign in by EDS, then set a password).
	byEDS := sess.Method == sessionMethodEDS && now.Sub(sess.CreatedAt) <= EDSSetPasswordWindow && body.CurrentPassword == ""
	if body.CurrentPassword == "" && !byEDS {
		return requiredField("currentPassword")
	}
	if !byEDS {
		if err := s.loginGate(ctx, sess.IIN, client, now); err != nil {
			return err
		}
	}
	d, err := s.store.Depositor(ctx, sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return unauthorized(reasonInvalid, "unknown session")
	}
	if err != nil {
		return err
	}
	current := d.PasswordHash
	if current == "" {
		current = s.dummyHash // e.g. a person who only ever logged in by EDS
	}
	match := byEDS
	if !byEDS {
		ok, _, err := s.verify(ctx, normPassword(body.CurrentPassword), current)
		if err != nil {
			return fmt.Errorf("verify password: %w", err)
		}
		match = ok && d.PasswordHash != ""
	}
	if !match {
		return s.wrongPassword(ctx, sess.IIN, client, now, "currentPassword", "the current password is wrong")
	}
	if !byEDS && normPassword(body.NewPassword) == normPassword(body.NewPasswordRepeat) &&
		normPassword(body.NewPassword) == normPassword(body.CurrentPassword) {
		return weakPassword(api.ReasonReuse, "newPassword")
	}
	if err := checkNewPassword(body.NewPassword, body.NewPasswordRepeat, d, "newPassword", "newPasswordRepeat"); err != nil {
		return err
	}
	hash, err := s.hash(ctx, normPassword(body.NewPassword))
	if err != nil {
		return err
	}
	_, err = s.store.SetPassword(ctx, store.PasswordSet{
		IIN: sess.IIN, Hash: hash, At: now, Client: client,
		RequireHash:   d.PasswordHash,
		EndSessions:   true,
		KeepSession:   sess.TokenHash,
		ClearFailures: true,
		Event:         store.Event{Kind: store.EventPasswordChanged, Detail: "in the cabinet"},
	})
	if errors.Is(err, store.ErrPasswordConflict) {
		return problem(http.StatusConflict, api.CodeInvalidState, "the password was changed meanwhile; try again")
	}
	if err != nil {
		return err
	}
	s.noticePasswordChanged(r, d, now)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// wrongPassword records a wrong password given again in a session (a
// change of the password or of the second login step) as a login failure
// of iin from client, and answers 423 account_locked once that locks the
// client out, else 403 invalid_credentials (not 401: the session stays)
// on field with the attempts left.
func (s *server) wrongPassword(ctx context.Context, iin, client string, now time.Time, field, detail string) error {
	state, err := s.store.RecordLoginFailure(ctx, iin, now, s.failures, client)
	if err != nil {
		return err
	}
	if state.LockedAt(now) {
		return locked(state.LockedUntil)
	}
	p := problem(http.StatusForbidden, api.CodeInvalidCredentials, detail)
	p.p.Field = field
	left := max(s.failures.MaxFailures-state.Failures, 0)
	p.p.AttemptsLeft = &left
	return p
}
