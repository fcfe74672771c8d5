package service

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// staffHandler is a handler of an office staff route; staff is the
// logged-in employee.
type staffHandler func(w http.ResponseWriter, r *http.Request, staff store.Depositor) error

// staffOnly runs h for a session of a user with role staff; anyone else
// (a depositor) gets 403 forbidden, and no session 401 as for any
// cabinet call.
func (s *server) staffOnly(need string, h staffHandler) http.Handler {
	return s.authed(func(w http.ResponseWriter, r *http.Request, sess store.Session) (err error) {
		d, err := s.store.Depositor(r.Context(), sess.IIN)
		if errors.Is(err, store.ErrNotFound) {
			return unauthorized(reasonInvalid, "unknown session")
		}
		if err != nil {
			return err
		}
		if d.Role != store.RoleStaff {
			return problem(http.StatusForbidden, api.CodeForbidden, "for office staff only")
		}
		// Every staff action from here on is audited: who, what, when,
		// from where, and how it ended.
		defer func() {
			outcome := "ok"
			var pe *problemError
			if errors.As(err, &pe) {
				outcome = pe.p.Code
			} else if err != nil {
				outcome = api.CodeInternal
			}
			target := r.PathValue("id")
			if target == "" {
				target = r.PathValue("iin")
			}
			if aerr := s.store.AddStaffAudit(context.WithoutCancel(r.Context()), store.StaffAuditEntry{At: s.now(), StaffIIN: d.IIN,
				Action: r.Pattern, Target: target, Client: clientAddr(r), Outcome: outcome}); aerr != nil && err == nil {
				err = aerr
			}
		}()
		role, disabled, err := s.store.StaffRole(r.Context(), d.IIN)
		if err != nil {
			return err
		}
		if disabled {
			p := problem(http.StatusForbidden, api.CodeForbidden, "this staff member is disabled")
			p.p.Reason = api.ReasonStaffDisabled
			return p
		}
		if role != store.StaffRoleAll && role != need {
			p := problem(http.StatusForbidden, api.CodeForbidden, "not allowed to this staff member's role")
			p.p.Reason = api.ReasonStaffRole
			return p
		}
		if err := s.staffTwoFactor(r.Context(), sess, d); err != nil {
			return err // the fund requires a second step (twofactor.go)
		}
		return h(w, r, d)
	})
}

// personName is the person's surname, given name and patronymic.
func personName(d store.Depositor) string { return joinName(d.Surname, d.GivenName, d.Patronymic) }

// maxStaffQueue bounds GET /api/v1/staff/queue.
const maxStaffQueue = 200

// maxRejectReasonRunes bounds the reason of a rejection.
const maxRejectReasonRunes = 500

// staffApplication is the wire form of a for the office: with the
// depositor's IIN and name.
func staffApplication(a store.Application, history []store.StatusChange) api.Application {
	out := apiApplication(a, history)
	out.IIN, out.DepositorName = a.IIN, a.DepositorName
	return out
}

// handleStaffQueue is GET /api/v1/staff/queue?status=S: the applications
// of all depositors with status S (the unfinished ones without it),
// oldest first, at most maxStaffQueue.
func (s *server) handleStaffQueue(w http.ResponseWriter, r *http.Request, _ store.Depositor) error {
	var statuses []string
	for _, st := range r.URL.Query()["status"] {
		if st = strings.TrimSpace(st); st == "" {
			continue
		}
		if api.StatusRank(st) < 0 {
			p := badRequest("status must be one of the statuses of an application")
			p.p.Field = "status"
			return p
		}
		statuses = append(statuses, st)
	}
	list, err := s.store.ApplicationQueue(r.Context(), statuses, maxStaffQueue)
	if err != nil {
		return err
	}
	apps, err := s.apiApplications(r.Context(), list)
	if err != nil {
		return err
	}
	for i, a := range list {
		apps[i].IIN, apps[i].DepositorName = a.IIN, a.DepositorName
	}
	s.respond(w, r, http.StatusOK, api.Applications{Applications: apps})
	return nil
}

func noApplication() *problemError {
	return problem(http.StatusNotFound, api.CodeNotFound, "no such application")
}

