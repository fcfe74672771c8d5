package service

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/store"
)

func statementURL(path string, q api.StatementQuery) string {
	if v := q.Values().Encode(); v != "" {
		return path + "?" + v
	}
	return path
}

func (e *env) statementPage(tok string, q api.StatementQuery) api.StatementPage {
	e.t.Helper()
	w := e.do("GET", statementURL(api.PathStatements, q), "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("statements %+v: %d %s", q, w.Code, w.Body)
	}
	var p api.StatementPage
	decode(e.t, w, &p)
	return p
}

// allRows pages through a statement with limit rows a page.
func (e *env) allRows(tok string, q api.StatementQuery) (rows []api.StatementRow, pages int) {
	e.t.Helper()
	q.Cursor = ""
	for {
		p := e.statementPage(tok, q)
		pages++
		if len(p.Rows) > max(q.Limit, api.DefaultStatementLimit) {
			e.t.Fatalf("page of %d rows, limit %d", len(p.Rows), q.Limit)
		}
		rows = append(rows, p.Rows...)
		if p.NextCursor == "" {
			return rows, pages
		}
		if len(p.Rows) == 0 {
			e.t.Fatal("empty page with a next cursor")
		}
		q.Cursor = p.NextCursor
	}
}

func (e *env) statementSummary(tok string, q api.StatementQuery) api.StatementSummary {
	e.t.Helper()
	w := e.do("GET", statementURL(api.PathStatementSummary, q), "", tok)
	if w.Code != http.StatusOK {
		e.t.Fatalf("summary %+v: %d %s", q, w.Code, w.Body)
	}
	var s api.StatementSummary
	decode(e.t, w, &s)
	return s
}

func bookingOrder(a, b api.StatementRow) int {
	if c := strings.Compare(a.Date, b.Date); c != 0 {
		return c
	}
	return int(a.ID - b.ID)
}

// checkSummary checks a summary against the rows of the same query:
// counts and totals per operation, opening + totals = closing, and the
// closing balance of each account is the balance after its last row.
func checkSummary(t *testing.T, s api.StatementSummary, rows []api.StatementRow) {
	t.Helper()
	if s.RowCount != len(rows) {
		t.Errorf("rowCount %d, %d rows", s.RowCount, len(rows))
	}
	sums := map[string]api.Money{}
	counts := map[string]int{}
	lastBalance := map[string]api.Money{}
	for _, r := range rows {
		sums[r.Operation] += r.Amount
		counts[r.Operation]++
		lastBalance[r.AccountType] = r.BalanceAfter
	}
	if len(s.Totals) != len(api.Operations) {
		t.Fatalf("totals %+v", s.Totals)
	}
	var total api.Money
	for i, op := range api.Operations {
		got := s.Totals[i]
		if got.Operation != op || got.Amount != sums[op] || got.Count != counts[op] {
			t.Errorf("total %d = %+v, rows give %s %d (%d rows)", i, got, op, sums[op], counts[op])
		}
		total += got.Amount
	}
	if s.OpeningBalance+total != s.ClosingBalance {
		t.Errorf("opening %d + totals %d != closing %d", s.OpeningBalance, total, s.ClosingBalance)
	}
	var opening, closing api.Money
	for _, a := range s.Accounts {
		opening += a.OpeningBalance
		closing += a.ClosingBalance
		if b, ok := lastBalance[a.Type]; ok && b != a.ClosingBalance {
			t.Errorf("%s closing %d, balance after its last row %d", a.Type, a.ClosingBalance, b)
		}
	}
	if opening != s.OpeningBalance || closing != s.ClosingBalance {
		t.Errorf("accounts sum to %d..%d, summary %d..%d", opening, closing, s.OpeningBalance, s.ClosingBalance)
	}
}

