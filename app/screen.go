package app

import (
	"math"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// The window's first size: preferredSize when the screen holds it, else
// the screen's usable area less room for the window's frame; with no
// screen known, fallbackSize, which fits an 800×600 screen. After that the
// window's size changes only when the user changes it.
var (
	preferredSize = fyne.NewSize(1100, 740)
	fallbackSize  = fyne.NewSize(780, 540)
	// frameRoom is kept free around the window for its title bar and
	// borders, drawn by the window manager outside the window's size.
	frameRoom = fyne.NewSize(16, 48)
)

// initialSize is the window's first size for a screen whose usable area,
// in Fyne units, is screen (ok false: unknown).
func initialSize(screen fyne.Size, ok bool) fyne.Size {
	if !ok || screen.Width <= 0 || screen.Height <= 0 {
		return fallbackSize
	}
	return fyne.NewSize(
		fyne.Min(preferredSize.Width, screen.Width-frameRoom.Width),
		fyne.Min(preferredSize.Height, screen.Height-frameRoom.Height))
}

// windowSize is the first size of another window (the outbox) that
// would be want: want where the screen holds it with room for the
// frame, else cut to the screen like the main window; with no screen
// known, cut to fallbackSize.
func windowSize(want, screen fyne.Size, ok bool) fyne.Size {
	room := initialSize(screen, ok)
	if ok && screen.Width > 0 && screen.Height > 0 {
		room = fyne.NewSize(screen.Width-frameRoom.Width, screen.Height-frameRoom.Height)
	}
	return fyne.NewSize(fyne.Min(want.Width, room.Width), fyne.Min(want.Height, room.Height))
}

// glfwScreen is the usable area (without panels) of the primary monitor
// in Fyne units, scaled as the GLFW driver will scale the window. It is
// called on the main goroutine after the first window was created (GLFW
// is initialised then) and before the window is shown.
func glfwScreen(fa fyne.App) (size fyne.Size, ok bool) {
	defer func() {
		if recover() != nil { // GLFW not initialised: no screen known
			size, ok = fyne.Size{}, false
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}, false
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		mode := m.GetVideoMode()
		if mode == nil {
			return fyne.Size{}, false
		}
		w, h = mode.Width, mode.Height
	}
	widthMm, _ := m.GetPhysicalSize()
	scale := windowScale(userScale(fa), widthMm, m.GetVideoMode().Width)
	return fyne.NewSize(float32(w)/scale, float32(h)/scale), true
}

// userScale is the scale the user asked for: FYNE_SCALE, else the app's
// setting, else 1 (as the GLFW driver reads it).
func userScale(fa fyne.App) float32 {
	if env := os.Getenv("FYNE_SCALE"); env != "" && env != "auto" {
		if s, err := strconv.ParseFloat(env, 32); err == nil && s > 0 {
			return float32(s)
		}
	}
	if s := fa.Settings().Scale(); s > 0 {
		return s
	}
	return 1
}

// windowScale is the GLFW driver's scale of a window on Linux and BSD:
// the user's scale times the monitor's, detected from its DPI (120 DPI
// is 1), rounded to a tenth.
func windowScale(user float32, widthMm, widthPx int) float32 {
	detected := float32(1)
	env := os.Getenv("FYNE_DISABLE_DPI_DETECTION")
	if !(strings.EqualFold(env, "true") || strings.EqualFold(env, "t") || env == "1") && widthMm > 0 {
		dpi := float32(widthPx) / (float32(widthMm) / 25.4)
		if dpi >= 10 && dpi <= 1000 && dpi/120 > 1 {
			detected = dpi / 120
		}
	}
	s := float32(math.Round(float64(user*detected*10)) / 10)
	if s <= 0 {
		return 1
	}
	return s
}
