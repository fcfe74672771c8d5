package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MenuItem is an entry of a shell's menu: an icon and a title that wraps
// onto more lines instead of widening the menu, so the menu keeps one
// width in every language and a long title («Шоттардың бар екені / МКЗЖ
// туралы анықтама») is read whole. It is tapped like a button and, having
// the focus, activated with Space or Enter.
type MenuItem struct {
	widget.BaseWidget
	Text       string
	Icon       fyne.Resource
	Importance widget.Importance // HighImportance marks the page shown
	OnTapped   func()

	hovered, focused bool
}

// NewMenuItem makes a menu entry.
func NewMenuItem(text string, icon fyne.Resource, tapped func()) *MenuItem {
	m := &MenuItem{Text: text, Icon: icon, OnTapped: tapped, Importance: widget.LowImportance}
	m.ExtendBaseWidget(m)
	return m
}

// SetText changes the title.
func (m *MenuItem) SetText(s string) {
	m.Text = s
	m.Refresh()
}

// Tapped runs OnTapped.
func (m *MenuItem) Tapped(*fyne.PointEvent) {
	if m.OnTapped != nil {
		m.OnTapped()
	}
}

// MouseIn, MouseMoved and MouseOut show the hover.
func (m *MenuItem) MouseIn(*desktop.MouseEvent)    { m.hovered = true; m.Refresh() }
func (m *MenuItem) MouseMoved(*desktop.MouseEvent) {}
func (m *MenuItem) MouseOut()                      { m.hovered = false; m.Refresh() }

// Cursor is the pointer over an entry.
func (m *MenuItem) Cursor() desktop.Cursor { return desktop.PointerCursor }

// FocusGained and FocusLost show the keyboard focus; FocusGained
// scrolls the entry into view.
func (m *MenuItem) FocusGained() { m.focused = true; m.Refresh(); scrollIntoView(m) }
func (m *MenuItem) FocusLost()   { m.focused = false; m.Refresh() }

// TypedRune activates the entry on Space.
func (m *MenuItem) TypedRune(r rune) {
	if r == ' ' {
		m.Tapped(nil)
	}
}

// TypedKey activates the entry on Enter.
func (m *MenuItem) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		m.Tapped(nil)
	}
}

// CreateRenderer draws the background, the icon and the wrapped title.
func (m *MenuItem) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(nil)
	bg.CornerRadius = theme.InputRadiusSize()
	icon := widget.NewIcon(m.Icon)
	label := widget.NewLabel(m.Text)
	label.Wrapping = fyne.TextWrapWord
	r := &menuItemRenderer{m: m, bg: bg, icon: icon, label: label}
	r.Refresh()
	return r
}

type menuItemRenderer struct {
	m     *MenuItem
	bg    *canvas.Rectangle
	icon  *widget.Icon
	label *widget.Label
}

func (r *menuItemRenderer) iconSize() float32 { return theme.IconInlineSize() }

func (r *menuItemRenderer) Layout(size fyne.Size) {
	p := theme.Padding()
	r.bg.Resize(size)
	is := r.iconSize()
	r.icon.Resize(fyne.NewSquareSize(is))
	r.icon.Move(fyne.NewPos(p*2, (size.Height-is)/2))
	x := p*3 + is
	r.label.Resize(fyne.NewSize(size.Width-x, size.Height))
	r.label.Move(fyne.NewPos(x, 0))
}

func (r *menuItemRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	is := r.iconSize()
	// The title's height at the width it has, so a wrapped title is
	// given its lines.
	w := r.m.Size().Width - p*3 - is
	lm := r.label.MinSize()
	h := lm.Height
	if w > 0 {
		h = fyne.Max(h, wrappedHeight(r.label.Text, w))
	}
	return fyne.NewSize(p*3+is+lm.Width, fyne.Max(h, is+p*2))
}

// wrappedHeight is the height of text wrapped at width w in a label.
func wrappedHeight(text string, w float32) float32 {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Resize(fyne.NewSize(w, l.MinSize().Height))
	return l.MinSize().Height
}

func (r *menuItemRenderer) Refresh() {
	m := r.m
	switch {
	case m.Importance == widget.HighImportance:
		c := theme.Color(theme.ColorNamePrimary)
		cr, cg, cb, _ := c.RGBA()
		r.bg.FillColor = color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0x40}
	case m.hovered || m.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.bg.FillColor = nil
	}
	if m.focused {
		r.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
		r.bg.StrokeWidth = 2
	} else {
		r.bg.StrokeWidth = 0
	}
	r.bg.Refresh()
	r.icon.SetResource(m.Icon)
	if m.Importance == widget.HighImportance {
		r.label.TextStyle = fyne.TextStyle{Bold: true}
	} else {
		r.label.TextStyle = fyne.TextStyle{}
	}
	r.label.Text = m.Text
	r.label.Refresh()
}

func (r *menuItemRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.label}
}

func (r *menuItemRenderer) Destroy() {}
