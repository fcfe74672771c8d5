package screens

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Statements is «Выписки по счетам»: the account (ОПВ, ОППВ, ДПВ or all)
// and the period (the last year by default, quick buttons for a year,
// three years and the whole history, or two dates); a tab with the
// operations in a virtualised table that asks for the next page of rows
// when its last loaded rows come into view, so a history of 100,000 rows
// opens at once and scrolls without loading everything; and a tab with
// the totals of the period beside a chart of the savings by month.
// «Скачать PDF» and «Скачать CSV» export the statement.
//
// The screen holds only the pages loaded so far; it asks for more through
// OnNeedPage and gets them in AppendPage. The app answers every request
// off the UI goroutine.
type Statements struct {
	Title      *widget.Label
	Account    *Select
	From, To   *DateField
	Year       *Button
	ThreeYears *Button
	AllTime    *Button
	Show       *Button
	// Message shows a wrong period or a failed load (Retry repeats it).
	Message *widget.Label
	Retry   *Button

	TotalsTitle  *widget.Label
	OpeningLabel *widget.Label
	Opening      *widget.Label
	ClosingLabel *widget.Label
	Closing      *widget.Label
	// TotalLabels and Totals are per operation (api.Operations).
	TotalLabels map[string]*widget.Label
	Totals      map[string]*widget.Label

	ChartTitle *widget.Label
	Chart      *SavingsChart
	// Balances and BalancesClosing are the line above the table: the
	// opening and the closing balance.
	Balances, BalancesClosing *widget.Label
	// Tabs are «Операции» (the table) and «Итоги и график».
	Tabs *container.AppTabs

	Table       *Table
	Status      *widget.Label // "Показано 200 из 2 345"
	Progress    *widget.ProgressBarInfinite
	DownloadPDF *Button
	DownloadCSV *Button

	// OnQuery asks for the summary and the first page of q (account and
	// period); the app answers with SetSummary and AppendPage.
	OnQuery func(q api.StatementQuery)
	// OnNeedPage asks for the page after cursor of the current query; the
	// app answers with AppendPage or PageFailed. It must not block.
	OnNeedPage func(cursor string)
	// OnDownload exports the current query: format is "pdf" or "csv".
	OnDownload func(format string)

	today    time.Time
	earliest time.Time // of the quick button «За всё время»
	accounts []string  // account types the depositor holds
	query    api.StatementQuery
	summary  *api.StatementSummary
	rows     []api.StatementRow
	next     string // cursor of the next page; "" when all are loaded
	loading  bool   // a page request is out
	failed   bool   // the last page request failed
	gen      int    // counts the queries asked for
	content  fyne.CanvasObject
}

// statementColumns are the table's columns: translation key, width, and
// whether the text is right-aligned.
var statementColumns = []struct {
	key   string
	width float32
	right bool
}{
	{"stmt.col.date", 100, false},
	{"stmt.col.account", 82, false},
	{"stmt.col.operation", 200, false},
	{"stmt.col.amount", 140, true},
	{"stmt.col.balance", 156, true},
	{"stmt.col.payer", 250, false},
	{"stmt.col.bin", 130, false},
	{"stmt.col.period", 130, false},
}

// Columns of the statement table (the amounts come before the payer, so
// that they show without scrolling sideways).
const (
	colDate = iota
	colAccount
	colOperation
	colAmount
	colBalance
	colPayer
	colBIN
	colPeriod
)

// pageAhead is how many rows before the end of the loaded rows the next
// page is asked for.
const pageAhead = 20

