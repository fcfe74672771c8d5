package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Applications («Заявления», api/applications.go): a depositor's signed
// applications, checked here by the same rules on /check and on submit,
// then moved on by the back office (backoffice.go) or the office staff.
//
// Answers of a document that does not pass:
//
//	403 forbidden reason staff          office staff do not file applications
//	422 validation_failed               reason document, iin, date, basis,
//	                                    address, phone, email, no_change,
//	                                    share, manager, target (Field set)
//	422 invalid_iban                    Field iban (Reason: kz's check: length,
//	                                    checksum, unknown_bank, ...) or
//	                                    Field bankName (Reason bank_name: not
//	                                    the IBAN's bank)
//	422 not_eligible                    Reason one of api.Reason... (no_account,
//	                                    disability_for_life, age50,
//	                                    empty_account, payment_pending,
//	                                    manager_pending)
//	409 invalid_state                   cancel_transfer of an application
//	                                    already being processed (or final)
//
// and of the signature (submit only):
//
//	401 signature_invalid               not a CMS over exactly the document bytes
//	401 certificate_untrusted/_expired/_revoked
//	422 wrong_key_purpose               an AUTH key: sign with the SIGN key
//	403 forbidden reason signer         the key is someone else's

// maxApplicationsListed bounds GET /api/v1/applications.
const maxApplicationsListed = 100

// reasonBankName (invalid_iban, Field bankName): the bank name given is
// not the IBAN's bank.
const reasonBankName = "bank_name"

// apiApplication is the wire form of a, with its history (oldest first).
// The document is parsed back from the stored signed bytes. The staff
// handlers use it too.
func apiApplication(a store.Application, history []store.StatusChange) api.Application {
	out := api.Application{
		ID: a.ID, Number: a.Number, Type: a.Type, Status: a.Status,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		Signer: api.Signer{Name: a.Signer.Name, IIN: a.Signer.IIN, Serial: a.Signer.Serial,
			Issuer: a.Signer.Issuer, NotAfter: a.Signer.NotAfter.UTC(), SignedDigest: a.DocumentSHA256},
		History:    make([]api.StatusChange, 0, len(history)),
		Cancelable: a.Type == api.AppPortfolioManager && store.CanMove(a.Status, api.StatusCanceled),
	}
	json.Unmarshal(a.Document, &out.Document) // checked when submitted
	for _, c := range history {
		out.History = append(out.History, api.StatusChange{Status: c.Status, At: c.At.UTC(), Actor: c.Actor,
			ActorName: c.ActorName, Reason: c.Reason, ReasonCode: c.ReasonCode})
	}
	return out
}

// apiApplications converts list with the histories of its applications.
func (s *server) apiApplications(ctx context.Context, list []store.Application) ([]api.Application, error) {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	hist, err := s.store.Histories(ctx, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]api.Application, 0, len(list))
	for _, a := range list {
		out = append(out, apiApplication(a, hist[a.ID]))
	}
	return out, nil
}

func notEligible(reason, detail string) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeNotEligible, detail)
	p.p.Reason = reason
	return p
}

func ibanProblem(err error, field string) *problemError {
	p := problem(http.StatusUnprocessableEntity, api.CodeInvalidIBAN, err.Error())
	p.p.Field = field
	var ie *kz.IBANError
	if errors.As(err, &ie) {
		p.p.Reason = string(ie.Reason)
	}
	return p
}

func staffCannotApply() *problemError {
	p := problem(http.StatusForbidden, api.CodeForbidden, "office staff do not file applications")
	p.p.Reason = api.ReasonStaffCannotApply
	return p
}

// parseDocument reads the signed bytes as a Document: one JSON object,
// no unknown fields.
func parseDocument(b []byte) (api.Document, error) {
	var d api.Document
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, validationFailed(api.ReasonDocumentMalformed, "document", "the document is not an application: "+describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return d, validationFailed(api.ReasonDocumentMalformed, "document", "the document must be a single JSON object")
	}
	return d, nil
}

// checked is a document that passed checkDocument.
type checked struct {
	effect   store.Effect
	bankName string // of the IBAN, for CheckResult
}

