package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

func TestParseTenge(t *testing.T) {
	for in, want := range map[string]api.Money{
		"25 000": 2_500_000, "1234,5": 123_450, "99.99": 9_999, "10 000 000": 1_000_000_000, "0": 0, "7 ₸": 700,
	} {
		if got, ok := ParseTenge(in); !ok || got != want {
			t.Errorf("ParseTenge(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1,234", "-5", "1.2.3", ",5"} {
		if got, ok := ParseTenge(in); ok {
			t.Errorf("ParseTenge(%q) = %d, want refusal", in, got)
		}
	}
}

func TestDPVForm(t *testing.T) {
	test.NewTempApp(t)
	lang.Set("ru")
	defer lang.Set("ru")
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	d := NewDPV(now)
	test.NewTempWindow(t, d.Content())
	if d.Title.Text != "Перечислить ДПВ" || d.Submit.Text != "Перечислить" || d.Notice.Text == "" {
		t.Errorf("texts %q %q %q", d.Title.Text, d.Submit.Text, d.Notice.Text)
	}
	if p := d.SelectedPeriod(); p != "2026-02" {
		t.Errorf("default period %q, want the previous month", p)
	}
	if ps := DPVPeriods(now); len(ps) != 13 || ps[0] != "2026-03" || ps[12] != "2025-03" {
		t.Errorf("periods %v", ps)
	}
	var got []api.DPVOrderRequest
	d.OnSubmit = func(r api.DPVOrderRequest) { got = append(got, r) }
	test.Tap(d.Submit)
	if len(got) != 0 || d.Status.Hidden || d.Status.Text != lang.L("dpv.error.amount") {
		t.Fatalf("empty amount: %v %q", got, d.Status.Text)
	}
	test.Type(d.Amount, "10 000 001")
	test.Tap(d.Submit)
	if len(got) != 0 {
		t.Fatalf("too much accepted: %v", got)
	}
	if d.Status.Hidden {
		t.Fatal("no error for too much")
	}
	d.Amount.SetText("25 000,50")
	// A valid amount typed: the old error goes.
	if d.Status.Visible() {
		t.Errorf("stale error %q under a valid amount", d.Status.Text)
	}
	test.Tap(d.Submit)
	// Nothing is paid on one click: the confirmation names the amount.
	if len(got) != 0 || !d.Confirming() || d.ConfirmText.Text != "Перечислить 25\u00a0000,50\u00a0₸ на ваш счёт ДПВ (период: Февраль 2026)?" {
		t.Fatalf("after «Перечислить»: submitted %v, confirming %v %q", got, d.Confirming(), d.ConfirmText.Text)
	}
	test.Tap(d.Confirm)
	if len(got) != 1 || got[0] != (api.DPVOrderRequest{Amount: 2_500_050, Period: "2026-02"}) || d.Confirming() {
		t.Fatalf("submitted %v", got)
	}
	// Changing the amount after «Перечислить» drops the confirmation.
	test.Tap(d.Submit)
	d.Amount.SetText("30 000")
	if d.Confirming() {
		t.Error("confirmation of the old amount still shown")
	}

	var receipt api.DPVOrder
	d.OnReceipt = func(o api.DPVOrder) { receipt = o }
	o := api.DPVOrder{ID: "x1", Amount: 2_500_050, Period: "2026-02", Status: "paid",
		CreatedAt: time.Date(2026, 3, 10, 9, 5, 0, 0, FundZone), Receipt: "DPV-1"}
	d.SetOrders([]api.DPVOrder{o})
	if d.List.Length() != 1 || !d.Empty.Hidden {
		t.Fatalf("list %d", d.List.Length())
	}
	if r := d.RowTexts(0); r[0] != "10.03.2026 09:05" || r[2] != "№ DPV-1" {
		t.Errorf("row %q", r)
	}
	d.OnReceipt(o)
	if receipt.ID != "x1" {
		t.Errorf("receipt %+v", receipt)
	}

	lang.Set("en")
	d.Retranslate()
	if d.Submit.Text != "Pay" || d.SelectedPeriod() != "2026-02" || d.Period.Selected != "February 2026" {
		t.Errorf("en: %q %q %q", d.Submit.Text, d.SelectedPeriod(), d.Period.Selected)
	}
}
