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
// The scrolls are those of the window's content (or of the dialog on
// top, where the focus is while one is open) that hold obj's rectangle:
// Fyne gives no object its parent, and a widget's children are only
// known to its renderer. The innermost scroll moves first; the outer
// ones then bring the scrolled rectangle into their own view.
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
	var scrolls []*container.Scroll
	findScrolls(root, &scrolls)
	if len(scrolls) == 0 {
		return
	}
	pos := d.AbsolutePositionForObject(obj)
	size := obj.Size()
	margin := theme.Padding()
	for i := len(scrolls) - 1; i >= 0; i-- {
		s := scrolls[i]
		if s.Content == nil || s.Direction == container.ScrollNone {
			continue
		}
		at := d.AbsolutePositionForObject(s)
		view := s.Size()
		// The content's rectangle on the canvas: obj is in this scroll
		// if it lies within it.
		contentAt := at.Subtract(s.Offset)
		content := s.Content.Size()
		if !inside(pos, size, contentAt, content) {
			continue
		}
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

// inside tells whether the rectangle at pos of size lies within the one
// at at of size area (half a pixel of rounding allowed).
func inside(pos fyne.Position, size fyne.Size, at fyne.Position, area fyne.Size) bool {
	const slack = 0.5
	return pos.X >= at.X-slack && pos.Y >= at.Y-slack &&
		pos.X+size.Width <= at.X+area.Width+slack && pos.Y+size.Height <= at.Y+area.Height+slack
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

// findScrolls appends the scrolls shown in o, outer ones first. It goes
// down the containers and the Fyne widgets that hold others in a field
// (a scroll's content, a card's, a form's fields, the tab shown); other
// widgets keep their children to their renderer, and hold no page
// scroll.
func findScrolls(o fyne.CanvasObject, into *[]*container.Scroll) {
	if o == nil || !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			findScrolls(c, into)
		}
	case *container.Scroll:
		*into = append(*into, v)
		findScrolls(v.Content, into)
	case *widget.Card:
		findScrolls(v.Content, into)
	case *widget.Form:
		for _, it := range v.Items {
			findScrolls(it.Widget, into)
		}
	case *widget.PopUp:
		findScrolls(v.Content, into)
	case *container.ThemeOverride:
		findScrolls(v.Content, into)
	case *container.AppTabs:
		if t := v.Selected(); t != nil {
			findScrolls(t.Content, into)
		}
	case *container.Split:
		findScrolls(v.Leading, into)
		findScrolls(v.Trailing, into)
	}
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
