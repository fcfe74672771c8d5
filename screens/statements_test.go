package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// fakeRows makes n statement rows from day 0 on, alternating
// contributions and commissions.
func fakeRows(start, n int) []api.StatementRow {
	rows := make([]api.StatementRow, n)
	day := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		id := start + i + 1
		r := api.StatementRow{ID: int64(id), Date: day.AddDate(0, 0, id/300).Format(time.DateOnly), AccountType: api.AccountOPV,
			Operation: api.OpContribution, PayerName: "ТОО «Ақжол Құрылыс»", PayerBIN: "051140003007", Period: "2025-02",
			Amount: 4_500_000, BalanceAfter: api.Money(100_000_000 + id*1000)}
		if id%2 == 0 {
			r.Operation, r.Amount, r.PayerName, r.PayerBIN, r.Period = api.OpCommission, -12_345, "", "", ""
		}
		rows[i] = r
	}
	return rows
}

func newStatementsScreen(t testing.TB) (*Statements, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	lang.Set("ru")
	t.Cleanup(func() { lang.Set("ru") })
	s := NewStatements(time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC))
	w := test.NewTempWindow(t, s.Content())
	w.Resize(fyne.NewSize(1000, 760))
	return s, w
}

func TestStatementsQueryPagesAndTotals(t *testing.T) {
	s, _ := newStatementsScreen(t)
	var queries []api.StatementQuery
	var cursors []string
	s.OnQuery = func(q api.StatementQuery) { queries = append(queries, q) }
	s.OnNeedPage = func(c string) { cursors = append(cursors, c) }
	s.SetAccounts([]string{api.AccountOPV, api.AccountDPV})
	if got := s.Account.Options; len(got) != 3 || got[0] != "Все счета" || got[2] != "ДПВ" {
		t.Fatalf("account options %q", got)
	}

	// The default period is the last year.
	s.Apply()
	want := api.StatementQuery{Account: api.AccountAll, From: "2025-03-10", To: "2026-03-10"}
	if len(queries) != 1 || queries[0] != want || s.Query() != want {
		t.Fatalf("queries %+v, want %+v", queries, want)
	}
	// Choosing an account asks again.
	s.Account.SetSelectedIndex(1)
	want.Account = api.AccountOPV
	if len(queries) != 2 || queries[1] != want {
		t.Fatalf("after choosing ОПВ: %+v", queries)
	}
	if s.Status.Text != "Загрузка…" || !s.Progress.Visible() {
		t.Errorf("while loading: status %q", s.Status.Text)
	}

	// The app answers with the summary and the first page.
	sum := api.StatementSummary{Account: api.AccountOPV, From: want.From, To: want.To, OpeningBalance: 100_000_000,
		ClosingBalance: 350_000_000, RowCount: 1000, Totals: []api.OperationTotal{
			{Operation: api.OpContribution, Amount: 250_617_250, Count: 500}, {Operation: api.OpInvestmentIncome, Amount: 0, Count: 0}, {Operation: api.OpCommission, Amount: -617_250, Count: 500},
			{Operation: api.OpPayment, Amount: 0, Count: 0}, {Operation: api.OpTransfer, Amount: 0, Count: 0}}}
	s.SetSummary(sum)
	s.AppendPage(fakeRows(0, 100), "c1")
	if s.Rows() != 100 || s.Progress.Visible() {
		t.Fatalf("%d rows, progress %v", s.Rows(), s.Progress.Visible())
	}
	if s.Opening.Text != "1\u00a0000\u00a0000,00\u00a0₸" || s.Closing.Text != "3\u00a0500\u00a0000,00\u00a0₸" ||
		s.Totals[api.OpContribution].Text != "+2\u00a0506\u00a0172,50\u00a0₸  (500)" || s.Totals[api.OpCommission].Text != "−6\u00a0172,50\u00a0₸  (500)" {
		t.Errorf("totals: %q %q %q %q", s.Opening.Text, s.Closing.Text, s.Totals[api.OpContribution].Text, s.Totals[api.OpCommission].Text)
	}
	if s.Balances.Text != "Остаток на начало периода: 1\u00a0000\u00a0000,00\u00a0₸" || s.BalancesClosing.Text != "·  на конец периода: 3\u00a0500\u00a0000,00\u00a0₸" {
		t.Errorf("balances %q %q", s.Balances.Text, s.BalancesClosing.Text)
	}
	if s.Status.Text != "Показано операций: 100 из 1\u00a0000" {
		t.Errorf("status %q", s.Status.Text)
	}
	row := []string{"10.03.2025", "ОПВ", "Взнос", "+45\u00a0000,00\u00a0₸", "1\u00a0000\u00a0010,00\u00a0₸", "ТОО «Ақжол Құрылыс»", "051140003007", "Февраль 2025"}
	for col, want := range row {
		if got := s.CellText(0, col); got != want {
			t.Errorf("cell 0,%d = %q, want %q", col, got, want)
		}
	}
	if s.CellText(1, colOperation) != "Комиссия фонда" || s.CellText(1, colAmount) != "−123,45\u00a0₸" || s.CellText(1, colPeriod) != "" {
		t.Errorf("row 1: %q %q %q", s.CellText(1, colOperation), s.CellText(1, colAmount), s.CellText(1, colPeriod))
	}
	// The rows are drawn: the first visible cell shows the first row.
	if got := visibleCellTexts(s.Table); !strings.Contains(got, "ТОО «Ақжол Құрылыс»") || !strings.Contains(got, "Комиссия фонда") {
		t.Errorf("table shows %q", got)
	}
	if len(cursors) != 0 {
		t.Fatalf("asked for %v before scrolling", cursors)
	}

	// Scrolling to the last loaded rows asks for the next page, once.
	s.Table.ScrollToBottom()
	s.Table.ScrollToBottom()
	if len(cursors) != 1 || cursors[0] != "c1" || !s.Loading() {
		t.Fatalf("after scrolling: %v, loading %v", cursors, s.Loading())
	}
	s.AppendPage(fakeRows(100, 100), "c2")
	s.Table.ScrollToBottom()
	if len(cursors) != 2 || cursors[1] != "c2" {
		t.Fatalf("second page: %v", cursors)
	}
	// A failed page shows the error; «Повторить» asks again.
	s.PageFailed("error.unavailable", nil)
	if !s.Message.Visible() || !s.Retry.Visible() || s.Loading() {
		t.Fatal("failure not shown")
	}
	s.Table.ScrollToBottom()
	if len(cursors) != 2 {
		t.Fatalf("asked again without a retry: %v", cursors)
	}
	test.Tap(s.Retry)
	if len(cursors) != 3 || cursors[2] != "c2" || s.Message.Visible() {
		t.Fatalf("retry: %v", cursors)
	}
	s.AppendPage(fakeRows(200, 800), "")
	s.Table.ScrollToBottom()
	if n, _ := s.tableSize(); len(cursors) != 3 || s.Rows() != 1000 || n != 1000 {
		t.Fatalf("at the end: %v, %d rows, table %d", cursors, s.Rows(), n)
	}
	if s.Status.Text != "Показано операций: 1\u00a0000 из 1\u00a0000" {
		t.Errorf("status %q", s.Status.Text)
	}

	// Downloads export the current query.
	var formats []string
	s.OnDownload = func(f string) { formats = append(formats, f) }
	test.Tap(s.DownloadPDF)
	test.Tap(s.DownloadCSV)
	if strings.Join(formats, ",") != "pdf,csv" {
		t.Errorf("downloads %v", formats)
	}

	// A quick button sets the period and starts over.
	test.Tap(s.ThreeYears)
	if q := queries[len(queries)-1]; q.From != "2023-03-10" || q.To != "2026-03-10" || q.Account != api.AccountOPV || s.Rows() != 0 {
		t.Errorf("three years: %+v, %d rows", q, s.Rows())
	}
	test.Tap(s.AllTime)
	if q := queries[len(queries)-1]; q.From != "1998-01-01" {
		t.Errorf("all time: %+v", q)
	}
	s.SetHistory(api.AccountsHistory{Points: []api.HistoryPoint{{Month: "2015-01", Total: 1}}})
	test.Tap(s.AllTime)
	if q := queries[len(queries)-1]; q.From != "2015-01-01" {
		t.Errorf("all time after the history: %+v", q)
	}
}

