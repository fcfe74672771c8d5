package service

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/pki"
	"github.com/kabinet-kz/kabinet/service/store"
)

// appEnv is a demo service with EDS keys and the back-office loop off
// (tests drive it with RunBackOffice).
func newAppEnv(t *testing.T) *env {
	t.Helper()
	return newEDSEnv(t, func(c *Config) { c.BackOffice.Disabled = true })
}

func testIBAN(t *testing.T, bank string) string {
	t.Helper()
	iban, ok := kz.MakeIBAN(bank, "0000123456789")
	if !ok {
		t.Fatal("MakeIBAN")
	}
	return iban
}

func (e *env) doc(iin, typ string) api.Document {
	return api.Document{Version: api.DocumentVersion, Type: typ, IIN: iin, FullName: "Test", CreatedAt: e.clock.Now()}
}

func docBytes(t *testing.T, d api.Document) []byte {
	t.Helper()
	b, err := api.DocumentBytes(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func submitBody(doc, sig []byte) string {
	b, _ := json.Marshal(api.ApplicationSubmit{Document: doc, Signature: sig})
	return string(b)
}

func (e *env) submitRaw(tok, key string, doc, sig []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest("POST", api.PathApplications, strings.NewReader(submitBody(doc, sig)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+tok)
	r.RemoteAddr = testClientIP + ":50000"
	if key != "" {
		r.Header.Set("Idempotency-Key", key)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// submit signs d with ks and submits it; it wants 201 and returns the
// application.
func (e *env) submit(tok string, ks *eds.KeyStore, d api.Document) api.Application {
	e.t.Helper()
	b := docBytes(e.t, d)
	w := e.submitRaw(tok, "", b, sign(e.t, ks, b, true))
	if w.Code != http.StatusCreated {
		e.t.Fatalf("submit %s: %d %s", d.Type, w.Code, w.Body)
	}
	var a api.Application
	decode(e.t, w, &a)
	if w.Header().Get("Location") != api.PathApplication(a.ID) {
		e.t.Errorf("Location = %q", w.Header().Get("Location"))
	}
	return a
}

func (e *env) check(tok string, d api.Document) *httptest.ResponseRecorder {
	e.t.Helper()
	b, _ := json.Marshal(api.ApplicationCheckRequest{Document: d})
	return e.do("POST", api.PathApplicationCheck, string(b), tok)
}

func (e *env) application(tok, id string) api.Application {
	e.t.Helper()
	w := e.do("GET", api.PathApplication(id), "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("application: %d %s", w.Code, w.Body)
	}
	var a api.Application
	decode(e.t, w, &a)
	return a
}

func wantReason(t *testing.T, w *httptest.ResponseRecorder, status int, code, reason string) {
	t.Helper()
	p := wantProblem(t, w, status, code)
	if p.Reason != reason {
		t.Errorf("reason = %q, want %q (%s)", p.Reason, reason, p.Detail)
	}
}

func (e *env) signKey(iin string) *eds.KeyStore {
	return e.demoKey(iin, eds.PurposeSign, pki.DemoKeyValid)
}

func TestApplicationEachTypeSubmitted(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)

	pay := e.doc(iinAsel, api.AppPensionPayment)
	pay.Payment = &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "722")}
	w := e.check(tok, pay)
	var cr api.CheckResult
	decode(t, w, &cr)
	if w.Code != http.StatusOK || !cr.OK || cr.BankName != "Kaspi Bank" {
		t.Fatalf("check: %d %+v", w.Code, cr)
	}
	a := e.submit(tok, ks, pay)
	if a.Status != api.StatusSubmitted || a.Type != api.AppPensionPayment || !strings.HasPrefix(a.Number, "Z-20260310-") ||
		a.Signer.IIN != iinAsel || a.Signer.Serial == "" || a.Document.Payment == nil || len(a.History) != 1 ||
		a.History[0].Actor != api.ActorDepositor {
		t.Fatalf("payment application %+v", a)
	}

	bank := e.doc(iinAsel, api.AppBankDetails)
	bank.Bank = &api.BankDetails{IBAN: testIBAN(t, "601"), BankName: "Halyk Bank"}
	e.submit(tok, ks, bank)

	det := e.doc(iinAsel, api.AppAdditionalDetails)
	det.Details = &api.AdditionalDetails{Address: "г. Алматы, ул. Абая, 1", Phone: "+7 701 555 11 22"}
	e.submit(tok, ks, det)

	port := e.doc(iinAsel, api.AppPortfolioManager)
	port.Portfolio = &api.PortfolioChoice{ManagerID: "demo-invest", SharePercent: 40}
	p := e.submit(tok, ks, port)
	if !p.Cancelable {
		t.Error("a submitted portfolio_manager application is cancelable")
	}

	var opts api.ApplicationOptions
	decode(t, e.do("GET", api.PathApplicationOptions, "", tok), &opts)
	if len(opts.Cancelable) != 1 || opts.Cancelable[0].ID != p.ID || len(opts.Managers) < 6 ||
		len(opts.Portfolio) != 1 || opts.Portfolio[0].ManagerID != api.ManagerNationalBank {
		t.Errorf("options %+v", opts)
	}
	for _, po := range opts.Payments {
		if po.Account == api.AccountOPV && (po.Eligible || po.Reason != api.ReasonPaymentPending) {
			t.Errorf("OPV option after a payment application: %+v", po)
		}
	}

	cancel := e.doc(iinAsel, api.AppCancelTransfer)
	cancel.Cancel = &api.CancelTransfer{ApplicationID: p.ID}
	c := e.submit(tok, ks, cancel)
	if c.Status != api.StatusSubmitted {
		t.Errorf("cancel %+v", c)
	}
	target := e.application(tok, p.ID)
	if target.Status != api.StatusCanceled || len(target.History) != 2 || target.History[1].Actor != api.ActorDepositor || target.Cancelable {
		t.Errorf("canceled target %+v", target)
	}

	var list api.Applications
	decode(t, e.do("GET", api.PathApplications, "", tok), &list)
	if len(list.Applications) != 5 || list.Applications[0].ID != c.ID || list.Applications[4].ID != a.ID {
		t.Errorf("list: %d", len(list.Applications))
	}
	w = e.do("GET", api.PathApplicationDocument(a.ID), "", tok)
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), docBytes(t, pay)) || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("document: %d %s", w.Code, w.Body)
	}
	w = e.do("GET", api.PathApplicationSignature(a.ID), "", tok)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pkcs7-signature" || w.Body.Len() < 100 {
		t.Errorf("signature: %d", w.Code)
	}
	// Someone else's application does not exist.
	other := e.login(iinBekzat, DemoPassword).Token
	wantProblem(t, e.do("GET", api.PathApplication(a.ID), "", other), http.StatusNotFound, api.CodeNotFound)
	wantProblem(t, e.do("GET", api.PathApplicationDocument(a.ID), "", other), http.StatusNotFound, api.CodeNotFound)
	if n := e.eventCounts(iinAsel)["application_submitted"]; n != 5 {
		t.Errorf("application events = %d", n)
	}
}