// handleStaffApplication is GET /api/v1/staff/applications/{id}: any
// depositor's application with its history, IIN and name.
func (s *server) handleStaffApplication(w http.ResponseWriter, r *http.Request, _ store.Depositor) error {
	a, err := s.store.ApplicationByID(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return noApplication()
	}
	if err != nil {
		return err
	}
	history, err := s.store.History(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, staffApplication(a, history))
	return nil
}

// staffNext are the statuses an employee may move an application in
// status s to: the workflow's next steps but canceled.
func staffNext(s string) []string {
	var out []string
	for _, n := range api.NextStatuses(s) {
		if n != api.StatusCanceled {
			out = append(out, n)
		}
	}
	return out
}

// handleStaffStatus is POST /api/v1/staff/applications/{id}/status: the
// employee moves the application forward (StaffStatusRequest). The
// history records him as actor by name, the depositor gets a
// notification and the employee's journal a security event. 422
// validation_failed for an unknown status (field status) or a rejection
// without a reason (reason "reason"); 409 status_not_next when the move
// is not one of the workflow's next steps (api.NextStatuses: submitted
// cannot jump to executed); 409 invalid_state when the application is
// final (or was moved meanwhile), or the status is canceled (only the
// depositor's cancel_transfer cancels). A reason with another
// status than rejected is dropped.
func (s *server) handleStaffStatus(w http.ResponseWriter, r *http.Request, staff store.Depositor) error {
	var body api.StaffStatusRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	to := strings.TrimSpace(body.Status)
	if api.StatusRank(to) < 0 {
		return validationFailed("", "status", "status must be one of the statuses of an application")
	}
	reason := strings.TrimSpace(body.Reason)
	if to != api.StatusRejected {
		reason = ""
	}
	switch {
	case to == api.StatusRejected && reason == "":
		return validationFailed(api.ReasonRejectReason, "reason", "a rejection needs a reason for the depositor")
	case utf8.RuneCountInString(reason) > maxRejectReasonRunes || !utf8.ValidString(reason):
		p := badRequest("reason is too long or not text")
		p.p.Field = "reason"
		return p
	case to == api.StatusCanceled:
		return problem(http.StatusConflict, api.CodeInvalidState, "only the depositor's cancel_transfer application cancels one")
	}
	a, err := s.store.StaffMoveApplication(r.Context(), store.Move{
		ID: r.PathValue("id"), To: to, Actor: api.ActorStaff, ActorName: personName(staff), Reason: reason, At: s.now(),
	}, staff.IIN, clientAddr(r))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return noApplication()
	case errors.Is(err, store.ErrNotNextStep):
		return problem(http.StatusConflict, api.CodeStatusNotNext,
			"the status moves one step of the workflow at a time: from "+a.Status+" only to "+
				strings.Join(staffNext(a.Status), ", "))
	case errors.Is(err, store.ErrInvalidState):
		return problem(http.StatusConflict, api.CodeInvalidState,
			"the status only moves forward and not from a final one; the application is "+a.Status)
	case err != nil:
		return err
	}
	history, err := s.store.History(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, staffApplication(a, history))
	return nil
}

// staffDepositor reads depositor iin for the office; an unknown IIN or
// one of a staff member is 404 depositor_not_found.
func (s *server) staffDepositor(ctx context.Context, iin string) (api.StaffDepositor, error) {
	d, err := s.store.Depositor(ctx, iin)
	if errors.Is(err, store.ErrNotFound) || (err == nil && d.Role != store.RoleDepositor) {
		return api.StaffDepositor{}, problem(http.StatusNotFound, api.CodeDepositorNotFound, "the fund has no depositor with this IIN")
	}
	if err != nil {
		return api.StaffDepositor{}, err
	}
	c, err := s.store.ContactsConfirmed(ctx, iin)
	if err != nil {
		return api.StaffDepositor{}, err
	}
	out := api.StaffDepositor{
		IIN: d.IIN, FullName: personName(d), BirthDate: d.BirthDate,
		Phone: d.Phone, Email: d.Email, Registered: d.Registered(),
		Disability: d.Disability, DisabilityForLife: d.DisabilityForLife,
	}
	if !c.At.IsZero() {
		out.ContactsConfirmedAt = &c.At
	}
	return out, nil
}