// NewStatements builds the screen for the period ending today (the fund's
// calendar date); nothing is loaded until Apply.
func NewStatements(today time.Time) *Statements {
	s := &Statements{
		today:       dateOnly(today),
		earliest:    time.Date(1998, time.January, 1, 0, 0, 0, 0, time.UTC), // the funded system's start
		accounts:    []string{api.AccountOPV, api.AccountOPPV, api.AccountDPV},
		TotalLabels: map[string]*widget.Label{},
		Totals:      map[string]*widget.Label{},
	}
	s.Title = heading()
	s.Title.Wrapping = fyne.TextWrapWord
	s.Account = NewSelect(nil, nil)
	s.From, s.To = NewDateField(), NewDateField()
	// Enter in a date shows the statement, as «Показать» does.
	s.From.OnSubmitted = func(string) { s.Apply() }
	s.To.OnSubmitted = func(string) { s.Apply() }
	s.Year = NewButton("", func() { s.setPeriod(s.today.AddDate(-1, 0, 0)) })
	s.ThreeYears = NewButton("", func() { s.setPeriod(s.today.AddDate(-3, 0, 0)) })
	s.AllTime = NewButton("", func() { s.setPeriod(s.earliest) })
	s.Show = NewButtonWithIcon("", theme.SearchIcon(), func() { s.Apply() })
	s.Show.Importance = widget.HighImportance
	s.Message = newErrorLabel()
	s.Retry = NewButtonWithIcon("", theme.ViewRefreshIcon(), s.retry)
	s.Retry.Hide()

	s.TotalsTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.OpeningLabel, s.ClosingLabel = widget.NewLabel(""), widget.NewLabel("")
	s.Opening = widget.NewLabelWithStyle("—", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.Closing = widget.NewLabelWithStyle("—", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	totals := container.New(&totalsGrid{}, s.OpeningLabel, s.Opening)
	for _, op := range api.Operations {
		l := widget.NewLabel("")
		v := widget.NewLabelWithStyle("—", fyne.TextAlignTrailing, fyne.TextStyle{})
		s.TotalLabels[op], s.Totals[op] = l, v
		totals.Add(l)
		totals.Add(v)
	}
	totals.Add(s.ClosingLabel)
	totals.Add(s.Closing)

	s.ChartTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Chart = NewSavingsChart()

	s.Table = NewTableWithHeaders(s.tableSize, s.newCell, s.updateCell)
	s.Table.ShowHeaderColumn = false
	s.Table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	s.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col >= 0 && id.Col < len(statementColumns) {
			l.SetText(lang.L(statementColumns[id.Col].key))
			if statementColumns[id.Col].right {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
		}
	}
	for i, c := range statementColumns {
		s.Table.SetColumnWidth(i, c.width)
	}
	s.Status = widget.NewLabel("")
	s.Status.Importance = widget.LowImportance
	s.Progress = newProgress()
	s.DownloadPDF = NewButtonWithIcon("", theme.DocumentSaveIcon(), func() { s.download("pdf") })
	s.DownloadCSV = NewButtonWithIcon("", theme.DownloadIcon(), func() { s.download("csv") })

	dateBox := func(e *DateField) fyne.CanvasObject {
		return container.NewStack(minSizeRect(fyne.NewSize(170, 0)), e)
	}
	period := container.NewHBox(dateBox(s.From), widget.NewLabel("—"), dateBox(s.To))
	account := container.NewStack(minSizeRect(fyne.NewSize(150, 0)), s.Account)
	controls := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.DownloadPDF, s.DownloadCSV), s.Title),
		newFlow(account, period, s.Show),
		newFlow(s.Year, s.ThreeYears, s.AllTime),
		container.NewBorder(nil, nil, nil, s.Retry, s.Message),
	)
	totalsCard := widget.NewCard("", "", container.NewVBox(s.TotalsTitle, totals))
	chartCard := widget.NewCard("", "", container.NewBorder(s.ChartTitle, nil, nil, nil,
		container.NewStack(minSizeRect(fyne.NewSize(300, 170)), s.Chart)))
	// Two labels in a flow: in a narrow window the closing balance goes
	// under the opening one, each amount whole (one label cut it to
	// «14 211 12…» at 800x600, and Fyne's wrapping breaks at the
	// no-break spaces inside an amount).
	s.Balances = widget.NewLabel("")
	s.BalancesClosing = widget.NewLabel("")
	s.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("", theme.ListIcon(), container.NewBorder(newFlow(s.Balances, s.BalancesClosing), nil, nil, nil, s.Table)),
		// Totals beside the chart when there is room, above it when not.
		container.NewTabItemWithIcon("", theme.GridIcon(), container.NewVScroll(container.New(&sideOrStacked{}, totalsCard, chartCard))),
	)
	bottom := container.NewVBox(s.Progress, s.Status)
	// The filters above, the tabs in the height left, the status below;
	// in a window too short to show statementRowsShown rows that way
	// (1366x768 at FYNE_SCALE 1.5 showed two), the page scrolls as a
	// whole to a table of that many rows (see statementPage).
	page := &statementPage{cell: s.newCell()}
	page.scroll = newPageScroll(container.NewPadded(container.New(page, controls, s.Tabs, bottom)))
	s.content = page.scroll
	s.setPeriodEntries(s.today.AddDate(-1, 0, 0), s.today)
	s.Retranslate()
	s.Account.SetSelectedIndex(0)
	s.Account.OnChanged = func(string) { s.Apply() }
	return s
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Content is the screen's root object.
func (s *Statements) Content() fyne.CanvasObject { return s.content }