func TestApplicationEligibility(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	payment := func(iin, account, basis string) api.Document {
		d := e.doc(iin, api.AppPensionPayment)
		d.Payment = &api.PaymentRequest{Account: account, Basis: basis, IBAN: testIBAN(t, "722")}
		return d
	}
	bek := e.login(iinBekzat, DemoPassword).Token
	wantReason(t, e.check(bek, payment(iinBekzat, api.AccountOPV, api.BasisDisability)),
		http.StatusUnprocessableEntity, api.CodeNotEligible, api.ReasonNeedDisability)
	wantReason(t, e.check(bek, payment(iinBekzat, api.AccountDPV, api.BasisAge50)),
		http.StatusUnprocessableEntity, api.CodeNotEligible, api.ReasonNeedAge50)
	wantReason(t, e.check(bek, payment(iinBekzat, api.AccountOPV, api.BasisAge50)),
		http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonBasis)

	ser := e.login(iinSerik, DemoPassword).Token
	if w := e.check(ser, payment(iinSerik, api.AccountDPV, api.BasisAge50)); w.Code != http.StatusOK {
		t.Errorf("Serik ДПВ at 50+: %d %s", w.Code, w.Body)
	}
	wantReason(t, e.check(ser, payment(iinSerik, api.AccountOPPV, api.BasisDisability)),
		http.StatusUnprocessableEntity, api.CodeNotEligible, api.ReasonNoAccount)

	asel := e.login(iinAsel, DemoPassword).Token
	if w := e.check(asel, payment(iinAsel, api.AccountOPV, api.BasisDisability)); w.Code != http.StatusOK {
		t.Errorf("Asel ОПВ with disability: %d %s", w.Code, w.Body)
	}
	var opts api.ApplicationOptions
	decode(t, e.do("GET", api.PathApplicationOptions, "", bek), &opts)
	want := map[string]string{"OPV/disability": api.ReasonNeedDisability, "OPPV/disability": api.ReasonNeedDisability,
		"DPV/disability": api.ReasonNeedAge50, "DPV/age50": api.ReasonNeedAge50}
	for _, po := range opts.Payments {
		if r := want[po.Account+"/"+po.Basis]; po.Eligible || po.Reason != r || po.Balance <= 0 {
			t.Errorf("option %+v, want reason %s", po, r)
		}
	}

	staff := e.login(iinStaff, DemoStaffPassword).Token
	wantReason(t, e.check(staff, payment(iinStaff, api.AccountOPV, api.BasisDisability)),
		http.StatusForbidden, api.CodeForbidden, api.ReasonStaffCannotApply)
}