// checkDocument applies the rules of an application to doc for the
// depositor d at now: what /check answers and submit requires before it
// looks at the signature.
func (s *server) checkDocument(ctx context.Context, d store.Depositor, doc api.Document, now time.Time) (checked, error) {
	var c checked
	if d.Role == store.RoleStaff {
		return c, staffCannotApply()
	}
	if doc.Version != api.DocumentVersion {
		return c, validationFailed(api.ReasonDocumentMalformed, "version", fmt.Sprintf("the document version must be %d", api.DocumentVersion))
	}
	payloads := 0
	for _, set := range []bool{doc.Payment != nil, doc.Bank != nil, doc.Details != nil, doc.Portfolio != nil, doc.Cancel != nil} {
		if set {
			payloads++
		}
	}
	var ok bool
	switch doc.Type {
	case api.AppPensionPayment:
		ok = doc.Payment != nil
	case api.AppBankDetails:
		ok = doc.Bank != nil
	case api.AppAdditionalDetails:
		ok = doc.Details != nil
	case api.AppPortfolioManager:
		ok = doc.Portfolio != nil
	case api.AppCancelTransfer:
		ok = doc.Cancel != nil
	}
	if !ok || payloads != 1 {
		return c, validationFailed(api.ReasonDocumentMalformed, "type", "the document must have a known type and exactly its own part")
	}
	if doc.IIN != d.IIN {
		return c, validationFailed(api.ReasonDocumentIIN, "iin", "the document is for another IIN than the logged-in depositor's")
	}
	if diff := doc.CreatedAt.Sub(now); diff > api.DocumentMaxAge || diff < -api.DocumentMaxAge {
		return c, validationFailed(api.ReasonDocumentDate, "createdAt",
			fmt.Sprintf("the document's date must be within %s of the service's clock", api.DocumentMaxAge))
	}
	switch doc.Type {
	case api.AppPensionPayment:
		return s.checkPayment(ctx, d, doc.Payment, now)
	case api.AppBankDetails:
		iban, err := kz.ParseIBAN(doc.Bank.IBAN)
		if err != nil {
			return c, ibanProblem(err, "iban")
		}
		bank, _ := iban.Bank()
		if doc.Bank.BankName != "" && !strings.EqualFold(strings.TrimSpace(doc.Bank.BankName), bank.Name) {
			p := problem(http.StatusUnprocessableEntity, api.CodeInvalidIBAN, "the bank name is not the bank of the IBAN")
			p.p.Field, p.p.Reason = "bankName", reasonBankName
			return c, p
		}
		c.effect = store.Effect{IBAN: iban.String(), BankName: bank.Name}
		c.bankName = bank.Name
	case api.AppAdditionalDetails:
		return checkDetails(doc.Details)
	case api.AppPortfolioManager:
		return s.checkPortfolio(ctx, d, doc.Portfolio)
	case api.AppCancelTransfer:
		target, err := s.store.Application(ctx, doc.Cancel.ApplicationID, d.IIN)
		if errors.Is(err, store.ErrNotFound) || (err == nil && target.Type != api.AppPortfolioManager) {
			return c, validationFailed(api.ReasonTarget, "applicationId", "no such portfolio manager application of yours")
		}
		if err != nil {
			return c, err
		}
		if !store.CanMove(target.Status, api.StatusCanceled) {
			return c, invalidState("the application is already being processed (or finished) and cannot be canceled")
		}
		c.effect = store.Effect{TargetID: target.ID}
	}
	return c, nil
}

func invalidState(detail string) *problemError {
	return problem(http.StatusConflict, api.CodeInvalidState, detail)
}

