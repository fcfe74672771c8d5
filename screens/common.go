// Package screens holds one file per screen. A screen is a struct with its
// widgets exported (tests type into and tap them) and On... callbacks set by
// package app; screens do no HTTP, no SQL and no keyring.
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

// LangSwitch is the RU / KZ / EN switch.
type LangSwitch struct {
	Buttons  map[string]*Button
	OnChange func(code string)
	box      *fyne.Container
}

// NewLangSwitch builds the switch; onChange receives "ru", "kk" or "en".
func NewLangSwitch(onChange func(code string)) *LangSwitch {
	s := &LangSwitch{Buttons: map[string]*Button{}, OnChange: onChange}
	s.box = container.NewHBox()
	for _, code := range lang.Supported {
		code := code
		b := NewButton(LangLabel(code), func() {
			if s.OnChange != nil {
				s.OnChange(code)
			}
		})
		s.Buttons[code] = b
		s.box.Add(b)
	}
	s.Retranslate()
	return s
}

// LangLabel is the switch label of a language code: RU, KZ, EN.
func LangLabel(code string) string {
	if code == "kk" {
		return "KZ"
	}
	return strings.ToUpper(code)
}

// Content is the switch's object.
func (s *LangSwitch) Content() fyne.CanvasObject { return s.box }

// Retranslate highlights the current language.
func (s *LangSwitch) Retranslate() {
	for code, b := range s.Buttons {
		if code == lang.Current() {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
}

// maxWidth lays its objects out stacked, centred, no wider than Width
// and, with Middle, no taller than they need (centred vertically). Its
// minimum width is its objects' own (at least MinWidth): a page never
// asks the window for more than it needs, so a window of 800×600 holds
// it and the window never grows by itself.
type maxWidth struct {
	Width    float32
	MinWidth float32
	Middle   bool
}

func (m *maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		s = s.Max(o.MinSize())
	}
	if s.Width < m.MinWidth {
		s.Width = m.MinWidth
	}
	return s
}

func (m *maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if w > m.Width && m.Width > 0 {
		w = m.Width
	}
	for _, o := range objs {
		h, y := size.Height, float32(0)
		if m.Middle {
			if min := o.MinSize().Height; min < h {
				h, y = min, (size.Height-min)/2
			}
		}
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, y))
	}
}

// focus gives o the keyboard. An object shown only now (a confirmation,
// the rejection's reason) has not been drawn, so no canvas knows it yet:
// it is then given to the window whose content holds it (a canvas's
// Focus looks for o in its tree and leaves the focus alone without it).
func focus(o fyne.Focusable) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	d := app.Driver()
	if c := d.CanvasForObject(o.(fyne.CanvasObject)); c != nil {
		c.Focus(o)
		return
	}
	for _, w := range d.AllWindows() {
		if w.Canvas().Focus(o); w.Canvas().Focused() == o {
			return
		}
	}
}

// ShowNotAvailable tells the user that a function comes in a later version.
func ShowNotAvailable(what string, w fyne.Window) {
	ShowInfo(lang.L("notavailable.title"), lang.L("notavailable.text", map[string]any{"What": what}), w)
}

// ShowInfo shows a message with a translated OK button.
func ShowInfo(title, text string, w fyne.Window) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := NewMessageDialog(title, lang.L("common.ok"), container.New(&maxWidth{Width: 420, MinWidth: 420}, l), w)
	d.Show()
}

// ShowError shows an error message with a translated OK button.
func ShowError(text string, w fyne.Window) {
	ShowInfo(lang.L("common.error"), text, w)
}

// FormatMoney formats tiyn as tenge with grouped thousands: "1 234 567,89 ₸"
// (ru, kk) or "1,234,567.89 ₸" (en).
func FormatMoney(m api.Money) string {
	neg := m < 0
	v := int64(m)
	if neg {
		v = -v
	}
	whole, frac := v/100, v%100
	digits := fmt.Sprintf("%d", whole)
	sep, dec := "\u00a0", ","
	if lang.Current() == "en" {
		sep, dec = ",", "."
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("%s%s%02d\u00a0₸", b.String(), dec, frac)
	if neg {
		out = "−" + out
	}
	return out
}

// FormatDate formats YYYY-MM-DD as 15.04.1988 (ru, kk) or 15 Apr 1988 (en).
func FormatDate(iso string) string {
	// A calendar date, not a moment: parsed in the local zone so that
	// FormatTime's conversion keeps the day (UTC would show the day
	// before west of Greenwich).
	t, err := time.ParseInLocation("2006-01-02", iso, FundZone)
	if err != nil {
		return iso
	}
	return FormatTime(t, false)
}

// FormatTime formats a moment in local time; withClock adds HH:MM.
func FormatTime(t time.Time, withClock bool) string {
	// Every time in the fund's zone, as the service's PDFs and messages
	// write it, whatever the computer's zone.
	t = t.In(FundZone)
	layout := "02.01.2006"
	if lang.Current() == "en" {
		layout = "2 Jan 2006"
	}
	if withClock {
		layout += " 15:04"
	}
	return t.Format(layout)
}

// FormatTimeZoned is FormatTime with the clock and the fund's zone named
// beside it, «03.12.2026 10:53 (UTC+5)»: for times a user compares with
// a clock (the previous sign-in, an application's date, notifications).
func FormatTimeZoned(t time.Time) string {
	return lang.L("time.zoned", map[string]any{"Time": FormatTime(t, true), "Zone": ZoneName(t)})
}

// FormatPeriod formats YYYY-MM as a month name and year.
func FormatPeriod(p string) string {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return p
	}
	return lang.L(fmt.Sprintf("month.%d", int(t.Month()))) + " " + fmt.Sprint(t.Year())
}

