package service

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// maxDPVOrdersListed bounds GET /api/v1/dpv/orders.
const maxDPVOrdersListed = 100

// validDPVPeriod checks period YYYY-MM: not after the current month of
// the fund's calendar, not older than api.DPVPeriodMonths months.
func validDPVPeriod(period string, now time.Time) bool {
	p, err := time.Parse("2006-01", period)
	if err != nil || p.Format("2006-01") != period {
		return false
	}
	n := now.In(fundZone())
	cur := time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC)
	return !p.After(cur) && !p.Before(cur.AddDate(0, -api.DPVPeriodMonths, 0))
}

func apiDPVOrder(o store.DPVOrder) api.DPVOrder {
	return api.DPVOrder{ID: o.ID, Amount: api.Money(o.Amount), Period: o.Period, Status: o.Status,
		CreatedAt: o.CreatedAt.UTC(), Receipt: o.Receipt}
}

// handleDPVOrder is POST /api/v1/dpv/orders: a voluntary pension
// contribution paid by the caller to his DPV account (opened when he has
// none). The demo confirms the payment at once. 422 validation_failed
// with reason amount or period; 409 idempotency_conflict when the
// Idempotency-Key was used with another body (the same key and body
// answer the earlier order, 200).
func (s *server) handleDPVOrder(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var req api.DPVOrderRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	if req.Amount <= 0 || req.Amount > api.MaxDPVAmount {
		return validationFailed(api.ReasonDPVAmount, "amount", "the amount must be above zero and at most 10,000,000 tenge")
	}
	now := s.now()
	if !validDPVPeriod(req.Period, now) {
		return validationFailed(api.ReasonDPVPeriod, "period",
			fmt.Sprintf("the period must be YYYY-MM, not in the future and at most %d months back", api.DPVPeriodMonths))
	}
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(strconv.FormatInt(int64(req.Amount), 10) + "|" + req.Period))
	o, created, err := s.store.PayDPV(r.Context(), store.NewDPVOrder{
		IIN: sess.IIN, PayerName: joinName(d.Surname, d.GivenName, d.Patronymic),
		Amount: int64(req.Amount), Period: req.Period, At: now, Date: fundDate(now),
		Key: key, Hash: hex.EncodeToString(sum[:]), Client: clientAddr(r),
	})
	if errors.Is(err, store.ErrIdempotencyConflict) {
		return idempotencyConflict()
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", api.PathDPVOrders+"/"+o.ID)
	s.respond(w, r, status, apiDPVOrder(o))
	return nil
}

// handleDPVOrders is GET /api/v1/dpv/orders: the caller's orders, newest
// first.
func (s *server) handleDPVOrders(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	list, err := s.store.DPVOrders(r.Context(), sess.IIN, maxDPVOrdersListed)
	if err != nil {
		return err
	}
	out := api.DPVOrders{Orders: make([]api.DPVOrder, 0, len(list))}
	for _, o := range list {
		out.Orders = append(out.Orders, apiDPVOrder(o))
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// handleDPVReceipt is GET /api/v1/dpv/orders/{id}/receipt.pdf; someone
// else's order is 404.
func (s *server) handleDPVReceipt(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	o, err := s.store.DPVOrder(r.Context(), r.PathValue("id"), sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return problem(http.StatusNotFound, api.CodeNotFound, "no such order")
	}
	if err != nil {
		return err
	}
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	l := pdfLabels(pdfLang(r.URL.Query().Get("lang")))
	pdf, err := dpvReceiptPDF(l, s.fundName(l.lang), joinName(d.Surname, d.GivenName, d.Patronymic), d.IIN, o, s.info.Demo)
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pdf", "receipt-"+o.Receipt+".pdf", pdf)
	return nil
}

// dpvReceiptPDF renders the receipt of a paid order on an A5 page in the
// language l; a demo service says the payment was confirmed at once.
func dpvReceiptPDF(l *docLabels, fund, name, iin string, o store.DPVOrder, demo bool) ([]byte, error) {
	s := newSlip("A5", l, fund, l.receiptTitle, o.CreatedAt)
	s.boxed("№ "+o.Receipt, 14)
	s.row(l.receiptPayer, name)
	s.row(l.iin, iin)
	s.row(l.receiptAmount, l.money(api.Money(o.Amount))+" ₸")
	s.row(l.periodLbl, o.Period)
	s.row(l.receiptDate, l.at(o.CreatedAt))
	s.row(l.receiptStatus, l.receiptPaid)
	if demo {
		s.note(l.receiptDemo)
	}
	return s.bytes()
}
