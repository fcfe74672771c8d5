package app

import (
	"sync/atomic"
	"time"
)

// tickers run the app's periodic work on Deps.Clock: a screen's
// one-second countdown (one at a time: startTicker/stopTicker) and the
// pollers' loops (everyTick).
type tickers struct {
	app      *App
	tickStop chan struct{}
	// ticks counts the ticks everyTick's loops handled, loops the loops
	// running: what tests wait on after advancing a fake Deps.Clock.
	ticks atomic.Int64
	loops atomic.Int32
}

// now is the client's clock (the countdowns); the service has its own.
func (ct *tickers) now() time.Time {
	a := ct.app
	return a.d.Clock.Now()
}

// startTicker calls f(now) on the UI goroutine every second until the
// screen changes.
func (ct *tickers) startTicker(f func(time.Time)) {
	a := ct.app
	ct.stopTicker()
	stop := make(chan struct{})
	ct.tickStop = stop
	t := a.d.Clock.NewTicker(time.Second) // before return, as in everyTick
	go func() {
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-a.ctx.Done():
				return
			case <-t.Chan():
				now := ct.now()
				a.do(func() {
					select {
					case <-stop:
					default:
						f(now)
					}
				})
			}
		}
	}()
}

func (ct *tickers) stopTicker() {
	if ct.tickStop != nil {
		close(ct.tickStop)
		ct.tickStop = nil
	}
}

// everyTick runs f on the UI goroutine at each tick of every until stop
// is closed or the app is. Not a.calls.Go: the loop lives as long as what
// it refreshes, WaitIdle must not wait for it.
func (ct *tickers) everyTick(every time.Duration, stop <-chan struct{}, f func()) {
	a := ct.app
	ct.loops.Add(1)
	// The ticker exists before everyTick returns: a clock advanced right
	// after (a test's fake clock) fires it, whenever the loop gets to run.
	t := a.d.Clock.NewTicker(every)
	go func() {
		defer ct.loops.Add(-1)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-a.ctx.Done():
				return
			case <-t.Chan():
				a.do(f)
				ct.ticks.Add(1)
			}
		}
	}()
}