// SetAccounts limits the account choice to the types the depositor holds
// (OPV, OPPV, DPV) besides «Все счета».
func (s *Statements) SetAccounts(types []string) {
	s.accounts = append([]string(nil), types...)
	s.Retranslate()
}

// accountOptions are the codes behind the Select's options, in order.
func (s *Statements) accountOptions() []string {
	return append([]string{api.AccountAll}, s.accounts...)
}

func (s *Statements) selectedAccount() string {
	i := s.Account.SelectedIndex()
	opts := s.accountOptions()
	if i < 0 || i >= len(opts) {
		return api.AccountAll
	}
	return opts[i]
}

func (s *Statements) setPeriodEntries(from, to time.Time) {
	s.From.SetDate(&from)
	s.To.SetDate(&to)
}

// setPeriod sets the period from..today and shows it.
func (s *Statements) setPeriod(from time.Time) {
	s.setPeriodEntries(from, s.today)
	s.Apply()
}

// validDate is the date of an entry when its text is a valid date.
func validDate(e *DateField) (time.Time, bool) {
	if e.Date == nil || strings.TrimSpace(e.Text) == "" {
		return time.Time{}, false
	}
	if e.Validator != nil && e.Validator(e.Text) != nil {
		return time.Time{}, false
	}
	return *e.Date, true
}