func (s *server) checkPayment(ctx context.Context, d store.Depositor, p *api.PaymentRequest, now time.Time) (checked, error) {
	var c checked
	if !knownPaymentKind(p.Account, p.Basis) {
		return c, validationFailed(api.ReasonBasis, "basis", "no payment from this account on this basis")
	}
	iban, err := kz.ParseIBAN(p.IBAN)
	if err != nil {
		return c, ibanProblem(err, "iban")
	}
	ps, err := loadPaymentState(ctx, s.store, d.IIN, "")
	if err != nil {
		return c, err
	}
	if reason := ps.eligibility(p.Account, p.Basis, now); reason != "" {
		return c, notEligible(reason, "the payment is not open to you: "+reason)
	}
	bank, _ := iban.Bank()
	c.effect = store.Effect{Account: p.Account, Basis: p.Basis, IBAN: iban.String(), BankName: bank.Name}
	c.bankName = bank.Name
	return c, nil
}

func checkDetails(det *api.AdditionalDetails) (checked, error) {
	var c checked
	if det.Address == "" && det.Phone == "" && det.Email == "" {
		return c, validationFailed(api.ReasonNoChange, "details", "give at least one of address, phone and e-mail")
	}
	if det.Address != "" {
		addr := strings.TrimSpace(det.Address)
		if addr == "" || utf8.RuneCountInString(addr) > api.MaxAddressLen || !utf8.ValidString(addr) {
			return c, validationFailed(api.ReasonAddress, "address", fmt.Sprintf("the address must have 1 to %d characters", api.MaxAddressLen))
		}
		c.effect.Address = addr
	}
	if det.Phone != "" {
		ph, err := kz.ParsePhone(det.Phone)
		if err != nil {
			return c, validationFailed(api.ReasonPhone, "phone", err.Error())
		}
		c.effect.Phone = ph.String()
	}
	if det.Email != "" {
		em, err := kz.ParseEmail(det.Email)
		if err != nil {
			return c, validationFailed(api.ReasonEmail, "email", err.Error())
		}
		c.effect.Email = em
	}
	return c, nil
}

func (s *server) checkPortfolio(ctx context.Context, d store.Depositor, p *api.PortfolioChoice) (checked, error) {
	var c checked
	if p.SharePercent < api.MinSharePercent || p.SharePercent > api.MaxSharePercent {
		return c, validationFailed(api.ReasonShare, "sharePercent",
			fmt.Sprintf("the share must be %d to %d percent", api.MinSharePercent, api.MaxSharePercent))
	}
	managers, err := s.store.Managers(ctx)
	if err != nil {
		return c, err
	}
	known := false
	for _, m := range managers {
		known = known || m.ID == p.ManagerID
	}
	if !known {
		return c, validationFailed(api.ReasonManager, "managerId", "no such portfolio manager")
	}
	apps, err := s.store.Applications(ctx, d.IIN, maxApplicationsListed)
	if err != nil {
		return c, err
	}
	for _, a := range apps {
		if a.Type == api.AppPortfolioManager && !api.StatusFinal(a.Status) {
			return c, notEligible(api.ReasonManagerPending, "a portfolio manager application of yours is not finished yet")
		}
	}
	c.effect = store.Effect{ManagerID: p.ManagerID, SharePercent: p.SharePercent}
	return c, nil
}

// handleApplicationOptions is GET /api/v1/applications/options.
func (s *server) handleApplicationOptions(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx, now := r.Context(), s.now()
	ps, err := loadPaymentState(ctx, s.store, sess.IIN, "")
	if err != nil {
		return err
	}
	out := api.ApplicationOptions{Payments: ps.options(now), Managers: []api.Manager{},
		Portfolio: []api.PortfolioShare{}, Cancelable: []api.Application{}}
	if ps.d.Role == store.RoleStaff {
		for i := range out.Payments {
			out.Payments[i].Eligible, out.Payments[i].Reason = false, api.ReasonStaffCannotApply
		}
	}
	managers, err := s.store.Managers(ctx)
	if err != nil {
		return err
	}
	for _, m := range managers {
		out.Managers = append(out.Managers, api.Manager{ID: m.ID, Name: m.Name, ReturnLastYear: m.ReturnLastYear, NationalBank: m.NationalBank})
	}
	shares, err := s.store.Portfolio(ctx, sess.IIN)
	if err != nil {
		return err
	}
	for _, p := range shares {
		out.Portfolio = append(out.Portfolio, api.PortfolioShare{ManagerID: p.ManagerID, SharePercent: p.SharePercent})
	}
	det, err := s.store.DepositorDetails(ctx, sess.IIN)
	if err != nil {
		return err
	}
	out.BankIBAN, out.Address = det.BankIBAN, det.Address
	apps, err := s.store.Applications(ctx, sess.IIN, maxApplicationsListed)
	if err != nil {
		return err
	}
	var cancelable []store.Application
	for _, a := range apps {
		if a.Type == api.AppPortfolioManager && store.CanMove(a.Status, api.StatusCanceled) {
			cancelable = append(cancelable, a)
		}
	}
	if out.Cancelable, err = s.apiApplications(ctx, cancelable); err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// handleApplicationCheck is POST /api/v1/applications/check: the rules of
// submit without the signature.
func (s *server) handleApplicationCheck(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var req api.ApplicationCheckRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	c, err := s.checkDocument(r.Context(), d, req.Document, s.now())
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, api.CheckResult{OK: true, BankName: c.bankName})
	return nil
}

