package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// List is a widget.List whose focused row is opened with Enter as well
// as with Space (Fyne's list knows only Space): a row of the queue, of
// the applications or of the notifications is opened from the keyboard
// as a form is sent, with Enter.
type List struct {
	widget.List
}

// NewList makes a list as widget.NewList does.
func NewList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *List {
	l := &List{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey selects the focused row on Enter, as Space does.
func (l *List) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		e = &fyne.KeyEvent{Name: fyne.KeySpace, Physical: e.Physical}
	}
	l.List.TypedKey(e)
}

// FocusGained shows the focus and scrolls the list into view.
func (l *List) FocusGained() {
	l.List.FocusGained()
	scrollIntoView(l)
}
