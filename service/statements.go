package service

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Statements of accounts (GET /api/v1/statements, .../summary, .csv, .pdf)
// and the month-end balances behind the savings chart
// (GET /api/v1/accounts/history). The rows come from the store by keyset
// pagination; the cursor handed to the client is the (date, id) of the
// last row of a page.

// statementQuery is a parsed statement request.
type statementQuery struct {
	account  string // OPV, OPPV, DPV or api.AccountAll
	from, to string // YYYY-MM-DD, inclusive
	after    store.Position
	limit    int
	lang     string // ru, kk, en
}

func statementProblem(field, detail string) *problemError {
	p := problem(http.StatusBadRequest, api.CodeBadRequest, detail)
	p.p.Field = field
	return p
}

// parseStatementQuery reads account, from, to, cursor, limit and lang.
// An absent period is the last year up to today (the fund's calendar).
func (s *server) parseStatementQuery(r *http.Request) (statementQuery, error) {
	v := r.URL.Query()
	q := statementQuery{account: strings.ToUpper(strings.TrimSpace(v.Get("account"))), limit: api.DefaultStatementLimit}
	switch q.account {
	case "", strings.ToUpper(api.AccountAll):
		q.account = api.AccountAll
	case api.AccountOPV, api.AccountOPPV, api.AccountDPV:
	default:
		return q, statementProblem("account", "account must be OPV, OPPV, DPV or all")
	}
	parse := func(field string) (time.Time, bool, error) {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return time.Time{}, false, nil
		}
		t, ok := parseAPIDate(s)
		if !ok {
			return t, false, statementProblem(field, field+" must be a date YYYY-MM-DD")
		}
		return t, true, nil
	}
	to, ok, err := parse("to")
	if err != nil {
		return q, err
	}
	if !ok {
		to, _ = time.Parse(time.DateOnly, fundDate(s.now()))
	}
	from, ok, err := parse("from")
	if err != nil {
		return q, err
	}
	if !ok {
		from = to.AddDate(-1, 0, 0)
	}
	if from.After(to) {
		return q, statementProblem("from", "from must not be after to")
	}
	q.from, q.to = from.Format(time.DateOnly), to.Format(time.DateOnly)
	if c := v.Get("cursor"); c != "" {
		if q.after, ok = decodeStatementCursor(c); !ok {
			return q, statementProblem("cursor", "malformed cursor")
		}
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > api.MaxStatementLimit {
			return q, statementProblem("limit", fmt.Sprintf("limit must be 1..%d", api.MaxStatementLimit))
		}
		q.limit = n
	}
	q.lang = pdfLang(v.Get("lang"))
	return q, nil
}

// The cursor is "v1:<date>:<id>" in unpadded base64url: opaque to
// clients, checked on the way back, and independent of the filters (the
// client repeats account and period with it).
func encodeStatementCursor(p store.Position) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + p.Date + ":" + strconv.FormatInt(p.ID, 10)))
}

func decodeStatementCursor(c string) (store.Position, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return store.Position{}, false
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 3 || parts[0] != "v1" {
		return store.Position{}, false
	}
	if _, ok := parseAPIDate(parts[1]); !ok {
		return store.Position{}, false
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id < 1 {
		return store.Position{}, false
	}
	return store.Position{Date: parts[1], ID: id}, true
}

// statementAccounts are the caller's accounts that q selects; an account
// type the depositor does not hold is 404 not_found.
func (s *server) statementAccounts(ctx context.Context, iin, account string) ([]store.Account, error) {
	all, err := s.store.Accounts(ctx, iin)
	if err != nil {
		return nil, err
	}
	if account == api.AccountAll {
		return all, nil
	}
	for _, a := range all {
		if a.Type == account {
			return []store.Account{a}, nil
		}
	}
	return nil, problem(http.StatusNotFound, api.CodeNotFound, "the depositor has no "+account+" account")
}

func accountIDs(accs []store.Account) []int64 {
	ids := make([]int64, len(accs))
	for i, a := range accs {
		ids[i] = a.ID
	}
	return ids
}

func statementRow(t store.Transaction, types map[int64]string) api.StatementRow {
	return api.StatementRow{
		ID:           t.ID,
		Date:         t.Date,
		AccountType:  types[t.AccountID],
		Operation:    t.Kind,
		PayerName:    t.PayerName,
		PayerBIN:     t.PayerBIN,
		Period:       t.Period,
		Amount:       api.Money(t.Amount),
		BalanceAfter: api.Money(t.BalanceAfter),
	}
}

func accountTypes(accs []store.Account) map[int64]string {
	m := make(map[int64]string, len(accs))
	for _, a := range accs {
		m[a.ID] = a.Type
	}
	return m
}

// statementPage reads one page of rows of q.
func (s *server) statementPage(ctx context.Context, accs []store.Account, q statementQuery) (api.StatementPage, error) {
	list, err := s.store.StatementRows(ctx, accountIDs(accs), q.from, q.to, q.after, q.limit+1)
	if err != nil {
		return api.StatementPage{}, err
	}
	page := api.StatementPage{Rows: make([]api.StatementRow, 0, min(len(list), q.limit))}
	types := accountTypes(accs)
	for i, t := range list {
		if i == q.limit {
			last := list[i-1]
			page.NextCursor = encodeStatementCursor(store.Position{Date: last.Date, ID: last.ID})
			break
		}
		page.Rows = append(page.Rows, statementRow(t, types))
	}
	return page, nil
}

// handleStatements is GET /api/v1/statements: one page of the rows of
// the caller's account (or all accounts) for the period.
func (s *server) handleStatements(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q, err := s.parseStatementQuery(r)
	if err != nil {
		return err
	}
	accs, err := s.statementAccounts(r.Context(), sess.IIN, q.account)
	if err != nil {
		return err
	}
	page, err := s.statementPage(r.Context(), accs, q)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, statementPageJSON(page))
	return nil
}

