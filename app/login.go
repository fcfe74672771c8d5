package app

import (
	"context"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// loginCtl is the login by password: the remembered IIN in the keyring,
// the call, its second step (twofactor.go) and the opening of the
// session. The login screen itself is the App's (a.login): every flow
// returns to it.
type loginCtl struct {
	app   *App
	calls *caller
	// keyringOK: the keyring answered, «Запомнить ИИН» can be kept.
	keyringOK bool
}

// openedSession is what a login that opened a session (by password, or
// after its second step) brings to the cabinet.
type openedSession struct {
	me         api.Me
	acc        api.Accounts
	keyringErr error // the «Запомнить ИИН» choice could not be kept
}

// startKeyring reads the remembered IIN in the background.
func (ct *loginCtl) startKeyring() {
	if ct.app.d.Keyring != nil {
		ct.calls.Go(ct.readKeyring)
	}
}

// readKeyring reads the remembered IIN (off the UI goroutine).
func (ct *loginCtl) readKeyring() {
	a := ct.app
	kr := a.d.Keyring
	if kr == nil {
		return
	}
	iin, err := kr.RememberedIIN()
	a.do(func() {
		if err != nil {
			a.log.Warn("keyring unavailable", "err", err)
			ct.keyringOK = false
			if a.login != nil {
				a.login.SetRememberAvailable(false, "keyring.unavailable")
			}
			return
		}
		ct.keyringOK = true
		if iin != "" && a.login != nil && a.login.IIN.Text == "" {
			a.login.Prefill(iin)
		}
	})
}

// rememberChanged deletes the stored IIN as soon as «Запомнить ИИН» is
// unticked; ticking stores it after the next successful login.
func (ct *loginCtl) rememberChanged(on bool) {
	a := ct.app
	kr := a.d.Keyring
	if on || kr == nil || !ct.keyringOK {
		return
	}
	ct.calls.Go(func() {
		if err := kr.Forget(); err != nil {
			a.log.Warn("keyring forget failed", "err", err)
			a.do(func() {
				ct.keyringOK = false
				if a.login != nil {
					a.login.SetRememberAvailable(false, "keyring.unavailable")
				}
			})
		}
	})
}

// endAbandoned ends, off the UI goroutine, the service session of a login
// that succeeded after the user had left its screen (the window shows the
// login screen or another flow, so nobody uses that session).
func (ct *loginCtl) endAbandoned(c *client.Client, token string) {
	a := ct.app
	if c == nil || token == "" {
		return
	}
	ct.calls.Go(func() {
		ctx, cancel := ct.calls.Ctx()
		defer cancel()
		if err := c.EndSession(ctx, token); err != nil {
			a.log.Warn("ending an abandoned session failed", "code", client.Code(err))
		}
	})
}

// stillShown is the "still wanted?" of a login call whose screen is
// shown while shown() holds; a login that succeeded after the user left
// it has its session (the client and session the call filled in) ended.
func (ct *loginCtl) stillShown(shown func() bool, cl **client.Client, sess *api.Session) wanted {
	return func(err error) bool {
		if shown() {
			return true
		}
		if err == nil { // signed in, but the user left the screen
			ct.endAbandoned(*cl, sess.Token)
		}
		return false
	}
}

// doLogin runs the login off the UI goroutine.
func (ct *loginCtl) doLogin(iin, password string, remember, public bool) {
	a := ct.app
	l := a.login
	l.SetBusy(true)
	kr := a.d.Keyring
	keyringOK := ct.keyringOK
	var (
		sess   api.Session
		cl     *client.Client
		opened openedSession
	)
	ct.calls.Call(ct.stillShown(func() bool { return a.login == l }, &cl, &sess), func(ctx context.Context, c *client.Client) (err error) {
		cl = c
		if sess, err = c.Login(ctx, iin, password); err != nil {
			return err
		}
		opened, err = ct.openSession(c, kr, keyringOK, iin, remember, public)
		return err
	}, func(err error) {
		l.SetBusy(false)
		if ch, ok := client.AsSecondStep(err); ok {
			a.signin.showSecondStep(iin, ch, remember, public) // twofactor.go
			return
		}
		if err != nil {
			m := errorMessage(err)
			a.log.Info("login failed", "code", client.Code(err))
			if m.Retry {
				l.Tell(screens.Message{Key: m.Key, Data: m.Data, Error: true, Retry: true})
				l.OnRetry = func() {
					l.Tell(screens.Message{})
					ct.doLogin(l.IIN.Text, l.Password.Text, l.Remember.Checked, l.Public.Checked)
				}
			} else {
				l.Tell(screens.Problem(m.Key, m.Data))
				l.ClearPassword()
				a.win.Canvas().Focus(l.Password)
			}
			return
		}
		ct.enterCabinet(opened, public)
	})
}

// openSession, off the UI goroutine, loads the home page of the session
// just opened on c (logging it out when that fails) and keeps the
// «Запомнить ИИН» choice in the keyring kr (a public workstation
// remembers nothing).
func (ct *loginCtl) openSession(c *client.Client, kr Keyring, keyringOK bool, iin string, remember, public bool) (openedSession, error) {
	var o openedSession
	var err error
	if o.me, o.acc, err = ct.loadHome(c); err != nil {
		lctx, cancel := ct.calls.Ctx()
		_ = c.Logout(lctx)
		cancel()
		return o, err
	}
	if kr != nil && keyringOK {
		switch {
		case public:
		case remember:
			o.keyringErr = kr.RememberIIN(iin)
		default:
			o.keyringErr = kr.Forget()
		}
	}
	return o, nil
}

// enterCabinet shows the cabinet of a session openSession prepared.
func (ct *loginCtl) enterCabinet(o openedSession, public bool) {
	a := ct.app
	a.public = public
	a.showCabinet(o.me, o.acc)
	if o.keyringErr != nil {
		ct.keyringOK = false
		screens.ShowInfo(lang.L("keyring.title"), lang.L("keyring.unavailable"), a.win)
	}
}

func (ct *loginCtl) loadHome(c *client.Client) (api.Me, api.Accounts, error) {
	ctx, cancel := ct.calls.Ctx()
	defer cancel()
	me, err := c.Me(ctx)
	if err != nil {
		return me, api.Accounts{}, err
	}
	acc, err := c.Accounts(ctx)
	return me, acc, err
}
