package app

import (
	"testing"

	"github.com/kabinet-kz/kabinet/screens"
)

func TestSecurityShowsSignIns(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	if !h.a.LoggedIn() {
		t.Fatalf("not logged in: %q", statusOf(h))
	}
	h.tap(h.a.Cabinet().Menu[screens.ServiceSecurity])
	h.a.WaitIdle()
	var (
		p  *screens.Security
		ok bool
	)
	h.with(func() { p, ok = h.a.page.(*screens.Security) })
	if !ok {
		t.Fatalf("page %T", h.a.page)
	}
	h.with(func() {
		if h.a.Cabinet().Current() != screens.ServiceSecurity {
			t.Errorf("current page %q", h.a.Cabinet().Current())
		}
		evs := p.Events()
		if len(evs) == 0 || evs[0].Kind != "login_ok" || p.List.Length() != len(evs) {
			t.Fatalf("events %+v (list %d), status %q", evs, p.List.Length(), p.Status.Text)
		}
		row := p.RowTexts(0)
		if row[1] != "Успешный вход" || row[2] != "этот компьютер" || row[3] != "пароль" {
			t.Errorf("row 0 = %q", row)
		}
		if p.Status.Visible() {
			t.Errorf("error shown: %q", p.Status.Text)
		}
	})

	h.tap(p.Refresh)
	h.a.WaitIdle()
	h.with(func() {
		if len(p.Events()) == 0 || p.Events()[0].Kind != "login_ok" || p.Status.Visible() {
			t.Errorf("after refresh: %+v, status %q", p.Events(), p.Status.Text)
		}
	})
}
