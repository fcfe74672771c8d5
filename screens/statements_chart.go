package screens

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// SavingsChart draws the savings at the end of every month as stacked
// bars, one colour per account (ОПВ, ОППВ, ДПВ), with the largest total
// and the years on the axes and the statement's period shaded. It is
// drawn with canvas rectangles, lines and texts.
type SavingsChart struct {
	widget.BaseWidget
	points   []api.HistoryPoint // drawn: all accounts or the one chosen
	all      []api.HistoryPoint
	account  string // the statement's account filter ("" or ALL: every one)
	from, to string // the period shaded, YYYY-MM-DD
}

// NewSavingsChart returns an empty chart.
func NewSavingsChart() *SavingsChart {
	c := &SavingsChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetHistory sets the month-end balances and redraws.
func (c *SavingsChart) SetHistory(h api.AccountsHistory) {
	c.all = h.Points
	c.filter()
	c.Refresh()
}

// SetAccount draws only account's balances (its total as the total), or
// every account's with "" or api.AccountAll, as the statement's filter.
func (c *SavingsChart) SetAccount(account string) {
	c.account = account
	c.filter()
	c.Refresh()
}

func (c *SavingsChart) filter() {
	if c.account == "" || c.account == api.AccountAll {
		c.points = c.all
		return
	}
	c.points = make([]api.HistoryPoint, len(c.all))
	for i, p := range c.all {
		b, ok := p.Balances[c.account]
		q := api.HistoryPoint{Month: p.Month, Total: b}
		if ok {
			q.Balances = map[string]api.Money{c.account: b}
		}
		c.points[i] = q
	}
}

// Point is month i as drawn (tests).
func (c *SavingsChart) Point(i int) api.HistoryPoint { return c.points[i] }

// SetPeriod shades the months of from..to (YYYY-MM-DD).
func (c *SavingsChart) SetPeriod(from, to string) {
	c.from, c.to = from, to
	c.Refresh()
}

// Months is the number of months drawn (tests).
func (c *SavingsChart) Months() int { return len(c.points) }

// CreateRenderer implements fyne.Widget.
func (c *SavingsChart) CreateRenderer() fyne.WidgetRenderer {
	r := &savingsChartRenderer{c: c}
	r.rebuild()
	return r
}

// chartAccounts are the stacked series, bottom first.
var chartAccounts = []string{api.AccountOPV, api.AccountOPPV, api.AccountDPV}

func chartColor(acc string) color.Color {
	switch acc {
	case api.AccountOPV:
		return theme.Color(theme.ColorNamePrimary)
	case api.AccountOPPV:
		return theme.Color(theme.ColorNameWarning)
	}
	return theme.Color(theme.ColorNameSuccess)
}

type savingsChartRenderer struct {
	c       *SavingsChart
	shade   *canvas.Rectangle
	bars    [][]*canvas.Rectangle // [month][account]
	axisX   *canvas.Line
	axisY   *canvas.Line
	grid    *canvas.Line
	maxText *canvas.Text
	midText *canvas.Text
	years   []*canvas.Text
	yearAt  []int // month index of each year label
	legend  []*canvas.Text
	swatch  []*canvas.Rectangle
	empty   *canvas.Text
	objects []fyne.CanvasObject
	max     float64
}

func (r *savingsChartRenderer) rebuild() {
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	size := theme.CaptionTextSize()
	text := func(s string, c color.Color) *canvas.Text {
		t := canvas.NewText(s, c)
		t.TextSize = size
		return t
	}
	r.objects = nil
	shade := theme.Color(theme.ColorNamePrimary)
	if rgba, ok := shade.(color.NRGBA); ok {
		rgba.A = 0x30
		shade = rgba
	} else {
		red, g, b, _ := shade.RGBA()
		shade = color.NRGBA{R: uint8(red >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30}
	}
	r.shade = canvas.NewRectangle(shade)
	r.objects = append(r.objects, r.shade)
	r.bars = nil
	r.max = 0
	for _, p := range r.c.points {
		r.max = max(r.max, float64(p.Total))
		row := make([]*canvas.Rectangle, len(chartAccounts))
		for i, acc := range chartAccounts {
			row[i] = canvas.NewRectangle(chartColor(acc))
			r.objects = append(r.objects, row[i])
		}
		r.bars = append(r.bars, row)
	}
	r.axisX, r.axisY, r.grid = canvas.NewLine(muted), canvas.NewLine(muted), canvas.NewLine(muted)
	r.grid.StrokeWidth = 0.5
	r.maxText = text("", fg)
	r.midText = text("", muted)
	if r.max > 0 {
		r.maxText.Text = FormatMoney(api.Money(r.max))
		r.midText.Text = FormatMoney(api.Money(r.max / 2))
	}
	r.years, r.yearAt = nil, nil
	for i, p := range r.c.points {
		if i == 0 || p.Month[5:] == "01" {
			y, _ := strconv.Atoi(p.Month[:4])
			r.years = append(r.years, text(strconv.Itoa(y), muted))
			r.yearAt = append(r.yearAt, i)
		}
	}
	r.legend, r.swatch = nil, nil
	for _, acc := range chartAccounts {
		if !r.hasAccount(acc) {
			continue
		}
		r.legend = append(r.legend, text(AccountShort(acc), fg))
		sw := canvas.NewRectangle(chartColor(acc))
		r.swatch = append(r.swatch, sw)
	}
	r.empty = text("", muted)
	if len(r.c.points) == 0 {
		r.empty.Text = lang.L("stmt.chart.empty")
	}
	r.objects = append(r.objects, r.axisX, r.axisY, r.grid, r.maxText, r.midText, r.empty)
	for _, t := range r.years {
		r.objects = append(r.objects, t)
	}
	for i := range r.legend {
		r.objects = append(r.objects, r.swatch[i], r.legend[i])
	}
}

func (r *savingsChartRenderer) hasAccount(acc string) bool {
	for _, p := range r.c.points {
		if _, ok := p.Balances[acc]; ok {
			return true
		}
	}
	return false
}

func (r *savingsChartRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	ts := theme.CaptionTextSize()
	textH := fyne.MeasureText("0", ts, fyne.TextStyle{}).Height
	r.empty.Move(fyne.NewPos(pad, size.Height/2-textH/2))
	// Legend along the top, the largest total under it.
	x := pad
	for i, l := range r.legend {
		r.swatch[i].Move(fyne.NewPos(x, pad+textH/4))
		r.swatch[i].Resize(fyne.NewSize(textH/2, textH/2))
		x += textH/2 + pad
		l.Move(fyne.NewPos(x, pad))
		x += fyne.MeasureText(l.Text, ts, l.TextStyle).Width + pad*3
	}
	maxW := fyne.MeasureText(r.maxText.Text, ts, fyne.TextStyle{}).Width
	r.maxText.Move(fyne.NewPos(size.Width-pad-maxW, pad))
	left, right := pad, size.Width-pad
	top := pad*2 + textH*1.5
	bottom := size.Height - textH - pad
	if bottom <= top {
		bottom = top + 1
	}
	r.axisY.Position1, r.axisY.Position2 = fyne.NewPos(left, top), fyne.NewPos(left, bottom)
	r.axisX.Position1, r.axisX.Position2 = fyne.NewPos(left, bottom), fyne.NewPos(right, bottom)
	mid := top + (bottom-top)/2
	r.grid.Position1, r.grid.Position2 = fyne.NewPos(left, mid), fyne.NewPos(right, mid)
	r.midText.Move(fyne.NewPos(left+pad, mid-textH))

	n := len(r.c.points)
	if n == 0 || r.max <= 0 {
		r.shade.Hide()
		return
	}
	plotH := bottom - top
	slot := (right - left - 1) / float32(n)
	// Wide slots get a gap between bars; narrow ones touch, so the bars
	// read as an area instead of uneven stripes.
	barW := slot + 0.5
	if slot >= 4 {
		barW = slot - 1
	}
	first, last := -1, -1
	for i, p := range r.c.points {
		bx := left + 1 + float32(i)*slot
		base := bottom
		for j, acc := range chartAccounts {
			h := float32(float64(p.Balances[acc]) / r.max * float64(plotH))
			b := r.bars[i][j]
			b.Move(fyne.NewPos(bx, base-h))
			b.Resize(fyne.NewSize(barW, h))
			base -= h
		}
		if r.c.from != "" && p.Month >= r.c.from[:7] && p.Month <= r.c.to[:7] {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first >= 0 {
		r.shade.Show()
		r.shade.Move(fyne.NewPos(left+1+float32(first)*slot, top))
		r.shade.Resize(fyne.NewSize(float32(last-first+1)*slot, plotH))
	} else {
		r.shade.Hide()
	}
	// Year labels where they fit, from the left.
	next := float32(-1)
	for k, t := range r.years {
		w := fyne.MeasureText(t.Text, ts, t.TextStyle).Width
		x := left + 1 + float32(r.yearAt[k])*slot
		if x+w > right {
			x = right - w
		}
		if x < next {
			t.Hide()
			continue
		}
		t.Show()
		t.Move(fyne.NewPos(x, bottom+1))
		next = x + w + pad*2
	}
}

func (r *savingsChartRenderer) MinSize() fyne.Size { return fyne.NewSize(240, 150) }

func (r *savingsChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *savingsChartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *savingsChartRenderer) Destroy()                     {}