// TestStatementPagingBigAccount pages through 100,000 rows: every row
// exactly once, in booking order, the same with another page size; the
// summary agrees; the merge of two accounts keeps the order; and a page
// asked for by a deep cursor starts right after it. That a deep page costs
// what the first does is store.TestStatementQueryPlan's (an index range scan)
// and BenchmarkStatementPage's (the figures).
func TestStatementPagingBigAccount(t *testing.T) {
	skipOnPostgres(t)
	t.Parallel()
	e, tok := newBigEnv(t)
	q := api.StatementQuery{Account: api.AccountOPV, From: "2000-01-01", To: "2026-03-10", Limit: api.MaxStatementLimit}
	rows, pages := e.allRows(tok, q)
	if len(rows) != bigRows || pages != bigRows/api.MaxStatementLimit {
		t.Fatalf("%d rows in %d pages, want %d in %d", len(rows), pages, bigRows, bigRows/api.MaxStatementLimit)
	}
	seen := make(map[int64]bool, len(rows))
	for i, r := range rows {
		if seen[r.ID] {
			t.Fatalf("row %d (id %d) seen twice", i, r.ID)
		}
		seen[r.ID] = true
		if r.AccountType != api.AccountOPV {
			t.Fatalf("row %d of account %s", i, r.AccountType)
		}
	}
	if !slices.IsSortedFunc(rows, bookingOrder) {
		t.Fatal("rows are not in booking order")
	}
	// Another page size gives the same sequence (over a few years).
	q2 := api.StatementQuery{Account: api.AccountOPV, From: "2010-01-01", To: "2012-12-31", Limit: 777}
	rows2, pages2 := e.allRows(tok, q2)
	from := slices.IndexFunc(rows, func(r api.StatementRow) bool { return r.Date >= q2.From })
	if len(rows2) < 10000 || pages2 != (len(rows2)+776)/777 || !slices.Equal(rows[from:from+len(rows2)], rows2) {
		t.Fatalf("limit 777: %d rows in %d pages, same as limit 1000: %v", len(rows2), pages2,
			slices.Equal(rows[from:from+len(rows2)], rows2))
	}
	sum := e.statementSummary(tok, q)
	checkSummary(t, sum, rows)
	if sum.OpeningBalance != 0 || sum.ClosingBalance != rows[len(rows)-1].BalanceAfter {
		t.Errorf("opening %d, closing %d, last row %d", sum.OpeningBalance, sum.ClosingBalance, rows[len(rows)-1].BalanceAfter)
	}

	// A period in the middle: the opening balance is the balance after
	// the last row before it.
	mid := api.StatementQuery{Account: api.AccountOPV, From: "2014-02-01", To: "2014-02-28", Limit: 500}
	midRows, _ := e.allRows(tok, mid)
	first := slices.IndexFunc(rows, func(r api.StatementRow) bool { return r.Date >= mid.From })
	if first < 1 || len(midRows) == 0 || midRows[0] != rows[first] {
		t.Fatalf("mid period starts at row %d: %+v", first, midRows[:min(1, len(midRows))])
	}
	if !slices.Equal(midRows, rows[first:first+len(midRows)]) || rows[first+len(midRows)].Date <= mid.To {
		t.Fatal("mid period rows differ from the full list")
	}
	midSum := e.statementSummary(tok, mid)
	checkSummary(t, midSum, midRows)
	if midSum.OpeningBalance != rows[first-1].BalanceAfter {
		t.Errorf("mid opening %d, want %d", midSum.OpeningBalance, rows[first-1].BalanceAfter)
	}

	// All accounts: the ОПВ and ДПВ rows merged in booking order (over
	// the years the ДПВ account starts in).
	qa := api.StatementQuery{Account: api.AccountAll, From: "2009-06-01", To: "2011-05-31", Limit: api.MaxStatementLimit}
	all, _ := e.allRows(tok, qa)
	dpv, _ := e.allRows(tok, api.StatementQuery{Account: api.AccountDPV, From: qa.From, To: qa.To})
	var want []api.StatementRow
	for _, r := range rows {
		if r.Date >= qa.From && r.Date <= qa.To {
			want = append(want, r)
		}
	}
	want = append(want, dpv...)
	slices.SortFunc(want, bookingOrder)
	if len(dpv) < 12 || !slices.Equal(all, want) {
		t.Fatalf("all accounts: %d rows (%d ДПВ), want %d", len(all), len(dpv), len(want))
	}
	checkSummary(t, e.statementSummary(tok, qa), all)
	checkSummary(t, e.statementSummary(tok, api.StatementQuery{Account: api.AccountAll, From: "2000-01-01", To: "2026-03-10"}),
		append(slices.Clone(rows), must(e.allRows(tok, api.StatementQuery{Account: api.AccountDPV, From: "2000-01-01", To: "2026-03-10", Limit: 1000}))...))

	// A PDF of the whole history is refused; CSV, read a thousand rows at a
	// time, has every row.
	w := e.do("GET", statementURL(api.PathStatementPDF, q), "", tok)
	p := wantProblem(t, w, http.StatusUnprocessableEntity, api.CodeValidation)
	if p.Reason != api.ReasonTooManyRows {
		t.Errorf("reason %q", p.Reason)
	}
	w = e.do("GET", statementURL(api.PathStatementCSV, q2), "", tok)
	if n := bytes.Count(w.Body.Bytes(), []byte("\r\n")); w.Code != http.StatusOK || n != len(rows2)+1 {
		t.Errorf("csv: %d, %d lines for %d rows", w.Code, n, len(rows2))
	}

	// A year of it as PDF (4,380 rows, 82 pages), the depositor's name in
	// Kazakh letters.
	{
		q := api.StatementQuery{Account: api.AccountOPV, From: "2024-10-01", To: "2025-09-30", Lang: "ru"}
		w := e.do("GET", statementURL(api.PathStatementPDF, q), "", tok)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		pages := pdfPages(t, w.Body.Bytes())
		if len(pages) < 50 {
			t.Fatalf("%d pages", len(pages))
		}
		name := bigSurname + " " + bigGivenName + " " + bigPatronym
		if !strings.Contains(pages[0], name) || !strings.Contains(pages[0], "ИП «Жұмабаев Ғ.»") {
			t.Errorf("first page lacks the name %q or a payer:\n%s", name, pages[0][:min(800, len(pages[0]))])
		}
		last := pages[len(pages)-1]
		if want := fmt.Sprintf("стр. %d из %d", len(pages), len(pages)); !strings.Contains(last, want) {
			t.Errorf("last page lacks %q", want)
		}
		// The table header repeats on every page.
		for i, p := range pages[:len(pages)-1] {
			if !strings.Contains(p, "Плательщик / работодатель") {
				t.Errorf("page %d has no table header", i+1)
			}
		}
		sum := e.statementSummary(tok, q)
		text := strings.Join(pages, "\n")
		if got := strings.Count(text, "Взнос"); got != sum.Totals[0].Count+1 { // + the totals table
			t.Errorf("%d contributions printed, %d in the period", got, sum.Totals[0].Count)
		}
	}

	q.Limit = 100
	q.Cursor = encodeStatementCursor(storePosition(rows[len(rows)-150]))
	if deep := e.statementPage(tok, q); !slices.Equal(deep.Rows, rows[len(rows)-149:len(rows)-49]) {
		t.Errorf("deep page: %d rows from %+v", len(deep.Rows), deep.Rows[:min(1, len(deep.Rows))])
	}
}

func TestStatementPeriodFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	full, _ := e.allRows(tok, api.StatementQuery{Account: api.AccountAll, From: "2000-01-01", To: "2026-12-31", Limit: 250})
	if len(full) < 300 || !slices.IsSortedFunc(full, bookingOrder) {
		t.Fatalf("full history: %d rows", len(full))
	}
	for _, acc := range []string{api.AccountOPV, api.AccountOPPV, api.AccountDPV, api.AccountAll} {
		for _, period := range [][2]string{{"2024-01-01", "2024-12-31"}, {"2016-10-15", "2017-03-05"}, {"2025-03-10", "2026-03-10"}, {"2010-01-01", "2014-12-31"}} {
			q := api.StatementQuery{Account: acc, From: period[0], To: period[1], Limit: 7}
			rows, _ := e.allRows(tok, q)
			var want []api.StatementRow
			for _, r := range full {
				if r.Date >= q.From && r.Date <= q.To && (acc == api.AccountAll || r.AccountType == acc) {
					want = append(want, r)
				}
			}
			if !slices.Equal(rows, want) {
				t.Errorf("%s %v: %d rows, want %d", acc, period, len(rows), len(want))
			}
			s := e.statementSummary(tok, q)
			if s.Account != acc || s.From != q.From || s.To != q.To {
				t.Errorf("summary echoes %s %s..%s", s.Account, s.From, s.To)
			}
			checkSummary(t, s, rows)
		}
	}
	// The default period is the last year up to today (the fund's calendar).
	s := e.statementSummary(tok, api.StatementQuery{})
	if s.Account != api.AccountAll || s.From != "2025-03-10" || s.To != "2026-03-10" || len(s.Accounts) != 3 || s.RowCount == 0 {
		t.Errorf("default summary %+v", s)
	}
	// The closing balances are the balances of /accounts.
	var acc api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &acc)
	if s.ClosingBalance != acc.Total {
		t.Errorf("closing %d, accounts total %d", s.ClosingBalance, acc.Total)
	}
	// A page after the last row is empty.
	p := e.statementPage(tok, api.StatementQuery{Cursor: encodeStatementCursor(storePosition(full[len(full)-1]))})
	if len(p.Rows) != 0 || p.NextCursor != "" {
		t.Errorf("after the end: %+v", p)
	}
}

func TestStatementRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinAsel, DemoPassword).Token
	bad := map[string]string{
		"account=XYZ":                   "account",
		"from=2024-13-01":               "from",
		"to=yesterday":                  "to",
		"from=2025-02-01&to=2025-01-01": "from",
		"limit=0":                       "limit",
		"limit=1001":                    "limit",
		"limit=ten":                     "limit",
		"cursor=***":                    "cursor",
		"cursor=" + url.QueryEscape(encodeStatementCursor(storePosition(api.StatementRow{Date: "2024-01-01"}))): "cursor",
		"cursor=djE6MjAyNC0wMS0wMQ": "cursor", // "v1:2024-01-01" without an id
	}
	for query, field := range bad {
		for _, path := range []string{api.PathStatements, api.PathStatementSummary, api.PathStatementPDF, api.PathStatementCSV} {
			p := wantProblem(t, e.do("GET", path+"?"+query, "", tok), http.StatusBadRequest, api.CodeBadRequest)
			if p.Field != field {
				t.Errorf("%s?%s: field %q, want %q", path, query, p.Field, field)
			}
		}
	}
	// Asel has no ДПВ or ОППВ account.
	for _, acc := range []string{"DPV", "oppv"} {
		wantProblem(t, e.do("GET", api.PathStatements+"?account="+acc, "", tok), http.StatusNotFound, api.CodeNotFound)
	}
	// Nothing without a session.
	for _, path := range []string{api.PathStatements, api.PathStatementSummary, api.PathStatementPDF, api.PathStatementCSV,
		api.PathCertificateAccounts, api.PathCertificateOPPV, api.PathAccountsHistory} {
		wantProblem(t, e.do("GET", path, "", ""), http.StatusUnauthorized, api.CodeUnauthorized)
	}
}

func must[T any](v T, _ int) T { return v }

func storePosition(r api.StatementRow) store.Position { return store.Position{Date: r.Date, ID: r.ID} }

