package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kabinet-kz/kabinet/lang"
)

func newLoginForTest(t *testing.T) *Login {
	t.Helper()
	test.NewTempApp(t)
	lang.Set("ru")
	t.Cleanup(func() { lang.Set("ru") })
	l := NewLogin()
	w := test.NewTempWindow(t, l.Content())
	w.Resize(w.Content().MinSize())
	return l
}

func TestLoginIINHintWhileTyping(t *testing.T) {
	l := newLoginForTest(t)
	cases := []struct {
		typed, want string
	}{
		{"88041", "Осталось ввести цифр: 7"},
		{"88041a", "только цифры"},
		{"880415700157", "Седьмая цифра"},
		{"881315300157", "датой рождения"},
		{"880415300158", "контрольная цифра"},
		{"8804153001570", "12 цифр"},
		{"880415300157", "ИИН верный"},
	}
	for _, c := range cases {
		l.IIN.SetText("")
		test.Type(l.IIN, c.typed)
		if !l.IINHint.Visible() || !strings.Contains(l.IINHint.Text, c.want) {
			t.Errorf("typed %q: hint %q (visible %v), want it to contain %q", c.typed, l.IINHint.Text, l.IINHint.Visible(), c.want)
		}
	}
}

func TestLoginButtonNeedsValidIINAndPassword(t *testing.T) {
	l := newLoginForTest(t)
	var got []string
	l.OnLogin = func(iin, pw string, remember, public bool) {
		got = append(got, iin, pw)
		if !remember || public {
			t.Errorf("remember=%v public=%v", remember, public)
		}
	}
	if !l.LoginButton.Disabled() {
		t.Fatal("login enabled on an empty form")
	}
	test.Type(l.IIN, "880415300158")
	test.Type(l.Password, "secret-pass")
	if !l.LoginButton.Disabled() {
		t.Fatal("login enabled with a wrong IIN checksum")
	}
	test.Tap(l.LoginButton)
	if len(got) != 0 {
		t.Fatal("OnLogin called with an invalid IIN")
	}
	l.IIN.SetText("")
	test.Type(l.IIN, "880415300157")
	test.Tap(l.Remember)
	if l.LoginButton.Disabled() {
		t.Fatal("login disabled with a valid IIN and a password")
	}
	test.Tap(l.LoginButton)
	if len(got) != 2 || got[0] != "880415300157" || got[1] != "secret-pass" {
		t.Fatalf("OnLogin got %v", got)
	}
}

func TestLoginSubmitByEnter(t *testing.T) {
	l := newLoginForTest(t)
	called := 0
	l.OnLogin = func(string, string, bool, bool) { called++ }
	test.Type(l.IIN, "700303300418")
	test.Type(l.Password, "kabinet-demo-2026")
	l.Password.OnSubmitted(l.Password.Text)
	if called != 1 {
		t.Fatalf("Enter in the password field: OnLogin called %d times", called)
	}
	l.SetBusy(true)
	l.Password.OnSubmitted(l.Password.Text)
	if called != 1 {
		t.Fatal("OnLogin called while busy")
	}
	if !l.Progress.Visible() || !l.IIN.Disabled() {
		t.Fatal("busy state not shown")
	}
	l.SetBusy(false)
	if l.Progress.Visible() || l.IIN.Disabled() {
		t.Fatal("busy state not cleared")
	}
}

func TestLoginRememberAndPublicExclusive(t *testing.T) {
	l := newLoginForTest(t)
	var changes []bool
	l.OnRememberChanged = func(on bool) { changes = append(changes, on) }
	test.Tap(l.Remember)
	test.Tap(l.Public)
	if l.Remember.Checked || !l.Public.Checked {
		t.Fatalf("remember=%v public=%v", l.Remember.Checked, l.Public.Checked)
	}
	if !l.PublicNote.Visible() {
		t.Error("public note hidden")
	}
	if len(changes) != 2 || !changes[0] || changes[1] {
		t.Errorf("remember changes %v, want [true false]", changes)
	}
}

func TestLoginRememberUnavailable(t *testing.T) {
	l := newLoginForTest(t)
	l.Prefill("880415300157")
	l.SetRememberAvailable(false, "keyring.unavailable")
	if !l.Remember.Disabled() || l.Remember.Checked {
		t.Fatal("checkbox still usable")
	}
	if !l.RememberNote.Visible() || !strings.Contains(l.RememberNote.Text, "Хранилище") {
		t.Fatalf("note %q", l.RememberNote.Text)
	}
	lang.Set("en")
	l.Retranslate()
	if !strings.Contains(l.RememberNote.Text, "keyring") {
		t.Fatalf("note not translated: %q", l.RememberNote.Text)
	}
	l.SetBusy(true)
	l.SetBusy(false)
	if !l.Remember.Disabled() {
		t.Fatal("busy toggling re-enabled an unavailable checkbox")
	}
}