// Apply checks the period and asks for the statement of the chosen
// account and period (OnQuery), dropping the rows shown.
func (s *Statements) Apply() {
	from, ok1 := validDate(s.From)
	to, ok2 := validDate(s.To)
	switch {
	case !ok1 || !ok2:
		s.showMessage("stmt.error.date", false)
		return
	case from.After(to):
		s.showMessage("stmt.error.order", false)
		return
	}
	s.hideMessage()
	s.query = api.StatementQuery{Account: s.selectedAccount(), From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	s.summary, s.rows, s.next, s.loading, s.failed = nil, nil, "", true, false
	s.gen++
	s.Chart.SetPeriod(s.query.From, s.query.To)
	s.Chart.SetAccount(s.query.Account)
	s.showSummary()
	s.Table.ScrollToTop()
	s.Table.Refresh()
	s.setBusy(true)
	s.updateStatus()
	if s.OnQuery != nil {
		s.OnQuery(s.query)
	}
}

// Query is the account and period shown (an empty Account before the
// first Apply).
func (s *Statements) Query() api.StatementQuery { return s.query }

// Generation counts the queries asked for: an answer to an older one
// (even for the same account and period) must be dropped.
func (s *Statements) Generation() int { return s.gen }

// Rows is the number of rows loaded.
func (s *Statements) Rows() int { return len(s.rows) }

// Row is a loaded row.
func (s *Statements) Row(i int) api.StatementRow { return s.rows[i] }

// NextCursor is the cursor of the page to load next ("" when none).
func (s *Statements) NextCursor() string { return s.next }

// Loading tells whether a page request is out.
func (s *Statements) Loading() bool { return s.loading }

// SetSummary shows the totals of the current query.
func (s *Statements) SetSummary(sum api.StatementSummary) {
	s.summary = &sum
	s.showSummary()
	s.updateStatus()
}

// AppendPage adds a page of rows of the current query; next is the
// cursor of the page after it ("" at the end).
func (s *Statements) AppendPage(rows []api.StatementRow, next string) {
	s.rows = append(s.rows, rows...)
	s.next, s.loading, s.failed = next, false, false
	s.setBusy(false)
	s.hideMessage()
	s.Table.Refresh()
	s.updateStatus()
}

// PageFailed tells that the last request failed: key is the message;
// Retry repeats the request.
func (s *Statements) PageFailed(key string, data map[string]any) {
	s.loading, s.failed = false, true
	s.setBusy(false)
	s.Message.SetText(lang.L(key, data))
	s.Message.Show()
	s.Retry.Show()
	s.updateStatus()
}

func (s *Statements) retry() {
	s.hideMessage()
	if s.summary == nil || len(s.rows) == 0 {
		s.Apply()
		return
	}
	s.failed = false
	s.requestNext()
}

func (s *Statements) showMessage(key string, retry bool) {
	s.Message.SetText(lang.L(key))
	s.Message.Show()
	s.Retry.Hidden = !retry
	s.Retry.Refresh()
}

func (s *Statements) hideMessage() {
	s.Message.Hide()
	s.Retry.Hide()
}

// Tell shows m on the message line (why an export failed); the zero
// Message hides it.
func (s *Statements) Tell(m Message) {
	if m.Key == "" {
		s.hideMessage()
		return
	}
	s.Message.SetText(lang.L(m.Key, m.Data))
	s.Message.Show()
	s.Retry.Hide()
}

// SetDownloading disables the export buttons while a file is made.
func (s *Statements) SetDownloading(busy bool) {
	for _, b := range []*Button{s.DownloadPDF, s.DownloadCSV} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	s.setBusy(busy || s.loading)
}

func (s *Statements) download(format string) {
	if s.query.Account == "" {
		return
	}
	s.hideMessage()
	if s.OnDownload != nil {
		s.OnDownload(format)
	}
}

func (s *Statements) setBusy(busy bool) {
	showProgress(s.Progress, busy)
}

// SetHistory shows the month-end balances in the chart; the first month
// also starts the period of «За всё время».
func (s *Statements) SetHistory(h api.AccountsHistory) {
	if len(h.Points) > 0 {
		if t, err := time.Parse("2006-01", h.Points[0].Month); err == nil {
			s.earliest = t
		}
	}
	s.Chart.SetHistory(h)
}

// requestNext asks for the next page unless one is out or none is left.
func (s *Statements) requestNext() {
	if s.loading || s.failed || s.next == "" {
		return
	}
	s.loading = true
	s.setBusy(true)
	s.updateStatus()
	if s.OnNeedPage != nil {
		s.OnNeedPage(s.next)
	}
}

// tableSize is the loaded rows, and one more for «Загрузка…» while pages
// are left.
func (s *Statements) tableSize() (int, int) {
	n := len(s.rows)
	if s.next != "" {
		n++
	}
	return n, len(statementColumns)
}

// newCell is a label in a container of a whole number of pixels high:
// the table adds up row heights in float32, and with a fractional height
// the sum drifts by dozens of rows over 100,000, so the last rows could
// never be scrolled into view.
func (s *Statements) newCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.New(wholePixels{}, l)
}

