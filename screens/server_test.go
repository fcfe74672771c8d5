package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

func TestServerSettingsKeepsTypedAddressAndResult(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	s := NewServerSettings("https://saved.example.kz")
	if s.URL.Text != "https://saved.example.kz" || s.ResultText() != "" || s.Override.Visible() {
		t.Fatalf("new screen: url %q, result %q, override %v", s.URL.Text, s.ResultText(), s.Override.Visible())
	}
	var tested, saved []string
	s.OnTest = func(u string) { tested = append(tested, u) }
	s.OnSave = func(u string) { saved = append(saved, u) }
	s.URL.SetText("")
	test.Type(s.URL, "https://fund.example.kz")
	test.Tap(s.Test)
	test.Tap(s.Save)
	if len(tested) != 1 || tested[0] != "https://fund.example.kz" || len(saved) != 1 || saved[0] != "https://fund.example.kz" {
		t.Errorf("tested %q, saved %q", tested, saved)
	}
	s.SetCurrent(lang.Lazy("server.source.demo"), true)
	s.Tell(Problem("server.error.empty", nil))
	if !s.Override.Visible() || s.Result.Importance != widget.DangerImportance || s.ResultText() != lang.L("server.error.empty") {
		t.Errorf("override %v, result %q (%v)", s.Override.Visible(), s.ResultText(), s.Result.Importance)
	}
	lang.Set("kk")
	s.Retranslate()
	if s.URL.Text != "https://fund.example.kz" || s.ResultText() != lang.L("server.error.empty") ||
		s.Current.Text != lang.L("server.current", map[string]any{"What": lang.L("server.source.demo")}) || s.Test.Text != "Қосылымды тексеру" {
		t.Errorf("kk: url %q, result %q, current %q, test %q", s.URL.Text, s.ResultText(), s.Current.Text, s.Test.Text)
	}
	test.Tap(s.Reset)
	if s.URL.Text != "" || len(saved) != 2 || saved[1] != "" {
		t.Errorf("reset: url %q, saved %q", s.URL.Text, saved)
	}
	s.Tell(Note("server.error.empty", nil))
	if s.Result.Importance != widget.SuccessImportance {
		t.Errorf("ok result importance %v", s.Result.Importance)
	}
}