// statementSummary computes the summary of q.
func (s *server) statementSummary(ctx context.Context, accs []store.Account, q statementQuery) (api.StatementSummary, error) {
	sums, err := s.store.PeriodSummaries(ctx, accs, q.from, q.to)
	if err != nil {
		return api.StatementSummary{}, err
	}
	out := api.StatementSummary{Account: q.account, From: q.from, To: q.to,
		Totals: make([]api.OperationTotal, len(api.Operations)), Accounts: []api.StatementAccount{}}
	for i, op := range api.Operations {
		out.Totals[i].Operation = op
	}
	for _, p := range sums {
		out.OpeningBalance += api.Money(p.Opening)
		out.ClosingBalance += api.Money(p.Closing)
		for i, op := range api.Operations {
			out.Totals[i].Amount += api.Money(p.Sums[op])
			out.Totals[i].Count += p.Counts[op]
			out.RowCount += p.Counts[op]
		}
		out.Accounts = append(out.Accounts, api.StatementAccount{
			Type: p.Type, Number: p.Number, OpenedAt: p.OpenedAt,
			OpeningBalance: api.Money(p.Opening), ClosingBalance: api.Money(p.Closing),
		})
	}
	return out, nil
}

// handleStatementSummary is GET /api/v1/statements/summary: opening and
// closing balance, totals per operation and the number of rows.
func (s *server) handleStatementSummary(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q, err := s.parseStatementQuery(r)
	if err != nil {
		return err
	}
	accs, err := s.statementAccounts(r.Context(), sess.IIN, q.account)
	if err != nil {
		return err
	}
	sum, err := s.statementSummary(r.Context(), accs, q)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, sum)
	return nil
}

// eachStatementRow calls f for every row of q in booking order, reading
// the store a chunk at a time.
func (s *server) eachStatementRow(ctx context.Context, accs []store.Account, q statementQuery, f func(api.StatementRow) error) error {
	const chunk = 1000
	types := accountTypes(accs)
	after := q.after
	for {
		list, err := s.store.StatementRows(ctx, accountIDs(accs), q.from, q.to, after, chunk)
		if err != nil {
			return err
		}
		for _, t := range list {
			if err := f(statementRow(t, types)); err != nil {
				return err
			}
		}
		if len(list) < chunk {
			return nil
		}
		last := list[len(list)-1]
		after = store.Position{Date: last.Date, ID: last.ID}
	}
}

// statementFileName is the suggested file name of an export, ASCII only:
// statement_OPV_2025-03-10_2026-03-10.pdf.
func statementFileName(q statementQuery, ext string) string {
	return fmt.Sprintf("statement_%s_%s_%s.%s", q.account, q.from, q.to, ext)
}