// maxSubmitBody bounds POST /api/v1/applications: both parts in base64
// and the JSON around them.
const maxSubmitBody = (api.MaxDocumentSize+api.MaxSignatureSize)*4/3 + 1024

// handleApplicationSubmit is POST /api/v1/applications: a signed
// document (see the answers above). The Idempotency-Key header makes a
// retry safe: the same key and body answer the earlier application
// (200), the same key with another body 409 idempotency_conflict. A
// signed document is filed at most once: sent again with another key or
// none, it answers the application it made (200).
func (s *server) handleApplicationSubmit(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	var req api.ApplicationSubmit
	if err := decodeJSONMax(w, r, &req, maxSubmitBody); err != nil {
		return err
	}
	switch {
	case len(req.Document) == 0 || len(req.Document) > api.MaxDocumentSize:
		p := badRequest(fmt.Sprintf("document is required, at most %d bytes", api.MaxDocumentSize))
		p.p.Field = "document"
		return p
	case len(req.Signature) == 0 || len(req.Signature) > api.MaxSignatureSize:
		p := badRequest(fmt.Sprintf("signature is required, at most %d bytes", api.MaxSignatureSize))
		p.p.Field = "signature"
		return p
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	docSum, sigSum := sha256.Sum256(req.Document), sha256.Sum256(req.Signature)
	hash := hex.EncodeToString(docSum[:]) + hex.EncodeToString(sigSum[:])
	// A retry answers what the first request got, before any rule (the
	// first one may make the rules refuse a second one: a pending
	// payment). answered: an earlier application of the key was found.
	replay := func() (answered bool, err error) {
		if key == "" {
			return false, nil
		}
		prev, prevHash, err := s.store.ApplicationByKey(ctx, sess.IIN, key)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return false, nil
		case err != nil:
			return false, err
		case prevHash != hash:
			return true, idempotencyConflict()
		}
		w.Header().Set("Location", api.PathApplication(prev.ID))
		return true, s.respondApplication(w, r, prev, http.StatusOK)
	}
	if answered, err := replay(); answered || err != nil {
		return err
	}
	// The same signed document again, with another key or none: it was
	// filed once, and that is the answer (before any rule, which the first
	// filing may now make refuse it).
	if prev, err := s.store.ApplicationByDocument(ctx, sess.IIN, req.Document); err == nil {
		w.Header().Set("Location", api.PathApplication(prev.ID))
		return s.respondApplication(w, r, prev, http.StatusOK)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}

	now := s.now()
	d, err := s.store.Depositor(ctx, sess.IIN)
	if err != nil {
		return err
	}
	doc, err := parseDocument(req.Document)
	if err != nil {
		return err
	}
	c, err := s.checkDocument(ctx, d, doc, now)
	if err != nil {
		if answered, rerr := replay(); answered || rerr != nil { // a concurrent twin won
			return rerr
		}
		return err
	}
	if s.edsVerifier == nil {
		return problem(http.StatusServiceUnavailable, api.CodeInternal, "this service verifies no EDS signatures")
	}
	verifier, err := s.edsVerifier(ctx)
	if err != nil {
		return fmt.Errorf("EDS verifier: %w", err)
	}
	info, err := verifier.VerifySign(req.Signature, req.Document)
	if err != nil {
		s.logCRLUnavailable(ctx, err)
		return certProblem(err, info,
			"this is an authentication (AUTH) key; sign applications with the signing key, RSA256_... (SIGN)",
			"the signature is invalid or is not over this document")
	}
	if info.IIN != sess.IIN {
		p := problem(http.StatusForbidden, api.CodeForbidden, "the signing key belongs to someone else")
		p.p.Reason = api.ReasonSigner
		return p
	}
	a, created, err := s.store.CreateApplication(ctx, store.NewApplication{
		IIN: sess.IIN, Type: doc.Type, At: now, Document: req.Document, Signature: req.Signature,
		Signer: store.Signer{Name: signerName(info), IIN: info.IIN, Serial: info.SerialNumber,
			Issuer: info.Issuer, NotAfter: info.NotAfter},
		Effect: c.effect, Key: key, Hash: hash, Client: clientAddr(r),
	})
	switch {
	case errors.Is(err, store.ErrIdempotencyConflict):
		return idempotencyConflict()
	case errors.Is(err, store.ErrApplicationPending) && doc.Type == api.AppPensionPayment:
		return notEligible(api.ReasonPaymentPending, "a payment application from this account is not finished yet")
	case errors.Is(err, store.ErrApplicationPending):
		return notEligible(api.ReasonManagerPending, "a portfolio manager application of yours is not finished yet")
	case errors.Is(err, store.ErrNotFound):
		return validationFailed(api.ReasonTarget, "applicationId", "no such portfolio manager application of yours")
	case errors.Is(err, store.ErrInvalidState):
		return invalidState("the application is already being processed (or finished) and cannot be canceled")
	case err != nil:
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", api.PathApplication(a.ID))
	return s.respondApplication(w, r, a, status)
}

// signerName is the name on the certificate: surname and given names, or
// the common name.
func signerName(info eds.CertInfo) string {
	if info.CommonName != "" && info.GivenName != "" && !strings.Contains(info.CommonName, info.GivenName) {
		return joinName(info.CommonName, info.GivenName)
	}
	if info.CommonName != "" {
		return info.CommonName
	}
	return joinName(info.Surname, info.GivenName)
}

func (s *server) respondApplication(w http.ResponseWriter, r *http.Request, a store.Application, status int) error {
	h, err := s.store.History(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.respond(w, r, status, apiApplication(a, h))
	return nil
}

// handleApplications is GET /api/v1/applications: the caller's, newest
// first, with their histories.
func (s *server) handleApplications(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	list, err := s.store.Applications(r.Context(), sess.IIN, maxApplicationsListed)
	if err != nil {
		return err
	}
	out, err := s.apiApplications(r.Context(), list)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, api.Applications{Applications: out})
	return nil
}

func (s *server) ownApplication(r *http.Request, sess store.Session) (store.Application, error) {
	a, err := s.store.Application(r.Context(), r.PathValue("id"), sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return a, problem(http.StatusNotFound, api.CodeNotFound, "no such application")
	}
	return a, err
}

// handleApplication is GET /api/v1/applications/{id}; someone else's is
// 404.
func (s *server) handleApplication(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a, err := s.ownApplication(r, sess)
	if err != nil {
		return err
	}
	return s.respondApplication(w, r, a, http.StatusOK)
}

// handleApplicationDocument is GET /api/v1/applications/{id}/document:
// the signed bytes exactly as stored.
func (s *server) handleApplicationDocument(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a, err := s.ownApplication(r, sess)
	if err != nil {
		return err
	}
	writeAttachment(w, "application/json", a.Number+".json", a.Document)
	return nil
}

// handleApplicationSignature is GET
// /api/v1/applications/{id}/signature.p7s: the stored CMS (DER).
func (s *server) handleApplicationSignature(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a, err := s.ownApplication(r, sess)
	if err != nil {
		return err
	}
	sig, err := s.store.ApplicationSignature(r.Context(), a.ID, sess.IIN)
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pkcs7-signature", a.Number+".p7s", sig)
	return nil
}
