package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
)

// TestDateFieldWritesDatesAsTheApp: a date picked or set shows as
// 02.12.2025, a date typed so is read, and one typed otherwise is not.
func TestDateFieldWritesDatesAsTheApp(t *testing.T) {
	test.NewTempApp(t)
	e := NewDateField()
	test.NewTempWindow(t, e)
	var got []*time.Time
	e.OnChanged = func(d *time.Time) { got = append(got, d) }
	d := time.Date(2025, time.December, 2, 0, 0, 0, 0, time.UTC)
	e.SetDate(&d)
	if e.Text != "02.12.2025" {
		t.Errorf("shown %q, want 02.12.2025", e.Text)
	}
	e.SetText("")
	test.Type(e, "05.03.2025")
	if e.Date == nil || !e.Date.Equal(time.Date(2025, time.March, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("typed 05.03.2025: date %v", e.Date)
	}
	e.SetText("03/05/2025")
	if e.Date != nil || e.Validate() == nil {
		t.Errorf("typed 03/05/2025: date %v, valid %v", e.Date, e.Validate() == nil)
	}
	if len(got) == 0 || got[len(got)-1] == nil {
		t.Errorf("OnChanged calls %v", got)
	}
}

// TestStrengthMeterSaysNothingWhenEmpty: the meter names no strength
// before anything is typed, «Слабый» for a weak password, and nothing
// again once the field is emptied.
func TestStrengthMeterSaysNothingWhenEmpty(t *testing.T) {
	test.NewTempApp(t)
	p := NewNewPassword()
	test.NewTempWindow(t, p.Content())
	if got := p.Meter.TextFormatter(); got != "" {
		t.Errorf("empty field: meter %q", got)
	}
	test.Type(p.Password, "a")
	if got := p.Meter.TextFormatter(); got != "Слабый" {
		t.Errorf("«a»: meter %q, want Слабый", got)
	}
	p.Password.SetText("")
	if got := p.Meter.TextFormatter(); got != "" {
		t.Errorf("emptied: meter %q", got)
	}
}

// TestPublicComputerNamesTheIdleLogout: ticking «Чужой компьютер» says
// after how many idle minutes the session ends, in every language.
func TestPublicComputerNamesTheIdleLogout(t *testing.T) {
	test.NewTempApp(t)
	for code, want := range map[string]string{"ru": "5 мин", "kk": "5 минут", "en": "5 minutes"} {
		lang.Set(code)
		l := NewLogin()
		test.Tap(l.Public)
		if !l.PublicNote.Visible() || !strings.Contains(l.PublicNote.Text, want) {
			t.Errorf("%s: note %q (visible %v), want %q in it", code, l.PublicNote.Text, l.PublicNote.Visible(), want)
		}
	}
	lang.Set("ru")
}

// labelTexts are the texts of the labels under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		out = append(out, x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	case *widget.Card:
		out = append(out, labelTexts(x.Content)...)
	case *container.Scroll:
		out = append(out, labelTexts(x.Content)...)
	}
	return out
}

// TestDPVCardNamesTheDepositorsIIN: a ДПВ contribution the depositor paid
// himself shows his ИИН, not a «БИН»; an employer's keeps its БИН.
func TestDPVCardNamesTheDepositorsIIN(t *testing.T) {
	test.NewTempApp(t)
	h := NewHome()
	me := renderMe()
	h.SetData(me, api.Accounts{AsOf: "2026-11-23", Accounts: []api.Account{
		{Type: "OPV", Number: "OPV-1", LastContribution: &api.Contribution{Date: "2026-11-05", Amount: 4500000, EmployerName: "ТОО «Дала»", EmployerBIN: "050140000016"}},
		{Type: "DPV", Number: "DPV-1", LastContribution: &api.Contribution{Date: "2026-11-06", Amount: 2500000, EmployerName: "Сейтқали Бекзат", EmployerBIN: me.IIN}},
	}})
	all := strings.Join(labelTexts(h.Content()), "\n")
	if !strings.Contains(all, "Сейтқали Бекзат, ИИН 880415300157") || strings.Contains(all, "БИН 880415300157") {
		t.Errorf("ДПВ payer line wrong in:\n%s", all)
	}
	if !strings.Contains(all, "ТОО «Дала», БИН 050140000016") {
		t.Errorf("employer line missing in:\n%s", all)
	}
}

