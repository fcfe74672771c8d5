package api

import (
	"encoding/json"
	"time"
)

// Applications («Заявления»): pension payment, change of bank details,
// change of additional details, choice of a portfolio manager (or return
// to the National Bank) and the cancellation of an earlier transfer
// application. Each one is a Document the depositor signs with his EDS
// SIGN key; the service verifies the CMS covers exactly the submitted
// document bytes and that the signer is the depositor.
//
// Flow of the client:
//  1. GET  /applications/options  → what this depositor may apply for
//     (payment types with eligibility and the reason when not), the
//     portfolio managers, the applications that may still be canceled.
//  2. POST /applications/check    → ApplicationCheckRequest; 200 with the
//     CheckResult, or the same problem the submit would answer
//     (not_eligible, invalid_iban, validation_failed, invalid_state), so
//     the user learns before signing.
//  3. sign DocumentBytes(doc) with the SIGN key (CMS, attached or detached).
//  4. POST /applications          → ApplicationSubmit with the
//     Idempotency-Key header: 201 Application (or 200 with the earlier
//     one for a repeated key and the same body; 409 idempotency_conflict
//     for a repeated key and another body).
//  5. GET  /applications, GET /applications/{id} → status and timeline.
const (
	PathApplications       = Prefix + "/applications"
	PathApplicationOptions = Prefix + "/applications/options"
	PathApplicationCheck   = Prefix + "/applications/check"
	PathNotifications      = Prefix + "/notifications"
	PathNotificationsRead  = Prefix + "/notifications/read"
)

// PathApplication is GET /api/v1/applications/{id}.
func PathApplication(id string) string { return PathApplications + "/" + id }

// PathApplicationDocument is GET /api/v1/applications/{id}/document: the
// signed document bytes exactly as stored (application/json).
func PathApplicationDocument(id string) string { return PathApplication(id) + "/document" }

// PathApplicationSignature is GET /api/v1/applications/{id}/signature.p7s:
// the stored CMS (application/pkcs7-signature, DER).
func PathApplicationSignature(id string) string { return PathApplication(id) + "/signature.p7s" }

// Application types.
const (
	AppPensionPayment    = "pension_payment"
	AppBankDetails       = "bank_details"
	AppAdditionalDetails = "additional_details"
	AppPortfolioManager  = "portfolio_manager"
	AppCancelTransfer    = "cancel_transfer"
)

// ApplicationTypes lists the types in menu order.
var ApplicationTypes = []string{AppPensionPayment, AppBankDetails, AppAdditionalDetails, AppPortfolioManager, AppCancelTransfer}

// Statuses of an application. They only move forward, along
//
//	submitted → accepted → processing → approved → executed
//	                                  ↘ rejected (with a reason)
//
// and a portfolio_manager application may become canceled (by a
// cancel_transfer application of the same depositor) while it is
// submitted or accepted, i.e. not yet processed. rejected, executed and
// canceled are final.
const (
	StatusSubmitted  = "submitted"
	StatusAccepted   = "accepted"
	StatusProcessing = "processing"
	StatusApproved   = "approved"
	StatusRejected   = "rejected"
	StatusExecuted   = "executed" // paid (payment) or carried out (the others)
	StatusCanceled   = "canceled"
)

// StatusFlow is the normal order of statuses (rejected and canceled branch off).
var StatusFlow = []string{StatusSubmitted, StatusAccepted, StatusProcessing, StatusApproved, StatusExecuted}

// StatusFinal tells whether no further change can come.
func StatusFinal(s string) bool {
	return s == StatusRejected || s == StatusExecuted || s == StatusCanceled
}

// NextStatuses are the workflow's next steps from status s: submitted →
// accepted → processing → approved → executed, one step at a time;
// rejected from submitted, accepted or processing; canceled (the
// depositor's cancel_transfer only) from submitted or accepted. None
// from a final status. The service allows no other move, whoever asks.
func NextStatuses(s string) []string {
	switch s {
	case StatusSubmitted:
		return []string{StatusAccepted, StatusRejected, StatusCanceled}
	case StatusAccepted:
		return []string{StatusProcessing, StatusRejected, StatusCanceled}
	case StatusProcessing:
		return []string{StatusApproved, StatusRejected}
	case StatusApproved:
		return []string{StatusExecuted}
	}
	return nil
}

// StatusRank orders statuses for "only forward": a move is allowed only
// to a higher rank (and canceled only from submitted or accepted).
func StatusRank(s string) int {
	switch s {
	case StatusSubmitted:
		return 0
	case StatusAccepted:
		return 1
	case StatusProcessing:
		return 2
	case StatusApproved, StatusRejected, StatusCanceled:
		return 3
	case StatusExecuted:
		return 4
	}
	return -1
}

// Actors of a status change.
const (
	ActorDepositor  = "depositor"   // submitted, canceled by his cancel_transfer
	ActorBackOffice = "back_office" // the service's back-office worker
	ActorStaff      = "staff"       // an office employee (ActorName is then his name)
)

