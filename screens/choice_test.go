package screens

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// TestPaymentChoicesWrapWithinTheWindow: the payment form beside the
// cabinet's menu at 800×600 and 1366×768, in ru, kk and en: every
// choice's label wraps and ends inside the window (a RadioGroup's label
// ran off its right edge), no word is cut, and at 800×600 the longest
// takes more than one line.
func TestPaymentChoicesWrapWithinTheWindow(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range renderSizes {
			t.Run(code+"/"+fmtSize(size), func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				f := NewApplicationForm(ServicePayment)
				f.SetOptions(demoOptions())
				c := NewCabinet()
				c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
				c.Show(ServicePayment, f.Content())
				w := test.NewTempWindow(t, c.Content())
				w.Resize(size)
				w.Content().Refresh()
				if m := windowMin(c.Content()); m.Width > 800 {
					t.Errorf("needs %v wide, more than 800", m.Width)
				}
				oneLine := widget.NewLabel("x").MinSize().Height
				tallest := float32(0)
				for i, ch := range f.PaymentChoices {
					pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ch)
					if right := pos.X + ch.Size().Width; right > size.Width {
						t.Errorf("choice %d %q ends at %v, past the window's %v", i, ch.Text, right, size.Width)
					}
					labels := labelsIn(ch)
					if len(labels) != 1 || labels[0].Text != ch.Text {
						t.Fatalf("choice %d shows %d labels", i, len(labels))
					}
					readable(t, "choice", labels[0])
					tallest = max(tallest, ch.Size().Height)
				}
				if size.Width == 800 && tallest <= oneLine {
					t.Errorf("no choice wraps at 800 wide: the tallest is %v, one line %v", tallest, oneLine)
				}
			})
		}
	}
}

func fmtSize(s fyne.Size) string { return fmt.Sprintf("%vx%v", s.Width, s.Height) }

// TestPaymentChoicesByKeyboard: Tab reaches the open choice (the disabled
// ones are skipped), its focus shows, Space chooses it, Enter unchooses
// it, and a tap chooses it and unchooses the other one.
func TestPaymentChoicesByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	f := NewApplicationForm(ServicePayment)
	f.SetOptions(demoOptions()) // the first open, the other two not
	w := test.NewTempWindow(t, f.Content())
	w.Resize(fyne.NewSize(800, 600))
	cv := w.Canvas()
	first := f.PaymentChoices[0]
	for range 10 {
		if cv.Focused() == first {
			break
		}
		cv.FocusNext()
	}
	if cv.Focused() != first || !first.Focused() {
		t.Fatalf("Tab never reaches the open choice; focused %T", cv.Focused())
	}
	r := test.WidgetRenderer(first).(*choiceRenderer)
	if r.focus.FillColor == color.Transparent || r.focus.FillColor != theme.Color(theme.ColorNameFocus) {
		t.Errorf("focus not shown: %v", r.focus.FillColor)
	}
	test.FocusNext(cv)
	if cv.Focused() != f.IBAN {
		t.Errorf("Tab after the open choice goes to %T, not the IBAN (the disabled choices take no focus)", cv.Focused())
	}
	if r.focus.FillColor != color.Transparent {
		t.Errorf("focus still shown after Tab: %v", r.focus.FillColor)
	}
	cv.Focus(first)
	cv.Focused().TypedRune(' ')
	if o, ok := f.SelectedPayment(); !ok || o.Account != demoOptions().Payments[0].Account || !first.Selected {
		t.Fatalf("Space: chosen %+v %v", o, ok)
	}
	cv.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := f.SelectedPayment(); ok || first.Selected {
		t.Fatal("Enter on the chosen choice left it chosen")
	}
	cv.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if _, ok := f.SelectedPayment(); !ok {
		t.Fatal("Enter (keypad) did not choose")
	}
	// A disabled choice ignores taps and keys.
	closed := f.PaymentChoices[1]
	test.Tap(closed)
	closed.TypedRune(' ')
	if closed.Selected || !first.Selected {
		t.Fatalf("disabled choice: selected %v, the open one %v", closed.Selected, first.Selected)
	}
}

