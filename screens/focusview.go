package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A widget that takes the focus — by Tab or Shift+Tab, or given it by
// the app — is scrolled into view: every scroll around it moves just
// enough for the widget to be seen whole (its top, if it is taller than
// the scroll). At 800x600 Tab went on to «О программе» below the login
// page's fold, or to the lower fields of a form, and the page stayed
// where it was: the focus could not be seen. Fyne tells the canvas of
// no focus change, but each focusable widget hears FocusGained, so the
// app's focusable widgets are the wrappers below (Entry, Check, Select,
// Table) or its own widgets (Button, List, Choice, MenuItem, DateField),
// each calling scrollIntoView. TestFocusablesScrollIntoView keeps new
// code from making Fyne's own.

// scrollIntoView moves the scrolls enclosing obj so that obj is seen.
// The scrolls are found on the way down from the window's content (or
// from the dialog on top, where the focus is while one is open) to obj:
// Fyne gives no object its parent. The innermost scroll moves first;
// the outer ones then bring the moved rectangle into their own view.
func scrollIntoView(obj fyne.CanvasObject) {
	app := fyne.CurrentApp()
	if app == nil || obj == nil || !obj.Visible() {
		return
	}
	d := app.Driver()
	c := d.CanvasForObject(obj)
	if c == nil {
		return
	}
	root := c.Content()
	if top := c.Overlays().Top(); top != nil {
		root = top
	}
	scrolls, found := scrollsTo(root, obj, nil)
	if !found || len(scrolls) == 0 {
		return
	}
	pos := d.AbsolutePositionForObject(obj)
	size := obj.Size()
	margin := theme.Padding()
	for i := len(scrolls) - 1; i >= 0; i-- {
		s := scrolls[i]
		if s.Direction == container.ScrollNone {
			continue
		}
		view := s.Size()
		// Where the content starts on the canvas.
		contentAt := d.AbsolutePositionForObject(s).Subtract(s.Offset)
		content := s.Content.Size()
		off := s.Offset
		if s.Direction != container.ScrollHorizontalOnly {
			off.Y = reveal(off.Y, pos.Y-contentAt.Y, size.Height, view.Height, content.Height, margin)
		}
		if s.Direction != container.ScrollVerticalOnly {
			off.X = reveal(off.X, pos.X-contentAt.X, size.Width, view.Width, content.Width, margin)
		}
		if off == s.Offset {
			continue
		}
		pos = pos.Subtract(off.Subtract(s.Offset))
		s.ScrollToOffset(off)
	}
}

// reveal is a scroll's new offset along one axis for a span starting at
// start of length long in content of length total seen through a view
// of length view: unchanged if the span is seen whole (its start and as
// much of it as the view holds, if it is longer), else moved the least
// that shows it with margin around it, within the content.
func reveal(off, start, long, view, total, margin float32) float32 {
	if view <= 0 {
		return off
	}
	long = fyne.Min(long, fyne.Max(0, view-2*margin))
	switch {
	case start < off:
		off = start - margin
	case start+long > off+view:
		off = start + long + margin - view
	default:
		return off
	}
	return fyne.Max(0, fyne.Min(off, total-view))
}

// scrollsTo finds obj in o and returns the scrolls on the way to it,
// outer ones first, after those of outer. It goes down the containers,
// the Fyne widgets that hold others in a field (a scroll's content, a
// card's, a form's fields, the tab shown, a pop-up's content) and the
// app's choice groups; other widgets keep their children to their
// renderer (a list's rows), and a widget in one is not scrolled to.
func scrollsTo(o, obj fyne.CanvasObject, outer []*container.Scroll) ([]*container.Scroll, bool) {
	if o == nil || !o.Visible() {
		return nil, false
	}
	if o == obj {
		return outer, true
	}
	var children []fyne.CanvasObject
	switch v := o.(type) {
	case *fyne.Container:
		children = v.Objects
	case *container.Scroll:
		if v.Content != nil {
			return scrollsTo(v.Content, obj, append(outer[:len(outer):len(outer)], v))
		}
	case *widget.Card:
		children = []fyne.CanvasObject{v.Content}
	case *widget.Form:
		for _, it := range v.Items {
			children = append(children, it.Widget)
		}
	case *widget.PopUp:
		children = []fyne.CanvasObject{v.Content}
	case *container.ThemeOverride:
		children = []fyne.CanvasObject{v.Content}
	case *container.AppTabs:
		if t := v.Selected(); t != nil {
			children = []fyne.CanvasObject{t.Content}
		}
	case *container.Split:
		children = []fyne.CanvasObject{v.Leading, v.Trailing}
	case *ChoiceGroup:
		for _, c := range v.Choices() {
			children = append(children, c)
		}
	}
	for _, c := range children {
		if path, ok := scrollsTo(c, obj, outer); ok {
			return path, true
		}
	}
	return nil, false
}

// Entry is a widget.Entry scrolled into view when it takes the focus.
type Entry struct {
	widget.Entry
}

// NewEntry makes an entry as widget.NewEntry does.
func NewEntry() *Entry {
	e := &Entry{widget.Entry{Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry makes an entry as widget.NewMultiLineEntry does.
func NewMultiLineEntry() *Entry {
	e := &Entry{widget.Entry{MultiLine: true, Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	e.ExtendBaseWidget(e)
	return e
}

// NewPasswordEntry makes an entry as widget.NewPasswordEntry does (the
// entry gives itself the eye that shows the password when first drawn).
func NewPasswordEntry() *Entry {
	e := &Entry{widget.Entry{Password: true, Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	e.ExtendBaseWidget(e)
	return e
}

// FocusGained shows the cursor and scrolls the entry into view.
func (e *Entry) FocusGained() {
	e.Entry.FocusGained()
	scrollIntoView(e)
}

// Check is a widget.Check scrolled into view when it takes the focus.
type Check struct {
	widget.Check
}

// NewCheck makes a check as widget.NewCheck does.
func NewCheck(label string, changed func(bool)) *Check {
	c := &Check{widget.Check{Text: label, OnChanged: changed}}
	c.ExtendBaseWidget(c)
	return c
}

// FocusGained shows the focus and scrolls the check into view.
func (c *Check) FocusGained() {
	c.Check.FocusGained()
	scrollIntoView(c)
}

// Select is a widget.Select scrolled into view when it takes the focus.
type Select struct {
	widget.Select
}

// NewSelect makes a select as widget.NewSelect does.
func NewSelect(options []string, changed func(string)) *Select {
	s := &Select{widget.Select{OnChanged: changed, Options: options, PlaceHolder: "(Select one)"}}
	s.ExtendBaseWidget(s)
	return s
}

// FocusGained shows the focus and scrolls the select into view.
func (s *Select) FocusGained() {
	s.Select.FocusGained()
	scrollIntoView(s)
}

// Table is a widget.Table scrolled into view when it takes the focus.
type Table struct {
	widget.Table
}

// NewTableWithHeaders makes a table as widget.NewTableWithHeaders does.
func NewTableWithHeaders(length func() (rows int, cols int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *Table {
	t := &Table{widget.Table{Length: length, CreateCell: create, UpdateCell: update, ShowHeaderRow: true, ShowHeaderColumn: true}}
	t.ExtendBaseWidget(t)
	return t
}

// FocusGained shows the focus and scrolls the table into view.
func (t *Table) FocusGained() {
	t.Table.FocusGained()
	scrollIntoView(t)
}