func TestApplicationDocumentRules(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	bank := func(iban, name string) api.Document {
		d := e.doc(iinAsel, api.AppBankDetails)
		d.Bank = &api.BankDetails{IBAN: iban, BankName: name}
		return d
	}
	good := testIBAN(t, "722")
	bad := []byte(good)
	bad[19] = '0' + (bad[19]-'0'+1)%10
	for _, c := range []struct {
		iban, reason string
	}{{string(bad), "checksum"}, {good[:19], "length"}, {testIBAN(t, "999"), "unknown_bank"}} {
		p := wantProblem(t, e.check(tok, bank(c.iban, "")), http.StatusUnprocessableEntity, api.CodeInvalidIBAN)
		if p.Reason != c.reason || p.Field != "iban" {
			t.Errorf("%s: %+v", c.iban, p)
		}
	}
	wantReason(t, e.check(tok, bank(good, "Halyk Bank")), http.StatusUnprocessableEntity, api.CodeInvalidIBAN, reasonBankName)

	d := bank(good, "")
	d.IIN = iinBekzat
	wantReason(t, e.check(tok, d), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonDocumentIIN)
	d = bank(good, "")
	d.CreatedAt = e.clock.Now().Add(-time.Hour)
	wantReason(t, e.check(tok, d), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonDocumentDate)
	d = bank(good, "")
	d.Details = &api.AdditionalDetails{Address: "x"}
	wantReason(t, e.check(tok, d), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonDocumentMalformed)

	det := func(a api.AdditionalDetails) api.Document {
		d := e.doc(iinAsel, api.AppAdditionalDetails)
		d.Details = &a
		return d
	}
	wantReason(t, e.check(tok, det(api.AdditionalDetails{})), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonNoChange)
	wantReason(t, e.check(tok, det(api.AdditionalDetails{Phone: "12345"})), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonPhone)
	wantReason(t, e.check(tok, det(api.AdditionalDetails{Email: "not-mail"})), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonEmail)
	wantReason(t, e.check(tok, det(api.AdditionalDetails{Address: "   "})), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonAddress)
	// The screens' bound is the same number (api.MaxAddressLen).
	wantReason(t, e.check(tok, det(api.AdditionalDetails{Address: strings.Repeat("а", api.MaxAddressLen+1)})),
		http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonAddress)
	if r := e.check(tok, det(api.AdditionalDetails{Address: strings.Repeat("а", api.MaxAddressLen)})); r.Code != http.StatusOK {
		t.Errorf("an address of %d letters: %d %s", api.MaxAddressLen, r.Code, r.Body)
	}

	port := func(m string, share int) api.Document {
		d := e.doc(iinAsel, api.AppPortfolioManager)
		d.Portfolio = &api.PortfolioChoice{ManagerID: m, SharePercent: share}
		return d
	}
	wantReason(t, e.check(tok, port("demo-invest", 0)), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonShare)
	wantReason(t, e.check(tok, port("real-fund", 10)), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonManager)
	e.submit(tok, e.signKey(iinAsel), port("demo-invest", 10))
	wantReason(t, e.check(tok, port("steppe-am", 10)), http.StatusUnprocessableEntity, api.CodeNotEligible, api.ReasonManagerPending)

	cancel := e.doc(iinAsel, api.AppCancelTransfer)
	cancel.Cancel = &api.CancelTransfer{ApplicationID: "nope"}
	wantReason(t, e.check(tok, cancel), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonTarget)

	// Unknown fields in the signed bytes are refused.
	b := docBytes(t, bank(good, ""))
	b = append([]byte(`{"extra":1,`), b[1:]...)
	wantReason(t, e.submitRaw(tok, "", b, sign(t, e.signKey(iinAsel), b, true)),
		http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonDocumentMalformed)
}

