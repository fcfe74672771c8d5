package app

import (
	"context"
	"sync"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

// caller is the one way the app calls the service: the call runs off the
// UI goroutine with a connected client and a context bounded by
// Deps.CallTimeout, and its answer is handed back on the UI goroutine
// only if it is still wanted (the screen that asked is still shown).
//
//	a.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
//		x, err = c.Something(ctx)
//		return err
//	}, func(err error) { … show x or err on p … })
//
// Call is for what the user asked (it counts as activity for the idle
// logout and WaitIdle waits for it); Background for what a poller asks.
// CallValue is the same for a call whose answer is a value.
type caller struct {
	ctx     context.Context // the app's: cancelled by Close
	wg      *sync.WaitGroup // what WaitIdle waits for
	do      func(func())    // runs on the UI goroutine
	timeout time.Duration
	client  func() (*client.Client, error) // connects first if needed
	touch   func()                         // user activity (UI goroutine)
}

// work is what a call does off the UI goroutine.
type work func(ctx context.Context, c *client.Client) error

// wanted tells, on the UI goroutine, whether the answer (err is the
// call's error) is still wanted; nil means always.
type wanted func(err error) bool

// Go runs f off the UI goroutine, tracked for WaitIdle.
func (k *caller) Go(f func()) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		f()
	}()
}

// Ctx is the context of one call to the service made outside Call (a
// second call inside a work uses its own).
func (k *caller) Ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(k.ctx, k.timeout)
}

// Call runs w, then done on the UI goroutine if ok says the answer is
// still wanted. It is user activity, tracked for WaitIdle. Call it on the
// UI goroutine.
func (k *caller) Call(ok wanted, w work, done func(err error)) {
	k.touch()
	k.Go(func() { k.run(ok, w, done) })
}

// Background is Call for a call the user did not ask for, which a poller
// starts at any time (a periodic refresh). It does not count as activity,
// so it does not postpone the idle logout of a public workstation; and it
// is not tracked for WaitIdle, as a WaitGroup's Add from zero must not
// race its Wait. Its answer is dropped once the app is closed.
func (k *caller) Background(ok wanted, w work, done func(err error)) {
	go k.run(func(err error) bool {
		return k.ctx.Err() == nil && (ok == nil || ok(err))
	}, w, done)
}

// CallWith is Call for a call that brings its own client (the
// connection settings' test of a server not in use).
func (k *caller) CallWith(ok wanted, w func(ctx context.Context) error, done func(err error)) {
	k.touch()
	k.Go(func() {
		ctx, cancel := k.Ctx()
		err := w(ctx)
		cancel()
		k.answer(ok, err, done)
	})
}

func (k *caller) run(ok wanted, w work, done func(err error)) {
	c, err := k.client()
	if err == nil {
		ctx, cancel := k.Ctx()
		err = w(ctx, c)
		cancel()
	}
	k.answer(ok, err, done)
}

// answer hands err to done on the UI goroutine if it is still wanted.
func (k *caller) answer(ok wanted, err error, done func(err error)) {
	k.do(func() {
		if ok == nil || ok(err) {
			done(err)
		}
	})
}

// CallValue is Call for a call that answers with a value.
func CallValue[T any](k *caller, ok wanted, w func(ctx context.Context, c *client.Client) (T, error), done func(T, error)) {
	var v T
	k.Call(ok, func(ctx context.Context, c *client.Client) (err error) {
		v, err = w(ctx, c)
		return err
	}, func(err error) { done(v, err) })
}

// callFunc is caller.Call or caller.Background: how a loader shared by
// the user's taps and a poller calls the service.
type callFunc func(ok wanted, w work, done func(err error))

// onPage: the answer is wanted while p is the cabinet page shown; an
// expired session is left to sessionExpired.
func (a *App) onPage(p retranslator) wanted {
	return func(err error) bool {
		return a.page == p && !client.IsCode(err, api.CodeUnauthorized)
	}
}

// onScreen: the answer is wanted while s is the full-window screen shown
// (registration, reset, the second login step).
func (a *App) onScreen(s retranslator) wanted {
	return func(error) bool { return a.active == s }
}