// Payment bases.
const (
	BasisDisability = "disability" // group 1 or 2 for life (ОПВ/ОППВ), any group (ДПВ)
	BasisAge50      = "age50"      // ДПВ only: 50 years or older
)

// Reasons of not_eligible (Problem.Reason and PaymentOption.Reason).
const (
	ReasonNoAccount        = "no_account"          // the depositor has no such account
	ReasonEmptyAccount     = "empty_account"       // nothing on the account
	ReasonNeedDisability   = "disability_for_life" // ОПВ/ОППВ need group 1 or 2 set for life
	ReasonNeedAge50        = "age50"               // ДПВ need 50+ or a disability
	ReasonPaymentPending   = "payment_pending"     // an unfinished payment application from that account
	ReasonManagerPending   = "manager_pending"     // an unfinished portfolio_manager application
	ReasonNothingToCancel  = "nothing_to_cancel"   // cancel_transfer: no cancelable application
	ReasonStaffCannotApply = "staff"               // office staff do not file applications
)

// Reasons of validation_failed for applications (Problem.Reason; Field
// names the field).
const (
	ReasonDocumentMalformed = "document"  // not a Document, unknown type, wrong version
	ReasonDocumentIIN       = "iin"       // the document is for another IIN
	ReasonDocumentDate      = "date"      // CreatedAt too far from the service's clock
	ReasonAddress           = "address"   // empty or too long address
	ReasonPhone             = "phone"     // not a KZ mobile number
	ReasonEmail             = "email"     // not an e-mail address
	ReasonNoChange          = "no_change" // additional details: nothing given
	ReasonShare             = "share"     // share not in 1..100
	ReasonManager           = "manager"   // unknown manager
	ReasonTarget            = "target"    // cancel_transfer: no such application of the depositor
	ReasonBasis             = "basis"     // unknown basis/account combination
)

// SignerMismatch (403 Problem.Code forbidden, Reason "signer"): the SIGN
// certificate belongs to someone else than the logged-in depositor.
const ReasonSigner = "signer"

// DocumentVersion is the current Document.Version.
const DocumentVersion = 1

// DocumentMaxAge bounds |Document.CreatedAt - service clock|: a document
// is signed right before it is sent.
const DocumentMaxAge = 30 * time.Minute

// MaxDocumentSize and MaxSignatureSize bound ApplicationSubmit.
const (
	MaxDocumentSize  = 16 << 10
	MaxSignatureSize = 64 << 10
)

// Document is what the depositor signs. The client marshals it with
// DocumentBytes; the service parses the signed bytes back and checks them
// (it never re-marshals them: the signature covers the bytes).
type Document struct {
	Version   int       `json:"version"`
	Type      string    `json:"type"`
	IIN       string    `json:"iin"`
	FullName  string    `json:"fullName"`
	CreatedAt time.Time `json:"createdAt"`
	// Exactly one of these, matching Type.
	Payment   *PaymentRequest    `json:"payment,omitempty"`
	Bank      *BankDetails       `json:"bank,omitempty"`
	Details   *AdditionalDetails `json:"details,omitempty"`
	Portfolio *PortfolioChoice   `json:"portfolio,omitempty"`
	Cancel    *CancelTransfer    `json:"cancel,omitempty"`
}

// PaymentRequest: a pension payment from Account (OPV, OPPV or DPV) on
// Basis, paid to IBAN.
type PaymentRequest struct {
	Account string `json:"account"`
	Basis   string `json:"basis"`
	IBAN    string `json:"iban"` // 20 characters, no spaces
}

// BankDetails: the account payments go to.
type BankDetails struct {
	IBAN string `json:"iban"`
	// BankName is filled by the client from the IBAN's bank code (the
	// service checks it matches).
	BankName string `json:"bankName,omitempty"`
}

// AdditionalDetails: postal address and contacts; empty fields stay as
// they are, at least one must be given.
type AdditionalDetails struct {
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"` // 11 digits, 7XXXXXXXXXX
	Email   string `json:"email,omitempty"`
}

// PortfolioChoice: ManagerID from the options (ManagerNationalBank to
// return savings to the National Bank's management) and the share of the
// OPV savings, 1..100 percent.
type PortfolioChoice struct {
	ManagerID    string `json:"managerId"`
	SharePercent int    `json:"sharePercent"`
}

// ManagerNationalBank is the manager id of the National Bank.
const ManagerNationalBank = "nbrk"

// CancelTransfer: ApplicationID is a portfolio_manager application of the
// same depositor still submitted or accepted.
type CancelTransfer struct {
	ApplicationID string `json:"applicationId"`
}

// ApplicationCheckRequest is POST /api/v1/applications/check.
type ApplicationCheckRequest struct {
	Document Document `json:"document"`
}

// CheckResult is the answer to a passed check.
type CheckResult struct {
	OK bool `json:"ok"`
	// BankName for an IBAN in the document (payment or bank details).
	BankName string `json:"bankName,omitempty"`
}

