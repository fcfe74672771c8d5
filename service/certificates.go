package service

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/pdffont"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Certificates (справки) as PDF: «Справка о наличии счетов» lists the
// depositor's pension accounts with their balances; «Справка по ОППВ»
// lists the mandatory professional contributions received, by employer.
// Both are in the language of ?lang (ru by default) and dated by the
// service clock.

// certNumber is a reference printed on a certificate: kind, date of
// issue and IIN, e.g. ACC-20260310-880415300157.
func certNumber(kind string, issued time.Time, iin string) string {
	return kind + "-" + issued.In(fundZone()).Format("20060102") + "-" + iin
}

func (s *server) certDepositor(r *http.Request, sess store.Session) (store.Depositor, error) {
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return d, unauthorized(reasonInvalid, "unknown session")
	}
	return d, err
}

// certHeader writes who the certificate is for and its number.
func (d *docPDF) certHeader(dep store.Depositor, number string) {
	l := d.l
	d.field(l.depositor, joinName(dep.Surname, dep.GivenName, dep.Patronymic))
	d.field(l.iin, dep.IIN)
	d.field(l.birthDate, l.date(dep.BirthDate))
	d.f.SetFont(pdffont.Family, "", 8.5)
	d.f.SetTextColor(90, 90, 90)
	d.f.CellFormat(d.width, 5, fmt.Sprintf(l.certNumber, number), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.f.Ln(3)
}

func (d *docPDF) certFooter() {
	l := d.l
	d.f.Ln(5)
	d.paragraph(l.certPurpose, 9.5)
	d.f.Ln(2)
	d.f.SetTextColor(90, 90, 90)
	d.paragraph(l.generated, 8)
	d.f.SetTextColor(0, 0, 0)
}

// writeAttachment answers b as a download named name (see setAttachment).
func writeAttachment(w http.ResponseWriter, contentType, name string, b []byte) {
	setAttachment(w, contentType, name)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// handleCertificateAccounts is GET /api/v1/certificates/accounts.pdf:
// «Справка о наличии индивидуальных пенсионных счетов».
func (s *server) handleCertificateAccounts(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	dep, err := s.certDepositor(r, sess)
	if err != nil {
		return err
	}
	sums, err := s.store.AccountSummaries(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	now := s.now()
	code := pdfLang(r.URL.Query().Get("lang"))
	l := pdfLabels(code)
	d := newDocPDF(l, s.fundName(code), l.certAccountsTitle, now)
	d.certHeader(dep, certNumber("ACC", now, dep.IIN))
	today := l.date(fundDate(now))
	if len(sums) == 0 {
		d.paragraph(l.noAccounts, 10)
	} else {
		d.paragraph(fmt.Sprintf(l.certAccountsBody, today, s.fundName(code)), 10)
		d.f.Ln(3)
		t := d.table(9, column{l.colAccountType, 82, "L"}, column{l.colNumber, 36, "C"},
			column{l.colOpened, 30, "C"}, column{l.colBalance, 38, "R"})
		var total int64
		for _, a := range sums {
			t.row(false, l.accountName(a.Type), a.Number, l.date(a.OpenedAt), l.money(api.Money(a.Balance)))
			total += a.Balance
		}
		t.row(true, l.total, "", "", l.money(api.Money(total)))
	}
	d.certFooter()
	b, err := d.bytes()
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pdf", "certificate_accounts_"+fundDate(now)+".pdf", b)
	return nil
}

// oppvEmployer sums the ОППВ contributions of one employer.
type oppvEmployer struct {
	name, bin   string
	first, last string // periods YYYY-MM
	periods     map[string]bool
	amount      int64
}

// handleCertificateOPPV is GET /api/v1/certificates/oppv.pdf: «Справка
// по ОППВ»: the ОППВ account and the contributions received on it by
// employer (periods paid for, number of months, amount), or a statement
// that there are none.
func (s *server) handleCertificateOPPV(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	dep, err := s.certDepositor(r, sess)
	if err != nil {
		return err
	}
	now := s.now()
	today := fundDate(now)
	code := pdfLang(r.URL.Query().Get("lang"))
	l := pdfLabels(code)
	d := newDocPDF(l, s.fundName(code), l.certOPPVTitle, now)
	d.certHeader(dep, certNumber("OPPV", now, dep.IIN))

	accs, err := s.store.Accounts(ctx, sess.IIN)
	if err != nil {
		return err
	}
	var acc *store.Account
	for i := range accs {
		if accs[i].Type == api.AccountOPPV {
			acc = &accs[i]
		}
	}
	if acc == nil {
		d.paragraph(l.certOPPVNone, 10)
	} else {
		var order []string
		byEmployer := map[string]*oppvEmployer{}
		var total int64
		q := statementQuery{account: api.AccountOPPV, from: "0001-01-01", to: today}
		err := s.eachStatementRow(ctx, []store.Account{*acc}, q, func(row api.StatementRow) error {
			if row.Operation != api.OpContribution {
				return nil
			}
			key := row.PayerBIN + "|" + row.PayerName
			e := byEmployer[key]
			if e == nil {
				e = &oppvEmployer{name: row.PayerName, bin: row.PayerBIN, periods: map[string]bool{}}
				byEmployer[key] = e
				order = append(order, key)
			}
			if row.Period != "" {
				e.periods[row.Period] = true
				if e.first == "" || row.Period < e.first {
					e.first = row.Period
				}
				if row.Period > e.last {
					e.last = row.Period
				}
			}
			e.amount += int64(row.Amount)
			total += int64(row.Amount)
			return nil
		})
		if err != nil {
			return err
		}
		sums, err := s.store.PeriodSummaries(ctx, []store.Account{*acc}, "0001-01-01", today)
		if err != nil {
			return err
		}
		d.paragraph(fmt.Sprintf(l.certOPPVBody, l.date(today), acc.Number, l.date(acc.OpenedAt)), 10)
		d.f.Ln(3)
		t := d.table(8.5, column{l.colEmployer, 62, "L"}, column{l.colBIN, 28, "C"}, column{l.colPeriods, 38, "C"},
			column{l.colMonths, 20, "R"}, column{l.colAmount, 38, "R"})
		months := 0
		for _, key := range order {
			e := byEmployer[key]
			span := l.period(e.first)
			if e.last != e.first {
				span += " – " + l.period(e.last)
			}
			t.row(false, e.name, e.bin, span, strconv.Itoa(len(e.periods)), l.money(api.Money(e.amount)))
			months += len(e.periods)
		}
		t.row(true, l.oppvTotal, "", "", strconv.Itoa(months), l.money(api.Money(total)))
		d.f.Ln(3)
		if len(sums) == 1 {
			d.field(l.oppvBalance, l.money(api.Money(sums[0].Closing))+" ₸")
		}
	}
	d.certFooter()
	b, err := d.bytes()
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pdf", "certificate_oppv_"+today+".pdf", b)
	return nil
}
