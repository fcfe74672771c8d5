package app

import (
	"errors"
	"sync"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
)

// connCtl is the connection to the service: which one (the bundled one
// or a fund's, server.go), its client once connected, what it said about
// itself, and the connection settings dialog. The client is read from
// any goroutine: mu guards it.
type connCtl struct {
	app   *App
	calls *caller

	mu      sync.Mutex
	cl      *client.Client // nil until connected
	info    api.Info
	used    Server // the service chosen at the last connection (server.go)
	connGen int    // bumped by reconnect: older connections' results are dropped
}

// errSuperseded: the server was changed while a connection to the one
// before was on its way; its result is dropped (server.go).
var errSuperseded = errors.New("app: the server changed during the connection")

func (ct *connCtl) clientOrNil() *client.Client {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.cl
}

// ensureClient returns the connected client, connecting first if needed.
// Runs off the UI goroutine.
func (ct *connCtl) ensureClient() (*client.Client, error) {
	if c := ct.clientOrNil(); c != nil {
		return c, nil
	}
	c, err := ct.connect()
	if errors.Is(err, errSuperseded) {
		return ct.connect() // to the server chosen meanwhile
	}
	return c, err
}

func (ct *connCtl) connect() (*client.Client, error) {
	a := ct.app
	ctx, cancel := ct.calls.Ctx()
	defer cancel()
	ct.mu.Lock()
	gen := ct.connGen
	ct.mu.Unlock()
	c, info, used, err := a.conn.connectService(ctx)
	ct.mu.Lock()
	if ct.connGen != gen {
		ct.mu.Unlock()
		return nil, errSuperseded
	}
	ct.used = used
	if err != nil {
		ct.mu.Unlock()
		return nil, err
	}
	if ct.cl != nil {
		c = ct.cl // another call connected first
	} else {
		c.OnUnauthorized(func() { a.do(a.sessionExpired) })
		ct.cl, ct.info = c, info
	}
	ct.mu.Unlock()
	a.do(func() { a.conn.applyInfo(info) })
	return c, nil
}

// startConnect connects in the background and reports a failure on the
// login screen with a retry button.
func (ct *connCtl) startConnect() { ct.calls.Go(ct.connectOrTell) }

// connectOrTell connects, telling a failure on the login screen.
func (ct *connCtl) connectOrTell() {
	a := ct.app
	if _, err := ct.connect(); err != nil && !errors.Is(err, errSuperseded) {
		a.log.Warn("service not reachable", "err", err)
		m := errorMessage(err)
		a.do(func() {
			if a.login != nil {
				a.login.Tell(screens.Message{Key: m.Key, Data: m.Data, Error: true, Retry: true})
			}
		})
	}
}

func (ct *connCtl) applyInfo(info api.Info) {
	a := ct.app
	screens.SetFundZone(info.TimeZone)
	a.applyTitle()
	if a.login != nil {
		a.login.SetFundName(ct.fundName())
		a.login.SetDemo(demoNote(info, ct.usedServer()))
		a.login.SetMessagesOff(info.MessagesOff)
		if info.HasFeature("outbox") {
			a.login.Outbox.Show()
		} else {
			a.login.Outbox.Hide()
		}
	}
}
