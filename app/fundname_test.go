package app

import (
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/service"
)

// The fund is named in the language of the interface, on the login
// screen, in the window title and in the cabinet's and the workstation's
// header, and is renamed by a language switch.
func TestFundNameFollowsTheLanguage(t *testing.T) {
	h := newHarness(t, nil)
	names := map[string]string{"ru": service.DefaultFundName, "kk": service.DefaultFundNameKK, "en": service.DefaultFundNameEN}
	var subtitle, title string
	read := func() {
		h.with(func() { subtitle, title = h.a.Login().Subtitle.Text, h.a.Window().Title() })
	}
	read()
	if subtitle != names["ru"] || !strings.HasSuffix(title, " — "+names["ru"]) {
		t.Fatalf("ru: subtitle %q, title %q", subtitle, title)
	}
	for _, code := range []string{"kk", "en", "ru", "kk"} {
		h.tap(h.a.Login().Lang.Buttons[code])
		read()
		if subtitle != names[code] || !strings.HasSuffix(title, " — "+names[code]) {
			t.Errorf("%s: subtitle %q, title %q, want %q", code, subtitle, title, names[code])
		}
	}

	// Logged in in Kazakh: the cabinet's header; then in English.
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("not logged in: %q", statusOf(h))
	}
	header := func() (s string) {
		h.with(func() { s = h.a.Cabinet().FundName.Text })
		return s
	}
	if got := header(); got != names["kk"] {
		t.Errorf("cabinet header in kk: %q", got)
	}
	h.tap(h.a.Cabinet().Lang.Buttons["en"])
	if got := header(); got != names["en"] {
		t.Errorf("cabinet header in en: %q", got)
	}
	h.tap(h.a.Cabinet().Logout)
	h.a.WaitIdle()

	// The office workstation's header, in English, then in Russian.
	h.login(t, staffIIN, service.DemoStaffPassword)
	if h.a.staff.Staff() == nil {
		t.Fatalf("no workstation: %q", statusOf(h))
	}
	staffHeader := func() (s string) {
		h.with(func() { s = h.a.staff.Staff().FundName.Text })
		return s
	}
	if got := staffHeader(); got != names["en"] {
		t.Errorf("workstation header in en: %q", got)
	}
	h.tap(h.a.staff.Staff().Lang.Buttons["ru"])
	h.a.WaitIdle()
	if got := staffHeader(); got != names["ru"] {
		t.Errorf("workstation header in ru: %q", got)
	}
}
