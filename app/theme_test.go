package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The outline of entries, check boxes and radio buttons stands out from
// the background (WCAG 1.4.11: 3:1) and is darker than the disabled
// colour, so that an enabled unticked box never looks fainter than a
// disabled one.
func TestThemeControlOutlines(t *testing.T) {
	th := kabinetTheme{}
	border := th.Color(theme.ColorNameInputBorder, theme.VariantLight)
	bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
	inputBg := th.Color(theme.ColorNameInputBackground, theme.VariantLight)
	if c := contrast(border, bg); c < 3 {
		t.Errorf("input border against the background: %.2f:1", c)
	}
	if c := contrast(border, inputBg); c < 3 {
		t.Errorf("input border against the input background: %.2f:1", c)
	}
	if luminance(border) >= luminance(th.Color(theme.ColorNameDisabled, theme.VariantLight)) {
		t.Error("an enabled outline is not darker than a disabled one")
	}
	if c := contrast(th.Color(theme.ColorNameDisabled, theme.VariantLight), bg); c < 3 {
		t.Errorf("secondary (disabled-colour) text: %.2f:1", c)
	}
}

// Focus is visible: a focused button of every kind differs from the same
// button unfocused (Fyne blends the focus colour over its background),
// and so does a focused check box (a disc around its box): at least 200
// of its pixels by 1.6:1 or more.
func TestThemeFocusVisible(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(kabinetTheme{})
	probe := func(name string, o fyne.CanvasObject, f fyne.Focusable) {
		t.Helper()
		w := test.NewTempWindow(t, container.NewWithoutLayout(o))
		o.Resize(fyne.NewSize(120, 40))
		o.Move(fyne.NewPos(10, 10))
		w.Resize(fyne.NewSize(200, 80))
		before := w.Canvas().Capture()
		w.Canvas().Focus(f)
		after := w.Canvas().Capture()
		changed := 0
		for y := 10; y < 50; y++ {
			for x := 10; x < 130; x++ {
				if contrast(before.At(x, y), after.At(x, y)) >= 1.6 {
					changed++
				}
			}
		}
		if changed < 200 {
			t.Errorf("%s: %d pixels show the focus", name, changed)
		}
	}
	for name, imp := range map[string]widget.Importance{"medium": widget.MediumImportance, "high": widget.HighImportance,
		"danger": widget.DangerImportance, "success": widget.SuccessImportance, "low": widget.LowImportance} {
		b := widget.NewButton("Войти", nil)
		b.Importance = imp
		probe(name+" button", b, b)
	}
	c := widget.NewCheck("Запомнить меня", nil)
	probe("check box", c, c)
}
