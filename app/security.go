package app

import (
	"context"
	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
)

// securityEventsLimit is the number of security events the page asks for.
const securityEventsLimit = 50

// showSecurity opens «История входов и безопасность»: the depositor's
// latest security events, newest first, loaded now and on «Обновить».
func (ct *cabinetPages) showSecurity() {
	a := ct.app
	p := screens.NewSecurity()
	a.setPage(p)
	load := func() {
		p.SetBusy(true)
		var evs api.SecurityEvents
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			evs, err = c.Events(ctx, securityEventsLimit)
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.SetEvents(evs.Events)
		})
	}
	p.OnRefresh = load
	a.cabinet.Show(screens.ServiceSecurity, p.Content())
	load()
	a.pages.wireTwoFactor(p, p.TwoFactor) // «Вход в два шага» (twofactor.go)
}