func TestStatementPDF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinSerik, DemoPassword).Token
	q := api.StatementQuery{Account: api.AccountOPV, From: "2023-01-01", To: "2025-12-31"}
	w := e.do("GET", statementURL(api.PathStatementPDF, q), "", tok)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body.Bytes()[:min(200, w.Body.Len())])
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="statement_OPV_2023-01-01_2025-12-31.pdf"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	pages := pdfPages(t, w.Body.Bytes())
	n := len(pages)
	if n < 2 {
		t.Fatalf("%d pages", n)
	}
	text := strings.Join(pages, "\n")
	sum := e.statementSummary(tok, q)
	rows, _ := e.allRows(tok, q)
	l := pdfLabels("ru")
	for _, want := range []string{
		DefaultFundName, "Выписка с индивидуального пенсионного счёта",
		"Ахметов Серик Болатович", iinSerik, // the depositor in Cyrillic
		"АО «Шығыс Энерго Демо»", // an employer with Kazakh letters (ғ, ы)
		"Обязательные пенсионные взносы (ОПВ), № " + sum.Accounts[0].Number,
		"с 01.01.2023 по 31.12.2025", "Дата выдачи: 10.03.2026",
		l.money(sum.OpeningBalance) + " ₸", l.money(sum.ClosingBalance) + " ₸",
		"Итоги за период", "Инвестиционный доход", "Комиссия фонда",
		l.money(sum.Total(api.OpContribution)), l.money(sum.Total(api.OpCommission)),
		l.date(rows[0].Date), l.money(rows[len(rows)-1].BalanceAfter), l.period(rows[0].Period),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	for i, p := range pages {
		if want := fmt.Sprintf("стр. %d из %d", i+1, n); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	// Every row is in the document.
	if got := strings.Count(text, "АО «Шығыс Энерго Демо»"); got != sum.Totals[0].Count {
		t.Errorf("employer named %d times, %d contributions", got, sum.Totals[0].Count)
	}

	// In Kazakh, for all accounts, a depositor whose name has no Kazakh letter.
	tok2 := e.login(iinBekzat, DemoPassword).Token
	w = e.do("GET", statementURL(api.PathStatementPDF, api.StatementQuery{Lang: "kk"}), "", tok2)
	if w.Code != http.StatusOK {
		t.Fatalf("kk pdf: %d %s", w.Code, w.Body)
	}
	pages = pdfPages(t, w.Body.Bytes())
	text = strings.Join(pages, "\n")
	for _, want := range []string{"Жеке зейнетақы шоттарынан үзінді көшірме", "Салымшы", "Сейткали Бекзат Нурланович", "ЖСН",
		"10.03.2025 – 10.03.2026", "Инвестициялық табыс", "Қор комиссиясы", "МКЗЖ", "ЕЗЖ", "ТОО «Алтын Код»",
		fmt.Sprintf("1-бет, барлығы %d", len(pages))} {
		if !strings.Contains(text, want) {
			t.Errorf("kk PDF lacks %q", want)
		}
	}
	// English; a period without operations.
	w = e.do("GET", statementURL(api.PathStatementPDF, api.StatementQuery{Account: "DPV", From: "2010-01-01", To: "2010-12-31", Lang: "en"}), "", tok2)
	text = strings.Join(pdfPages(t, w.Body.Bytes()), "\n")
	for _, want := range []string{"Statement of individual pension account", "No operations in the period.", "Page 1 of 1", "Voluntary pension contributions (DPV)"} {
		if !strings.Contains(text, want) {
			t.Errorf("en PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestStatementCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	for _, lang := range []string{"ru", "kk", "en"} {
		q := api.StatementQuery{Account: api.AccountAll, From: "2020-01-01", To: "2024-12-31", Lang: lang}
		w := e.do("GET", statementURL(api.PathStatementCSV, q), "", tok)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("csv: %d %q", w.Code, w.Header().Get("Content-Type"))
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="statement_all_2020-01-01_2024-12-31.csv"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		body := w.Body.Bytes()
		if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
			t.Fatalf("no BOM: %q", body[:10])
		}
		r := csv.NewReader(bytes.NewReader(body[3:]))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		l := pdfLabels(lang)
		if want := []string{l.colDate, l.colAccount, l.colOperation, l.colPayer, l.colBIN, l.colPeriod, l.colAmount, l.colBalance}; !slices.Equal(recs[0], want) {
			t.Errorf("%s header %q", lang, recs[0])
		}
		sum := e.statementSummary(tok, q)
		if len(recs)-1 != sum.RowCount {
			t.Fatalf("%d rows, summary %d", len(recs)-1, sum.RowCount)
		}
		rows, _ := e.allRows(tok, q)
		var total api.Money
		for i, rec := range recs[1:] {
			amount := rec[6]
			if lang != "en" {
				amount = strings.Replace(amount, ",", ".", 1)
			}
			f, err := strconv.ParseFloat(amount, 64)
			if err != nil {
				t.Fatalf("%s row %d amount %q", lang, i, rec[6])
			}
			m := api.Money(f*100 + map[bool]float64{true: 0.5, false: -0.5}[f >= 0])
			if m != rows[i].Amount || rec[0] != l.date(rows[i].Date) || rec[3] != rows[i].PayerName || rec[4] != rows[i].PayerBIN {
				t.Fatalf("%s row %d = %q, want %+v", lang, i, rec, rows[i])
			}
			total += m
		}
		if sum.OpeningBalance+total != sum.ClosingBalance {
			t.Errorf("%s: CSV amounts sum to %d, summary %d..%d", lang, total, sum.OpeningBalance, sum.ClosingBalance)
		}
		if !bytes.Contains(body, []byte("\r\n")) {
			t.Error("no CRLF")
		}
	}
}

func TestCertificates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	var acc api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &acc)
	get := func(tok, path string) string {
		t.Helper()
		w := e.do("GET", path, "", tok)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment; filename=\"certificate_") {
			t.Fatalf("%s: %d %v", path, w.Code, w.Header())
		}
		// Wrapped cells take several lines: compare with single spaces.
		return strings.Join(strings.Fields(strings.Join(pdfPages(t, w.Body.Bytes()), "\n")), " ")
	}
	l := pdfLabels("ru")
	text := get(tok, api.PathCertificateAccounts)
	wants := []string{DefaultFundName, "Справка о наличии индивидуальных пенсионных счетов", "Сейткали Бекзат Нурланович", iinBekzat,
		"15.04.1988", "по состоянию на 10.03.2026", "№ ACC-20260310-" + iinBekzat, l.money(acc.Total), "стр. 1 из 1"}
	for _, a := range acc.Accounts {
		wants = append(wants, a.Number, l.money(a.Balance), l.accountName(a.Type))
	}
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("accounts certificate lacks %q", want)
		}
	}

	text = get(tok, api.PathCertificateOPPV+"?lang=kk")
	var oppv api.Account
	for _, a := range acc.Accounts {
		if a.Type == api.AccountOPPV {
			oppv = a
		}
	}
	lk := pdfLabels("kk")
	for _, want := range []string{"Міндетті кәсіптік зейнетақы жарналары (МКЗЖ) бойынша анықтама", "Сейткали Бекзат Нурланович",
		oppv.Number, "АО «Кен Тау Металл»", "10.2016 – 06.2020", "45", lk.money(oppv.Contributions), lk.money(oppv.Balance) + " ₸"} {
		if !strings.Contains(text, want) {
			t.Errorf("ОППВ certificate lacks %q:\n%s", want, text)
		}
	}

	// Asel has no ОППВ: the certificate says so.
	tok3 := e.login(iinAsel, DemoPassword).Token
	text = get(tok3, api.PathCertificateOPPV+"?lang=en")
	for _, want := range []string{"Certificate of mandatory occupational pension contributions (OPPV)", "Нурланова Асель Маратовна",
		"No mandatory occupational pension contributions have been received", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("en ОППВ certificate lacks %q:\n%s", want, text)
		}
	}
}

func TestAccountsHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinSerik, DemoPassword).Token
	var h api.AccountsHistory
	decode(t, e.do("GET", api.PathAccountsHistory, "", tok), &h)
	if h.AsOf != "2026-03-10" || len(h.Points) == 0 || h.Points[0].Month != "2014-03" || h.Points[len(h.Points)-1].Month != "2026-03" {
		t.Fatalf("history %s, %d points, %+v..%+v", h.AsOf, len(h.Points), h.Points[0], h.Points[len(h.Points)-1])
	}
	for i, p := range h.Points {
		if i > 0 {
			prev, _ := time.Parse("2006-01", h.Points[i-1].Month)
			if prev.AddDate(0, 1, 0).Format("2006-01") != p.Month {
				t.Fatalf("point %d month %s after %s", i, p.Month, h.Points[i-1].Month)
			}
		}
		var sum api.Money
		for _, b := range p.Balances {
			sum += b
		}
		if sum != p.Total {
			t.Fatalf("point %s total %d, balances %v", p.Month, p.Total, p.Balances)
		}
	}
	// Month ends agree with the statement; the last point is today's balance.
	full, _ := e.allRows(tok, api.StatementQuery{Account: api.AccountDPV, From: "2000-01-01", To: "2026-03-10", Limit: 1000})
	for _, p := range h.Points {
		var want api.Money
		for _, r := range full {
			if r.Date[:7] <= p.Month {
				want = r.BalanceAfter
			}
		}
		if p.Balances[api.AccountDPV] != want {
			t.Errorf("%s ДПВ %d, statement %d", p.Month, p.Balances[api.AccountDPV], want)
		}
	}
	var acc api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &acc)
	if last := h.Points[len(h.Points)-1]; last.Total != acc.Total {
		t.Errorf("last point %d, accounts total %d", last.Total, acc.Total)
	}
	// Someone without accounts has no points.
	tok2 := e.login(iinStaff, DemoStaffPassword).Token
	h = api.AccountsHistory{}
	decode(t, e.do("GET", api.PathAccountsHistory, "", tok2), &h)
	if len(h.Points) != 0 || h.Points == nil {
		t.Errorf("staff history %+v", h)
	}
}