func TestApplicationSignatureRefusals(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	d := e.doc(iinBekzat, api.AppBankDetails)
	d.Bank = &api.BankDetails{IBAN: testIBAN(t, "722")}
	b := docBytes(t, d)
	other := e.doc(iinBekzat, api.AppBankDetails)
	other.Bank = &api.BankDetails{IBAN: testIBAN(t, "601")}

	sig := e.signKey(iinBekzat)
	// The demo's expired and revoked keys are AUTH keys: the certificate's
	// validity and revocation outweigh the key's purpose.
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyValid), b, true)),
		http.StatusUnprocessableEntity, api.CodeWrongKeyPurpose)
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, sig, docBytes(t, other), true)), http.StatusUnauthorized, api.CodeSignatureInvalid)
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, sig, docBytes(t, other), false)), http.StatusUnauthorized, api.CodeSignatureInvalid)
	wantProblem(t, e.submitRaw(tok, "", b, []byte("not a cms")), http.StatusUnauthorized, api.CodeSignatureInvalid)
	wantReason(t, e.submitRaw(tok, "", b, sign(t, e.signKey(iinAsel), b, true)), http.StatusForbidden, api.CodeForbidden, api.ReasonSigner)
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyExpired), b, true)),
		http.StatusUnauthorized, api.CodeCertificateExpired)
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, e.demoKey(iinBekzat, eds.PurposeAuth, pki.DemoKeyRevoked), b, true)),
		http.StatusUnauthorized, api.CodeCertificateRevoked)
	var n int
	if err := e.db().QueryRow(`SELECT COUNT(*) FROM applications`).Scan(&n); err != nil || n != 0 {
		t.Errorf("applications stored = %d, %v", n, err)
	}
	// An attached CMS of the right key works.
	if w := e.submitRaw(tok, "", b, sign(t, sig, b, false)); w.Code != http.StatusCreated {
		t.Errorf("attached: %d %s", w.Code, w.Body)
	}
}

func TestApplicationIdempotent(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)
	d := e.doc(iinAsel, api.AppPensionPayment)
	d.Payment = &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "722")}
	b := docBytes(t, d)
	cms := sign(t, ks, b, true)
	w1 := e.submitRaw(tok, "key-1", b, cms)
	w2 := e.submitRaw(tok, "key-1", b, cms)
	if w1.Code != http.StatusCreated || w2.Code != http.StatusOK {
		t.Fatalf("submits: %d, %d %s", w1.Code, w2.Code, w2.Body)
	}
	var a1, a2 api.Application
	decode(t, w1, &a1)
	decode(t, w2, &a2)
	if a1.ID != a2.ID {
		t.Errorf("ids %s, %s", a1.ID, a2.ID)
	}
	d.Payment.IBAN = testIBAN(t, "601")
	b2 := docBytes(t, d)
	wantProblem(t, e.submitRaw(tok, "key-1", b2, sign(t, ks, b2, true)), http.StatusConflict, api.CodeIdempotencyKey)
	// Without the key, a second payment from the same account is pending.
	wantReason(t, e.submitRaw(tok, "key-2", b2, sign(t, ks, b2, true)), http.StatusUnprocessableEntity, api.CodeNotEligible, api.ReasonPaymentPending)
	var n int
	if err := e.db().QueryRow(`SELECT COUNT(*) FROM applications`).Scan(&n); err != nil || n != 1 {
		t.Errorf("applications stored = %d, %v", n, err)
	}
}

func TestApplicationConcurrentSubmits(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)
	d := e.doc(iinAsel, api.AppPensionPayment)
	d.Payment = &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "722")}
	b := docBytes(t, d)
	cms := sign(t, ks, b, true)
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Go(func() { codes[i] = e.submitRaw(tok, "same", b, cms).Code })
	}
	wg.Wait()
	created := 0
	for _, c := range codes {
		switch c {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("code %d", c)
		}
	}
	var n int
	if err := e.db().QueryRow(`SELECT COUNT(*) FROM applications`).Scan(&n); err != nil || n != 1 || created != 1 {
		t.Errorf("applications stored = %d (created %d), %v", n, created, err)
	}
}