func (s *Statements) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*fyne.Container).Objects[0].(*widget.Label)
	// The last loaded rows are in view: ask for the next page.
	if id.Row >= len(s.rows)-pageAhead {
		s.requestNext()
	}
	l.Importance = widget.MediumImportance
	l.TextStyle = fyne.TextStyle{}
	if statementColumns[id.Col].right {
		l.Alignment = fyne.TextAlignTrailing
	} else {
		l.Alignment = fyne.TextAlignLeading
	}
	if id.Row >= len(s.rows) {
		l.Importance = widget.LowImportance
		text := ""
		if id.Col == colDate {
			text = lang.L("stmt.loading")
		}
		l.Text = text
		l.Refresh()
		return
	}
	switch {
	case id.Col == colAmount && s.rows[id.Row].Amount < 0:
		l.Importance = widget.DangerImportance
	case id.Col == colAmount:
		l.Importance = widget.SuccessImportance
	}
	l.Text = s.cellText(s.rows[id.Row], id.Col)
	l.Refresh() // once: SetText and then Refresh laid the text out twice
}

// cellText is the text of column col of a row.
func (s *Statements) cellText(r api.StatementRow, col int) string {
	switch col {
	case colDate:
		return FormatDate(r.Date)
	case colAccount:
		return AccountShort(r.AccountType)
	case colOperation:
		return OperationTitle(r.Operation)
	case colPayer:
		return r.PayerName
	case colBIN:
		return r.PayerBIN
	case colPeriod:
		if r.Period == "" {
			return ""
		}
		return FormatPeriod(r.Period)
	case colAmount:
		return signedMoney(r.Amount)
	case colBalance:
		return FormatMoney(r.BalanceAfter)
	}
	return ""
}

// CellText is the text shown in a cell of a loaded row (tests).
func (s *Statements) CellText(row, col int) string { return s.cellText(s.rows[row], col) }

func signedMoney(m api.Money) string {
	if m > 0 {
		return "+" + FormatMoney(m)
	}
	return FormatMoney(m)
}

// AccountShort is the short name of an account type: ОПВ, ОППВ, ДПВ.
func AccountShort(t string) string {
	switch t {
	case api.AccountOPV:
		return lang.L("stmt.short.opv")
	case api.AccountOPPV:
		return lang.L("stmt.short.oppv")
	case api.AccountDPV:
		return lang.L("stmt.short.dpv")
	}
	return t
}

// OperationTitle is the translated name of an operation of a statement.
func OperationTitle(op string) string {
	switch op {
	case api.OpContribution:
		return lang.L("stmt.op.contribution")
	case api.OpInvestmentIncome:
		return lang.L("stmt.op.investment_income")
	case api.OpCommission:
		return lang.L("stmt.op.commission")
	case api.OpPayment:
		return lang.L("stmt.op.payment")
	case api.OpTransfer:
		return lang.L("stmt.op.transfer")
	}
	return op
}

// totalsTitle is the translated name of an operation's total.
func totalsTitle(op string) string {
	switch op {
	case api.OpContribution:
		return lang.L("stmt.total.contribution")
	case api.OpInvestmentIncome:
		return lang.L("stmt.total.investment_income")
	case api.OpCommission:
		return lang.L("stmt.total.commission")
	case api.OpPayment:
		return lang.L("stmt.total.payment")
	case api.OpTransfer:
		return lang.L("stmt.total.transfer")
	}
	return op
}

func (s *Statements) showSummary() {
	if s.summary == nil {
		s.Opening.SetText("—")
		s.Closing.SetText("—")
		for _, op := range api.Operations {
			s.Totals[op].SetText("—")
		}
		s.Balances.SetText(lang.L("stmt.balance.opening", map[string]any{"Amount": "—"}))
		s.BalancesClosing.SetText(lang.L("stmt.balance.closing", map[string]any{"Amount": "—"}))
		return
	}
	sum := s.summary
	s.Opening.SetText(FormatMoney(sum.OpeningBalance))
	s.Closing.SetText(FormatMoney(sum.ClosingBalance))
	s.Balances.SetText(lang.L("stmt.balance.opening", map[string]any{"Amount": FormatMoney(sum.OpeningBalance)}))
	s.BalancesClosing.SetText(lang.L("stmt.balance.closing", map[string]any{"Amount": FormatMoney(sum.ClosingBalance)}))
	for _, t := range sum.Totals {
		if v, ok := s.Totals[t.Operation]; ok {
			v.SetText(fmt.Sprintf("%s  (%d)", signedMoney(t.Amount), t.Count))
		}
	}
}

