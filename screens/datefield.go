package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dateLayout is how the app writes a date in every language: 02.12.2025.
const dateLayout = "02.01.2006"

// DateField is a date typed or picked from a calendar, written as the
// rest of the app writes dates (02.12.2025). Fyne's DateEntry takes its
// format from the system's region (02/12/2025 with no region, 12/02/2025
// in the US) and cannot be told another.
type DateField struct {
	widget.Entry
	Date      *time.Time
	OnChanged func(*time.Time) `json:"-"`

	popUp *widget.PopUp
}

// NewDateField makes an empty date field.
func NewDateField() *DateField {
	e := &DateField{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.Validator = func(in string) error {
		_, err := time.Parse(dateLayout, in)
		return err
	}
	e.Entry.OnChanged = func(in string) {
		if in == "" {
			e.Date = nil
			if f := e.OnChanged; f != nil {
				f(nil)
			}
			return
		}
		t, err := time.Parse(dateLayout, in)
		if err != nil {
			e.Date = nil
			return
		}
		e.Date = &t
		if f := e.OnChanged; f != nil {
			f(&t)
		}
	}
	b := NewButtonWithIcon("", theme.CalendarIcon(), e.openCalendar)
	b.Importance = widget.LowImportance
	e.ActionItem = b
	return e
}

// SetDate shows d (nil empties the field).
func (e *DateField) SetDate(d *time.Time) {
	if d == nil {
		e.Date = nil
		e.Entry.SetText("")
		return
	}
	t := *d
	e.Date = &t
	if e.popUp != nil {
		e.popUp.Hide()
	}
	e.Entry.SetText(t.Format(dateLayout))
}

func (e *DateField) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	start := time.Now()
	if e.Date != nil {
		start = *e.Date
	}
	cal := widget.NewCalendar(start, func(t time.Time) { e.SetDate(&t) })
	e.popUp = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height))
	e.popUp.ShowAtPosition(pos)
	e.popUp.Resize(fyne.NewSize(fyne.Max(e.Size().Width, e.popUp.MinSize().Width), e.popUp.MinSize().Height))
}

// FocusGained shows the cursor and scrolls the field into view.
func (e *DateField) FocusGained() {
	e.Entry.FocusGained()
	scrollIntoView(e)
}
