package screens

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// scrollsAround is the chain of scrolls from root down to obj, found
// through the widgets' renderers (outer first); ok is false when obj is
// not under root.
func scrollsAround(root, obj fyne.CanvasObject) (chain []*container.Scroll, ok bool) {
	if root == obj {
		return nil, true
	}
	var children []fyne.CanvasObject
	switch v := root.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(v).Objects()
	}
	for _, c := range children {
		if c == nil || !c.Visible() {
			continue
		}
		if sub, found := scrollsAround(c, obj); found {
			if s, isScroll := root.(*container.Scroll); isScroll {
				sub = append([]*container.Scroll{s}, sub...)
			}
			return sub, true
		}
	}
	return nil, false
}

// focusSeen fails unless the focused widget lies whole within every
// scroll around it, and says whether any scroll was off its start.
func focusSeen(t *testing.T, cv fyne.Canvas, step string) (scrolled bool) {
	t.Helper()
	f := cv.Focused()
	if f == nil {
		t.Fatalf("%s: nothing focused", step)
	}
	obj := f.(fyne.CanvasObject)
	chain, ok := scrollsAround(cv.Content(), obj)
	if !ok {
		t.Fatalf("%s: the focused %T is not in the window", step, f)
	}
	d := fyne.CurrentApp().Driver()
	p, sz := d.AbsolutePositionForObject(obj), obj.Size()
	for _, s := range chain {
		at, view := d.AbsolutePositionForObject(s), s.Size()
		if p.X < at.X-0.5 || p.Y < at.Y-0.5 || p.X+sz.Width > at.X+view.Width+0.5 || p.Y+sz.Height > at.Y+view.Height+0.5 {
			t.Errorf("%s: the focused %T %s at %v size %v is not within its scroll at %v size %v (offset %v)",
				step, f, label(obj), p, sz, at, view, s.Offset)
		}
		if s.Offset != (fyne.Position{}) {
			scrolled = true
		}
	}
	return scrolled
}

func label(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *Button:
		return "«" + v.Text + "»"
	case *Check:
		return "«" + v.Text + "»"
	case *Entry:
		return "«" + v.PlaceHolder + "»"
	}
	return ""
}

// tabRound presses Tab from first until the focus comes back to it,
// (nil: the first widget Tab reaches), then Shift+Tab the same number of times, checking after each press
// that the focus is seen; it returns the stops and whether a scroll
// had to move on the way down and on the way back.
func tabRound(t *testing.T, cv fyne.Canvas, first fyne.Focusable) (stops int, down, up bool) {
	t.Helper()
	if first == nil {
		cv.FocusNext()
		first = cv.Focused()
	} else {
		cv.Focus(first)
	}
	focusSeen(t, cv, "start")
	for stops = 1; stops < 60; stops++ {
		cv.FocusNext()
		if cv.Focused() == first {
			break
		}
		if focusSeen(t, cv, fmt.Sprintf("Tab %d", stops)) {
			down = true
		}
	}
	if cv.Focused() != first {
		t.Fatalf("Tab never came back round to the %T", first)
	}
	for i := 1; i <= stops; i++ {
		cv.FocusPrevious()
		if focusSeen(t, cv, fmt.Sprintf("Shift+Tab %d", i)) && i < stops {
			up = true
		}
	}
	if cv.Focused() != first {
		t.Errorf("Shift+Tab %d times from the first stop ended on a %T", stops, cv.Focused())
	}
	return stops, down, up
}

