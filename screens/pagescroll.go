package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// newPageScroll is a page's scroll up and down. When its content gets
// shorter (a card hidden, a list emptied) it scrolls back up as far as
// needed: a page scrolled down stayed scrolled past its new end, its
// title cut off and blank space below.
func newPageScroll(content fyne.CanvasObject) *container.Scroll {
	s := container.NewVScroll(nil)
	s.Content = container.New(&clampOffset{scroll: s}, content)
	return s
}

// clampOffset lays out its one object over all its size and keeps its
// scroll's offset within the content's new height.
type clampOffset struct{ scroll *container.Scroll }

func (c *clampOffset) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (c *clampOffset) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.Position{})
	}
	most := fyne.Max(0, size.Height-c.scroll.Size().Height)
	if off := c.scroll.Offset; off.Y > most {
		c.scroll.ScrollToOffset(fyne.NewPos(off.X, most))
	}
}

// scrollToTop shows the top of a page that scrolls (a page shown anew
// starts at its top, not where it was left).
func scrollToTop(page fyne.CanvasObject) {
	if s, ok := page.(*container.Scroll); ok {
		s.ScrollToTop()
	}
}

// relayout lays a page out again at once, top down, twice: a text that
// wraps learns its height from the width the first pass gives it, and a
// label shown after being hidden (never laid out) is otherwise drawn at
// no size or over what follows it until the window is resized. A page in
// a scroll is then given the scroll's new content size, and a scroll left
// past the end of content that got shorter comes back to that end.
func relayout(page fyne.CanvasObject) {
	if s, ok := page.(*container.Scroll); ok {
		s.Content.Refresh()
		s.Content.Refresh()
		s.Refresh()
		most := fyne.Max(0, s.Content.Size().Height-s.Size().Height)
		if s.Offset.Y > most {
			s.ScrollToOffset(fyne.NewPos(s.Offset.X, most))
		}
		return
	}
	page.Refresh()
	page.Refresh()
}