// pathIIN reads the {iin} of the route: 422 invalid_iin when malformed.
func pathIIN(r *http.Request) (string, error) {
	iin, err := kz.ParseIIN(r.PathValue("iin"))
	if err != nil {
		return "", invalidIIN(err)
	}
	return iin.String(), nil
}

// handleStaffDepositor is GET /api/v1/staff/depositors/{iin}: what the
// office sees of a depositor, contacts in full.
func (s *server) handleStaffDepositor(w http.ResponseWriter, r *http.Request, _ store.Depositor) error {
	iin, err := pathIIN(r)
	if err != nil {
		return err
	}
	d, err := s.staffDepositor(r.Context(), iin)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, d)
	return nil
}

// handleStaffContacts is POST /api/v1/staff/depositors/{iin}/contacts:
// the employee, having seen the depositor's identity document, confirms
// the phone and/or e-mail as his. They are stored on him and taken off
// anyone else (who gets a security event), so registration and recovery
// with them no longer answer contact_shared. Answers the depositor.
func (s *server) handleStaffContacts(w http.ResponseWriter, r *http.Request, staff store.Depositor) error {
	iin, err := pathIIN(r)
	if err != nil {
		return err
	}
	var body api.ContactConfirmRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	c := store.ContactConfirm{IIN: iin, StaffIIN: staff.IIN, StaffName: personName(staff), At: s.now(), Client: clientAddr(r)}
	if strings.TrimSpace(body.Phone) == "" && strings.TrimSpace(body.Email) == "" {
		p := badRequest("a mobile phone number or an e-mail address is required")
		p.p.Field = "phone"
		return p
	}
	if strings.TrimSpace(body.Phone) != "" {
		ph, err := kz.ParsePhone(body.Phone)
		if err != nil {
			return validationFailed(api.ReasonPhone, "phone", "not a Kazakhstan mobile number")
		}
		c.Phone = ph.String()
	}
	if strings.TrimSpace(body.Email) != "" {
		if c.Email, err = kz.ParseEmail(body.Email); err != nil {
			return validationFailed(api.ReasonEmail, "email", "not an e-mail address")
		}
	}
	released, err := s.store.ConfirmContacts(r.Context(), c)
	if errors.Is(err, store.ErrNotFound) {
		return problem(http.StatusNotFound, api.CodeDepositorNotFound, "the fund has no depositor with this IIN")
	}
	if err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "contacts confirmed at an office",
		"staff", staff.IIN, "depositor", iin, "takenFrom", len(released))
	d, err := s.staffDepositor(r.Context(), iin)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, d)
	return nil
}

// handleStaffBookings is GET /api/v1/staff/bookings?date=YYYY-MM-DD&office=ID:
// the day's bookings (today by the fund's calendar when date is absent)
// of one office or of all (office absent or 0), by start time, cancelled
// ones included with their status.
func (s *server) handleStaffBookings(w http.ResponseWriter, r *http.Request, _ store.Depositor) error {
	q := r.URL.Query()
	date := q.Get("date")
	if date == "" {
		date = fundDate(s.now())
	}
	if _, ok := parseAPIDate(date); !ok {
		p := badRequest("date must be a date YYYY-MM-DD")
		p.p.Field = "date"
		return p
	}
	var officeID int64
	if v := q.Get("office"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			p := badRequest("office must be an office id")
			p.p.Field = "office"
			return p
		}
		officeID = id
	}
	offices := map[int64]store.Office{}
	if officeID != 0 {
		o, err := s.office(r.Context(), officeID)
		if err != nil {
			return err
		}
		offices[o.ID] = o
	}
	list, err := s.store.DayBookings(r.Context(), date, officeID)
	if err != nil {
		return err
	}
	out := api.StaffBookings{Date: date, Bookings: make([]api.StaffBooking, 0, len(list))}
	for _, b := range list {
		o, ok := offices[b.OfficeID]
		if !ok {
			if o, err = s.store.Office(r.Context(), b.OfficeID); err != nil {
				return err
			}
			offices[b.OfficeID] = o
		}
		out.Bookings = append(out.Bookings, api.StaffBooking{
			Booking: s.apiBooking(b.Booking, o), IIN: b.IIN,
			DepositorName: joinName(b.Surname, b.GivenName, b.Patronymic),
		})
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}
