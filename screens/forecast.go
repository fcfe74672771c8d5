package screens

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// Forecast is «Прогноз пенсии / Персональный план»: the inputs prefilled
// from the accounts by the service and editable, and the result: savings
// at retirement, a monthly payment estimate, a chart and a table by year,
// clearly marked as an estimate.
type Forecast struct {
	Title       *widget.Label
	Notice      *widget.Label // «это оценка, не гарантия»
	Savings     *Entry        // tenge
	Monthly     *Entry        // tenge a month
	Growth      *Entry        // percent a year
	Return      *Entry
	Inflation   *Entry
	RetireAge   *Entry // years, e.g. 63 or 61,5
	PayoutYears *Entry
	Prefilled   *widget.Label // where the defaults come from
	Calculate   *Button
	Defaults    *Button // back to the fund's values
	Error       *widget.Label
	Progress    *widget.ProgressBarInfinite

	ResultTitle       *widget.Label
	ResultDate        *widget.Label
	ResultSavings     *widget.Label
	ResultSavingsReal *widget.Label
	ResultPayment     *widget.Label
	ResultPaymentReal *widget.Label
	ResultContributed *widget.Label
	ResultIncome      *widget.Label
	Chart             *ForecastChart
	Table             *Table
	TableTitle        *widget.Label
	ResultFormula     *widget.Label

	// OnCalculate receives the validated inputs.
	OnCalculate func(req api.ForecastRequest)
	// OnDefaults asks for the fund's values again (nil: the last ones
	// received are restored).
	OnDefaults func()

	params    api.ForecastParams
	hasParams bool
	result    api.Forecast
	hasResult bool
	errKey    string
	errData   map[string]any
	form      *widget.Form
	formBox   *fyne.Container // holds form, new at each Retranslate
	// cardTitles are the captions of the two result cards.
	cardTitles []cardTitle
	results    *fyne.Container
	content    fyne.CanvasObject
}