func TestApplicationCancelAfterProcessing(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	ks := e.signKey(iinBekzat)
	port := e.doc(iinBekzat, api.AppPortfolioManager)
	port.Portfolio = &api.PortfolioChoice{ManagerID: "altyn-dala", SharePercent: 50}
	p := e.submit(tok, ks, port)
	for range 2 { // accepted, processing
		e.clock.Advance(DefaultBackOfficeStep)
		if n, err := e.svc.RunBackOffice(t.Context(), e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("back office: %d, %v", n, err)
		}
	}
	cancel := e.doc(iinBekzat, api.AppCancelTransfer)
	cancel.Cancel = &api.CancelTransfer{ApplicationID: p.ID}
	wantProblem(t, e.check(tok, cancel), http.StatusConflict, api.CodeInvalidState)
	b := docBytes(t, cancel)
	wantProblem(t, e.submitRaw(tok, "", b, sign(t, ks, b, true)), http.StatusConflict, api.CodeInvalidState)
	if a := e.application(tok, p.ID); a.Status != api.StatusProcessing {
		t.Errorf("status %s", a.Status)
	}
	// Someone else's application is no target.
	asel := e.login(iinAsel, DemoPassword).Token
	c2 := e.doc(iinAsel, api.AppCancelTransfer)
	c2.Cancel = &api.CancelTransfer{ApplicationID: p.ID}
	wantReason(t, e.check(asel, c2), http.StatusUnprocessableEntity, api.CodeValidation, api.ReasonTarget)
}

