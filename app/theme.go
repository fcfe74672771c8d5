package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kabinetTheme is Fyne's default theme with the cabinet's colours: a calm
// teal for primary actions, always the light variant (forms and money
// figures read best on light backgrounds).
type kabinetTheme struct{}

// NewTheme returns Kabinet's theme.
func NewTheme() fyne.Theme { return kabinetTheme{} }

var (
	teal   = color.NRGBA{R: 0x0E, G: 0x7C, B: 0x7B, A: 0xFF}
	green  = color.NRGBA{R: 0x2E, G: 0x8B, B: 0x57, A: 0xFF}
	amber  = color.NRGBA{R: 0xE0, G: 0xA1, B: 0x1B, A: 0xFF}
	header = color.NRGBA{R: 0xF4, G: 0xF7, B: 0xF7, A: 0xFF}

	inputBorder = color.NRGBA{R: 0x5C, G: 0x66, B: 0x6E, A: 0xFF}
	focusColor  = color.NRGBA{R: 0x02, G: 0x20, B: 0x20, A: 0x66}
)

func (kabinetTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		if n == theme.ColorNameFocus {
			// Fyne blends this over a focused button: a dark teal, so
			// that the focus shows on the teal, green and red buttons
			// too (the teal itself left a focused «Войти» unchanged).
			return focusColor
		}
		return teal
	case theme.ColorNameSuccess:
		return green
	case theme.ColorNameWarning:
		return amber
	case theme.ColorNameBackground:
		return header
	case theme.ColorNameDisabled:
		// Secondary text (account numbers, dates) must stay readable.
		return color.NRGBA{R: 0x7A, G: 0x83, B: 0x8A, A: 0xFF}
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{R: 0x8A, G: 0x92, B: 0x99, A: 0xFF}
	case theme.ColorNameInputBorder:
		// The outline of entries, check boxes and radio buttons: darker
		// than Disabled, so that an enabled unticked box does not look
		// fainter than a disabled one, and at least 3:1 against the
		// background (WCAG 1.4.11 for control boundaries). Fyne's light
		// default (#e3e3e3-ish) is about 1.2:1.
		return inputBorder
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (kabinetTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (kabinetTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (kabinetTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }
