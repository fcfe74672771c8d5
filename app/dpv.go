package app

import (
	"context"
	"crypto/rand"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// showDPV opens «Перечислить ДПВ»: the order form and my orders. A form
// submitted again unchanged (a retry after an error) reuses its
// Idempotency-Key, so the service pays it once; a changed form gets a
// new key.
func (ct *cabinetPages) showDPV() {
	a := ct.app
	p := screens.NewDPV(a.tick.now())
	a.setPage(p)
	load := func() {
		var list api.DPVOrders
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			list, err = c.DPVOrders(ctx)
			return err
		}, func(err error) {
			if err != nil {
				m := errorMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.SetOrders(list.Orders)
		})
	}
	var key string
	var keyFor api.DPVOrderRequest
	p.OnSubmit = func(req api.DPVOrderRequest) {
		if key == "" || req != keyFor {
			key, keyFor = rand.Text(), req
		}
		k := key
		var o api.DPVOrder
		p.SetBusy(true)
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			o, err = c.DPVOrder(ctx, req, k)
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := dpvMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			key = "" // paid: the next order is a new one
			p.ClearForm()
			p.Tell(screens.Message{Key: "dpv.paid", Data: map[string]any{"Amount": screens.FormatMoney(o.Amount), "Receipt": o.Receipt}, Error: false})
			load()
		})
	}
	p.OnReceipt = func(o api.DPVOrder) {
		var pdf []byte
		language := lang.Current()
		p.SetBusy(true)
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			pdf, err = c.DPVReceipt(ctx, o.ID, language)
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			ct.saveFile("receipt-"+o.Receipt+".pdf", pdf, func(path string) {
				p.Tell(screens.Message{Key: "dpv.receipt.saved", Data: map[string]any{"Path": path}, Error: false})
			})
		})
	}
	a.cabinet.Show(screens.ServiceDPV, p.Content())
	load()
}

// dpvMessage maps a refusal of the DPV service to the user's message.
func dpvMessage(err error) message {
	p, ok := client.ProblemOf(err)
	if !ok {
		return errorMessage(err)
	}
	switch {
	case p.Code == api.CodeIdempotencyKey:
		return message{Key: "dpv.error.conflict"}
	case p.Code == api.CodeValidation && p.Reason == api.ReasonDPVAmount:
		return message{Key: "dpv.error.amount"}
	case p.Code == api.CodeValidation && p.Reason == api.ReasonDPVPeriod:
		return message{Key: "dpv.error.period"}
	}
	return errorMessage(err)
}
