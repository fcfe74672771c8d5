package app

import (
	"testing"

	"github.com/kabinet-kz/kabinet/screens"
)

func TestDPVOrderPaidAndListed(t *testing.T) {
	h := newHarness(t, nil)
	h.login(t, demoIIN, demoPassword)
	h.tap(h.a.Cabinet().Menu[screens.ServiceDPV])
	h.a.WaitIdle()
	var (
		p  *screens.DPV
		ok bool
	)
	h.with(func() { p, ok = h.a.page.(*screens.DPV) })
	if !ok {
		t.Fatalf("page %T", h.a.page)
	}
	h.with(func() {
		if len(p.OrderList()) != 0 || p.Status.Visible() {
			t.Fatalf("orders %+v, status %q", p.OrderList(), p.Status.Text)
		}
		p.Amount.SetText("15 000")
	})
	h.tap(p.Submit)
	h.tap(p.Confirm) // the step naming the amount
	h.a.WaitIdle()
	h.a.WaitIdle()
	h.with(func() {
		orders := p.OrderList()
		if len(orders) != 1 || orders[0].Amount != 1_500_000 || orders[0].Period != p.SelectedPeriod() {
			t.Fatalf("orders %+v, status %q", orders, p.Status.Text)
		}
		if p.Amount.Text != "" || p.Status.Importance == 0 {
			t.Errorf("after paying: amount %q, status %q", p.Amount.Text, p.Status.Text)
		}
	})
}