func TestStatementsPeriodValidation(t *testing.T) {
	s, _ := newStatementsScreen(t)
	var queries []api.StatementQuery
	s.OnQuery = func(q api.StatementQuery) { queries = append(queries, q) }
	s.From.SetText("31.13.2025x")
	test.Tap(s.Show)
	if len(queries) != 0 || !s.Message.Visible() || !strings.Contains(s.Message.Text, "обе даты") {
		t.Fatalf("bad date: queries %v, message %q", queries, s.Message.Text)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.From.SetDate(&from)
	s.To.SetDate(&to)
	test.Tap(s.Show)
	if len(queries) != 0 || s.Message.Text != "Начало периода не может быть позже его конца." {
		t.Fatalf("from after to: queries %v, message %q", queries, s.Message.Text)
	}
	s.To.SetDate(&from)
	test.Tap(s.Show)
	if len(queries) != 1 || queries[0].From != "2026-01-01" || queries[0].To != "2026-01-01" || s.Message.Visible() {
		t.Fatalf("one day: %+v, message %v", queries, s.Message.Visible())
	}
	// An empty period says so.
	s.SetSummary(api.StatementSummary{Totals: []api.OperationTotal{}})
	s.AppendPage(nil, "")
	if s.Status.Text != "За выбранный период операций нет." {
		t.Errorf("empty: %q", s.Status.Text)
	}
}

// TestStatements100000Rows loads a 100,000-row statement page by page as
// the table is scrolled to its end, as the app would: each scroll asks
// for one page. How long a step takes is BenchmarkStatementScrollAppend's.
func TestStatements100000Rows(t *testing.T) {
	s, _ := newStatementsScreen(t)
	var asked []string
	s.OnNeedPage = func(c string) { asked = append(asked, c) }
	s.Apply()
	s.SetSummary(api.StatementSummary{RowCount: 100_000, Totals: []api.OperationTotal{}})
	const page = 2000
	s.AppendPage(fakeRows(0, page), "p1")
	for p := 1; p < 100_000/page; p++ {
		s.Table.ScrollToBottom()
		if len(asked) != p || asked[p-1] != fmt.Sprintf("p%d", p) {
			t.Fatalf("page %d: asked %v", p, asked[max(0, len(asked)-3):])
		}
		next := fmt.Sprintf("p%d", p+1)
		if p == 100_000/page-1 {
			next = ""
		}
		s.AppendPage(fakeRows(p*page, page), next)
	}
	// The last row can be scrolled into view.
	lastDrawn := -1
	update := s.Table.UpdateCell
	s.Table.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		lastDrawn = max(lastDrawn, id.Row)
		update(id, o)
	}
	s.Table.ScrollToBottom()
	if s.Rows() != 100_000 || len(asked) != 100_000/page-1 || lastDrawn != 99_999 {
		t.Fatalf("%d rows after %d requests, last row drawn %d", s.Rows(), len(asked), lastDrawn)
	}
}

