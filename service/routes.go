package service

import (
	"net/http"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// router is what routes needs of an http.ServeMux (tests list the
// patterns with it).
type router interface {
	Handle(pattern string, handler http.Handler)
}

// routes registers every route of the service (Go 1.22 patterns). It is
// the one place to read what the service offers; later flows add their
// lines here (registration, password reset, EDS login, statements, ...):
// unauthenticated form posts behind s.throttle, cabinet calls behind
// s.authed.
func (s *server) routes(mux router) {
	mux.Handle("GET "+api.PathHealthz, s.handle(s.handleHealthz))
	mux.Handle("GET "+api.PathReadyz, s.handle(s.handleReadyz))
	mux.Handle("GET "+api.PathInfo, s.handle(s.handleInfo))

	mux.Handle("POST "+api.PathLogin, s.outcome(flowPasswordLogin, s.throttle(s.handle(s.handleLogin))))
	mux.Handle("POST "+api.PathLogout, s.authed(s.handleLogout))
	mux.Handle("POST "+api.PathEDSChallenge, s.throttle(s.handle(s.handleEDSChallenge)))
	mux.Handle("POST "+api.PathEDSLogin, s.outcome(flowEDSLogin, s.throttle(s.handle(s.handleEDSLogin))))

	mux.Handle("GET "+api.PathMe, s.authed(s.handleMe))
	mux.Handle("GET "+api.PathAccounts, s.authed(s.handleAccounts))
	mux.Handle("GET "+api.PathMeEvents, s.authed(s.handleEvents))

	// Statements, certificates and the savings chart (statements.go,
	// certificates.go).
	mux.Handle("GET "+api.PathStatements, s.authed(s.handleStatements))
	mux.Handle("GET "+api.PathStatementSummary, s.authed(s.handleStatementSummary))
	mux.Handle("GET "+api.PathStatementPDF, s.authed(s.handleStatementPDF))
	mux.Handle("GET "+api.PathStatementCSV, s.authed(s.handleStatementCSV))
	mux.Handle("GET "+api.PathCertificateAccounts, s.authed(s.handleCertificateAccounts))
	mux.Handle("GET "+api.PathCertificateOPPV, s.authed(s.handleCertificateOPPV))
	mux.Handle("GET "+api.PathAccountsHistory, s.authed(s.handleAccountsHistory))

	// Pension forecast and office queue booking (forecast.go, booking.go).
	mux.Handle("GET "+api.PathForecastParams, s.authed(s.handleForecastParams))
	mux.Handle("POST "+api.PathForecast, s.authed(s.handleForecast))
	mux.Handle("GET "+api.PathOffices, s.authed(s.handleOffices))
	mux.Handle("GET "+api.PathOffices+"/{id}/slots", s.authed(s.handleOfficeSlots))
	mux.Handle("GET "+api.PathBookings, s.authed(s.handleBookings))
	mux.Handle("POST "+api.PathBookings, s.authed(s.handleBook))
	mux.Handle("DELETE "+api.PathBookings+"/{id}", s.authed(s.handleCancelBooking))
	mux.Handle("GET "+api.PathBookings+"/{id}/ticket.pdf", s.authed(s.handleBookingTicket))

	// Voluntary pension contributions (dpv.go).
	mux.Handle("POST "+api.PathDPVOrders, s.authed(s.handleDPVOrder))
	mux.Handle("GET "+api.PathDPVOrders, s.authed(s.handleDPVOrders))
	mux.Handle("GET "+api.PathDPVOrders+"/{id}/receipt.pdf", s.authed(s.handleDPVReceipt))

	// Applications signed with the EDS SIGN key and in-app notifications
	// (applications.go, notifications.go).
	mux.Handle("GET "+api.PathApplicationOptions, s.authed(s.handleApplicationOptions))
	mux.Handle("POST "+api.PathApplicationCheck, s.authed(s.handleApplicationCheck))
	mux.Handle("POST "+api.PathApplications, s.outcome(flowEDSApplication, s.authed(s.handleApplicationSubmit)))
	mux.Handle("GET "+api.PathApplications, s.authed(s.handleApplications))
	mux.Handle("GET "+api.PathApplication("{id}"), s.authed(s.handleApplication))
	mux.Handle("GET "+api.PathApplicationDocument("{id}"), s.authed(s.handleApplicationDocument))
	mux.Handle("GET "+api.PathApplicationSignature("{id}"), s.authed(s.handleApplicationSignature))
	mux.Handle("GET "+api.PathNotifications, s.authed(s.handleNotifications))
	mux.Handle("POST "+api.PathNotificationsRead, s.authed(s.handleNotificationsRead))

	// Office staff workstation (staff.go): role staff only, and the
	// staff member's role (applications or office) per endpoint; every
	// call is written to the staff audit log.
	mux.Handle("GET "+api.PathStaffQueue, s.staffOnly(store.StaffRoleApplications, s.handleStaffQueue))
	mux.Handle("GET "+api.PathStaffApplication("{id}"), s.staffOnly(store.StaffRoleApplications, s.handleStaffApplication))
	mux.Handle("POST "+api.PathStaffApplicationStatus("{id}"), s.staffOnly(store.StaffRoleApplications, s.handleStaffStatus))
	mux.Handle("GET "+api.PathStaffDepositor("{iin}"), s.staffOnly(store.StaffRoleOffice, s.handleStaffDepositor))
	mux.Handle("POST "+api.PathStaffContacts("{iin}"), s.staffOnly(store.StaffRoleOffice, s.handleStaffContacts))
	mux.Handle("GET "+api.PathStaffBookings, s.staffOnly(store.StaffRoleOffice, s.handleStaffBookings))

	// Registration, password recovery and change (one-time passwords).
	mux.Handle("POST "+api.PathRegistration, s.throttle(s.needsMessages(s.handle(s.handleRegistration))))
	mux.Handle("POST "+api.PathRegConfirm, s.outcome(flowRegistrationOTP, s.throttle(s.handle(s.handleRegConfirm))))
	mux.Handle("POST "+api.PathRegResend, s.throttle(s.needsMessages(s.handle(s.handleRegResend))))
	mux.Handle("GET "+api.PathCaptcha, s.throttle(s.handle(s.handleCaptcha)))
	mux.Handle("POST "+api.PathPasswordReset, s.throttle(s.handle(s.handlePasswordReset)))
	mux.Handle("POST "+api.PathResetSend, s.throttle(s.needsMessages(s.handle(s.handleResetSend))))
	mux.Handle("POST "+api.PathResetResend, s.throttle(s.needsMessages(s.handle(s.handleResetResend))))
	mux.Handle("POST "+api.PathResetConfirm, s.outcome(flowResetOTP, s.throttle(s.handle(s.handleResetConfirm))))
	mux.Handle("PUT "+api.PathMePassword, s.outcome(flowPasswordChange, s.throttle(s.authed(s.handleChangePassword))))

	// Two-factor login (twofactor.go): the login's second step, and the
	// cabinet's settings of it.
	mux.Handle("POST "+api.PathSecondStep, s.outcome(flowSecondStep, s.throttle(s.handle(s.handleSecondStep))))
	mux.Handle("POST "+api.PathSecondStepResend, s.throttle(s.handle(s.handleSecondStepResend)))
	mux.Handle("GET "+api.PathTwoFactor, s.authed(s.handleTwoFactor))
	mux.Handle("POST "+api.PathTwoFactorSetup, s.throttle(s.authed(s.handleTwoFactorSetup)))
	mux.Handle("POST "+api.PathTwoFactorResend, s.throttle(s.authed(s.handleTwoFactorResend)))
	mux.Handle("POST "+api.PathTwoFactorConfirm, s.throttle(s.authed(s.handleTwoFactorConfirm)))
	mux.Handle("POST "+api.PathTwoFactorOff, s.throttle(s.authed(s.handleTwoFactorOff)))
	if s.outbox != nil { // demo services only
		mux.Handle("GET "+api.PathOutbox, s.throttle(s.handle(s.handleOutbox)))
	}
}