func TestBackOfficeMovesAndExecutes(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)
	var before api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &before)
	pay := e.doc(iinAsel, api.AppPensionPayment)
	pay.Payment = &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability, IBAN: testIBAN(t, "722")}
	a := e.submit(tok, ks, pay)
	bank := e.doc(iinAsel, api.AppBankDetails)
	bank.Bank = &api.BankDetails{IBAN: testIBAN(t, "601")}
	bk := e.submit(tok, ks, bank)
	det := e.doc(iinAsel, api.AppAdditionalDetails)
	det.Details = &api.AdditionalDetails{Address: "г. Астана, пр. Мангилик Ел, 8", Email: "asel@Example.KZ"}
	dt := e.submit(tok, ks, det)
	port := e.doc(iinAsel, api.AppPortfolioManager)
	port.Portfolio = &api.PortfolioChoice{ManagerID: "steppe-am", SharePercent: 30}
	pt := e.submit(tok, ks, port)

	// Not due yet.
	e.clock.Advance(DefaultBackOfficeStep - time.Second)
	if n, _ := e.svc.RunBackOffice(t.Context(), e.clock.Now()); n != 0 {
		t.Fatalf("moved %d before the step", n)
	}
	want := []string{api.StatusAccepted, api.StatusProcessing, api.StatusApproved, api.StatusExecuted}
	for _, st := range want {
		e.clock.Advance(DefaultBackOfficeStep)
		if n, err := e.svc.RunBackOffice(t.Context(), e.clock.Now()); err != nil || n != 4 {
			t.Fatalf("to %s: moved %d, %v", st, n, err)
		}
	}
	got := e.application(tok, a.ID)
	if got.Status != api.StatusExecuted || len(got.History) != 5 {
		t.Fatalf("payment %+v", got)
	}
	for i, c := range got.History[1:] {
		if c.Status != want[i] || c.Actor != api.ActorBackOffice ||
			!c.At.Equal(testStart.Add(DefaultBackOfficeStep*time.Duration(i+2)-time.Second)) {
			t.Errorf("history %d: %+v", i+1, c)
		}
	}
	if n, _ := e.svc.RunBackOffice(t.Context(), e.clock.Now().Add(time.Hour)); n != 0 {
		t.Errorf("moved %d final applications", n)
	}
	var after api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &after)
	for _, acc := range after.Accounts {
		if acc.Type == api.AccountOPV && acc.Balance != 0 {
			t.Errorf("OPV balance after payment %d", acc.Balance)
		}
	}
	w := e.do("GET", api.PathStatements+"?account=OPV&from=2026-03-01&to=2026-03-10", "", tok)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"payment"`) {
		t.Errorf("statement: %d %s", w.Code, w.Body)
	}
	var opts api.ApplicationOptions
	decode(t, e.do("GET", api.PathApplicationOptions, "", tok), &opts)
	if opts.BankIBAN != testIBAN(t, "601") || opts.Address != "г. Астана, пр. Мангилик Ел, 8" ||
		len(opts.Portfolio) != 2 || opts.Portfolio[0].ManagerID != api.ManagerNationalBank || opts.Portfolio[0].SharePercent != 70 {
		t.Errorf("options after execution %+v", opts)
	}
	for _, po := range opts.Payments {
		if po.Account == api.AccountOPV && po.Reason != api.ReasonEmptyAccount {
			t.Errorf("OPV after payment: %+v", po)
		}
	}
	var email string
	if err := e.db().QueryRow(`SELECT email FROM depositors WHERE iin = ?`, iinAsel).Scan(&email); err != nil || email != "asel@example.kz" {
		t.Errorf("e-mail %q, %v", email, err)
	}
	for _, id := range []string{bk.ID, dt.ID, pt.ID} {
		if a := e.application(tok, id); a.Status != api.StatusExecuted {
			t.Errorf("%s: %s", a.Type, a.Status)
		}
	}

	// Notifications: 4 moves × 4 applications, newest first, then read.
	var ns api.Notifications
	decode(t, e.do("GET", api.PathNotifications, "", tok), &ns)
	if len(ns.Notifications) != 16 || ns.Unread != 16 || ns.Notifications[0].Status != api.StatusExecuted ||
		ns.Notifications[0].Number == "" || ns.Notifications[0].Kind != api.NotificationStatus {
		t.Fatalf("notifications %d, unread %d", len(ns.Notifications), ns.Unread)
	}
	newest := ns.Notifications[0].ID
	var none api.Notifications
	decode(t, e.do("GET", api.PathNotifications+"?after="+strconv.FormatInt(newest, 10), "", tok), &none)
	if len(none.Notifications) != 0 || none.Unread != 16 {
		t.Errorf("after newest: %+v", none)
	}
	if w := e.do("POST", api.PathNotificationsRead, `{"ids":[`+strconv.FormatInt(newest, 10)+`]}`, tok); w.Code != http.StatusNoContent {
		t.Fatalf("read: %d %s", w.Code, w.Body)
	}
	decode(t, e.do("GET", api.PathNotifications, "", tok), &ns)
	if ns.Unread != 15 || !ns.Notifications[0].Read || ns.Notifications[1].Read {
		t.Errorf("after one read: unread %d", ns.Unread)
	}
	// Someone else cannot mark them.
	e.do("POST", api.PathNotificationsRead, `{}`, e.login(iinBekzat, DemoPassword).Token)
	decode(t, e.do("GET", api.PathNotifications, "", tok), &ns)
	if ns.Unread != 15 {
		t.Errorf("after someone else's read-all: %d", ns.Unread)
	}
	if w := e.do("POST", api.PathNotificationsRead, `{}`, tok); w.Code != http.StatusNoContent {
		t.Fatalf("read all: %d", w.Code)
	}
	decode(t, e.do("GET", api.PathNotifications, "", tok), &ns)
	if ns.Unread != 0 {
		t.Errorf("after read all: %d", ns.Unread)
	}
}

func TestBackOfficeRejectsEmptiedAccount(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinSerik, DemoPassword).Token
	ks := e.signKey(iinSerik)
	pay := e.doc(iinSerik, api.AppPensionPayment)
	pay.Payment = &api.PaymentRequest{Account: api.AccountDPV, Basis: api.BasisAge50, IBAN: testIBAN(t, "722")}
	a := e.submit(tok, ks, pay)
	// The account is emptied meanwhile (another payment, in the office).
	db := e.rawDB()
	if _, err := db.Exec(`INSERT INTO transactions (account_id, date, kind, amount, balance_after)
		SELECT a.id, '2026-03-10', 'payment', -(SELECT balance_after FROM transactions t WHERE t.account_id = a.id ORDER BY date DESC, id DESC LIMIT 1), 0
		FROM accounts a WHERE a.depositor_iin = ? AND a.type = 'DPV'`, iinSerik); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		e.clock.Advance(DefaultBackOfficeStep)
		if _, err := e.svc.RunBackOffice(t.Context(), e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	got := e.application(tok, a.ID)
	last := got.History[len(got.History)-1]
	if got.Status != api.StatusRejected || last.ReasonCode != api.ReasonEmptyAccount || last.Actor != api.ActorBackOffice {
		t.Fatalf("application %s, last %+v", got.Status, last)
	}
	var ns api.Notifications
	decode(t, e.do("GET", api.PathNotifications, "", tok), &ns)
	if len(ns.Notifications) != 3 || ns.Notifications[0].ReasonCode != api.ReasonEmptyAccount {
		t.Errorf("notifications %+v", ns)
	}
}

func TestBackOfficeLoop(t *testing.T) {
	t.Parallel()
	e := newEDSEnv(t, func(c *Config) { c.BackOffice.Step = 20 * time.Millisecond })
	tok := e.login(iinAsel, DemoPassword).Token
	d := e.doc(iinAsel, api.AppBankDetails)
	d.Bank = &api.BankDetails{IBAN: testIBAN(t, "722")}
	a := e.submit(tok, e.signKey(iinAsel), d)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		e.clock.Advance(time.Second)
		if e.application(tok, a.ID).Status == api.StatusExecuted {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the back-office loop did not execute the application")
}

// TestExecutedDetailsTakeTheContact: a phone in an executed change of
// additional details (signed with the depositor's EDS) becomes his and is
// taken off everyone else who held it, each told by a security event, so
// no contact is left shared (the memo's "confirm by EDS").
func TestExecutedDetailsTakeTheContact(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	det := e.doc(iinAsel, api.AppAdditionalDetails)
	det.Details = &api.AdditionalDetails{Phone: "77012345600"} // Bekzat's and Aigerim's
	a := e.submit(tok, e.signKey(iinAsel), det)
	for range 4 {
		e.clock.Advance(DefaultBackOfficeStep)
		if _, err := e.svc.RunBackOffice(t.Context(), e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.application(tok, a.ID); got.Status != api.StatusExecuted {
		t.Fatalf("status %s", got.Status)
	}
	holders := map[string]bool{}
	rows, err := e.db().Query(`SELECT iin FROM depositors WHERE phone = '77012345600'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var iin string
		rows.Scan(&iin)
		holders[iin] = true
	}
	rows.Close()
	if len(holders) != 1 || !holders[iinAsel] {
		t.Errorf("phone held by %v", holders)
	}
	for _, other := range []string{iinBekzat, "950109400452"} {
		if n := e.eventCounts(other); n[store.EventContactRemoved] != 1 {
			t.Errorf("%s events %v", other, n)
		}
	}
}

