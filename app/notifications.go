package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// DefaultNotificationPoll is how often the cabinet asks the service for
// new notifications.
const DefaultNotificationPoll = 15 * time.Second

// notifyPoller asks for new notifications while a depositor is logged
// in, off the UI goroutine.
type notifyPoller struct {
	stop chan struct{}
	kick chan struct{}
}

// startNotifications starts polling GET /notifications?after=<last id>
// (called when the cabinet opens).
func (ct *appsCtl) startNotifications() {
	a := ct.app
	ct.stopNotifications()
	if a.me.Role == api.RoleStaff {
		return
	}
	np := &notifyPoller{stop: make(chan struct{}), kick: make(chan struct{}, 1)}
	ct.poller = np
	every := a.d.NotificationPoll
	if every <= 0 {
		every = DefaultNotificationPoll
	}
	// Not ct.calls.Go: the loop lives as long as the session, WaitIdle
	// must not wait for it.
	go ct.pollNotifications(np, every)
}

// stopNotifications stops polling for notifications (session over).
func (ct *appsCtl) stopNotifications() {
	if np := ct.poller; np != nil {
		close(np.stop)
		ct.poller = nil
	}
	ct.banner = api.Notification{}
	ct.numbers = nil // the next session may be someone else's
}

// kickNotifications asks the poller to poll now.
func (ct *appsCtl) kickNotifications() {
	if np := ct.poller; np != nil {
		select {
		case np.kick <- struct{}{}:
		default:
		}
	}
}

func (ct *appsCtl) pollNotifications(np *notifyPoller, every time.Duration) {
	a := ct.app
	t := a.d.Clock.NewTicker(every)
	defer t.Stop()
	var last int64
	first, unread := true, 0
	for {
		if c := a.conn.clientOrNil(); c != nil && c.Token() != "" {
			ctx, cancel := ct.calls.Ctx()
			n, err := c.Notifications(ctx, last)
			cancel()
			if err == nil {
				var fresh []api.Notification
				prev := last
				for _, x := range n.Notifications {
					if x.ID > prev && !first {
						fresh = append(fresh, x)
					}
					last = max(last, x.ID)
				}
				first = false
				select {
				case <-np.stop:
					return
				default:
				}
				// The UI is touched only when something changed.
				if len(fresh) > 0 || n.Unread != unread {
					unread = n.Unread
					a.do(func() {
						if ct.poller == np && a.cabinet != nil {
							ct.notificationsArrived(fresh, n.Unread)
						}
					})
				}
			} else if !client.IsCode(err, api.CodeUnauthorized) {
				a.log.Debug("notifications poll failed", "code", client.Code(err))
			}
		}
		a.tick.ticks.Add(1)
		select {
		case <-np.stop:
			return
		case <-a.ctx.Done():
			return
		case <-t.Chan():
		case <-np.kick:
		}
	}
}

// notificationsArrived updates the unread count, shows the banner (and a
// system notification) for new ones and refreshes an open status page of
// their applications. fresh are newest first.
func (ct *appsCtl) notificationsArrived(fresh []api.Notification, unread int) {
	a := ct.app
	a.cabinet.SetUnread(unread)
	var news []api.Notification
	for _, n := range fresh {
		if !n.Read {
			news = append(news, n)
		}
	}
	if len(news) > 0 {
		n := news[0]
		if len(news) == 1 {
			ct.banner = n
			a.cabinet.SetBanner("notify.banner", map[string]any{"Number": n.Number, "Status": screens.AppStatusLater(n.Status)})
		} else {
			ct.banner = api.Notification{}
			a.cabinet.SetBanner("notify.banner.many", map[string]any{"N": len(news)})
		}
		a.fa.SendNotification(fyne.NewNotification(lang.L("notify.title"), screens.NotificationText(n)))
	}
	if len(fresh) == 0 {
		return
	}
	// The user did not ask for these reloads: a Background call is not
	// activity (a public workstation still logs out when idle) and no
	// WaitGroup Add from the poller's turn racing a WaitIdle.
	switch p := a.page.(type) {
	case *screens.Applications:
		ct.loadApplications(p, ct.calls.Background)
	case *screens.ApplicationDetail:
		id := p.Application().ID
		if slices.ContainsFunc(fresh, func(n api.Notification) bool { return n.ApplicationID == id }) {
			ct.loadApplication(p, id, ct.calls.Background)
		}
	case *screens.Notifications:
		ct.loadNotifications(p, ct.calls.Background)
	}
}

// openBanner is «Открыть» on the banner: the application of the one new
// notification, or the notifications page.
func (ct *appsCtl) openBanner() {
	a := ct.app
	a.idle.touch()
	if n := ct.banner; n.ID != 0 && n.ApplicationID != "" {
		ct.openNotification(n)
		return
	}
	ct.showNotifications()
}

// openNotification marks n read and opens the status page of its
// application, if it has one.
func (ct *appsCtl) openNotification(n api.Notification) {
	if !n.Read {
		ct.markRead([]int64{n.ID})
	}
	if n.ApplicationID != "" {
		ct.showApplicationDetail(api.Application{ID: n.ApplicationID, Number: n.Number, Type: n.AppType, Status: n.Status}, "", nil)
	}
}

// markRead marks ids read (all when empty) in the background and updates
// the count.
func (ct *appsCtl) markRead(ids []int64) {
	a := ct.app
	ct.calls.Go(func() {
		c := a.conn.clientOrNil()
		if c == nil {
			return
		}
		ctx, cancel := ct.calls.Ctx()
		err := c.MarkNotificationsRead(ctx, ids)
		cancel()
		if err != nil {
			a.log.Info("mark notifications read failed", "code", client.Code(err))
			return
		}
		a.do(ct.kickNotifications)
	})
}

// showNotifications opens the in-app notifications list.
func (ct *appsCtl) showNotifications() {
	a := ct.app
	p := screens.NewNotifications()
	a.setPage(p)
	a.cabinet.SetBanner("", nil)
	p.OnRefresh = func() { ct.loadNotifications(p, ct.calls.Call) }
	p.OnMarkAll = func() {
		p.MarkRead()
		a.cabinet.SetUnread(0)
		ct.markRead(nil)
	}
	p.OnOpen = ct.openNotification
	a.cabinet.Show(screens.ServiceNotifications, p.Content())
	ct.loadNotifications(p, ct.calls.Call)
}

func (ct *appsCtl) loadNotifications(p *screens.Notifications, call callFunc) {
	a := ct.app
	p.SetBusy(true)
	var n api.Notifications
	call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		n, err = c.Notifications(ctx, 0)
		return err
	}, func(err error) {
		p.SetBusy(false)
		if err != nil {
			m := errorMessage(err)
			p.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		p.Tell(screens.Message{})
		p.SetNotifications(n.Notifications)
		a.cabinet.SetUnread(n.Unread)
	})
}