// TestChartFollowsTheAccountFilter: with ОППВ chosen the chart draws
// ОППВ's balances and total only; with all accounts, every one.
func TestChartFollowsTheAccountFilter(t *testing.T) {
	test.NewTempApp(t)
	s := NewStatements(renderDay)
	test.NewTempWindow(t, s.Content())
	s.SetAccounts([]string{api.AccountOPV, api.AccountOPPV, api.AccountDPV})
	s.SetHistory(api.AccountsHistory{Points: []api.HistoryPoint{
		{Month: "2026-10", Balances: map[string]api.Money{api.AccountOPV: 100, api.AccountOPPV: 20, api.AccountDPV: 3}, Total: 123},
	}})
	s.Account.SetSelectedIndex(2) // «Все счета», ОПВ, ОППВ, ДПВ
	if s.Query().Account != api.AccountOPPV {
		t.Fatalf("account %q, want OPPV", s.Query().Account)
	}
	if p := s.Chart.Point(0); p.Total != 20 || len(p.Balances) != 1 || p.Balances[api.AccountOPPV] != 20 {
		t.Errorf("ОППВ chosen, chart point %+v", p)
	}
	s.Account.SetSelectedIndex(0)
	if p := s.Chart.Point(0); p.Total != 123 || len(p.Balances) != 3 {
		t.Errorf("all accounts, chart point %+v", p)
	}
}

// TestTimesInTheFundsZone: a moment shows in the fund's zone (UTC+5 by
// default, another when the service names it) on a computer set to
// another zone, as the service's PDFs and messages write it.
func TestTimesInTheFundsZone(t *testing.T) {
	oldLocal, oldFund := time.Local, FundZone
	time.Local = time.FixedZone("UTC-7", -7*60*60)
	t.Cleanup(func() { time.Local, FundZone = oldLocal, oldFund })
	lang.Set("ru")
	at := time.Date(2026, time.December, 2, 9, 21, 0, 0, time.UTC)
	if got := FormatTime(at, true); got != "02.12.2026 14:21" {
		t.Errorf("default zone: %q, want 02.12.2026 14:21", got)
	}
	if got := FormatDate("2026-12-02"); got != "02.12.2026" {
		t.Errorf("a date: %q", got)
	}
	if !SetFundZone("Asia/Almaty") || ZoneName(at) != "UTC+5" {
		t.Errorf("Asia/Almaty: zone %q", ZoneName(at))
	}
	if !SetFundZone("Europe/Berlin") {
		t.Fatal("Europe/Berlin not known")
	}
	if got := FormatTime(at, true); got != "02.12.2026 10:21" || ZoneName(at) != "UTC+1" {
		t.Errorf("Europe/Berlin: %q %q", got, ZoneName(at))
	}
	if SetFundZone("Mars/Olympus") || FundZone.String() != "Europe/Berlin" {
		t.Errorf("an unknown zone changed it to %v", FundZone)
	}
}

// TestEDSErrorGoesWithAnotherKey: what was said of a key («Сертификат
// отозван») is not left under another key's path.
func TestEDSErrorGoesWithAnotherKey(t *testing.T) {
	test.NewTempApp(t)
	s := NewEDSSign(eds.PurposeAuth)
	test.NewTempWindow(t, s.Content())
	s.SetFile("/keys/AUTH_RSA256_revoked.p12")
	s.Tell(Problem("eds.error.revoked", nil))
	if !s.Status.Visible() {
		t.Fatal("error not shown")
	}
	s.SetFile("/keys/AUTH_RSA256_valid.p12")
	if s.Status.Visible() {
		t.Errorf("%q still shown under another key", s.Status.Text)
	}
}

// TestEDSLoginShownOnce: an EDS login, recorded by the service as the
// session's login_ok and as eds_login_ok with the certificate, is one
// line of the history; a tapped row is shown whole under the list.
func TestEDSLoginShownOnce(t *testing.T) {
	test.NewTempApp(t)
	s := NewSecurity()
	test.NewTempWindow(t, s.Content())
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	s.SetEvents([]api.SecurityEvent{
		{At: at, Kind: "eds_login_ok", Client: "10.0.0.7", Detail: "CN=СЕЙТҚАЛИ БЕКЗАТ"},
		{At: at, Kind: "login_ok", Client: "10.0.0.7", Detail: "eds"},
		{At: at.Add(-time.Hour), Kind: "login_ok", Client: "10.0.0.7", Detail: "password"},
	})
	if n := len(s.Events()); n != 2 || s.Events()[0].Kind != "eds_login_ok" || s.Events()[1].Detail != "password" {
		t.Fatalf("events shown %+v", s.Events())
	}
	s.List.Select(0)
	if !s.Detail.Visible() || !strings.Contains(s.Detail.Text, "10.0.0.7") || !strings.Contains(s.Detail.Text, "14:30") {
		t.Errorf("detail %q (visible %v)", s.Detail.Text, s.Detail.Visible())
	}
}

// TestForecastHeadingsFit: each column of the forecast table is wide
// enough for its heading in ru, kk and en.
func TestForecastHeadingsFit(t *testing.T) {
	test.NewTempApp(t)
	for i, col := range forecastColumns {
		for _, code := range []string{"ru", "kk", "en"} {
			text := lang.In(code, "forecast.col."+col)
			need := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.Padding()
			if w := forecastColumnWidth(i); w < need {
				t.Errorf("%s: «%s» needs %v, column %v", code, text, need, w)
			}
		}
	}
}