// One signed document is filed at most once: sent again with another
// Idempotency-Key, with none, or signed anew, it answers the application
// it made (it was filed as a new application each time).
func TestSignedDocumentFiledOnce(t *testing.T) {
	t.Parallel()
	e := newAppEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	ks := e.signKey(iinAsel)
	d := e.doc(iinAsel, api.AppBankDetails)
	d.Bank = &api.BankDetails{IBAN: testIBAN(t, "722")}
	b := docBytes(t, d)
	first := e.submitRaw(tok, "key-A", b, sign(t, ks, b, true))
	if first.Code != http.StatusCreated {
		t.Fatalf("first: %d %s", first.Code, first.Body)
	}
	var a api.Application
	decode(t, first, &a)
	for name, w := range map[string]*httptest.ResponseRecorder{
		"another key": e.submitRaw(tok, "key-B", b, sign(t, ks, b, true)),
		"no key":      e.submitRaw(tok, "", b, sign(t, ks, b, true)),
		"attached":    e.submitRaw(tok, "", b, sign(t, ks, b, false)),
	} {
		if w.Code != http.StatusOK {
			t.Errorf("%s: %d %s, want 200 with the first application", name, w.Code, w.Body)
			continue
		}
		var again api.Application
		decode(t, w, &again)
		if again.ID != a.ID {
			t.Errorf("%s: application %s, want %s", name, again.ID, a.ID)
		}
	}
	var n int
	if err := e.db().QueryRow(`SELECT COUNT(*) FROM applications WHERE iin = ?`, iinAsel).Scan(&n); err != nil || n != 1 {
		t.Errorf("applications stored = %d, %v; want 1", n, err)
	}
	// Another document (a moment later) is another application.
	e.clock.Advance(time.Second)
	d2 := e.doc(iinAsel, api.AppBankDetails)
	d2.Bank = d.Bank
	b2 := docBytes(t, d2)
	if w := e.submitRaw(tok, "", b2, sign(t, ks, b2, true)); w.Code != http.StatusCreated {
		t.Errorf("a new document: %d %s", w.Code, w.Body)
	}
}
