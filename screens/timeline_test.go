package screens

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// resourcesIn are the names of the images and icons drawn inside o.
func resourcesIn(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Image:
			if x.Resource != nil {
				out = append(out, x.Resource.Name())
			}
		case *widget.Icon:
			if x.Resource != nil {
				out = append(out, x.Resource.Name())
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// TestTimelineMarkersTellTheStatus: the history's markers tell a step
// done, the current one and those still to come, which are listed; none
// is drawn with a radio button's icon.
func TestTimelineMarkersTellTheStatus(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	d := NewApplicationDetail()
	test.NewTempWindow(t, d.Content())
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, FundZone)
	a := api.Application{ID: "a1", Number: "Z-1", Type: api.AppBankDetails, Status: api.StatusAccepted, CreatedAt: t0,
		History: []api.StatusChange{
			{Status: api.StatusSubmitted, At: t0, Actor: api.ActorDepositor},
			{Status: api.StatusAccepted, At: t0.Add(time.Minute), Actor: api.ActorBackOffice},
		}}
	d.SetApplication(a, DocNames{})
	want := []string{MarkerDone, MarkerCurrent, MarkerPending, MarkerPending, MarkerPending}
	if got := d.Markers(); !slices.Equal(got, want) {
		t.Errorf("markers %v, want %v", got, want)
	}
	texts := strings.Join(labelTexts(d.Timeline), " | ")
	for _, s := range []string{"На рассмотрении — ожидается", "Одобрено — ожидается", "Исполнено — ожидается"} {
		if !strings.Contains(texts, s) {
			t.Errorf("%q not in the timeline: %s", s, texts)
		}
	}
	for _, r := range resourcesIn(d.Timeline) {
		if strings.Contains(strings.ToLower(r), "radio") {
			t.Errorf("a marker drawn with %s", r)
		}
	}

	a.Status = api.StatusRejected
	a.History = append(a.History, api.StatusChange{Status: api.StatusRejected, At: t0.Add(time.Hour), Actor: api.ActorBackOffice})
	d.SetApplication(a, DocNames{})
	if got := d.Markers(); !slices.Equal(got, []string{MarkerDone, MarkerDone, MarkerRejected}) {
		t.Errorf("rejected: markers %v", got)
	}
	a.Status = api.StatusExecuted
	a.History = []api.StatusChange{{Status: api.StatusSubmitted, At: t0}, {Status: api.StatusExecuted, At: t0.Add(time.Hour)}}
	d.SetApplication(a, DocNames{})
	if got := d.Markers(); !slices.Equal(got, []string{MarkerDone, MarkerDone}) {
		t.Errorf("executed: markers %v", got)
	}
	a.History = []api.StatusChange{{Status: api.StatusSubmitted, At: t0}, {Status: api.StatusCanceled, At: t0.Add(time.Hour)}}
	d.SetApplication(a, DocNames{})
	if got := d.Markers(); !slices.Equal(got, []string{MarkerDone, MarkerCanceled}) {
		t.Errorf("canceled: markers %v", got)
	}
}