// NewForecast builds the page (empty until SetParams).
func NewForecast() *Forecast {
	f := &Forecast{}
	f.Title = heading()
	f.Notice = widget.NewLabel("")
	f.Notice.Wrapping = fyne.TextWrapWord
	f.Notice.Importance = widget.WarningImportance
	entry := func() *Entry {
		e := NewEntry()
		e.OnSubmitted = func(string) { f.submit() }
		return e
	}
	f.Savings, f.Monthly = entry(), entry()
	f.Growth, f.Return, f.Inflation = entry(), entry(), entry()
	f.RetireAge, f.PayoutYears = entry(), entry()
	f.Prefilled = widget.NewLabel("")
	f.Prefilled.Wrapping = fyne.TextWrapWord
	f.Prefilled.Importance = widget.LowImportance
	f.Calculate = NewButtonWithIcon("", theme.ConfirmIcon(), f.submit)
	f.Calculate.Importance = widget.HighImportance
	f.Defaults = NewButtonWithIcon("", theme.ContentUndoIcon(), func() {
		if f.OnDefaults != nil {
			f.OnDefaults()
			return
		}
		if f.hasParams {
			f.SetParams(f.params)
		}
	})
	f.Error = newErrorLabel()
	f.Progress = newProgress()

	f.ResultTitle = heading()
	f.ResultDate = widget.NewLabel("")
	f.ResultDate.Wrapping = fyne.TextWrapWord
	big := func() *widget.Label {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameSubHeadingText
		return l
	}
	small := func() *widget.Label {
		l := widget.NewLabel("")
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	f.ResultSavings, f.ResultPayment = big(), big()
	f.ResultSavingsReal, f.ResultPaymentReal = small(), small()
	f.ResultContributed, f.ResultIncome = widget.NewLabel(""), widget.NewLabel("")
	f.ResultFormula = small()
	f.Chart = NewForecastChart()
	f.TableTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Table = f.newTable()

	f.formBox = container.NewStack()
	inputs := container.NewVBox(f.formBox, f.Prefilled, f.Error, f.Progress,
		container.NewHBox(f.Calculate, f.Defaults))
	cards := newPair(
		f.resultCard(f.ResultSavings, f.ResultSavingsReal, "savings"),
		f.resultCard(f.ResultPayment, f.ResultPaymentReal, "payment"),
	)
	chartBox := container.NewStack(minSizeRect(fyne.NewSize(400, 240)), f.Chart)
	tableBox := container.NewStack(minSizeRect(fyne.NewSize(400, 320)), f.Table)
	f.results = container.NewVBox(
		f.ResultTitle, f.ResultDate, cards,
		newPair(f.ResultContributed, f.ResultIncome),
		chartBox, f.TableTitle, tableBox, f.ResultFormula,
	)
	f.results.Hide()
	f.content = newPageScroll(container.NewPadded(container.NewVBox(
		f.Title, f.Notice,
		widget.NewCard("", "", inputs),
		widget.NewCard("", "", f.results),
	)))
	f.Retranslate()
	return f
}

// labels of the two result cards, set by Retranslate.
var forecastCardKeys = map[string]string{"savings": "forecast.result.savings", "payment": "forecast.result.payment"}

func (f *Forecast) resultCard(value, real *widget.Label, which string) fyne.CanvasObject {
	title := widget.NewLabel("")
	title.Wrapping = fyne.TextWrapWord
	title.Importance = widget.LowImportance
	f.cardTitles = append(f.cardTitles, cardTitle{title, which})
	return widget.NewCard("", "", container.NewVBox(title, value, real))
}

type cardTitle struct {
	l     *widget.Label
	which string
}

func minSizeRect(s fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(s)
	return r
}

// Content is the page's root object.
func (f *Forecast) Content() fyne.CanvasObject { return f.content }

// forecastColumns of the table.
var forecastColumns = []string{"year", "age", "contributions", "income", "balance", "balance_real"}

func (f *Forecast) newTable() *Table {
	t := NewTableWithHeaders(
		func() (int, int) { return len(f.result.Rows), len(forecastColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("0 000 000 000,00 ₸")
			l.Alignment = fyne.TextAlignTrailing
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < 0 || id.Row >= len(f.result.Rows) {
				l.SetText("")
				return
			}
			l.SetText(forecastCell(f.result.Rows[id.Row], id.Col))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(forecastColumns) {
			o.(*widget.Label).SetText(lang.L("forecast.col." + forecastColumns[id.Col]))
		}
	}
	for i := range forecastColumns {
		t.SetColumnWidth(i, forecastColumnWidth(i))
	}
	return t
}

// forecastCell is the text of a table cell.
func forecastCell(r api.ForecastRow, col int) string {
	switch forecastColumns[col] {
	case "year":
		return strconv.Itoa(r.Year)
	case "age":
		return strconv.Itoa(r.Age)
	case "contributions":
		return FormatMoney(r.Contributions)
	case "income":
		return FormatMoney(r.Income)
	case "balance":
		return FormatMoney(r.Balance)
	case "balance_real":
		return FormatMoney(r.BalanceReal)
	}
	return ""
}

// SetParams fills the inputs with the service's values.
func (f *Forecast) SetParams(p api.ForecastParams) {
	f.params, f.hasParams = p, true
	f.Savings.SetText(formatTenge(p.Savings))
	f.Monthly.SetText(formatTenge(p.MonthlyContribution))
	f.Growth.SetText(formatNumber(p.SalaryGrowth))
	f.Return.SetText(formatNumber(p.ExpectedReturn))
	f.Inflation.SetText(formatNumber(p.Inflation))
	f.RetireAge.SetText(formatNumber(p.RetirementAge))
	f.PayoutYears.SetText(strconv.Itoa(p.PayoutYears))
	f.clearError()
	f.Retranslate()
}

// Params are the last values received from the service.
func (f *Forecast) Params() api.ForecastParams { return f.params }

// formatTenge shows tiyn as tenge for editing: "1 234 567,89" (no sign
// of the currency, the label says it).
func formatTenge(m api.Money) string {
	s := FormatMoney(m)
	return strings.TrimSuffix(s, "\u00a0₸")
}

// formatNumber shows a rate or an age: "5,5" (ru, kk) or "5.5" (en).
func formatNumber(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if lang.Current() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// parseNumber reads "5,5", "5.5", "1 234 567,89" or "1,234,567.89".
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("\u00a0", "", " ", "", "\u202f", "", "₸", "", "%", "").Replace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") && strings.Contains(s, ".") {
		// One is a thousands separator: the last one is the decimal mark.
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			s = strings.ReplaceAll(s, ".", "")
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	}
	s = strings.Replace(s, ",", ".", 1)
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// parseTenge reads an amount in tenge into tiyn.
func parseTenge(s string) (api.Money, bool) {
	x, ok := parseNumber(s)
	if !ok || x < 0 || x > 1e13 {
		return 0, false
	}
	return api.Money(math.Round(x * 100)), true
}

// Request validates the inputs and returns the request; on failure the
// error is shown next to the form and focus moves to the field.
func (f *Forecast) Request() (api.ForecastRequest, bool) {
	var req api.ForecastRequest
	lim := f.params.Limits
	if lim == (api.ForecastLimits{}) {
		lim = api.ForecastLimits{MinRate: -50, MaxRate: 50, MinRetirementAge: 50, MaxRetirementAge: 75, MaxPayoutYears: 40}
	}
	fail := func(e *Entry, key string, data map[string]any) (api.ForecastRequest, bool) {
		f.showError(key, data)
		focus(e)
		return api.ForecastRequest{}, false
	}
	var ok bool
	if req.Savings, ok = parseTenge(f.Savings.Text); !ok {
		return fail(f.Savings, "forecast.error.amount", map[string]any{"Field": lang.Lazy("forecast.savings")})
	}
	if req.MonthlyContribution, ok = parseTenge(f.Monthly.Text); !ok {
		return fail(f.Monthly, "forecast.error.amount", map[string]any{"Field": lang.Lazy("forecast.monthly")})
	}
	rates := []struct {
		e    *Entry
		key  string
		dest *float64
	}{
		{f.Growth, "forecast.growth", &req.SalaryGrowth},
		{f.Return, "forecast.return", &req.ExpectedReturn},
		{f.Inflation, "forecast.inflation", &req.Inflation},
	}
	for _, r := range rates {
		x, ok := parseNumber(r.e.Text)
		if !ok || x < lim.MinRate || x > lim.MaxRate {
			return fail(r.e, "forecast.error.rate", map[string]any{"Field": lang.Lazy(r.key),
				"Min": formatNumber(lim.MinRate), "Max": formatNumber(lim.MaxRate)})
		}
		*r.dest = x
	}
	age, ok := parseNumber(f.RetireAge.Text)
	if !ok || age < lim.MinRetirementAge || age > lim.MaxRetirementAge {
		return fail(f.RetireAge, "forecast.error.age", map[string]any{
			"Min": formatNumber(lim.MinRetirementAge), "Max": formatNumber(lim.MaxRetirementAge)})
	}
	req.RetirementAge = age
	years, err := strconv.Atoi(strings.TrimSpace(f.PayoutYears.Text))
	if err != nil || years < 1 || years > lim.MaxPayoutYears {
		return fail(f.PayoutYears, "forecast.error.years", map[string]any{"Max": lim.MaxPayoutYears})
	}
	req.PayoutYears = years
	f.clearError()
	return req, true
}

func (f *Forecast) submit() {
	req, ok := f.Request()
	if ok && f.OnCalculate != nil {
		f.OnCalculate(req)
	}
}

// SetBusy disables the button and shows progress while the service computes.
func (f *Forecast) SetBusy(busy bool) {
	showProgress(f.Progress, busy)
	if busy {
		f.Calculate.Disable()
		f.Defaults.Disable()
	} else {
		f.Calculate.Enable()
		f.Defaults.Enable()
	}
}

func (f *Forecast) showError(key string, data map[string]any) {
	f.errKey, f.errData = key, data
	f.Error.SetText(lang.L(key, data))
	f.Error.Show()
}

func (f *Forecast) clearError() {
	f.errKey, f.errData = "", nil
	f.Error.SetText("")
	f.Error.Hide()
}

// SetResult shows a computed forecast.
func (f *Forecast) SetResult(r api.Forecast) {
	f.result, f.hasResult = r, true
	f.clearError()
	f.Chart.SetRows(r.Rows)
	f.Table.Refresh()
	f.Table.ScrollToTop()
	f.results.Show()
	f.Retranslate()
	f.content.Refresh() // the scroll learns the new height
}

// Result is the forecast shown.
func (f *Forecast) Result() (api.Forecast, bool) { return f.result, f.hasResult }

// Retranslate sets every text in the current language.
func (f *Forecast) Retranslate() {
	f.Title.SetText(lang.L("service.forecast"))
	f.Notice.SetText(lang.L("forecast.notice"))
	f.Calculate.SetText(lang.L("forecast.calculate"))
	f.Defaults.SetText(lang.L("forecast.defaults"))
	// A new form: the hints under the fields change with the language.
	f.form = formIn(f.formBox,
		&widget.FormItem{Text: lang.L("forecast.savings"), Widget: f.Savings, HintText: lang.L("forecast.hint.tenge")},
		&widget.FormItem{Text: lang.L("forecast.monthly"), Widget: f.Monthly, HintText: lang.L("forecast.hint.monthly")},
		&widget.FormItem{Text: lang.L("forecast.growth"), Widget: f.Growth, HintText: lang.L("forecast.hint.percent")},
		&widget.FormItem{Text: lang.L("forecast.return"), Widget: f.Return, HintText: lang.L("forecast.hint.return")},
		&widget.FormItem{Text: lang.L("forecast.inflation"), Widget: f.Inflation, HintText: lang.L("forecast.hint.percent")},
		&widget.FormItem{Text: lang.L("forecast.retire_age"), Widget: f.RetireAge, HintText: lang.L("forecast.hint.age")},
		&widget.FormItem{Text: lang.L("forecast.payout_years"), Widget: f.PayoutYears, HintText: lang.L("forecast.hint.payout")})
	if f.hasParams {
		p := f.params
		f.Prefilled.SetText(lang.L("forecast.prefilled", map[string]any{
			"Date": FormatDate(p.AsOf), "Months": p.ContributionMonths,
			"RetireDate": FormatDate(p.RetirementDate), "Age": formatNumber(p.RetirementAge),
		}))
	}
	if f.errKey != "" {
		f.Error.SetText(lang.L(f.errKey, f.errData))
	}
	for _, c := range f.cardTitles {
		c.l.SetText(lang.L(forecastCardKeys[c.which]))
	}
	f.ResultTitle.SetText(lang.L("forecast.result.title"))
	f.TableTitle.SetText(lang.L("forecast.table"))
	f.Chart.Retranslate()
	if !f.hasResult {
		return
	}
	r := f.result
	if r.Months == 0 {
		f.ResultDate.SetText(lang.L("forecast.result.reached", map[string]any{"Age": formatNumber(r.RetirementAge)}))
	} else {
		f.ResultDate.SetText(lang.L("forecast.result.date", map[string]any{
			"Date": FormatDate(r.RetirementDate), "Age": formatNumber(r.RetirementAge),
			"Years": r.Months / 12, "Months": r.Months % 12,
		}))
	}
	f.ResultSavings.SetText(FormatMoney(r.Savings))
	f.ResultSavingsReal.SetText(lang.L("forecast.result.real", map[string]any{"Amount": FormatMoney(r.SavingsReal)}))
	f.ResultPayment.SetText(FormatMoney(r.MonthlyPayment))
	f.ResultPaymentReal.SetText(lang.L("forecast.result.payment_real", map[string]any{
		"Amount": FormatMoney(r.MonthlyPaymentReal), "Years": r.PayoutYears}))
	f.ResultContributed.SetText(lang.L("forecast.result.contributed", map[string]any{"Amount": FormatMoney(r.TotalContributions)}))
	f.ResultIncome.SetText(lang.L("forecast.result.income", map[string]any{"Amount": FormatMoney(r.TotalIncome)}))
	f.ResultFormula.SetText(lang.L("forecast.formula"))
	f.Table.Refresh()
}

// ForecastChart draws the balance by year as bars (nominal) and a line
// (in today's money), with the largest value and the first and last
// years on the axes. It is drawn with canvas rectangles, lines and texts.
type ForecastChart struct {
	widget.BaseWidget
	rows []api.ForecastRow
}

// NewForecastChart returns an empty chart.
func NewForecastChart() *ForecastChart {
	c := &ForecastChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetRows sets the data and redraws.
func (c *ForecastChart) SetRows(rows []api.ForecastRow) {
	c.rows = rows
	c.Refresh()
}

// Bars is the number of bars drawn (tests).
func (c *ForecastChart) Bars() int { return len(c.rows) }

// Retranslate redraws the legend.
func (c *ForecastChart) Retranslate() { c.Refresh() }

// CreateRenderer implements fyne.Widget.
func (c *ForecastChart) CreateRenderer() fyne.WidgetRenderer {
	r := &forecastChartRenderer{c: c}
	r.rebuild()
	return r
}

type forecastChartRenderer struct {
	c       *ForecastChart
	bars    []*canvas.Rectangle
	line    []*canvas.Line
	axisX   *canvas.Line
	axisY   *canvas.Line
	maxText *canvas.Text
	first   *canvas.Text
	last    *canvas.Text
	legend1 *canvas.Text
	legend2 *canvas.Text
	swatch1 *canvas.Rectangle
	swatch2 *canvas.Line
	objects []fyne.CanvasObject
}

func (r *forecastChartRenderer) rebuild() {
	primary := theme.Color(theme.ColorNamePrimary)
	realColor := theme.Color(theme.ColorNameWarning)
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	size := theme.CaptionTextSize()
	r.bars, r.line = nil, nil
	r.objects = nil
	for range r.c.rows {
		b := canvas.NewRectangle(primary)
		r.bars = append(r.bars, b)
		r.objects = append(r.objects, b)
	}
	for i := 1; i < len(r.c.rows); i++ {
		l := canvas.NewLine(realColor)
		l.StrokeWidth = 2
		r.line = append(r.line, l)
		r.objects = append(r.objects, l)
	}
	r.axisX, r.axisY = canvas.NewLine(muted), canvas.NewLine(muted)
	text := func(s string, c color.Color) *canvas.Text {
		t := canvas.NewText(s, c)
		t.TextSize = size
		return t
	}
	var maxBal api.Money
	for _, row := range r.c.rows {
		maxBal = max(maxBal, row.Balance)
	}
	r.maxText = text(FormatMoney(maxBal), fg)
	r.first, r.last = text("", fg), text("", fg)
	if n := len(r.c.rows); n > 0 {
		r.first.Text = strconv.Itoa(r.c.rows[0].Year)
		r.last.Text = strconv.Itoa(r.c.rows[n-1].Year)
	}
	r.legend1 = text(lang.L("forecast.chart.balance"), fg)
	r.legend2 = text(lang.L("forecast.chart.real"), fg)
	r.swatch1 = canvas.NewRectangle(primary)
	r.swatch2 = canvas.NewLine(realColor)
	r.swatch2.StrokeWidth = 2
	if len(r.c.rows) == 0 {
		r.maxText.Text = ""
		r.legend1.Text, r.legend2.Text = lang.L("forecast.chart.empty"), ""
		r.swatch1.Hide()
		r.swatch2.Hide()
	}
	r.objects = append(r.objects, r.axisX, r.axisY, r.maxText, r.first, r.last, r.swatch1, r.legend1, r.swatch2, r.legend2)
}

func (r *forecastChartRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	textH := fyne.MeasureText("0", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	left := pad
	top := textH*2 + pad*2 // legend and the max value
	bottom := size.Height - textH - pad
	right := size.Width - pad
	// Legend on the first line.
	x := left
	r.swatch1.Move(fyne.NewPos(x, pad+textH/4))
	r.swatch1.Resize(fyne.NewSize(textH/2, textH/2))
	x += textH/2 + pad
	r.legend1.Move(fyne.NewPos(x, pad))
	x += fyne.MeasureText(r.legend1.Text, r.legend1.TextSize, r.legend1.TextStyle).Width + pad*3
	r.swatch2.Position1 = fyne.NewPos(x, pad+textH/2)
	r.swatch2.Position2 = fyne.NewPos(x+textH, pad+textH/2)
	x += textH + pad
	r.legend2.Move(fyne.NewPos(x, pad))
	r.maxText.Move(fyne.NewPos(left, pad+textH))

	r.axisY.Position1, r.axisY.Position2 = fyne.NewPos(left, top), fyne.NewPos(left, bottom)
	r.axisX.Position1, r.axisX.Position2 = fyne.NewPos(left, bottom), fyne.NewPos(right, bottom)
	r.first.Move(fyne.NewPos(left, bottom+2))
	lw := fyne.MeasureText(r.last.Text, r.last.TextSize, r.last.TextStyle).Width
	r.last.Move(fyne.NewPos(right-lw, bottom+2))

	n := len(r.c.rows)
	if n == 0 {
		return
	}
	var maxBal float64
	for _, row := range r.c.rows {
		maxBal = math.Max(maxBal, float64(row.Balance))
	}
	if maxBal <= 0 {
		maxBal = 1
	}
	plotH := bottom - top
	slot := (right - left - pad) / float32(n)
	barW := float32(math.Max(1, float64(slot)*0.7))
	y := func(v api.Money) float32 { return bottom - float32(float64(v)/maxBal)*plotH }
	centers := make([]fyne.Position, n)
	for i, row := range r.c.rows {
		bx := left + pad + float32(i)*slot + (slot-barW)/2
		by := y(row.Balance)
		r.bars[i].Move(fyne.NewPos(bx, by))
		r.bars[i].Resize(fyne.NewSize(barW, bottom-by))
		centers[i] = fyne.NewPos(bx+barW/2, y(row.BalanceReal))
	}
	for i, l := range r.line {
		l.Position1, l.Position2 = centers[i], centers[i+1]
	}
}

func (r *forecastChartRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 160) }

func (r *forecastChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *forecastChartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *forecastChartRenderer) Destroy()                     {}

// Tell shows m on the error line.
func (f *Forecast) Tell(m Message) { f.showError(m.Key, m.dataMap()) }

// forecastColumnWidth is column i's width: room for its values and for
// its heading in every language («Возраст» was cut to «Возр…»).
func forecastColumnWidth(i int) float32 {
	w := []float32{58, 68, 140, 140, 150, 150}[i]
	for _, code := range []string{"ru", "kk", "en"} {
		text := lang.In(code, "forecast.col."+forecastColumns[i])
		tw := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 4*theme.Padding()
		w = fyne.Max(w, tw)
	}
	return w
}