// TestFocusScrolledIntoView: at 800x600, Tab through the login page,
// the registration (which fits) and the payment application in the cabinet (its
// menu, and the page in the shell's sideways scroll) and Shift+Tab back: each widget focused is seen
// whole, the page following the focus down and back up.
func TestFocusScrolledIntoView(t *testing.T) {
	test.NewTempApp(t)
	for _, code := range []string{"ru", "kk", "en"} {
		lang.Set(code)
		t.Run(code, func(t *testing.T) {
			// As on a desktop with no keyring, on the bundled service.
			l := NewLogin()
			l.SetDemo("login.demo")
			l.SetRememberAvailable(false, "keyring.unavailable")
			cv := show(t, l.Content())
			stops, down, up := tabRound(t, cv, l.IIN)
			if stops < 10 || !down || !up {
				t.Errorf("login: %d stops, scrolled down %v, back up %v", stops, down, up)
			}
			cv.Focus(l.About)
			if s := l.Content().(*container.Scroll); s.Offset.Y <= 0 {
				t.Errorf("«О программе» focused, the page is at %v", s.Offset)
			}

			// The registration fits at 800x600: Tab moves no scroll,
			// and each field is seen.
			r := NewRegister()
			cv = show(t, r.Content())
			if stops, down, up := tabRound(t, cv, r.Back); stops != 7 || down || up {
				t.Errorf("registration: %d stops, scrolled down %v, back up %v", stops, down, up)
			}

			// A page in the depositor's shell: its menu scrolls too.
			f := NewApplicationForm(ServicePayment)
			f.SetOptions(demoOptions())
			c := NewCabinet()
			c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
			c.Show(ServicePayment, f.Content())
			cv = show(t, c.Content())
			if stops, down, up := tabRound(t, cv, nil); stops < 12 || !down || !up {
				t.Errorf("application in the cabinet: %d stops, scrolled down %v, back up %v", stops, down, up)
			}
			// A widget outside the page, above it, takes the focus: the
			// page scrolled down to the IBAN stays (it followed «Выйти»
			// back up, the header lying where the content scrolled away;
			// a lower window, for the page to scroll further).
			w := test.NewTempWindow(t, c.Content())
			w.Resize(fyne.NewSize(800, 400))
			cv = w.Canvas()
			cv.Focus(f.IBAN)
			page := f.Content().(*container.Scroll)
			at := page.Offset
			if at.Y < 100 {
				t.Fatalf("the IBAN focused, the page is at %v", at)
			}
			focusSeen(t, cv, "the IBAN")
			cv.Focus(c.Logout)
			if page.Offset != at {
				t.Errorf("«Выйти» focused, the page moved from %v to %v", at, page.Offset)
			}
		})
	}
	lang.Set("ru")
}

// TestFocusScrolledSideways: a row wider than its scroll follows the
// focus right and back left, within the page's own scroll.
func TestFocusScrolledSideways(t *testing.T) {
	test.NewTempApp(t)
	row := container.NewHBox()
	var buttons []*Button
	for i := 0; i < 12; i++ {
		b := NewButton(fmt.Sprintf("Кнопка номер %d", i), nil)
		buttons = append(buttons, b)
		row.Add(b)
	}
	page := newPageScroll(container.NewVBox(widget.NewLabel("title"), row))
	cv := show(t, fitPage(page))
	stops, down, up := tabRound(t, cv, buttons[0])
	if stops != len(buttons) || !down || !up {
		t.Errorf("%d stops, scrolled right %v, back left %v", stops, down, up)
	}
	// Minimal moves: the last button is shown at the right edge, the
	// row not scrolled further than needed.
	cv.Focus(buttons[len(buttons)-1])
	outer := cv.Content().(*container.Scroll)
	want := outer.Content.Size().Width - outer.Size().Width
	if got := outer.Offset.X; got < want-1 || got > want+0.5 {
		t.Errorf("last button focused: offset %v, want the end %v", got, want)
	}
}

