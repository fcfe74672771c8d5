package app

import (
	"kabinet/api"
	"kabinet/client"
	"kabinet/screens"
)

// securityEventsLimit is the number of security events the page asks for.
const securityEventsLimit = 50

// showSecurity opens «История входов и безопасность»: the depositor's
// latest security events, newest first, loaded now and on «Обновить».
func (a *App) showSecurity() {
	p := screens.NewSecurity()
	a.page = p
	load := func() {
		a.touch()
		p.SetBusy(true)
		a.goAsync(func() {
			c, err := a.ensureClient()
			var evs api.SecurityEvents
			if err == nil {
				ctx, cancel := a.callCtx()
				evs, err = c.Events(ctx, securityEventsLimit)
				cancel()
			}
			a.do(func() {
				if a.page != p {
					return
				}
				p.SetBusy(false)
				if client.IsCode(err, api.CodeUnauthorized) {
					return // left to sessionExpired
				}
				if err != nil {
					m := errorMessage(err)
					p.ShowError(m.Key, m.Data)
					return
				}
				p.SetEvents(evs.Events)
			})
		})
	}
	p.OnRefresh = load
	a.cabinet.Show(screens.ServiceSecurity, p.Content())
	load()
}
