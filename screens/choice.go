package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Choice is one option a user picks, drawn as Fyne's radio button is (the
// round mark, the focus and hover circle around it) but with a label that
// wraps: a long option («Обязательные профессиональные пенсионные взносы
// (ОППВ) — по инвалидности») takes several lines instead of running off
// the window's edge, as a widget.RadioGroup's label does. A tap, or Space
// or Enter when it has the focus (Tab), selects it, and unselects it when
// selected, as a RadioGroup that is not Required does. A disabled choice
// is greyed, takes no focus and ignores taps and keys.
type Choice struct {
	widget.DisableableWidget
	Text     string
	Selected bool
	// OnChanged is called when the user or SetSelected changes Selected.
	OnChanged func(selected bool)

	focused, hovered bool
}

// NewChoice is a choice reading text, not selected.
func NewChoice(text string, changed func(selected bool)) *Choice {
	c := &Choice{Text: text, OnChanged: changed}
	c.ExtendBaseWidget(c)
	return c
}

// SetSelected selects or unselects the choice, calling OnChanged on a
// change.
func (c *Choice) SetSelected(on bool) {
	if c.Selected == on {
		return
	}
	c.Selected = on
	c.Refresh()
	if c.OnChanged != nil {
		c.OnChanged(on)
	}
}

// SetText changes the label.
func (c *Choice) SetText(text string) {
	c.Text = text
	c.Refresh()
}

// Focused tells whether the choice has the keyboard focus.
func (c *Choice) Focused() bool { return c.focused }

func (c *Choice) toggle() {
	if !c.Disabled() {
		c.SetSelected(!c.Selected)
	}
}

// Tapped toggles the choice and gives it the focus.
func (c *Choice) Tapped(*fyne.PointEvent) {
	if c.Disabled() {
		return
	}
	if !c.focused && !fyne.CurrentDevice().IsMobile() {
		if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
			cv.Focus(c)
		}
	}
	c.toggle()
}

// FocusGained shows the focus around the mark and scrolls the choice
// into view.
func (c *Choice) FocusGained() { c.focused = true; c.Refresh(); scrollIntoView(c) }

// FocusLost hides it.
func (c *Choice) FocusLost() { c.focused = false; c.Refresh() }

// TypedRune: Space toggles the choice.
func (c *Choice) TypedRune(r rune) {
	if r == ' ' {
		c.toggle()
	}
}

// TypedKey: Enter toggles the choice (Space comes as a rune too).
func (c *Choice) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.toggle()
	}
}

// MouseIn shows the hover circle.
func (c *Choice) MouseIn(*desktop.MouseEvent) {
	if !c.Disabled() {
		c.hovered = true
		c.Refresh()
	}
}

// MouseMoved does nothing.
func (c *Choice) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the hover circle.
func (c *Choice) MouseOut() {
	if c.hovered {
		c.hovered = false
		c.Refresh()
	}
}

// Cursor is the pointer of a control.
func (c *Choice) Cursor() desktop.Cursor {
	if c.Disabled() {
		return desktop.DefaultCursor
	}
	return desktop.PointerCursor
}

// CreateRenderer draws the mark and the wrapping label.
func (c *Choice) CreateRenderer() fyne.WidgetRenderer {
	r := &choiceRenderer{c: c, label: widget.NewLabel("")}
	r.label.Wrapping = fyne.TextWrapWord
	r.update()
	return r
}

type choiceRenderer struct {
	c       *Choice
	focus   canvas.Circle
	in, out canvas.Image
	label   *widget.Label
}

// markWidth is the room of the mark and its focus circle, left of the
// label.
func (r *choiceRenderer) markWidth() float32 {
	return theme.IconInlineSize() + theme.InnerPadding() + theme.InputBorderSize() + theme.Padding()
}