func (s *Statements) updateStatus() {
	switch {
	case s.query.Account == "":
		s.Status.SetText("")
	case s.summary != nil && s.summary.RowCount == 0 && !s.loading:
		s.Status.SetText(lang.L("stmt.empty"))
	case s.summary != nil:
		s.Status.SetText(lang.L("stmt.loaded", map[string]any{
			"N": groupDigits(len(s.rows)), "Total": groupDigits(s.summary.RowCount),
		}))
	case s.loading:
		s.Status.SetText(lang.L("stmt.loading"))
	default:
		s.Status.SetText("")
	}
}

// groupDigits writes n with a thin space between thousands: 100 000.
func groupDigits(n int) string {
	d := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Retranslate sets every text in the current language.
func (s *Statements) Retranslate() {
	s.Title.SetText(lang.L("stmt.title"))
	opts := []string{lang.L("stmt.account.all")}
	for _, t := range s.accounts {
		opts = append(opts, AccountShort(t))
	}
	i := s.Account.SelectedIndex()
	cb := s.Account.OnChanged
	s.Account.OnChanged = nil
	s.Account.Options = opts
	if i >= 0 && i < len(opts) {
		s.Account.SetSelectedIndex(i)
	}
	s.Account.OnChanged = cb
	s.Account.Refresh()
	s.From.SetPlaceHolder(lang.L("stmt.from"))
	s.To.SetPlaceHolder(lang.L("stmt.to"))
	s.Year.SetText(lang.L("stmt.quick.year"))
	s.ThreeYears.SetText(lang.L("stmt.quick.3years"))
	s.AllTime.SetText(lang.L("stmt.quick.all"))
	s.Show.SetText(lang.L("stmt.show"))
	s.Retry.SetText(lang.L("common.retry"))
	s.TotalsTitle.SetText(lang.L("stmt.totals"))
	s.OpeningLabel.SetText(lang.L("stmt.opening"))
	s.ClosingLabel.SetText(lang.L("stmt.closing"))
	for _, op := range api.Operations {
		s.TotalLabels[op].SetText(totalsTitle(op))
	}
	s.ChartTitle.SetText(lang.L("stmt.chart.title"))
	s.Tabs.Items[0].Text = lang.L("stmt.tab.operations")
	s.Tabs.Items[1].Text = lang.L("stmt.tab.totals")
	s.Tabs.Refresh()
	s.DownloadPDF.SetText(lang.L("stmt.download_pdf"))
	s.DownloadCSV.SetText(lang.L("stmt.download_csv"))
	s.showSummary()
	s.updateStatus()
	s.Chart.Refresh()
	s.Table.Refresh()
}

// totalsGrid lays out label/value pairs in two columns: the labels as
// wide as the widest, the values in the rest.
type totalsGrid struct{}

func (g *totalsGrid) sizes(objs []fyne.CanvasObject) (labelW, valueW, rowH float32) {
	for i, o := range objs {
		m := o.MinSize()
		if i%2 == 0 {
			labelW = max(labelW, m.Width)
		} else {
			valueW = max(valueW, m.Width)
		}
		rowH = max(rowH, m.Height)
	}
	return
}

func (g *totalsGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, vw, rh := g.sizes(objs)
	rows := float32((len(objs) + 1) / 2)
	return fyne.NewSize(lw+vw, rows*rh)
}

func (g *totalsGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw, _, rh := g.sizes(objs)
	for i, o := range objs {
		row := float32(i / 2)
		if i%2 == 0 {
			o.Move(fyne.NewPos(0, row*rh))
			o.Resize(fyne.NewSize(lw, rh))
		} else {
			o.Move(fyne.NewPos(lw, row*rh))
			o.Resize(fyne.NewSize(max(0, size.Width-lw), rh))
		}
	}
}

// wholePixels lays out one object over its whole size, with a minimum
// size rounded up to whole pixels.
type wholePixels struct{}

func (wholePixels) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return fyne.NewSize(float32(math.Ceil(float64(m.Width))), float32(math.Ceil(float64(m.Height))))
}

