package app

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/screens"
)

// callGate counts the calls of one GET path reaching the service, holds
// them while blocked, and records how many ran at once.
type callGate struct {
	path                       string
	calls, running, maxRunning atomic.Int32
	block                      atomic.Bool
	release                    chan struct{}
}

func (g *callGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == g.path {
			g.calls.Add(1)
			n := g.running.Add(1)
			defer g.running.Add(-1)
			for {
				m := g.maxRunning.Load()
				if n <= m || g.maxRunning.CompareAndSwap(m, n) {
					break
				}
			}
			if g.block.Load() {
				<-g.release
			}
		}
		next.ServeHTTP(w, r)
	})
}

// The outbox window reloads itself, but never while a load is still on
// its way: on a slow service, ticks and a tap on «Обновить» meanwhile
// send nothing; the reloads go on once the answer came, and stop when the
// window is closed.
func TestOutboxReloadsOneAtATime(t *testing.T) {
	const every = DefaultOutboxPoll
	g := &callGate{path: api.PathOutbox, release: make(chan struct{})}
	var h *harness
	h = newHarness(t, func(d *Deps) {
		d.DeferStart = true
		d.Connect = func(context.Context) (*client.Client, error) {
			return client.NewInProcess(g.wrap(h.svc.Handler())), nil
		}
	})
	defer func() {
		if g.block.Swap(false) {
			close(g.release)
		}
	}()
	h.a.Start()
	h.a.WaitIdle()
	l := h.a.Login()
	var shown bool
	h.with(func() { shown = l.Outbox.Visible() })
	if !shown {
		t.Fatal("no outbox button on the login screen of the demo service")
	}
	// A message to show: Dauren's registration code.
	if _, err := client.NewInProcess(h.svc.Handler()).Register(context.Background(), api.RegistrationRequest{
		Surname: "Омаров", GivenName: "Даурен", Patronymic: "Ерланович", IIN: "850721300125", Phone: "+77081112233",
	}); err != nil {
		t.Fatal(err)
	}

	// The service is slow from the first load on.
	g.block.Store(true)
	h.tap(l.Outbox)
	waitFor(t, h, "the window to load the outbox", func() bool { return g.running.Load() > 0 })
	for range 15 {
		h.tick(t, every)
	}
	var o *screens.Outbox
	h.with(func() { o = h.a.demo.screen })
	if o == nil {
		t.Fatal("no outbox window")
	}
	h.tap(o.Refresh)
	h.tick(t, every)
	if n, m := g.calls.Load(), g.maxRunning.Load(); n != 1 || m != 1 {
		t.Fatalf("%d outbox calls sent during a slow answer (15 ticks and a tap), %d at once; want 1", n, m)
	}

	// The answer comes: the reloads go on, one at a time.
	g.block.Store(false)
	close(g.release)
	waitFor(t, h, "the first answer", func() bool { return g.running.Load() == 0 })
	for g.calls.Load() < 4 {
		h.tick(t, every)
		waitFor(t, h, "the reload's answer", func() bool { return g.running.Load() == 0 })
	}
	if m := g.maxRunning.Load(); m != 1 {
		t.Errorf("%d outbox calls at once", m)
	}
	waitFor(t, h, "the registration code in the window", func() bool {
		return len(o.Messages) == 1 && o.Messages[0].Channel == "sms" && !o.Empty.Visible()
	})

	// Closed, the window asks no more.
	h.with(func() { h.a.demo.win.Close() })
	h.waitNoPoller(t, "the outbox window closed")
}
