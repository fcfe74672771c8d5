package app

import (
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// quitGrace is how long the window system has to stop once the app is
// asked to quit before quitGuard ends the process itself.
const quitGrace = 3 * time.Second

// quitGuard ends the process when Fyne does not return from its main
// loop after a quit. Fyne v2.7.1 can lose the function it queues on the
// way out (its stop hook, sent to the UI queue while that queue is being
// drained and closed), and then waits for it forever: the window is gone,
// the process stays, holding the bundled service's database
// (fyne-io/fyne#5748; the fix proposed upstream, PR #6442, is not
// released). Under Xvfb, 2 of about 400 starts stopped with SIGTERM at a
// random moment hung so. The guard does what Run does after the loop
// returns (end the session, close the bundled service) and exits.
type quitGuard struct {
	clock clockwork.Clock
	grace time.Duration
	// onHang runs when the loop has not returned grace after the quit.
	onHang func()

	stopOnce, retOnce  sync.Once
	stopping, returned chan struct{}
	// done is closed when the guard has finished watching; hung says
	// whether onHang ran.
	done chan struct{}
	hung bool
}

func newQuitGuard(clock clockwork.Clock, grace time.Duration, onHang func()) *quitGuard {
	g := &quitGuard{
		clock: clock, grace: grace, onHang: onHang,
		stopping: make(chan struct{}), returned: make(chan struct{}), done: make(chan struct{}),
	}
	go g.watch()
	return g
}

// Quitting says the app has been asked to quit (the window closed, a
// signal); it may be called more than once.
func (g *quitGuard) Quitting() { g.stopOnce.Do(func() { close(g.stopping) }) }

// Returned says the main loop returned: nothing left to guard.
func (g *quitGuard) Returned() { g.retOnce.Do(func() { close(g.returned) }) }

func (g *quitGuard) watch() {
	defer close(g.done)
	select {
	case <-g.stopping:
	case <-g.returned:
		return
	}
	select {
	case <-g.returned:
	case <-g.clock.After(g.grace):
		g.hung = true
		g.onHang()
	}
}
