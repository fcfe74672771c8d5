package app

import (
	"context"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// cabinetPages are the cabinet's pages that keep nothing between visits:
// home's refresh, statements and certificates (statements.go), the
// forecast (forecast.go), the booking (booking.go), ДПВ (dpv.go), the
// security page and its «Вход в два шага» (security.go, twofactor.go).
// Each page is a.page while shown; its answers are dropped once left
// (onPage). Applications and notifications keep state: appsCtl.
type cabinetPages struct {
	app   *App
	calls *caller
}

func (ct *cabinetPages) refreshHome() {
	a := ct.app
	h := a.home
	h.SetBusy(true)
	var (
		me  api.Me
		acc api.Accounts
	)
	ct.calls.Call(func(err error) bool {
		// An expired session is left to sessionExpired.
		return a.home == h && !client.IsCode(err, api.CodeUnauthorized)
	}, func(_ context.Context, c *client.Client) (err error) {
		me, acc, err = a.signin.loadHome(c)
		return err
	}, func(err error) {
		h.SetBusy(false)
		if err != nil {
			screens.ShowError(lang.L(errorMessage(err).Key, errorMessage(err).Data), a.win)
			return
		}
		h.SetData(me, acc)
	})
}
