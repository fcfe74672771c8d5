package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The window's first size fits the screen it opens on (a window of
// 1100×740 on an 800×600 screen had its buttons off screen) and is the
// preferred one on a screen that holds it.
func TestInitialSizeFitsTheScreen(t *testing.T) {
	for _, c := range []struct {
		screen fyne.Size
		ok     bool
		want   fyne.Size
	}{
		{fyne.NewSize(800, 600), true, fyne.NewSize(784, 552)},
		{fyne.NewSize(800, 570), true, fyne.NewSize(784, 522)}, // a panel at the bottom
		{fyne.NewSize(1366, 768), true, fyne.NewSize(1100, 720)},
		{fyne.NewSize(1920, 1080), true, fyne.NewSize(1100, 740)},
		{fyne.NewSize(1366/1.5, 768/1.5), true, fyne.NewSize(1366/1.5-16, 768/1.5-48)}, // FYNE_SCALE=1.5
		{fyne.Size{}, false, fallbackSize},
		{fyne.Size{}, true, fallbackSize},
	} {
		if got := initialSize(c.screen, c.ok); got != c.want {
			t.Errorf("screen %v (%v): %v, want %v", c.screen, c.ok, got, c.want)
		}
	}
	if fallbackSize.Width > 800-frameRoom.Width || fallbackSize.Height > 600-frameRoom.Height {
		t.Errorf("fallback %v does not fit 800×600 with its frame", fallbackSize)
	}
}

// The scale is the GLFW driver's: user scale times the DPI's (120 DPI
// is 1, never below 1), rounded to a tenth.
func TestWindowScale(t *testing.T) {
	t.Setenv("FYNE_DISABLE_DPI_DETECTION", "")
	for _, c := range []struct {
		user        float32
		widthMm, px int
		want        float32
	}{
		{1, 203, 800, 1},      // Xvfb's 100 DPI
		{1.5, 203, 800, 1.5},  // FYNE_SCALE=1.5
		{1, 344, 1920, 1.2},   // a 15.6" full HD laptop: 141.8 DPI
		{1.5, 344, 1920, 1.8}, // 1.77 rounded
		{1, 0, 1920, 1},       // no physical size
	} {
		if got := windowScale(c.user, c.widthMm, c.px); got != c.want {
			t.Errorf("windowScale(%v, %d mm, %d px) = %v, want %v", c.user, c.widthMm, c.px, got, c.want)
		}
	}
	t.Setenv("FYNE_DISABLE_DPI_DETECTION", "1")
	if got := windowScale(1, 344, 1920); got != 1 {
		t.Errorf("DPI detection off: %v", got)
	}
}

// The app opens its window at the size that fits the screen Deps.Screen
// tells of, and at the fallback with none.
func TestWindowOpensToFitTheScreen(t *testing.T) {
	for _, c := range []struct {
		screen func() (fyne.Size, bool)
		want   fyne.Size
	}{
		{func() (fyne.Size, bool) { return fyne.NewSize(800, 600), true }, fyne.NewSize(784, 552)},
		{func() (fyne.Size, bool) { return fyne.NewSize(1920, 1080), true }, preferredSize},
		{nil, fallbackSize},
	} {
		fa := test.NewTempApp(t)
		a := New(Deps{FyneApp: fa, Language: "ru", Screen: c.screen, DeferStart: true})
		if got := a.Window().Canvas().Size(); got != c.want {
			t.Errorf("window %v, want %v", got, c.want)
		}
		a.Close()
		a.WaitIdle()
	}
}

// Another window (the outbox) opens at its size where the screen holds
// it and cut to the screen, less its frame, where not.
func TestWindowSizeFitsTheScreen(t *testing.T) {
	for _, c := range []struct {
		screen fyne.Size
		ok     bool
		want   fyne.Size
	}{
		{fyne.NewSize(800, 600), true, fyne.NewSize(560, 520)},
		{fyne.NewSize(1920, 1080), true, fyne.NewSize(560, 520)},
		{fyne.NewSize(800/1.5, 600/1.5), true, fyne.NewSize(800/1.5-16, 600/1.5-48)}, // FYNE_SCALE=1.5
		{fyne.Size{}, false, fyne.NewSize(560, 520)},
	} {
		if got := windowSize(outboxSize, c.screen, c.ok); got != c.want {
			t.Errorf("screen %v (%v): %v, want %v", c.screen, c.ok, got, c.want)
		}
	}
}

// The outbox window opens to fit the screen Deps.Screen tells of: on an
// 800×600 screen at FYNE_SCALE 1.5 it is cut to the screen less its
// frame, and its content asks for no more.
func TestOutboxOpensToFitTheScreen(t *testing.T) {
	screen := fyne.NewSize(800/1.5, 600/1.5)
	h := newHarness(t, func(d *Deps) {
		d.DeferStart = true
		d.Screen = func() (fyne.Size, bool) { return screen, true }
	})
	h.a.Start()
	h.a.WaitIdle()
	h.tap(h.a.Login().Outbox)
	h.a.WaitIdle()
	h.with(func() {
		w := h.a.demo.win
		if w == nil {
			t.Fatal("no outbox window")
		}
		want := fyne.NewSize(screen.Width-frameRoom.Width, screen.Height-frameRoom.Height)
		if got := w.Canvas().Size(); got != want {
			t.Errorf("outbox window %v, want %v", got, want)
		}
		if m := w.Content().MinSize(); m.Width > want.Width || m.Height > want.Height {
			t.Errorf("outbox content needs %v, more than %v", m, want)
		}
		w.Close()
	})
}
