package lang

import (
	"testing"

	fynetr "fyne.io/fyne/v2/lang"
)

// TestApplyToFyneFollowsTheLanguage: Fyne's own dialog texts follow the
// app's language whatever the OS locale (German here, which Fyne has
// translations of, and English).
func TestApplyToFyneFollowsTheLanguage(t *testing.T) {
	t.Cleanup(func() { Set(Default); ApplyToFyne() })
	for _, osLocale := range []string{"de_DE.UTF-8", "en_US.UTF-8"} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", osLocale)
		t.Setenv("LC_MESSAGES", osLocale)
		t.Setenv("LANG", osLocale)
		for _, c := range []struct{ code, open, cancel, folder, name string }{
			{"ru", "Открыть", "Отмена", "Новая папка", "Имя"},
			{"kk", "Ашу", "Болдырмау", "Жаңа қалта", "Атауы"},
			{"en", "Open", "Cancel", "New Folder", "Name"},
		} {
			Set(c.code)
			if err := ApplyToFyne(); err != nil {
				t.Fatal(err)
			}
			if got := []string{fynetr.L("Open"), fynetr.L("Cancel"), fynetr.L("New Folder"), fynetr.X("file.name", "Name")}; got[0] != c.open ||
				got[1] != c.cancel || got[2] != c.folder || got[3] != c.name {
				t.Errorf("OS %s, app %s: Fyne says %q", osLocale, c.code, got)
			}
		}
		fyneApplied = "" // the next OS locale: apply again
	}
}
