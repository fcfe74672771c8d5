package app

import (
	"errors"
	"sync"
	"time"

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
	// pending counts the connections on their way; note is set once one
	// of them has taken preparingNoteAfter, until none is left: the login
	// screen then says the service is being prepared (showPreparing).
	pending int
	note    string // translation key; "" none
}

// preparingNoteAfter is how long a connection may take before the login
// screen says the service is being prepared: the bundled demo opens in
// milliseconds once its data exists, so the note shows on its first
// start (seconds of creating the demo data) or a slow server only.
const preparingNoteAfter = 250 * time.Millisecond

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
	ct.mu.Lock()
	gen := ct.connGen
	ct.mu.Unlock()
	defer ct.connecting()()
	c, info, used, err := a.conn.connectService()
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

// connecting counts a connection on its way (off the UI goroutine) and
// returns its end. Once one has taken preparingNoteAfter on Deps.Clock,
// the login screen says the service is being prepared until none is
// left; a login typed meanwhile waits for the connection (ensureClient).
func (ct *connCtl) connecting() (end func()) {
	a := ct.app
	ct.mu.Lock()
	ct.pending++
	ct.mu.Unlock()
	t := a.d.Clock.AfterFunc(preparingNoteAfter, func() {
		note := "login.preparing.remote"
		if ct.server().URL == "" { // reads the machine-wide file: not on the UI goroutine
			note = "login.preparing.demo"
		}
		ct.mu.Lock()
		if ct.pending > 0 {
			ct.note = note
		}
		ct.mu.Unlock()
		a.do(ct.showPreparing)
	})
	return func() {
		t.Stop()
		ct.mu.Lock()
		ct.pending--
		if ct.pending == 0 {
			ct.note = ""
		}
		ct.mu.Unlock()
		a.do(ct.showPreparing)
	}
}

// showPreparing shows or hides the login screen's note that the service
// is being prepared (UI goroutine).
func (ct *connCtl) showPreparing() {
	a := ct.app
	if a.login == nil {
		return
	}
	ct.mu.Lock()
	note := ct.note
	ct.mu.Unlock()
	a.login.SetPreparing(note)
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
