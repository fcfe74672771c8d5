package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2/theme"
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