func (r *choiceRenderer) Layout(size fyne.Size) {
	icon := theme.IconInlineSize()
	border := theme.InputBorderSize()
	ring := icon + theme.InnerPadding()
	// The mark faces the label's first line.
	line := fyne.MeasureText("Ж", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
	r.focus.Resize(fyne.NewSquareSize(ring))
	r.focus.Move(fyne.NewPos(border, (line-ring)/2))
	pos := fyne.NewPos(theme.InnerPadding()/2+border, (line-icon)/2)
	for _, im := range []*canvas.Image{&r.in, &r.out} {
		im.Resize(fyne.NewSquareSize(icon))
		im.Move(pos)
	}
	x := r.markWidth()
	r.label.Move(fyne.NewPos(x, 0))
	r.label.Resize(fyne.NewSize(fyne.Max(size.Width-x, 0), size.Height))
}

func (r *choiceRenderer) MinSize() fyne.Size {
	m := r.label.MinSize()
	return fyne.NewSize(r.markWidth()+m.Width, fyne.Max(m.Height, theme.IconInlineSize()+2*theme.InnerPadding()))
}

func (r *choiceRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{&r.focus, &r.in, &r.out, r.label}
}

func (r *choiceRenderer) Refresh() {
	r.update()
	canvas.Refresh(r.c)
}

func (r *choiceRenderer) Destroy() {}

// update sets the colours of the mark as Fyne's radio does, the focus or
// hover circle, and the label (greyed when disabled).
func (r *choiceRenderer) update() {
	c := r.c
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	out := theme.NewThemedResource(th.Icon(theme.IconNameRadioButton))
	out.ColorName = theme.ColorNameInputBorder
	in := theme.NewThemedResource(th.Icon(theme.IconNameRadioButtonFill))
	in.ColorName = theme.ColorNameInputBackground
	if c.Selected {
		in.ColorName = theme.ColorNamePrimary
		out.ColorName = theme.ColorNameForeground
	}
	imp := widget.MediumImportance
	if c.Disabled() {
		in.ColorName = theme.ColorNameBackground
		if c.Selected {
			in.ColorName = theme.ColorNameDisabled
		}
		out.ColorName = theme.ColorNameDisabled
		imp = widget.LowImportance
	}
	r.in.Resource, r.out.Resource = in, out
	r.in.Refresh()
	r.out.Refresh()
	switch {
	case c.Disabled():
		r.focus.FillColor = color.Transparent
	case c.focused:
		r.focus.FillColor = th.Color(theme.ColorNameFocus, v)
	case c.hovered:
		r.focus.FillColor = th.Color(theme.ColorNameHover, v)
	default:
		r.focus.FillColor = color.Transparent
	}
	r.focus.Refresh()
	if r.label.Text != c.Text || r.label.Importance != imp {
		r.label.Text, r.label.Importance = c.Text, imp
		r.label.Refresh()
	}
}

// ChoiceGroup is a widget.RadioGroup whose labels wrap: a Choice per
// option, one chosen at most. As a RadioGroup that is not Required, a tap
// on the chosen option unchooses it. Options and Selected are set, then
// Refresh, as for a RadioGroup; SetSelected calls OnChanged.
type ChoiceGroup struct {
	widget.BaseWidget
	Options   []string
	Selected  string
	OnChanged func(selected string)

	choices []*Choice
	box     *fyne.Container
}

// NewChoiceGroup is a group of options, none chosen.
func NewChoiceGroup(options []string, changed func(selected string)) *ChoiceGroup {
	g := &ChoiceGroup{Options: options, OnChanged: changed, box: container.NewVBox()}
	g.ExtendBaseWidget(g)
	g.sync()
	return g
}

// SetSelected chooses the option reading s ("" none), calling OnChanged
// on a change.
func (g *ChoiceGroup) SetSelected(s string) {
	if g.Selected == s {
		return
	}
	g.Selected = s
	g.Refresh()
	if g.OnChanged != nil {
		g.OnChanged(s)
	}
}

// Choices are the group's options as shown.
func (g *ChoiceGroup) Choices() []*Choice { return g.choices }

// Refresh shows Options and Selected.
func (g *ChoiceGroup) Refresh() {
	g.sync()
	g.BaseWidget.Refresh()
}

// sync makes a choice of each option, the one reading Selected chosen.
func (g *ChoiceGroup) sync() {
	for len(g.choices) < len(g.Options) {
		c := NewChoice("", nil)
		c.OnChanged = func(on bool) {
			if on {
				g.SetSelected(c.Text)
			} else if g.Selected == c.Text {
				g.SetSelected("")
			}
		}
		g.choices = append(g.choices, c)
	}
	g.choices = g.choices[:len(g.Options)]
	objs := make([]fyne.CanvasObject, len(g.choices))
	for i, c := range g.choices {
		on := g.Options[i] == g.Selected
		if c.Text != g.Options[i] || c.Selected != on {
			c.Text, c.Selected = g.Options[i], on
			c.Refresh()
		}
		objs[i] = c
	}
	g.box.Objects = objs
	g.box.Refresh()
}

// CreateRenderer shows the choices one under the other.
func (g *ChoiceGroup) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(g.box)
}
