package screens

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// ParseTenge reads an amount in tenge ("25 000", "1234,50", "99.9") into
// tiyn; ok is false for anything else or more than two decimals.
func ParseTenge(s string) (api.Money, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "₸", "").Replace(strings.TrimSpace(s))
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || len(whole) > 12 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return api.Money(w*100 + f), true
}

// DPVPeriods are the periods a contribution may be for on now, newest
// first: the current month and api.DPVPeriodMonths months back.
func DPVPeriods(now time.Time) []string {
	n := now.In(time.FixedZone("UTC+5", 5*3600))
	first := time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]string, 0, api.DPVPeriodMonths+1)
	for i := 0; i <= api.DPVPeriodMonths; i++ {
		out = append(out, first.AddDate(0, -i, 0).Format("2006-01"))
	}
	return out
}

// DPV is the cabinet page «Перечислить ДПВ»: an order of a voluntary
// pension contribution to the depositor's own DPV account, and the list
// of his orders with their receipts.
type DPV struct {
	Title       *widget.Label
	Notice      *widget.Label
	AmountLabel *widget.Label
	Amount      *Entry
	PeriodLabel *widget.Label
	Period      *Select
	Submit      *Button
	// The confirmation step: «Перечислить 25 000 ₸ за ноябрь 2026…?»,
	// «Подтвердить» and «Изменить»; the order goes only on Confirm.
	ConfirmText *widget.Label
	Confirm     *Button
	Back        *Button
	Status      *widget.Label
	Progress    *widget.ProgressBarInfinite
	Orders      *widget.Label
	Empty       *widget.Label
	List        *List
	// Detail is the row chosen (tap, Space or Enter) whole: its cells
	// are cut to their columns in a narrow window.
	Detail *widget.Label

	// OnSubmit gets a valid request.
	OnSubmit  func(req api.DPVOrderRequest)
	OnReceipt func(o api.DPVOrder)

	pending    *api.DPVOrderRequest
	quiet      bool // Retranslate re-selects the period: not an edit
	confirmBox fyne.CanvasObject
	periods    []string
	orders     []api.DPVOrder
	detailID   widget.ListItemID // the row Detail shows
	cols       *columns
	msgKey     string
	msgData    any
	content    fyne.CanvasObject
}

// NewDPV builds the page for the clock now; the period defaults to the
// previous month.
func NewDPV(now time.Time) *DPV {
	d := &DPV{periods: DPVPeriods(now)}
	d.Title = heading()
	d.Notice = widget.NewLabel("")
	d.Notice.Wrapping = fyne.TextWrapWord
	d.Notice.Importance = widget.WarningImportance
	d.Amount = NewEntry()
	d.Amount.OnSubmitted = func(string) { d.submit() }
	// New input makes an old error and an unconfirmed order stale.
	d.Amount.OnChanged = func(string) { d.edited() }
	d.Period = NewSelect(nil, func(string) { d.edited() })
	d.ConfirmText = widget.NewLabel("")
	d.ConfirmText.Wrapping = fyne.TextWrapWord
	d.ConfirmText.TextStyle = fyne.TextStyle{Bold: true}
	d.Confirm = NewButtonWithIcon("", theme.ConfirmIcon(), d.confirm)
	d.Confirm.Importance = widget.HighImportance
	d.Back = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { d.edited(); focus(d.Amount) })
	d.Submit = NewButton("", d.submit)
	d.Submit.Importance = widget.HighImportance
	d.Status = widget.NewLabel("")
	d.Status.Wrapping = fyne.TextWrapWord
	d.Status.Hide()
	d.Progress = newProgress()
	d.Orders = widget.NewLabel("")
	d.Orders.TextStyle = fyne.TextStyle{Bold: true}
	d.Empty = widget.NewLabel("")
	d.Empty.Importance = widget.LowImportance
	d.cols = dpvColumns()
	var table fyne.CanvasObject
	d.List, table = newTableWithEnd(d.cols, func() int { return len(d.orders) },
		func() fyne.CanvasObject { return NewButton("", nil) },
		func(id widget.ListItemID, cells []*widget.Label, end fyne.CanvasObject) {
			if id < 0 || id >= len(d.orders) {
				return
			}
			texts := d.RowTexts(id)
			for i, l := range cells {
				setCell(l, texts[i], widget.MediumImportance)
			}
			b := end.(*Button)
			if t := lang.L("dpv.receipt"); b.Text != t {
				b.SetText(t)
			}
			ord := d.orders[id]
			b.OnTapped = func() {
				if d.OnReceipt != nil {
					d.OnReceipt(ord)
				}
			}
		},
	)
	d.Detail = widget.NewLabel("")
	d.Detail.Wrapping = fyne.TextWrapWord
	d.Detail.Hide()
	d.List.OnSelected = func(id widget.ListItemID) { d.showDetail(id) }
	d.AmountLabel = widget.NewLabel("")
	d.PeriodLabel = widget.NewLabel("")
	d.confirmBox = widget.NewCard("", "", container.NewVBox(d.ConfirmText, newFlow(d.Confirm, d.Back)))
	d.confirmBox.Hide()
	top := container.NewVBox(
		d.Title, d.Notice,
		container.NewGridWithColumns(2,
			container.NewVBox(d.AmountLabel, d.Amount), container.NewVBox(d.PeriodLabel, d.Period)),
		container.NewHBox(d.Submit), d.confirmBox, d.Progress, d.Status, widget.NewSeparator(), d.Orders, d.Empty,
	)
	d.content = container.NewPadded(container.NewBorder(top, d.Detail, nil, nil, table))
	d.Retranslate()
	if len(d.periods) > 1 {
		d.Period.SetSelectedIndex(1)
	}
	return d
}

// Content is the page's object.
func (d *DPV) Content() fyne.CanvasObject { return d.content }