func TestStatementsRetranslateAndChart(t *testing.T) {
	s, w := newStatementsScreen(t)
	s.Apply()
	s.AppendPage(fakeRows(0, 3), "")
	var h api.AccountsHistory
	for i := range 30 {
		m := time.Date(2023, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		h.Points = append(h.Points, api.HistoryPoint{Month: m, Total: api.Money(i * 300_000),
			Balances: map[string]api.Money{api.AccountOPV: api.Money(i * 200_000), api.AccountDPV: api.Money(i * 100_000)}})
	}
	s.SetHistory(h)
	if s.Chart.Months() != 30 {
		t.Fatalf("chart has %d months", s.Chart.Months())
	}
	s.Tabs.SelectIndex(1)
	w.Canvas().Capture() // lays the chart out and draws it
	s.Tabs.SelectIndex(0)
	lang.Set("kk")
	s.Retranslate()
	if s.Title.Text != "Зейнетақы шоттарынан үзінді көшірме" || s.CellText(0, 2) != "Жарна" || s.CellText(0, 1) != "МЗЖ" ||
		s.Account.Options[0] != "Барлық шоттар" || s.Account.Selected != "Барлық шоттар" || s.DownloadPDF.Text != "PDF жүктеу" ||
		s.Tabs.Items[1].Text != "Қорытынды және график" {
		t.Errorf("kk: %q %q %q %q %q", s.Title.Text, s.CellText(0, 2), s.Account.Options[0], s.Account.Selected, s.DownloadPDF.Text)
	}
	if got := visibleCellTexts(s.Table); !strings.Contains(got, "Төлеуші / жұмыс беруші") {
		t.Errorf("kk header: %q", got)
	}
	w.Canvas().Capture()
}

func TestCertificatesScreen(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	c := NewCertificates()
	test.NewTempWindow(t, c.Content())
	var asked []string
	c.OnDownload = func(kind string) { asked = append(asked, kind) }
	test.Tap(c.Accounts)
	test.Tap(c.OPPV)
	if strings.Join(asked, ",") != "accounts,oppv" {
		t.Fatalf("asked %v", asked)
	}
	if c.AccountsName.Text != "Справка о наличии счетов" || c.OPPVName.Text != "Справка по ОППВ" || c.Accounts.Text != "Скачать PDF" {
		t.Errorf("texts %q %q %q", c.AccountsName.Text, c.OPPVName.Text, c.Accounts.Text)
	}
	c.SetBusy(true)
	if !c.Accounts.Disabled() || !c.OPPV.Disabled() || !c.Progress.Visible() {
		t.Error("busy")
	}
	c.SetBusy(false)
	c.Tell(Message{Key: "cert.saved", Data: map[string]any{"Path": "/tmp/x.pdf"}, Error: false})
	lang.Set("en")
	c.Retranslate()
	if c.Message.Text != "Certificate saved: /tmp/x.pdf" || c.OPPVName.Text != "Certificate of OPPV" {
		t.Errorf("en: %q %q", c.Message.Text, c.OPPVName.Text)
	}
}

// visibleCellTexts joins the texts of the labels the table shows.
func visibleCellTexts(t fyne.Widget) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(w).Objects() {
				walk(ch)
			}
		}
	}
	walk(t)
	return strings.Join(out, "|")
}