func TestLoginRetranslateKeepsInput(t *testing.T) {
	l := newLoginForTest(t)
	test.Type(l.IIN, "88041530015")
	test.Type(l.Password, "typed")
	l.Tell(Problem("error.invalid_credentials.left", map[string]any{"N": 3}))
	for _, c := range []struct{ code, title, status string }{
		{"kk", "ЖЕКЕ КАБИНЕТКЕ КІРУ", "Қалған әрекет саны: 3"},
		{"en", "SIGN IN TO THE PERSONAL CABINET", "Attempts left: 3"},
		{"ru", "ВХОД В ЛИЧНЫЙ КАБИНЕТ", "Осталось попыток: 3"},
	} {
		test.Tap(l.Lang.Buttons[c.code])
		lang.Set(c.code) // OnLanguage is wired by app; do its job here
		l.Retranslate()
		if l.Title.Text != c.title {
			t.Errorf("%s: title %q", c.code, l.Title.Text)
		}
		if !strings.Contains(l.Status.Text, c.status) {
			t.Errorf("%s: status %q", c.code, l.Status.Text)
		}
		if l.IIN.Text != "88041530015" || l.Password.Text != "typed" {
			t.Fatalf("%s: input lost", c.code)
		}
	}
}

func TestLangSwitchCallsBack(t *testing.T) {
	l := newLoginForTest(t)
	var got string
	l.OnLanguage = func(c string) { got = c }
	test.Tap(l.Lang.Buttons["kk"])
	if got != "kk" {
		t.Fatalf("got %q", got)
	}
	if LangLabel("kk") != "KZ" || l.Lang.Buttons["kk"].Text != "KZ" {
		t.Fatal("the Kazakh button must read KZ")
	}
}

func TestLoginMessagesOff(t *testing.T) {
	l := newLoginForTest(t)
	if l.Register.Hidden || l.Forgot.Hidden || !l.MessagesOff.Hidden {
		t.Fatal("registration hidden before SetMessagesOff")
	}
	l.SetMessagesOff(true)
	if !l.Register.Hidden || !l.Forgot.Hidden || l.MessagesOff.Hidden {
		t.Error("registration and recovery still offered with messages off")
	}
	if want := lang.L("login.messages_off"); l.MessagesOff.Text != want || want == "login.messages_off" {
		t.Errorf("note = %q", l.MessagesOff.Text)
	}
	lang.Set("kk")
	l.Retranslate()
	if l.MessagesOff.Text != lang.L("login.messages_off") || !strings.Contains(l.MessagesOff.Text, "ЭЦҚ") {
		t.Errorf("kk note = %q", l.MessagesOff.Text)
	}
	l.SetMessagesOff(false)
	if l.Register.Hidden || l.Forgot.Hidden || !l.MessagesOff.Hidden {
		t.Error("SetMessagesOff(false) did not bring registration back")
	}
}

// The login page at 800×600 is taller than the window, so its scroll bar
// is drawn at the right edge over the page: the language switch («RU»
// «KZ» «EN») and the EDS card ended under it. In ru, kk and en the page
// keeps the bar's width (as wide as when the pointer is on it) free on
// the right, the scroll bar shown or not.
func TestLoginClearOfScrollBar(t *testing.T) {
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			l := NewLogin()
			l.SetFundName("Demo Pension Fund")
			l.SetDemo("login.demo")
			l.SetRememberAvailable(false, "keyring.unavailable")
			l.SetMessagesOff(true)
			w := test.NewTempWindow(t, l.Content())
			w.Resize(fyne.NewSize(800, 600))
			w.Content().Refresh()
			scroll := l.Content().(*container.Scroll)
			if scroll.Content.Size().Height <= scroll.Size().Height {
				t.Fatalf("the page (%v high) does not scroll in %v", scroll.Content.Size().Height, scroll.Size())
			}
			d := fyne.CurrentApp().Driver()
			bar := d.AbsolutePositionForObject(scroll).X + scroll.Size().Width - theme.ScrollBarSize()
			objs := []fyne.CanvasObject{l.EDS, l.EDSText}
			for _, b := range l.Lang.Buttons {
				objs = append(objs, b)
			}
			for _, o := range objs {
				if right := d.AbsolutePositionForObject(o).X + o.Size().Width; right > bar {
					t.Errorf("%T ends at %v, under the scroll bar from %v", o, right, bar)
				}
			}
		})
	}
}
