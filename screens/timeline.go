package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/kabinet-kz/kabinet/api"
)

// Kinds of a timeline's marker: a step done, the step the application is
// at, a step still to come, and the ends other than done.
const (
	MarkerDone     = "done"
	MarkerCurrent  = "current"
	MarkerPending  = "pending"
	MarkerRejected = "rejected"
	MarkerCanceled = "canceled"
)

// statusPath is the order an application goes through when all goes well.
var statusPath = []string{api.StatusSubmitted, api.StatusAccepted, api.StatusProcessing, api.StatusApproved, api.StatusExecuted}

// stepsToCome are the statuses after status on the way to «Исполнено»
// (none once the application has ended).
func stepsToCome(status string) []string {
	for i, s := range statusPath {
		if s == status {
			return statusPath[i+1:]
		}
	}
	return nil
}

// markerKind is the marker of a history entry: last tells it is the
// application's current status.
func markerKind(status string, last bool) string {
	switch {
	case status == api.StatusRejected:
		return MarkerRejected
	case status == api.StatusCanceled:
		return MarkerCanceled
	case status == api.StatusExecuted || !last:
		return MarkerDone
	}
	return MarkerCurrent
}

// newMarker draws a timeline's marker: a filled disc with a sign (a
// tick for done, an arrow for the current step, a cross for rejected or
// canceled) or a small grey dot for a step to come, on a rail joining it
// to the steps before and after. Nothing in it looks like a control one
// could tick.
func newMarker(kind string, first, last bool) fyne.CanvasObject {
	disc := canvas.NewCircle(theme.Color(theme.ColorNameSuccess))
	var sign fyne.Resource
	switch kind {
	case MarkerDone:
		sign = theme.ConfirmIcon()
	case MarkerCurrent:
		disc.FillColor = theme.Color(theme.ColorNamePrimary)
		sign = theme.MediaPlayIcon()
	case MarkerRejected:
		disc.FillColor = theme.Color(theme.ColorNameError)
		sign = theme.CancelIcon()
	case MarkerCanceled:
		disc.FillColor = theme.Color(theme.ColorNameDisabled)
		sign = theme.CancelIcon()
	default: // pending
		disc.FillColor = theme.Color(theme.ColorNameDisabled)
	}
	objs := []fyne.CanvasObject{}
	rail := func() *canvas.Rectangle { return canvas.NewRectangle(theme.Color(theme.ColorNameDisabled)) }
	above, below := rail(), rail()
	if first {
		above.FillColor = color.Transparent
	}
	if last {
		below.FillColor = color.Transparent
	}
	objs = append(objs, above, below, disc)
	if sign != nil {
		img := canvas.NewImageFromResource(theme.NewInvertedThemedResource(sign))
		img.FillMode = canvas.ImageFillContain
		objs = append(objs, img)
	}
	return container.New(&markerLayout{small: kind == MarkerPending}, objs...)
}

// markerLayout puts the rail above and below and the disc (with its
// sign) level with the first line of the step's text.
type markerLayout struct{ small bool }

const markerSize = 22

func (m *markerLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(markerSize+theme.Padding(), markerSize)
}

func (m *markerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	mid := theme.InnerPadding() + theme.TextSize()*0.68 // a label's first line's middle
	d := float32(markerSize)
	if m.small {
		d = 10
	}
	x, y := (size.Width-d)/2, fyne.Max(0, mid-d/2)
	w := float32(2)
	// The rail reaches into the room between the rows, so it is unbroken.
	objs[0].Move(fyne.NewPos((size.Width-w)/2, -theme.Padding()))
	objs[0].Resize(fyne.NewSize(w, y+theme.Padding()))
	objs[1].Move(fyne.NewPos((size.Width-w)/2, y+d))
	objs[1].Resize(fyne.NewSize(w, fyne.Max(0, size.Height-y-d+theme.Padding())))
	objs[2].Move(fyne.NewPos(x, y))
	objs[2].Resize(fyne.NewSize(d, d))
	if len(objs) > 3 {
		s := d * 0.64
		objs[3].Move(fyne.NewPos(x+(d-s)/2, y+(d-s)/2))
		objs[3].Resize(fyne.NewSize(s, s))
	}
}
