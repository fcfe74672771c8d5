package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestDateFieldWritesDatesAsTheApp: a date picked or set shows as
// 02.12.2025, a date typed so is read, and one typed otherwise is not.
func TestDateFieldWritesDatesAsTheApp(t *testing.T) {
	test.NewTempApp(t)
	e := NewDateField()
	test.NewTempWindow(t, e)
	var got []*time.Time
	e.OnChanged = func(d *time.Time) { got = append(got, d) }
	d := time.Date(2025, time.December, 2, 0, 0, 0, 0, time.UTC)
	e.SetDate(&d)
	if e.Text != "02.12.2025" {
		t.Errorf("shown %q, want 02.12.2025", e.Text)
	}
	e.SetText("")
	test.Type(e, "05.03.2025")
	if e.Date == nil || !e.Date.Equal(time.Date(2025, time.March, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("typed 05.03.2025: date %v", e.Date)
	}
	e.SetText("03/05/2025")
	if e.Date != nil || e.Validate() == nil {
		t.Errorf("typed 03/05/2025: date %v, valid %v", e.Date, e.Validate() == nil)
	}
	if len(got) == 0 || got[len(got)-1] == nil {
		t.Errorf("OnChanged calls %v", got)
	}
}