// FormatDuration formats a duration as M:SS.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(math.Ceil(d.Seconds()))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// newProgress is a stopped, hidden progress bar.
func newProgress() *widget.ProgressBarInfinite {
	p := widget.NewProgressBarInfinite()
	p.Stop()
	p.Hide()
	return p
}

// showProgress shows and runs p, or stops and hides it.
func showProgress(p *widget.ProgressBarInfinite, on bool) {
	if on {
		p.Show()
		p.Start()
	} else {
		p.Stop()
		p.Hide()
	}
}

// newErrorLabel is a hidden, wrapping label in the danger colour.
func newErrorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// message is a label showing the translation of a key; it keeps the key
// so that the text follows the language switch.
type message struct {
	label *widget.Label
	key   string
	data  any
}

// show sets the label to the translation of key and shows it; "" hides it.
func (m *message) show(key string, data any) {
	m.key, m.data = key, data
	if key == "" {
		m.label.Hide()
		return
	}
	m.label.SetText(lang.L(key, data))
	m.label.Show()
}

// retranslate sets the text again in the current language.
func (m *message) retranslate() {
	if m.key != "" {
		m.label.SetText(lang.L(m.key, m.data))
	}
}

// listState is what the list pages (applications, notifications, sign-in
// history, the staff queue and day's bookings) share: «Обновить», a
// progress bar while loading and a translated error line that follows the
// language switch.
type listState struct {
	Refresh  *Button
	Progress *widget.ProgressBarInfinite
	Status   *widget.Label

	err message
}

// newListState builds «Обновить» (calling refresh), the progress bar and
// the hidden error line.
func newListState(refresh func()) listState {
	l := listState{
		Refresh:  NewButtonWithIcon("", theme.ViewRefreshIcon(), refresh),
		Progress: newProgress(),
		Status:   newErrorLabel(),
	}
	l.err.label = l.Status
	return l
}

// SetBusy shows progress (and disables «Обновить») while the list loads.
func (l *listState) SetBusy(b bool) {
	if b {
		l.Refresh.Disable()
	} else {
		l.Refresh.Enable()
	}
	showProgress(l.Progress, b)
}

// statusImportance is the colour of an application's status: open is
// that of a status not yet final.
func statusImportance(s string, open widget.Importance) widget.Importance {
	switch s {
	case api.StatusRejected:
		return widget.DangerImportance
	case api.StatusExecuted, api.StatusApproved:
		return widget.SuccessImportance
	case api.StatusCanceled:
		return widget.LowImportance
	}
	return open
}

// formIn puts a new form of items into box, in place of the one there,
// and returns it. A widget.Form whose Items are replaced keeps the
// widgets and hints its rows were first built with (Fyne 2.7,
// ensureRenderItems): only the labels follow. A form whose values or
// hints change (a document shown again, hints after a language switch)
// is built anew here.
func formIn(box *fyne.Container, items ...*widget.FormItem) *widget.Form {
	f := widget.NewForm(items...)
	box.Objects = []fyne.CanvasObject{f}
	box.Refresh()
	return f
}

// Tell shows m on the list's error line (the zero Message clears it).
func (l *listState) Tell(m Message) { l.err.show(m.Key, m.Data) }

// flow lays its objects out at their minimum size in rows, starting a new
// row when the next does not fit. Its minimum width is the widest object
// (not the row it last laid out, as Fyne's RowWrapLayout), so that it
// narrows with the window; its minimum height is that of the rows at the
// width it was last given.
type flow struct{ width float32 }

func newFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flow{}, objs...)
}

func (f *flow) rows(objs []fyne.CanvasObject, width float32, place bool) fyne.Size {
	p := theme.Padding()
	var x, y, rowH, maxW float32
	first := true
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		s := o.MinSize()
		if !first && width > 0 && x+s.Width > width {
			y += rowH + p
			x, rowH = 0, 0
		}
		if place {
			o.Resize(s)
			o.Move(fyne.NewPos(x, y))
		}
		first = false
		x += s.Width + p
		rowH = fyne.Max(rowH, s.Height)
		maxW = fyne.Max(maxW, s.Width)
	}
	return fyne.NewSize(maxW, y+rowH)
}

func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return f.rows(objs, f.width, false)
}

func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	f.rows(objs, size.Width, true)
}

// pair lays out two objects in two equal columns when each fits its
// half, or one above the other when not; its minimum width is the wider
// object's, so it narrows with the window.
type pair struct{ width float32 }

func newPair(a, b fyne.CanvasObject) *fyne.Container { return container.New(&pair{}, a, b) }

func (l *pair) side(objs []fyne.CanvasObject, width float32) bool {
	half := (width - theme.Padding()) / 2
	return objs[0].MinSize().Width <= half && objs[1].MinSize().Width <= half
}

func (l *pair) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	h := fyne.Max(a.Height, b.Height)
	if l.width > 0 && !l.side(objs, l.width) {
		h = a.Height + theme.Padding() + b.Height
	}
	return fyne.NewSize(fyne.Max(a.Width, b.Width), h)
}

func (l *pair) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	p := theme.Padding()
	if l.side(objs, size.Width) {
		half := (size.Width - p) / 2
		objs[0].Resize(fyne.NewSize(half, size.Height))
		objs[0].Move(fyne.NewPos(0, 0))
		objs[1].Resize(fyne.NewSize(half, size.Height))
		objs[1].Move(fyne.NewPos(half+p, 0))
		return
	}
	a := objs[0].MinSize()
	objs[0].Resize(fyne.NewSize(size.Width, a.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-a.Height-p))
	objs[1].Move(fyne.NewPos(0, a.Height+p))
}
