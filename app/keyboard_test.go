package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/screens"
)

// tabToButton presses Tab (UI lock held) until the button labelled text
// has the focus, and returns it.
func tabToButton(t *testing.T, c fyne.Canvas, text string) *screens.Button {
	t.Helper()
	for i := 0; i < 40; i++ {
		if b, ok := c.Focused().(*screens.Button); ok && b.Text == text {
			return b
		}
		c.FocusNext()
	}
	t.Fatalf("Tab never reaches «%s»", text)
	return nil
}

// key presses k in the focused widget, as the window does.
func key(c fyne.Canvas, k fyne.KeyName) { c.Focused().TypedKey(&fyne.KeyEvent{Name: k}) }

// TestIdleWarningByKeyboard: logged in by keyboard on a public
// workstation (Tab to «Войти», Return), the idle warning's «Продолжить
// работу» is pressed with Return and «Выйти» with the keypad's Enter.
func TestIdleWarningByKeyboard(t *testing.T) {
	h := newHarness(t, nil)
	cv := h.a.Window().Canvas()
	h.with(func() {
		l := h.a.Login()
		test.Tap(l.Public)
		cv.Focus(l.IIN)
		test.Type(l.IIN, demoIIN)
		cv.FocusNext()
		if cv.Focused() != l.Password {
			t.Fatalf("Tab from the IIN goes to a %T", cv.Focused())
		}
		test.Type(l.Password, demoPassword)
		tabToButton(t, cv, l.LoginButton.Text)
		key(cv, fyne.KeyReturn)
	})
	h.a.WaitIdle()
	h.with(func() {
		if !h.a.LoggedIn() {
			t.Fatalf("Return on «Войти»: not logged in, status %q", statusOf(h))
		}
	})
	warned := func() bool { return len(cv.Overlays().List()) == 1 }
	h.advance(4*time.Minute + 59*time.Second)
	waitFor(t, h, "the idle warning", warned)
	h.with(func() {
		cv.FocusNext()
		tabToButton(t, cv, "Продолжить работу")
		key(cv, fyne.KeyReturn)
		if cv.Overlays().Top() != nil {
			t.Error("Return on «Продолжить работу» left the warning open")
		}
	})
	h.a.WaitIdle()
	// The time counts again from «Продолжить работу»: warned again 4:59
	// after it, still logged in.
	h.advance(4*time.Minute + 59*time.Second)
	waitFor(t, h, "the second idle warning", warned)
	h.with(func() {
		if !h.a.LoggedIn() {
			t.Fatal("logged out although «Продолжить работу» was pressed")
		}
		cv.FocusNext()
		tabToButton(t, cv, "Выйти")
		key(cv, fyne.KeyEnter)
	})
	h.a.WaitIdle()
	h.with(func() {
		if h.a.LoggedIn() || h.a.Login() == nil {
			t.Error("Enter on «Выйти» did not log out")
		}
	})
}

// TestOfferOpenDialog: the «Файл сохранён» question has the app's
// buttons, «Закрыть» then «Открыть», and Return on «Закрыть» closes it.
func TestOfferOpenDialog(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	h.with(func() { h.a.pages.offerOpen("/tmp/справка.pdf") })
	buttons, texts := dialogWidgets(h)
	var names []string
	for _, b := range buttons {
		names = append(names, b.Text)
	}
	if !slices.Equal(names, []string{"Закрыть", "Открыть"}) {
		t.Errorf("buttons %q", names)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "/tmp/справка.pdf") || !strings.Contains(all, "Файл сохранён") {
		t.Errorf("dialog says %q", all)
	}
	cv := h.a.Window().Canvas()
	h.with(func() {
		cv.FocusNext()
		tabToButton(t, cv, "Закрыть")
		key(cv, fyne.KeyReturn)
		if cv.Overlays().Top() != nil {
			t.Error("Return on «Закрыть» left the dialog open")
		}
	})
}

// TestPublicFormsStartAtTheirFirstField: registration opens with the
// focus in the surname, password recovery in the IIN, or in the
// picture's answer when the login screen passed an IIN on (the first Tab
// used to land on «Назад»).
func TestPublicFormsStartAtTheirFirstField(t *testing.T) {
	h := newHarness(t, nil)
	cv := h.a.Window().Canvas()
	h.with(func() {
		h.a.Login().OnRegister()
		r := h.a.account.register
		if cv.Focused() != r.Surname {
			t.Errorf("registration opens with the focus on a %T, want the surname", cv.Focused())
		}
		h.a.backToLogin("", "", false)
		h.a.Login().OnForgot()
		if f := h.a.account.forgot; cv.Focused() != f.IIN {
			t.Errorf("recovery opens with the focus on a %T, want the IIN", cv.Focused())
		}
		h.a.backToLogin("", "", false)
		test.Type(h.a.Login().IIN, demoIIN)
		h.a.Login().OnForgot()
		if f := h.a.account.forgot; cv.Focused() != f.Answer || f.IIN.Text != demoIIN {
			t.Errorf("recovery with the IIN %q opens with the focus on a %T, want the answer", f.IIN.Text, cv.Focused())
		}
	})
}
