package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func TestFormatMoney(t *testing.T) {
	defer lang.Set("ru")
	lang.Set("ru")
	cases := map[api.Money]string{
		0: "0,00\u00a0₸", 5: "0,05\u00a0₸", 123456789: "1\u00a0234\u00a0567,89\u00a0₸", -100000: "−1\u00a0000,00\u00a0₸",
	}
	for in, want := range cases {
		if got := FormatMoney(in); got != want {
			t.Errorf("FormatMoney(%d) = %q, want %q", in, got, want)
		}
	}
	lang.Set("en")
	if got := FormatMoney(123456789); got != "1,234,567.89\u00a0₸" {
		t.Errorf("en: %q", got)
	}
}

func TestHomeShowsPersonalInfoAndSavings(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	h := NewHome()
	test.NewTempWindow(t, h.Content())
	last := time.Date(2026, 11, 20, 9, 30, 0, 0, FundZone)
	me := api.Me{IIN: "880415300157", Surname: "Сейтқали", GivenName: "Бекзат", Patronymic: "Маратұлы",
		BirthDate: "1988-04-15", Sex: "male", PhoneMasked: "7701*****00", EmailMasked: "be*****@ma****", LastLoginAt: &last}
	acc := api.Accounts{AsOf: "2026-11-23", Total: 350000000, Accounts: []api.Account{
		{Type: "OPV", Number: "OPV-1", Balance: 300000000, LastContribution: &api.Contribution{Date: "2026-11-05", Amount: 4500000, EmployerName: "ТОО «Дала»", EmployerBIN: "050140000016"}},
		{Type: "DPV", Number: "DPV-1", Balance: 50000000},
	}}
	h.SetData(me, acc)
	if h.Name.Text != "Сейтқали Бекзат Маратұлы" || h.IIN.Text != "880415300157" || h.BirthDate.Text != "15.04.1988" {
		t.Errorf("personal: %q %q %q", h.Name.Text, h.IIN.Text, h.BirthDate.Text)
	}
	if h.Phone.Text != "7701*****00" || h.Email.Text != "be*****@ma****" {
		t.Errorf("contacts: %q %q", h.Phone.Text, h.Email.Text)
	}
	if h.Total.Text != "3\u00a0500\u00a0000,00\u00a0₸" {
		t.Errorf("total %q", h.Total.Text)
	}
	if len(h.Accounts.Objects) != 2 {
		t.Fatalf("%d account cards", len(h.Accounts.Objects))
	}
	texts := labels(h.Accounts.Objects[0].(*widget.Card).Content)
	joined := strings.Join(texts, "|")
	for _, want := range []string{"Обязательные пенсионные взносы (ОПВ)", "3\u00a0000\u00a0000,00\u00a0₸", "45\u00a0000,00", "05.11.2026", "ТОО «Дала», БИН 050140000016"} {
		if !strings.Contains(joined, want) {
			t.Errorf("OPV card %q lacks %q", joined, want)
		}
	}
	if !strings.Contains(strings.Join(labels(h.Accounts.Objects[1].(*widget.Card).Content), "|"), "Взносов пока не было") {
		t.Error("DPV card without contributions")
	}
	lang.Set("kk")
	h.Retranslate()
	if !strings.Contains(strings.Join(labels(h.Accounts.Objects[0].(*widget.Card).Content), "|"), "Міндетті зейнетақы жарналары (МЗЖ)") {
		t.Error("card not translated to kk")
	}
	if h.PersonalTitle.Text != "Жеке ақпарат" {
		t.Errorf("kk title %q", h.PersonalTitle.Text)
	}
}

func TestCabinetMenu(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	c := NewCabinet()
	test.NewTempWindow(t, c.Content())
	var opened []string
	c.OnService = func(id string) { opened = append(opened, id) }
	logout := 0
	c.OnLogout = func() { logout++ }
	test.Tap(c.Menu[ServiceStatements])
	test.Tap(c.Logout)
	if len(opened) != 1 || opened[0] != ServiceStatements || logout != 1 {
		t.Fatalf("opened %v logout %d", opened, logout)
	}
	for _, id := range Services {
		if strings.HasPrefix(c.Menu[id].Text, "service.") {
			t.Errorf("menu %s untranslated", id)
		}
	}
}

func labels(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch)
			}
		}
	}
	walk(o)
	return out
}