// TestStatementBalancesWhole: the line above the table keeps both
// balances whole in a narrow window (the page is ~575 wide in the 800x600
// window beside the menu): it wraps rather than end in «…» (seen in the
// real window: «на конец периода: 14 211 12…»).
func TestStatementBalancesWhole(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			s, w := newStatementsScreen(t)
			lang.Set(code)
			s.Retranslate()
			w.Resize(fyne.NewSize(575, 552))
			s.SetSummary(api.StatementSummary{Account: api.AccountAll, From: "2025-12-03", To: "2026-12-03",
				OpeningBalance: 1_168_094_378, ClosingBalance: 1_421_112_889})
			w.Content().Refresh()
			for _, c := range []struct {
				l      *widget.Label
				amount api.Money
			}{{s.Balances, 1_168_094_378}, {s.BalancesClosing, 1_421_112_889}} {
				lines := drawnLines(c.l)
				if want := FormatMoney(c.amount); len(lines) != 1 || !strings.HasSuffix(lines[0], want) {
					t.Errorf("drawn as %q, want one line ending in %q", lines, want)
				}
				if pos, size := c.l.Position(), c.l.Size(); c.l.MinSize().Width > size.Width || pos.X+size.Width > 575 {
					t.Errorf("%q: %v at %v, wider than its room (min %v) or past the window", c.l.Text, size, pos, c.l.MinSize())
				}
			}
		})
	}
}