// ApplicationSubmit is POST /api/v1/applications: Document is the exact
// signed bytes (DocumentBytes of the reviewed Document), Signature the
// CMS (DER), both base64 in JSON.
type ApplicationSubmit struct {
	Document  []byte `json:"document"`
	Signature []byte `json:"signature"`
}

// StatusChange is one entry of an application's timeline.
type StatusChange struct {
	Status    string    `json:"status"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`               // ActorDepositor, ActorBackOffice, ActorStaff
	ActorName string    `json:"actorName,omitempty"` // staff member's name
	Reason    string    `json:"reason,omitempty"`    // rejection reason written by staff (free text)
	// ReasonCode is set when the back office rejects by a rule: one of the
	// not_eligible reasons (ReasonEmptyAccount, ...), for a translated text.
	ReasonCode string `json:"reasonCode,omitempty"`
}

// Signer is what the service read from the SIGN certificate.
type Signer struct {
	Name         string    `json:"name"`
	IIN          string    `json:"iin"`
	Serial       string    `json:"serial"` // hex
	Issuer       string    `json:"issuer"`
	NotAfter     time.Time `json:"notAfter"`
	SignedDigest string    `json:"signedDigest"` // SHA-256 of the document, hex
}

// Application is one application with its history.
type Application struct {
	ID        string    `json:"id"`
	Number    string    `json:"number"` // e.g. "Z-20261123-000042", for people
	Type      string    `json:"type"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Document is the signed document, parsed (the screens build their
	// translated description from it).
	Document Document       `json:"document"`
	Signer   Signer         `json:"signer"`
	History  []StatusChange `json:"history"` // oldest first
	// Cancelable: a portfolio_manager application that a cancel_transfer
	// may still cancel.
	Cancelable bool `json:"cancelable,omitempty"`
	// IIN and DepositorName are filled in the staff queue.
	IIN           string `json:"iin,omitempty"`
	DepositorName string `json:"depositorName,omitempty"`
}

// Applications is GET /api/v1/applications (newest first) and the staff
// queue.
type Applications struct {
	Applications []Application `json:"applications"`
}

// PaymentOption says whether a payment from Account on Basis is open to
// the depositor, and if not, why (one of the not_eligible reasons).
type PaymentOption struct {
	Account  string `json:"account"`
	Basis    string `json:"basis"`
	Eligible bool   `json:"eligible"`
	Reason   string `json:"reason,omitempty"`
	Balance  Money  `json:"balance"`
}

// Manager is an investment portfolio manager.
type Manager struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// ReturnLastYear is the return over the last 12 months in basis
	// points (1234 = 12.34 %), for the choice; informative only.
	ReturnLastYear int  `json:"returnLastYear"`
	NationalBank   bool `json:"nationalBank,omitempty"`
}

// PortfolioShare is a part of the OPV savings under one manager.
type PortfolioShare struct {
	ManagerID    string `json:"managerId"`
	SharePercent int    `json:"sharePercent"`
}

// ApplicationOptions is GET /api/v1/applications/options.
type ApplicationOptions struct {
	Payments []PaymentOption `json:"payments"`
	Managers []Manager       `json:"managers"`
	// Portfolio is the depositor's current allocation (National Bank 100 %
	// by default).
	Portfolio []PortfolioShare `json:"portfolio"`
	// BankIBAN and Address are the details on record ("" when none).
	BankIBAN string `json:"bankIban,omitempty"`
	Address  string `json:"address,omitempty"`
	// Cancelable are the depositor's portfolio_manager applications that a
	// cancel_transfer may still cancel.
	Cancelable []Application `json:"cancelable"`
}

// Notification is an in-app notification (a status change of an
// application, for now).
type Notification struct {
	ID            int64     `json:"id"`
	At            time.Time `json:"at"`
	Kind          string    `json:"kind"` // NotificationStatus
	ApplicationID string    `json:"applicationId,omitempty"`
	Number        string    `json:"number,omitempty"`
	AppType       string    `json:"appType,omitempty"`
	Status        string    `json:"status,omitempty"`
	Reason        string    `json:"reason,omitempty"`
	ReasonCode    string    `json:"reasonCode,omitempty"`
	Read          bool      `json:"read"`
}

// NotificationStatus is the kind of a status-change notification.
const NotificationStatus = "application_status"

// Notifications is GET /api/v1/notifications?after=ID (only newer ones
// when after is given; newest first, at most 100).
type Notifications struct {
	Notifications []Notification `json:"notifications"`
	Unread        int            `json:"unread"`
}

// NotificationsRead is POST /api/v1/notifications/read: marks IDs read,
// or all when IDs is empty. Answers Notifications-less 204.
type NotificationsRead struct {
	IDs []int64 `json:"ids,omitempty"`
}

// DocumentBytes is the canonical encoding of d the client signs and
// submits (encoding/json of the struct: fixed field order, UTC time).
func DocumentBytes(d Document) ([]byte, error) {
	d.CreatedAt = d.CreatedAt.UTC()
	return json.Marshal(d)
}