func TestReveal(t *testing.T) {
	for _, c := range []struct {
		off, start, long, want float32
	}{
		{0, 100, 40, 0},      // seen: no move
		{0, 380, 40, 24},     // below: its bottom at the view's, with 4 px
		{200, 100, 40, 96},   // above: its top at the view's, with 4 px
		{0, 500, 600, 496},   // taller than the view: its top shown
		{496, 500, 600, 496}, // its top already seen: no move
		{0, 960, 40, 600},    // near the end: no further than the end
		{100, 2, 40, 0},      // near the start: no further than 0
	} {
		if got := reveal(c.off, c.start, c.long, 400, 1000, 4); got != c.want {
			t.Errorf("reveal(off %v, start %v, long %v) = %v, want %v", c.off, c.start, c.long, got, c.want)
		}
	}
}

// TestFocusablesScrollIntoView fails if code of the app (app/ and
// screens/, tests aside) makes a Fyne focusable widget that would not
// scroll into view on taking the focus, by its constructor or as a
// struct literal: entries, checks, selects, tables and lists are made
// with this package's NewEntry, NewPasswordEntry, NewMultiLineEntry,
// NewCheck, NewSelect, NewTableWithHeaders and NewList (which embed
// them); a Fyne focusable the app does not use yet needs a wrapper
// first. (widget.RadioGroup is the exception: its choices are focused,
// not the group, and cannot be wrapped; the app's ChoiceGroup can.)
func TestFocusablesScrollIntoView(t *testing.T) {
	instead := map[string]string{
		"Entry": "NewEntry", "NewEntry": "NewEntry", "NewEntryWithData": "NewEntry",
		"NewPasswordEntry": "NewPasswordEntry", "NewMultiLineEntry": "NewMultiLineEntry",
		"Check": "NewCheck", "NewCheck": "NewCheck", "NewCheckWithData": "NewCheck",
		"Select": "NewSelect", "NewSelect": "NewSelect", "NewSelectWithData": "NewSelect",
		"Table": "NewTableWithHeaders", "NewTable": "NewTableWithHeaders", "NewTableWithHeaders": "NewTableWithHeaders",
		"NewTableWithData": "NewTableWithHeaders",
		"List":             "NewList", "NewList": "NewList", "NewListWithData": "NewList",
		"DateEntry": "NewDateField", "NewDateEntry": "NewDateField",
		"SelectEntry": "a wrapper", "NewSelectEntry": "a wrapper", "Slider": "a wrapper", "NewSlider": "a wrapper",
		"Hyperlink": "a wrapper", "NewHyperlink": "a wrapper", "NewHyperlinkWithStyle": "a wrapper",
		"Tree": "a wrapper", "NewTree": "a wrapper", "NewTreeWithStrings": "a wrapper",
		"GridWrap": "a wrapper", "NewGridWrap": "a wrapper", "CheckGroup": "a wrapper", "NewCheckGroup": "a wrapper",
	}
	fset, sources := uiSources(t)
	made := 0
	for _, src := range sources {
		path, f := src.path, src.file
		name := ""
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == "fyne.io/fyne/v2/widget" {
				name = "widget"
				if im.Name != nil {
					name = im.Name.Name
				}
			}
		}
		if name == "" {
			continue
		}
		// widget.X, the X of a call or of a struct literal.
		madeOf := func(e ast.Expr) (string, bool) {
			sel, ok := e.(*ast.SelectorExpr)
			if !ok {
				return "", false
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != name {
				return "", false
			}
			return sel.Sel.Name, true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var x string
			var ok bool
			switch v := n.(type) {
			case *ast.CallExpr:
				x, ok = madeOf(v.Fun)
			case *ast.CompositeLit:
				x, ok = madeOf(v.Type)
				// The wrappers make the widget they embed.
				if ok && filepath.Dir(path) == "." && filepath.Base(path) == "focusview.go" {
					return true
				}
			}
			if !ok {
				return true
			}
			made++
			if use, bad := instead[x]; bad {
				t.Errorf("%s: widget.%s takes the focus without scrolling into view; use screens.%s", fset.Position(n.Pos()), x, use)
			}
			return true
		})
	}
	if made < 50 {
		t.Errorf("only %d Fyne widgets seen made: the check looks at nothing", made)
	}
}
