package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The screens are swapped in the window's one root, never by the
// window's SetContent: that sizes the window again from its size in Fyne
// units rounded up to pixels, and at FYNE_SCALE 1.5 the window grew by a
// pixel at each login and logout (1342 -> 1343 -> 1344 on a 1366×768
// screen). The keyboard focus of a screen that goes goes with it.
func TestScreensSwapInOneRoot(t *testing.T) {
	h := newHarness(t, nil)
	w := h.a.Window()
	root := w.Content()
	var iin, pw fyne.Focusable
	h.with(func() { iin, pw = h.a.Login().IIN, h.a.Login().Password })
	if w.Canvas().Focused() != iin {
		t.Fatalf("login: focus on %T, not the IIN", w.Canvas().Focused())
	}
	h.login(t, demoIIN, demoPassword) // typed: the password has the focus
	if !h.a.LoggedIn() {
		t.Fatalf("not logged in; status %q", statusOf(h))
	}
	h.with(func() {
		if w.Content() != root {
			t.Error("the window's content was replaced at login")
		}
		if f := w.Canvas().Focused(); f == iin || f == pw {
			t.Error("a field of the login keeps the keyboard in the cabinet")
		}
	})
	h.tap(h.a.Cabinet().Logout)
	h.a.WaitIdle()
	h.with(func() {
		if w.Content() != root {
			t.Error("the window's content was replaced at logout")
		}
		if l := h.a.Login(); l == nil || w.Canvas().Focused() != l.IIN {
			t.Errorf("after logout: focus on %T, not the new IIN", w.Canvas().Focused())
		}
	})
}
