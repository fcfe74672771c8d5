package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// DefaultOutboxPoll is how often the open outbox window reloads itself.
const DefaultOutboxPoll = 3 * time.Second

// outboxSize is the outbox window's first size on a screen that holds it.
var outboxSize = fyne.NewSize(560, 520)

// outboxCtl is the demo outbox window (the bundled service's messages
// instead of SMS and e-mail), open beside the login screen or not.
type outboxCtl struct {
	app    *App
	calls  *caller
	win    fyne.Window     // nil when closed
	screen *screens.Outbox // nil when closed
}

// showOutbox opens the demo outbox window, which reloads itself every
// Deps.OutboxPoll while it is open. A reload (or a tap on «Обновить»)
// is skipped while a load is still on its way: on a slow service the
// ticks would otherwise stack calls; the answer on its way shows the
// messages anyway.
func (ct *outboxCtl) showOutbox() {
	a := ct.app
	if ct.win != nil {
		ct.win.RequestFocus()
		return
	}
	o := screens.NewOutbox()
	w := a.fa.NewWindow(lang.L("login.outbox"))
	ct.win, ct.screen = w, o
	// Sized before its content is set, so that the content is first laid
	// out at that width (its banner wrapped at a narrow width made the
	// window 638 high), and cut to the screen like the main window.
	screen, ok := fyne.Size{}, false
	if a.d.Screen != nil {
		screen, ok = a.d.Screen()
	}
	w.Resize(windowSize(outboxSize, screen, ok))
	w.SetContent(o.Content())
	stop := make(chan struct{})
	w.SetOnClosed(func() {
		close(stop)
		ct.win, ct.screen = nil, nil
	})
	loading := false // a load is on its way (UI goroutine)
	// load asks for the messages; auto is a reload of the ticker, not
	// tracked for WaitIdle (a poller's WaitGroup Add would race Wait).
	load := func(auto bool) {
		if loading {
			return
		}
		loading = true
		call := callFunc(ct.calls.Call)
		if auto {
			call = ct.calls.Background
		}
		var box api.Outbox
		call(func(error) bool {
			loading = false // the answer is here, wanted or not
			return ct.screen == o
		}, func(ctx context.Context, c *client.Client) (err error) {
			box, err = c.Outbox(ctx)
			return err
		}, func(err error) {
			if err != nil {
				o.Tell(screens.Problem(errorMessage(err).Key, nil))
				return
			}
			o.SetMessages(box.Messages)
		})
	}
	o.OnRefresh = func() { load(false) }
	load(false)
	every := a.d.OutboxPoll
	if every <= 0 {
		every = DefaultOutboxPoll
	}
	// New messages appear by themselves while the window is open.
	a.tick.everyTick(every, stop, func() {
		if ct.screen == o {
			load(true)
		}
	})
	w.Show()
}
