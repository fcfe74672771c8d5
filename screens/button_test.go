package screens

import (
	"go/ast"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// press presses key in what has the canvas's focus, as the driver does
// with a key typed in the window.
func press(t *testing.T, c fyne.Canvas, key fyne.KeyName) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatalf("%s pressed with nothing focused", key)
	}
	f.TypedKey(&fyne.KeyEvent{Name: key})
}

// tabTo presses Tab from the canvas's focus until target has it.
func tabTo(t *testing.T, c fyne.Canvas, target fyne.Focusable) {
	t.Helper()
	for i := 0; i < 40; i++ {
		if c.Focused() == target {
			return
		}
		c.FocusNext()
	}
	t.Fatalf("Tab never reaches the %T", target)
}

func TestButtonKeys(t *testing.T) {
	test.NewTempApp(t)
	var taps int
	b := NewButton("OK", func() { taps++ })
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace} {
		before := taps
		b.TypedKey(&fyne.KeyEvent{Name: k})
		if taps != before+1 {
			t.Errorf("%s pressed the button %d times", k, taps-before)
		}
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyA})
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if taps != 3 {
		t.Errorf("A and Tab pressed the button (%d taps)", taps)
	}
	b.Disable()
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace} {
		b.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if taps != 3 {
		t.Errorf("keys pressed a disabled button (%d taps)", taps)
	}
	nilTap := NewButtonWithIcon("", nil, nil)
	nilTap.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // no handler: nothing, no panic
}

// TestLoginButtonByKeyboard: the IIN, Tab to «Войти», Enter logs in, as
// the keypad's Enter does; a disabled «Войти» does nothing.
func TestLoginButtonByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	l := NewLogin()
	cv := show(t, l.Content())
	var logins []string
	l.OnLogin = func(iin, pw string, _, _ bool) { logins = append(logins, iin+"/"+pw) }
	test.Type(l.IIN, "880415300157")
	test.Type(l.Password, "secret-pass")
	cv.Focus(l.IIN)
	tabTo(t, cv, l.LoginButton)
	press(t, cv, fyne.KeyReturn)
	press(t, cv, fyne.KeyEnter)
	if want := []string{"880415300157/secret-pass", "880415300157/secret-pass"}; !slices.Equal(logins, want) {
		t.Fatalf("Return and Enter on «Войти» logged in %v, want %v", logins, want)
	}
	// Focused, then disabled (a call runs): Enter does nothing.
	l.LoginButton.Disable()
	press(t, cv, fyne.KeyReturn)
	press(t, cv, fyne.KeyEnter)
	if len(logins) != 2 {
		t.Errorf("Enter on a disabled «Войти» logged in: %v", logins)
	}
	// «Зарегистрироваться» too.
	var regs int
	l.OnRegister = func() { regs++ }
	l.LoginButton.Enable()
	tabTo(t, cv, l.Register)
	press(t, cv, fyne.KeyReturn)
	if regs != 1 {
		t.Errorf("Return on «Зарегистрироваться» opened it %d times", regs)
	}
}

// TestDialogButtonsByKeyboard: Tab into a dialog, Enter on its buttons.
func TestDialogButtonsByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("page"))
	w.Resize(fyne.NewSize(800, 600))
	cv := w.Canvas()
	var answers []bool
	confirm := func(key fyne.KeyName, text string) {
		t.Helper()
		d := NewConfirmDialog("Вопрос", "Да", "Нет", widget.NewLabel("?"), func(yes bool) { answers = append(answers, yes) }, w)
		d.Show()
		cv.FocusNext()
		tabTo(t, cv, dialogButton(t, cv, text))
		press(t, cv, key)
		if cv.Overlays().Top() != nil {
			t.Errorf("%s on «%s» left the dialog open", key, text)
		}
	}
	confirm(fyne.KeyReturn, "Да")
	confirm(fyne.KeyEnter, "Нет")
	confirm(fyne.KeyEnter, "Да")
	if want := []bool{true, false, true}; !slices.Equal(answers, want) {
		t.Errorf("answers %v, want %v", answers, want)
	}

	closed := 0
	d := NewMessageDialog("Сообщение", "ОК", widget.NewLabel("!"), w)
	d.SetOnClosed(func() { closed++ })
	d.Show()
	cv.FocusNext()
	tabTo(t, cv, dialogButton(t, cv, "ОК"))
	press(t, cv, fyne.KeyReturn)
	if closed != 1 || cv.Overlays().Top() != nil {
		t.Errorf("Return on «ОК»: closed %d times, dialog open %v", closed, cv.Overlays().Top() != nil)
	}
}

// dialogButton is the button labelled text in the top overlay.
func dialogButton(t *testing.T, c fyne.Canvas, text string) *Button {
	t.Helper()
	var found *Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *Button:
			if v.Text == text {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	if top := c.Overlays().Top(); top != nil {
		walk(top)
	}
	if found == nil {
		t.Fatalf("no button «%s» in the dialog", text)
	}
	return found
}

// TestButtonsAnswerEnter fails if code of the app (app/ and screens/,
// tests aside) makes a Fyne button that does not answer Enter: a
// widget.Button made directly, or a Fyne dialog that makes its own
// buttons. Buttons are made with NewButton / NewButtonWithIcon, dialogs
// with NewMessageDialog / NewConfirmDialog / ShowQuestion.
func TestButtonsAnswerEnter(t *testing.T) {
	banned := map[string]map[string]bool{
		"fyne.io/fyne/v2/widget": {"NewButton": true, "NewButtonWithIcon": true, "Button": true},
		"fyne.io/fyne/v2/dialog": {
			"NewCustom": true, "ShowCustom": true, "NewCustomConfirm": true, "ShowCustomConfirm": true,
			"NewConfirm": true, "ShowConfirm": true, "NewInformation": true, "ShowInformation": true,
			"NewError": true, "ShowError": true, "NewForm": true, "ShowForm": true,
			"NewEntryDialog": true, "ShowEntryDialog": true,
		},
	}
	fset, sources := uiSources(t)
	uses := 0
	for _, src := range sources {
		path, f := src.path, src.file
		// The names the file gives the two packages.
		names := map[string]string{}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if banned[p] == nil {
				continue
			}
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			names[name] = p
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || names[id.Name] == "" {
				return true
			}
			if names[id.Name] == "fyne.io/fyne/v2/widget" && strings.HasPrefix(sel.Sel.Name, "Button") {
				uses++ // widget.ButtonIconTrailingText etc.: checked to be seen
			}
			if !banned[names[id.Name]][sel.Sel.Name] {
				return true
			}
			// The one widget.Button: the one Button embeds.
			if filepath.Base(path) == "button.go" && filepath.Dir(path) == "." && sel.Sel.Name == "Button" {
				return true
			}
			t.Errorf("%s: %s.%s is a Fyne button that ignores Enter; use screens.%s", fset.Position(sel.Pos()), id.Name, sel.Sel.Name, instead(sel.Sel.Name))
			return true
		})
	}
	if uses == 0 {
		t.Error("no widget.Button… name seen at all: the check looks at nothing")
	}
}

func instead(name string) string {
	switch {
	case strings.Contains(name, "Button"):
		return "NewButton / NewButtonWithIcon"
	case strings.Contains(name, "Confirm"):
		return "NewConfirmDialog or ShowQuestion"
	default:
		return "NewMessageDialog"
	}
}
