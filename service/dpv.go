package service

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"kabinet/api"
	"kabinet/service/pdffont"
	"kabinet/service/store"
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
	pdf, err := dpvReceiptPDF(s.fundNameRuKK(), joinName(d.Surname, d.GivenName, d.Patronymic), d.IIN, o)
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pdf", "receipt-"+o.Receipt+".pdf", pdf)
	return nil
}

// tenge formats tiyn as "1 234 567,89 ₸".
func tenge(tiyn int64) string {
	s := strconv.FormatInt(tiyn/100, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return fmt.Sprintf("%s,%02d ₸", out, tiyn%100)
}

// dpvReceiptPDF renders the receipt of a paid order on an A5 page with
// Noto Sans (Russian and Kazakh letters).
func dpvReceiptPDF(fund, name, iin string, o store.DPVOrder) ([]byte, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A5"})
	pdf.SetCreationDate(o.CreatedAt)
	pdf.SetModificationDate(o.CreatedAt)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Квитанция "+o.Receipt, true)
	pdf.SetAuthor(fund, true)
	pdf.SetCreator("Kabinet", true)
	pdf.AddUTF8FontFromBytes(pdffont.Family, "", pdffont.Regular())
	pdf.AddUTF8FontFromBytes(pdffont.Family, "B", pdffont.Bold())
	pdf.SetMargins(12, 12, 12)
	pdf.SetAutoPageBreak(true, 12)
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	inner := w - 24

	pdf.SetFont(pdffont.Family, "B", 12)
	pdf.MultiCell(inner, 6, fund, "", "C", false)
	pdf.SetFont(pdffont.Family, "", 10)
	pdf.MultiCell(inner, 5, "Квитанция о добровольных пенсионных взносах\n"+
		"Ерікті зейнетақы жарналары туралы түбіртек", "", "C", false)
	pdf.Ln(2)
	pdf.SetFont(pdffont.Family, "B", 14)
	pdf.CellFormat(inner, 9, "№ "+o.Receipt, "1", 1, "C", false, 0, "")
	pdf.Ln(3)
	row := func(label, value string) {
		pdf.SetFont(pdffont.Family, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(inner, 4, label, "", "L", false)
		pdf.SetFont(pdffont.Family, "B", 11)
		pdf.SetTextColor(0, 0, 0)
		pdf.MultiCell(inner, 5.5, value, "", "L", false)
		pdf.Ln(1.5)
	}
	row("Вкладчик и плательщик / Салымшы және төлеуші", name)
	row("ИИН / ЖСН", iin)
	row("Сумма / Сомасы", tenge(o.Amount))
	row("Период / Кезең", o.Period)
	row("Дата / Күні", o.CreatedAt.In(fundZone()).Format("02.01.2006 15:04")+" (UTC+5)")
	row("Статус / Мәртебесі", "Оплачено / Төленді")
	pdf.Ln(1)
	pdf.SetFont(pdffont.Family, "", 7.5)
	pdf.SetTextColor(60, 60, 60)
	pdf.MultiCell(inner, 3.8, "Демонстрационная версия: платёж подтверждён сразу.\n"+
		"Демонстрациялық нұсқа: төлем бірден расталды.", "", "L", false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("dpv receipt pdf: %w", err)
	}
	return buf.Bytes(), nil
}