func setAttachment(w http.ResponseWriter, contentType, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// handleStatementCSV is GET /api/v1/statements.csv: every row of the
// period as CSV for spreadsheets in ru/kk locales: UTF-8 with a byte
// order mark, ";" between fields, CRLF line ends, a header row in the
// request's language, amounts in tenge with a decimal comma (a point in
// en). It is streamed a chunk of rows at a time.
func (s *server) handleStatementCSV(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q, err := s.parseStatementQuery(r)
	if err != nil {
		return err
	}
	q.after = store.Position{}
	accs, err := s.statementAccounts(r.Context(), sess.IIN, q.account)
	if err != nil {
		return err
	}
	// Check the store answers before the status line is sent.
	if _, err := s.store.StatementRows(r.Context(), accountIDs(accs), q.from, q.to, q.after, 1); err != nil {
		return err
	}
	l := pdfLabels(q.lang)
	setAttachment(w, "text/csv; charset=utf-8", statementFileName(q, "csv"))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("\ufeff")); err != nil {
		return nil // the client went away
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write([]string{l.colDate, l.colAccount, l.colOperation, l.colPayer, l.colBIN, l.colPeriod, l.colAmount, l.colBalance})
	err = s.eachStatementRow(r.Context(), accs, q, func(row api.StatementRow) error {
		cw.Write([]string{
			l.date(row.Date), l.accountShort(row.AccountType), l.operation(row.Operation), row.PayerName, row.PayerBIN,
			l.period(row.Period), l.plainMoney(row.Amount), l.plainMoney(row.BalanceAfter),
		})
		return cw.Error()
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil && r.Context().Err() == nil {
		// Too late for a problem document: log it and cut the answer short.
		s.log.ErrorContext(r.Context(), "statement csv", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// handleStatementPDF is GET /api/v1/statements.pdf: the statement as a
// PDF document in the request's language. A period of more than
// api.MaxStatementPDFRows rows is 422 validation_failed (too_many_rows).
func (s *server) handleStatementPDF(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q, err := s.parseStatementQuery(r)
	if err != nil {
		return err
	}
	q.after = store.Position{}
	ctx := r.Context()
	accs, err := s.statementAccounts(ctx, sess.IIN, q.account)
	if err != nil {
		return err
	}
	sum, err := s.statementSummary(ctx, accs, q)
	if err != nil {
		return err
	}
	if sum.RowCount > api.MaxStatementPDFRows {
		return validationFailed(api.ReasonTooManyRows, "",
			fmt.Sprintf("the period has %d rows; a PDF holds at most %d: choose a shorter period or CSV", sum.RowCount, api.MaxStatementPDFRows))
	}
	d, err := s.store.Depositor(ctx, sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return unauthorized(reasonInvalid, "unknown session")
	}
	if err != nil {
		return err
	}
	rows := make([]api.StatementRow, 0, sum.RowCount)
	if err := s.eachStatementRow(ctx, accs, q, func(row api.StatementRow) error {
		rows = append(rows, row)
		return nil
	}); err != nil {
		return err
	}
	doc := statementDoc{
		Fund: s.fundName(q.lang), Depositor: d, Summary: sum, Rows: rows,
		Issued: s.now(), Lang: q.lang,
	}
	b, err := doc.render()
	if err != nil {
		return err
	}
	setAttachment(w, "application/pdf", statementFileName(q, "pdf"))
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
	return nil
}

// handleAccountsHistory is GET /api/v1/accounts/history: the balance of
// each account and their total at the end of every month from the first
// operation to the current month.
func (s *server) handleAccountsHistory(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	accs, err := s.store.Accounts(ctx, sess.IIN)
	if err != nil {
		return err
	}
	today := fundDate(s.now())
	out := api.AccountsHistory{Points: []api.HistoryPoint{}, AsOf: today}
	first, err := s.store.FirstDate(ctx, accountIDs(accs))
	if err != nil {
		return err
	}
	if first == "" {
		s.respond(w, r, http.StatusOK, out)
		return nil
	}
	months := monthsBetween(first[:7], today[:7])
	for _, m := range months {
		out.Points = append(out.Points, api.HistoryPoint{Month: m, Balances: map[string]api.Money{}})
	}
	for _, a := range accs {
		ends, err := s.store.MonthEnds(ctx, a.ID, months)
		if err != nil {
			return err
		}
		for i, e := range ends {
			out.Points[i].Balances[a.Type] = api.Money(e.Balance)
			out.Points[i].Total += api.Money(e.Balance)
		}
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// monthsBetween lists the months first..last (YYYY-MM), inclusive.
func monthsBetween(first, last string) []string {
	f, err1 := time.Parse("2006-01", first)
	l, err2 := time.Parse("2006-01", last)
	if err1 != nil || err2 != nil || f.After(l) {
		return nil
	}
	var out []string
	for m := f; !m.After(l); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}
