package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Button is a widget.Button that, having the focus, is pressed with Enter
// (Return or the keypad's Enter) as well as with Space: Fyne's button
// knows only Space, and a keyboard user who Tabs to «Войти» or
// «Подписать» presses Enter. It looks and takes the focus as
// widget.Button does. Every button of the app is made by NewButton or
// NewButtonWithIcon (TestButtonsAnswerEnter guards it).
type Button struct {
	widget.Button
}

// NewButton makes a button as widget.NewButton does.
func NewButton(label string, tapped func()) *Button {
	b := &Button{widget.Button{Text: label, OnTapped: tapped}}
	b.ExtendBaseWidget(b)
	return b
}

// NewButtonWithIcon makes a button as widget.NewButtonWithIcon does.
func NewButtonWithIcon(label string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{widget.Button{Text: label, Icon: icon, OnTapped: tapped}}
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter as on Space (a disabled button
// is not pressed: widget.Button checks it).
func (b *Button) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		e = &fyne.KeyEvent{Name: fyne.KeySpace, Physical: e.Physical}
	}
	b.Button.TypedKey(e)
}

// FocusGained shows the focus and scrolls the button into view.
func (b *Button) FocusGained() {
	b.Button.FocusGained()
	scrollIntoView(b)
}
