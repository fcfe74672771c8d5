package api

import "time"

// Office staff workstation. Every /api/v1/staff/... call needs a session
// of a user with role "staff"; anyone else gets 403 forbidden.
const (
	PathStaffQueue    = Prefix + "/staff/queue"
	PathStaffBookings = Prefix + "/staff/bookings"
	pathStaffApps     = Prefix + "/staff/applications"
	pathStaffDeps     = Prefix + "/staff/depositors"
)

// PathStaffApplication is GET /api/v1/staff/applications/{id}: any
// depositor's application, with IIN and DepositorName.
func PathStaffApplication(id string) string { return pathStaffApps + "/" + id }

// PathStaffApplicationStatus is POST /api/v1/staff/applications/{id}/status
// (StaffStatusRequest → Application): moves the status forward, recorded
// with the staff member as actor. 409 invalid_state when the move is not
// forward (or the application is final); 422 validation_failed reason
// "reason" when rejecting without a reason.
func PathStaffApplicationStatus(id string) string { return PathStaffApplication(id) + "/status" }

// PathStaffDepositor is GET /api/v1/staff/depositors/{iin}
// (StaffDepositor); 404 depositor_not_found.
func PathStaffDepositor(iin string) string { return pathStaffDeps + "/" + iin }

// PathStaffContacts is POST /api/v1/staff/depositors/{iin}/contacts
// (ContactConfirmRequest → StaffDepositor): the memo's «подтвердить
// реквизит в отделении»: the employee has seen the depositor's identity
// document and confirms the phone and/or e-mail as his. The contact is
// then the depositor's (taken off any other depositor, who is told so by
// a security event), and registration or recovery with it no longer
// answers contact_shared.
func PathStaffContacts(iin string) string { return PathStaffDepositor(iin) + "/contacts" }

// ReasonRejectReason (validation_failed, field "reason"): a rejection
// needs a reason for the depositor.
const ReasonRejectReason = "reason"

// StaffStatusRequest moves an application to Status (one of the statuses
// after the current one); Reason is required for rejected.
type StaffStatusRequest struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// StaffQueue is GET /api/v1/staff/queue?status=S: applications of all
// depositors, oldest first; without status the unfinished ones
// (submitted, accepted, processing, approved). Answers Applications with
// IIN and DepositorName set.

// StaffDepositor is what the office sees of a depositor: contacts in
// full (the employee is talking to the person, with his ID).
type StaffDepositor struct {
	IIN               string `json:"iin"`
	FullName          string `json:"fullName"`
	BirthDate         string `json:"birthDate"`
	Phone             string `json:"phone,omitempty"`
	Email             string `json:"email,omitempty"`
	Registered        bool   `json:"registered"` // has a cabinet password
	Disability        string `json:"disability,omitempty"`
	DisabilityForLife bool   `json:"disabilityForLife,omitempty"`
	// ContactsConfirmedAt is when an office last confirmed the contacts.
	ContactsConfirmedAt *time.Time `json:"contactsConfirmedAt,omitempty"`
}

// ContactConfirmRequest: at least one of Phone (11 digits, 7XXXXXXXXXX)
// and Email. 422 validation_failed reason phone/email when malformed.
type ContactConfirmRequest struct {
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// StaffBooking is a booking as the office sees it.
type StaffBooking struct {
	Booking
	IIN           string `json:"iin"`
	DepositorName string `json:"depositorName"`
}

// StaffBookings is GET /api/v1/staff/bookings?date=YYYY-MM-DD&office=ID:
// the day's bookings (all offices when office is 0/absent), by start time.
type StaffBookings struct {
	Date     string         `json:"date"`
	Bookings []StaffBooking `json:"bookings"`
}

// Reasons of a staff call's 403 forbidden besides "not staff".
const (
	// ReasonStaffRole: the employee's role (kabinetd admin staff --role)
	// does not cover this call: applications or office.
	ReasonStaffRole = "staff_role"
	// ReasonStaffDisabled: kabinetd admin staff disable.
	ReasonStaffDisabled = "staff_disabled"
)