// SelectedPeriod is the chosen period (YYYY-MM), "" when none.
func (d *DPV) SelectedPeriod() string {
	if i := d.Period.SelectedIndex(); i >= 0 && i < len(d.periods) {
		return d.periods[i]
	}
	return ""
}

// Request validates the form: the request, or ok false with the error
// shown.
func (d *DPV) Request() (api.DPVOrderRequest, bool) {
	m, ok := ParseTenge(d.Amount.Text)
	if !ok || m <= 0 || m > api.MaxDPVAmount {
		d.Tell(Problem("dpv.error.amount", nil))
		return api.DPVOrderRequest{}, false
	}
	p := d.SelectedPeriod()
	if p == "" {
		d.Tell(Problem("dpv.error.period", nil))
		return api.DPVOrderRequest{}, false
	}
	return api.DPVOrderRequest{Amount: m, Period: p}, true
}

// submit validates the form and asks for confirmation.
func (d *DPV) submit() {
	req, ok := d.Request()
	if !ok {
		return
	}
	d.pending = &req
	d.ConfirmText.SetText(d.confirmText())
	d.confirmBox.Show()
	focus(d.Confirm)
}

func (d *DPV) confirmText() string {
	if d.pending == nil {
		return ""
	}
	return lang.L("dpv.confirm", map[string]any{"Amount": FormatMoney(d.pending.Amount), "Period": FormatPeriod(d.pending.Period)})
}

// confirm sends the order confirmed.
func (d *DPV) confirm() {
	req := d.pending
	d.pending = nil
	d.confirmBox.Hide()
	if req != nil && d.OnSubmit != nil {
		d.OnSubmit(*req)
	}
}

// edited drops a stale error and the unconfirmed order.
func (d *DPV) edited() {
	if d.quiet {
		return
	}
	if d.pending != nil {
		d.pending = nil
		d.confirmBox.Hide()
	}
	if d.msgKey != "" && d.Status.Importance == widget.DangerImportance {
		d.msgKey, d.msgData = "", nil
		d.Status.Hide()
	}
}

// Confirming tells whether the confirmation step is shown.
func (d *DPV) Confirming() bool { return d.confirmBox.Visible() }

// RowTexts are the cells of order i: date, amount and period, receipt.
func (d *DPV) RowTexts(i int) [3]string {
	o := d.orders[i]
	return [3]string{FormatTime(o.CreatedAt, true), FormatMoney(o.Amount) + " · " + FormatPeriod(o.Period), "№ " + o.Receipt}
}

// SetOrders shows the orders, newest first.
func (d *DPV) SetOrders(orders []api.DPVOrder) {
	d.orders = orders
	d.Empty.Hidden = len(orders) > 0
	d.List.UnselectAll()
	d.Detail.Hide()
	d.fit()
	d.List.Refresh()
}

// fit sets the columns' widths to the words of the rows.
func (d *DPV) fit() {
	rows := make([][]string, len(d.orders))
	for i := range d.orders {
		r := d.RowTexts(i)
		rows[i] = r[:]
	}
	d.cols.fit(nil, rows)
}

// showDetail shows row id whole under the list ("" hides it).
func (d *DPV) showDetail(id widget.ListItemID) {
	if id < 0 || id >= len(d.orders) {
		d.Detail.Hide()
		return
	}
	d.detailID = id
	c := d.RowTexts(id)
	d.Detail.SetText(strings.Join(c[:], " · "))
	d.Detail.Show()
}

// OrderList is what the list shows.
func (d *DPV) OrderList() []api.DPVOrder { return d.orders }

// ClearForm empties the amount after a paid order.
func (d *DPV) ClearForm() { d.Amount.SetText("") }

// SetBusy disables the form while a call runs.
func (d *DPV) SetBusy(b bool) {
	for _, w := range []fyne.Disableable{d.Submit, d.Confirm} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	showProgress(d.Progress, b)
}

// Retranslate sets every text in the current language.
func (d *DPV) Retranslate() {
	d.Title.SetText(lang.L("service.dpv"))
	d.Notice.SetText(lang.L("dpv.demo_notice"))
	d.AmountLabel.SetText(lang.L("dpv.amount"))
	d.Amount.SetPlaceHolder(lang.L("dpv.amount.placeholder"))
	d.PeriodLabel.SetText(lang.L("dpv.period"))
	d.Submit.SetText(lang.L("dpv.submit"))
	d.Confirm.SetText(lang.L("dpv.confirm.yes"))
	d.Back.SetText(lang.L("dpv.confirm.back"))
	d.ConfirmText.SetText(d.confirmText())
	d.Orders.SetText(lang.L("dpv.orders"))
	d.Empty.SetText(lang.L("dpv.empty"))
	sel := d.Period.SelectedIndex()
	opts := make([]string, len(d.periods))
	for i, p := range d.periods {
		opts[i] = FormatPeriod(p)
	}
	d.Period.SetOptions(opts)
	d.Period.PlaceHolder = lang.L("dpv.period")
	if sel >= 0 {
		d.quiet = true
		d.Period.SetSelectedIndex(sel)
		d.quiet = false
	}
	if d.msgKey != "" {
		d.Status.SetText(lang.L(d.msgKey, d.msgData))
	}
	if d.Detail.Visible() {
		d.showDetail(d.detailID)
	}
	d.fit()
	d.List.Refresh()
}

// Tell shows m on the status line (an error in red).
func (d *DPV) Tell(m Message) {
	d.msgKey, d.msgData = m.Key, m.Data
	d.Status.Importance = widget.SuccessImportance
	if m.Error {
		d.Status.Importance = widget.DangerImportance
	}
	d.Status.SetText(lang.L(m.Key, m.Data))
	d.Status.Show()
}
