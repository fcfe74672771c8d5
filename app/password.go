package app

import (
	"context"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
)

// passwordPage is the cabinet's «Сменить пароль» page, and the page that
// sets a password after a login by EDS.
type passwordPage struct {
	app   *App
	calls *caller
}

func (ct *passwordPage) showChangePassword() {
	ct.showPasswordPage(false)
}

// showPasswordPage opens «Сменить пароль»; byEDS asks no current password
// (right after a login by EDS).
func (ct *passwordPage) showPasswordPage(byEDS bool) {
	a := ct.app
	p := screens.NewChangePassword()
	p.SetByEDS(byEDS)
	a.preloadPasswords()
	a.setPage(p)
	me := a.me
	p.NewPass.SetContext(contextFor(me.IIN, me.Surname, me.GivenName, me.Patronymic, "", ""))
	p.OnSave = func(current, pw, repeat string) {
		p.SetBusy(true)
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) error {
			return c.ChangePassword(ctx, api.ChangePasswordRequest{CurrentPassword: current, NewPassword: pw, NewPasswordRepeat: repeat})
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				if client.IsCode(err, api.CodeInvalidCredentials) {
					m = message{Key: "change.error.current"}
				}
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.Tell(screens.Note("change.done", nil))
		})
	}
	a.cabinet.Show(screens.ServicePassword, p.Content())
}