func (wholePixels) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// sideOrStacked lays out two objects side by side (the first at its
// minimum width) when both fit, or the first above the second when not;
// its minimum width is the wider of the two, so it narrows with the
// window.
type sideOrStacked struct{ width float32 }

func (*sideOrStacked) fits(objs []fyne.CanvasObject, width float32) bool {
	return objs[0].MinSize().Width+theme.Padding()+objs[1].MinSize().Width <= width
}

func (l *sideOrStacked) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	h := fyne.Max(a.Height, b.Height)
	if l.width > 0 && !l.fits(objs, l.width) {
		h = a.Height + theme.Padding() + b.Height
	}
	return fyne.NewSize(fyne.Max(a.Width, b.Width), h)
}

func (l *sideOrStacked) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a, b := objs[0].MinSize(), objs[1].MinSize()
	p := theme.Padding()
	if l.fits(objs, size.Width) {
		objs[0].Resize(fyne.NewSize(a.Width, size.Height))
		objs[0].Move(fyne.NewPos(0, 0))
		objs[1].Resize(fyne.NewSize(size.Width-a.Width-p, size.Height))
		objs[1].Move(fyne.NewPos(a.Width+p, 0))
		return
	}
	objs[0].Resize(fyne.NewSize(size.Width, a.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(size.Width, fyne.Max(b.Height, size.Height-a.Height-p)))
	objs[1].Move(fyne.NewPos(0, a.Height+p))
}

// statementRowsShown is how many rows of the statement the table shows
// at least, the page scrolled to its end in a short window.
const statementRowsShown = 8

// statementPage lays out the statement's page, its filters, tabs and
// status one under the other in a vertical scroll. The tabs take the
// height the filters and the status leave in the scroll; when that is
// too short for statementRowsShown rows, the tabs are as tall as needed
// for them (or the whole scroll less the status, in a shorter one) and
// the page scrolls: scrolled to its end it shows the table and the
// status, the filters above it. The page then keeps the scroll bar's
// width free on its right.
type statementPage struct {
	scroll *container.Scroll
	cell   fyne.CanvasObject // a cell, whose height is a row's
}

// heights are the filters', the tabs' and the status' heights in a
// scroll view high, and whether the page scrolls.
func (p *statementPage) heights(objs []fyne.CanvasObject, view float32) (top, tabs, bottom float32, scrolls bool) {
	pad := theme.Padding()
	top, bottom = objs[0].MinSize().Height+pad, objs[2].MinSize().Height+pad
	tabs = view - top - bottom
	// The table's least height is its header and one row.
	want := objs[1].MinSize().Height + (statementRowsShown-1)*(p.cell.MinSize().Height+theme.SeparatorThicknessSize())
	if tabs < want {
		tabs = max(min(want, view-bottom), objs[1].MinSize().Height)
		scrolls = true
	}
	return top, tabs, bottom, scrolls
}

// view is the height the page has in its scroll, inside its padding.
func (p *statementPage) view() float32 {
	return p.scroll.Size().Height - 2*theme.Padding()
}

func (p *statementPage) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, tabs, bottom, _ := p.heights(objs, p.view())
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, top+tabs+bottom)
}

func (p *statementPage) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, tabs, _, scrolls := p.heights(objs, p.view())
	w := size.Width
	if scrolls {
		w -= theme.ScrollBarSize()
	}
	pad := theme.Padding()
	objs[0].Move(fyne.Position{})
	objs[0].Resize(fyne.NewSize(w, top-pad))
	objs[1].Move(fyne.NewPos(0, top))
	objs[1].Resize(fyne.NewSize(w, tabs))
	objs[2].Move(fyne.NewPos(0, top+tabs+pad))
	objs[2].Resize(fyne.NewSize(w, max(size.Height-top-tabs-pad, objs[2].MinSize().Height)))
}
