package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func TestSecurityShowsEvents(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	s := NewSecurity()
	w := test.NewTempWindow(t, s.Content())
	if s.Title.Text != "История входов и безопасность" || s.Advice.Text == "" || s.Refresh.Text != "Обновить" {
		t.Errorf("texts: %q %q %q", s.Title.Text, s.Advice.Text, s.Refresh.Text)
	}
	if got := [4]string{s.Columns[0].Text, s.Columns[1].Text, s.Columns[2].Text, s.Columns[3].Text}; got != [4]string{"Дата и время (UTC+5)", "Событие", "Откуда", "Способ входа"} {
		t.Errorf("column headings %q", got)
	}
	refreshed := 0
	s.OnRefresh = func() { refreshed++ }
	test.Tap(s.Refresh)
	if refreshed != 1 {
		t.Errorf("refresh tapped: %d", refreshed)
	}

	at := time.Date(2026, 11, 23, 9, 5, 0, 0, FundZone)
	s.SetEvents([]api.SecurityEvent{
		{At: at, Kind: "login_ok", Client: api.ClientInProcess, Detail: "password"},
		{At: at.Add(-time.Minute), Kind: "login_failed", Client: "10.0.0.7"},
		{At: at.Add(-time.Hour), Kind: "eds_login_ok", Client: "10.0.0.7", Detail: "CN=X"},
		{At: at.Add(-2 * time.Hour), Kind: "something_new", Client: ""},
	})
	if s.List.Length() != 4 || !s.Empty.Hidden {
		t.Fatalf("list length %d, empty shown %v", s.List.Length(), !s.Empty.Hidden)
	}
	want := [][4]string{
		{"23.11.2026 09:05", "Успешный вход", "этот компьютер", "пароль"},
		{"23.11.2026 09:04", "Неудачная попытка входа", "10.0.0.7", "пароль"},
		{"23.11.2026 08:05", "Успешный вход по ЭЦП", "10.0.0.7", "ЭЦП"},
		{"23.11.2026 07:05", "Событие «something_new»", "—", ""},
	}
	for i, row := range want {
		if got := s.RowTexts(i); got != row {
			t.Errorf("row %d = %q, want %q", i, got, row)
		}
	}
	w.Resize(w.Canvas().Size().AddWidthHeight(400, 300))
	s.List.ScrollToTop()

	lang.Set("en")
	s.Retranslate()
	if s.Title.Text != "Sign-in history and security" || s.Refresh.Text != "Refresh" {
		t.Errorf("en: %q %q", s.Title.Text, s.Refresh.Text)
	}
	if s.Columns[0].Text != "Date and time (UTC+5)" || s.Columns[3].Text != "Sign-in method" {
		t.Errorf("en headings %q %q", s.Columns[0].Text, s.Columns[3].Text)
	}
	if got := s.RowTexts(0); got[1] != "Successful sign-in" || got[2] != "this computer" || got[0] != "23 Nov 2026 09:05" {
		t.Errorf("en row 0 = %q", got)
	}

	s.Tell(Problem("error.unavailable", nil))
	if s.Status.Hidden || s.Status.Text == "" {
		t.Error("error not shown")
	}
	s.SetEvents(nil)
	if !s.Status.Hidden || s.Empty.Hidden || s.List.Length() != 0 {
		t.Errorf("after empty: status hidden %v, empty hidden %v", s.Status.Hidden, s.Empty.Hidden)
	}
}

// Every kind of event the service writes about applications and office
// work has its own text (not the «Событие "kind"» fallback).
func TestSecurityEventKindsOfApplicationsAndOffices(t *testing.T) {
	lang.Set("kk")
	defer lang.Set("ru")
	for _, k := range []string{"application_submitted", "contacts_confirmed", "contact_removed", "staff_contacts_confirmed", "staff_application_status"} {
		if got, fallback := EventKindText(k), lang.L("event.unknown", map[string]string{"Kind": k}); got == fallback || got == "" {
			t.Errorf("%s: %q", k, got)
		}
	}
	if !warningEvents["contact_removed"] {
		t.Error("a removed contact is not shown as a warning")
	}
}
