package app

import (
	"testing"

	fynetr "fyne.io/fyne/v2/lang"
)

// TestFyneDialogsFollowTheLanguage: the app's language switch turns Fyne's
// own texts (its file dialogs' «Open», «Cancel»…) too.
func TestFyneDialogsFollowTheLanguage(t *testing.T) {
	h := newHarness(t, nil)
	t.Cleanup(func() { h.with(func() { h.a.SetLanguage("ru") }) })
	for _, c := range []struct{ code, open, save string }{
		{"kk", "Ашу", "Сақтау"}, {"en", "Open", "Save"}, {"ru", "Открыть", "Сохранить"},
	} {
		h.with(func() { h.a.SetLanguage(c.code) })
		if got := []string{fynetr.L("Open"), fynetr.L("Save")}; got[0] != c.open || got[1] != c.save {
			t.Errorf("%s: Fyne says %q", c.code, got)
		}
	}
}