// TestChoicesUnchooseEachOther: of several open choices, choosing one
// unchooses the one chosen before.
func TestChoicesUnchooseEachOther(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	opts := demoOptions()
	for i := range opts.Payments {
		opts.Payments[i].Eligible = true
	}
	f := NewApplicationForm(ServicePayment)
	f.SetOptions(opts)
	test.NewTempWindow(t, f.Content())
	test.Tap(f.PaymentChoices[0])
	test.Tap(f.PaymentChoices[2])
	if o, ok := f.SelectedPayment(); !ok || o != opts.Payments[2] || f.PaymentChoices[0].Selected || !f.PaymentChoices[2].Selected {
		t.Fatalf("chosen %+v %v; first still selected %v", o, ok, f.PaymentChoices[0].Selected)
	}
	test.Tap(f.PaymentChoices[2])
	if _, ok := f.SelectedPayment(); ok {
		t.Fatal("a tap on the chosen one left it chosen")
	}
}

// TestTargetAndModeChoicesWrap: the application to cancel («№
// Z-20261123-000007 от 23.11.2026 (Подано) — АО «…», 40 %») and the
// portfolio's two modes, beside the cabinet's menu at 800×600 in ru, kk
// and en, wrap inside the window (the RadioGroup's label ran past it and
// made the page scroll sideways), and are chosen by Space and by a tap.
func TestTargetAndModeChoicesWrap(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			opts := demoOptions()
			opts.Managers[1].Name = "АО «Жетісу Демо Инвестициялық Капитал Басқарушы Компаниясы»"
			for _, service := range []string{ServiceCancelTransfer, ServicePortfolio} {
				f := NewApplicationForm(service)
				f.SetOptions(opts)
				c := NewCabinet()
				c.SetUser("Demo Pension Fund", "Сейтқали Бекзат")
				c.Show(service, f.Content())
				w := test.NewTempWindow(t, c.Content())
				w.Resize(fyne.NewSize(800, 600))
				w.Content().Refresh()
				if m := windowMin(c.Content()); m.Width > 800 {
					t.Errorf("%s needs %v wide, more than 800", service, m.Width)
				}
				g := f.Target
				if service == ServicePortfolio {
					g = f.Mode
				}
				if len(g.Choices()) == 0 {
					t.Fatalf("%s: no choices", service)
				}
				for i, ch := range g.Choices() {
					if ch.Text != g.Options[i] {
						t.Errorf("%s: choice %d reads %q, option %q", service, i, ch.Text, g.Options[i])
					}
					pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ch)
					if right := pos.X + ch.Size().Width; right > 800 {
						t.Errorf("%s: choice %q ends at %v, past the window's 800", service, ch.Text, right)
					}
					for _, l := range labelsIn(ch) {
						readable(t, service, l)
					}
				}
				last := g.Choices()[len(g.Choices())-1]
				w.Canvas().Focus(last)
				last.TypedRune(' ')
				if g.Selected != last.Text || !last.Selected {
					t.Errorf("%s: Space chose %q", service, g.Selected)
				}
				if service == ServiceCancelTransfer {
					if f.target != opts.Cancelable[0].ID || f.Next.Disabled() {
						t.Errorf("target %q, «Далее» disabled %v", f.target, f.Next.Disabled())
					}
					test.Tap(last)
					if g.Selected != "" || f.target != "" {
						t.Errorf("a tap on the chosen target left %q", g.Selected)
					}
				} else {
					if !f.nationalBank() || f.Manager.Visible() {
						t.Errorf("National Bank chosen by Space: %v, manager shown %v", f.nationalBank(), f.Manager.Visible())
					}
					test.Tap(g.Choices()[0])
					if f.nationalBank() || !f.Manager.Visible() || g.Choices()[1].Selected {
						t.Errorf("a private manager chosen by a tap: NB %v, manager shown %v", f.nationalBank(), f.Manager.Visible())
					}
				}
			}
		})
	}
}
