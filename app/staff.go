package app

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// The office staff workstation. A staff login opens the Staff shell (never
// the depositor cabinet): the queue of applications, the confirmation of
// a depositor's contacts in person and the day's bookings. The shell is
// kept in a.active, so that a.retranslate relabels it on a language
// switch and showLogin drops it at the end of the session; the page shown
// is a.page, as in the cabinet, so that onPage drops the answers of a
// page that was left. The queue page reloads itself while it is shown
// (startStaffQueuePoll).

// staffDesk is the workstation: its shell (kept in a.active), its pages
// and the queue's poller.
type staffDesk struct {
	app   *App
	calls *caller
	// staffPoll stops the open queue page's reloads (nil when none).
	staffPoll chan struct{}
}

// DefaultStaffQueuePoll is how often the open queue page reloads itself.
const DefaultStaffQueuePoll = 30 * time.Second

// showStaff opens the workstation on the queue after a staff login.
func (ct *staffDesk) showStaff(me api.Me) {
	a := ct.app
	a.tick.stopTicker()
	ct.stopStaffQueuePoll()
	a.active = nil
	a.setPage(nil)
	a.cabinet, a.home = nil, nil
	a.loggedIn = true
	a.me = me
	a.login = nil
	s := screens.NewStaff()
	a.active = s
	s.SetUser(a.conn.fundName(), screens.FullName(me))
	s.SetRole(me.StaffRole) // only the pages the role may use
	s.OnLogout = a.Logout
	s.OnLanguage = a.SetLanguage
	s.OnPage = ct.openStaffPage
	if a.public {
		s.Tell(screens.Note("cabinet.public_notice", map[string]any{"N": int(a.d.PublicIdle.Minutes())}))
	}
	a.setContent(s.Content())
	if me.TwoFactorRequired {
		// The fund requires a second login step: nothing else works
		// until it is on (twofactor.go).
		ct.openStaffPage(screens.StaffPageTwoFactor)
	} else {
		ct.openStaffPage(s.FirstPage())
	}
	a.idle.touch()
}

// Staff is the workstation's shell (nil unless a staff session is open).
func (ct *staffDesk) Staff() *screens.Staff {
	a := ct.app
	s, _ := a.active.(*screens.Staff)
	return s
}

func (ct *staffDesk) openStaffPage(id string) {
	a := ct.app
	a.idle.touch()
	ct.stopStaffQueuePoll()
	if s := ct.Staff(); s != nil && !s.Allowed(id) {
		return // not this role's page (its menu entry is hidden)
	}
	switch id {
	case screens.StaffPageQueue:
		ct.showStaffQueue(nil)
	case screens.StaffPageContacts:
		ct.showStaffContacts()
	case screens.StaffPageBookings:
		ct.showStaffBookings()
	case screens.StaffPageTwoFactor:
		a.staff.showStaffTwoFactor() // twofactor.go
	}
}

// staffMessage maps a refusal of the staff service to the user's message.
func staffMessage(err error) message {
	p, ok := client.ProblemOf(err)
	if !ok {
		return errorMessage(err)
	}
	switch p.Code {
	case api.CodeForbidden:
		switch p.Reason {
		case api.ReasonStaffRole:
			return message{Key: "staff.error.role"}
		case api.ReasonStaffDisabled:
			return message{Key: "staff.error.disabled"}
		}
		return message{Key: "staff.error.forbidden"}
	case api.CodeInvalidState:
		return message{Key: "staff.error.invalid_state"}
	case api.CodeStatusNotNext:
		return message{Key: "staff.error.status_not_next"}
	case api.CodeDepositorNotFound:
		return message{Key: "staff.contacts.not_found"}
	case api.CodeValidation:
		switch p.Reason {
		case api.ReasonRejectReason:
			return message{Key: "staff.reject.empty"}
		case api.ReasonPhone:
			return message{Key: "phone.error.operator"}
		case api.ReasonEmail:
			return message{Key: "email.error"}
		}
	}
	return errorMessage(err)
}

// staffQueue is the queue page and what the app keeps for it.
type staffQueue struct {
	q *screens.StaffQueue
	// loads counts the queue calls still on their way (decremented off
	// the UI goroutine as each call ends, shown or not), so that the
	// poller does not stack a reload on a running one.
	loads atomic.Int32
	// seq numbers the loads and shown is the newest one shown: an older
	// answer arriving late does not replace a newer one (UI goroutine).
	seq, shown int
}

// showStaffQueue shows the queue page sq (a new one when nil: the menu),
// loads it and keeps reloading it while it is shown.
func (ct *staffDesk) showStaffQueue(sq *staffQueue) {
	a := ct.app
	shell := ct.Staff()
	if shell == nil {
		return
	}
	if sq == nil {
		sq = &staffQueue{q: screens.NewStaffQueue()}
		sq.q.OnFilter = func(string) { ct.loadStaffQueue(sq, false) }
		sq.q.OnRefresh = func() { ct.loadStaffQueue(sq, false) }
		sq.q.OnOpen = func(app api.Application) { ct.showStaffApplication(sq, app) }
	}
	a.setPage(sq.q)
	shell.Show(screens.StaffPageQueue, sq.q.Content())
	ct.loadStaffQueue(sq, false)
	ct.startStaffQueuePoll(sq)
}

// loadStaffQueue asks for the applications of the filter chosen. auto is
// a reload of the poller: no progress bar, and it does not count as the
// user's activity.
func (ct *staffDesk) loadStaffQueue(sq *staffQueue, auto bool) {
	a := ct.app
	q := sq.q
	if !auto {
		q.SetBusy(true)
	}
	status := q.FilterStatus()
	sq.seq++
	seq := sq.seq
	sq.loads.Add(1)
	call := callFunc(ct.calls.Call)
	if auto {
		call = ct.calls.Background
	}
	var list api.Applications
	call(a.onPage(q), func(ctx context.Context, c *client.Client) (err error) {
		defer sq.loads.Add(-1)
		list, err = c.StaffQueue(ctx, status)
		return err
	}, func(err error) {
		q.SetBusy(sq.loads.Load() > 0)
		if q.FilterStatus() != status || seq < sq.shown {
			return // the answer of another filter, or older than the one shown
		}
		sq.shown = seq
		if err != nil {
			m := staffMessage(err)
			q.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		q.SetApplications(list.Applications)
	})
}

// startStaffQueuePoll reloads the queue page sq every Deps.StaffQueuePoll
// while it is the page shown, with the filter chosen; a reload is skipped
// while another load of the page is still on its way. Leaving the page
// (openStaffPage, showStaffApplication) or the session (endSession) stops
// it; so does a tick that finds another page shown.
func (ct *staffDesk) startStaffQueuePoll(sq *staffQueue) {
	a := ct.app
	ct.stopStaffQueuePoll()
	every := a.d.StaffQueuePoll
	if every <= 0 {
		every = DefaultStaffQueuePoll
	}
	stop := make(chan struct{})
	ct.staffPoll = stop
	// Its reloads are Background calls, not tracked for WaitIdle either.
	a.tick.everyTick(every, stop, func() {
		if ct.staffPoll != stop {
			return // stopped meanwhile
		}
		if a.page != sq.q || ct.Staff() == nil {
			ct.stopStaffQueuePoll()
			return
		}
		if sq.loads.Load() == 0 {
			ct.loadStaffQueue(sq, true)
		}
	})
}

// stopStaffQueuePoll stops the queue page's poller, if any (UI goroutine).
func (ct *staffDesk) stopStaffQueuePoll() {
	if ct.staffPoll != nil {
		close(ct.staffPoll)
		ct.staffPoll = nil
	}
}

// staffConfirm asks a question in a dialog with «yes» and «Отмена» and
// runs ok on «yes» unless page is no longer the one shown.
func (ct *staffDesk) staffConfirm(page retranslator, title, text, yes string, ok func()) {
	a := ct.app
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := screens.NewConfirmDialog(title, yes, lang.L("common.cancel"), container.NewPadded(l), func(y bool) {
		if y && a.page == page {
			ok()
		}
	}, a.win)
	d.Resize(fyne.NewSize(480, 240))
	d.Show()
}

// showStaffApplication opens an application from the queue: shown at once
// as listed, then reloaded; «Назад» returns to the same queue. A move
// forward is confirmed in a dialog first (statuses never move back); a
// rejection is confirmed by its reason panel. A portfolio manager is
// named from the service's application options (asked once a session,
// as the depositor's form does).
func (ct *staffDesk) showStaffApplication(sq *staffQueue, app api.Application) {
	a := ct.app
	shell := ct.Staff()
	if shell == nil {
		return
	}
	ct.stopStaffQueuePoll()
	p := screens.NewStaffApplication()
	p.SetNames(screens.DocNames{Managers: a.apps.managers})
	p.SetApplication(app)
	p.OnBack = func() { ct.showStaffQueue(sq) }
	askedNames := false
	load := func() {
		var got api.Application
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			got, err = c.StaffApplication(ctx, app.ID)
			return err
		}, func(err error) {
			if err != nil {
				m := staffMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.SetApplication(got)
			if !askedNames && ct.needManagerName(got.Document) {
				askedNames = true
				ct.loadManagerNames(p)
			}
		})
	}
	move := func(status, reason string) {
		p.SetBusy(true)
		p.Tell(screens.Message{})
		var got api.Application
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			got, err = c.StaffSetStatus(ctx, app.ID, api.StaffStatusRequest{Status: status, Reason: reason})
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := staffMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				if client.IsCode(err, api.CodeInvalidState) || client.IsCode(err, api.CodeStatusNotNext) {
					load() // someone else moved it: show where it is now
				}
				return
			}
			p.SetApplication(got)
			p.Tell(screens.Message{Key: "staff.app.moved", Data: map[string]any{"Number": got.Number, "Status": screens.AppStatusLater(got.Status)}, Error: false})
		})
	}
	p.OnStatus = func(status, reason string) {
		a.idle.touch()
		if status == api.StatusRejected {
			move(status, reason)
			return
		}
		cur := p.Application()
		text := lang.L("staff.move.confirm.text", map[string]any{"Number": cur.Number, "Type": screens.AppTypeText(cur.Type),
			"Name": cur.DepositorName, "Status": screens.AppStatusText(status)})
		ct.staffConfirm(p, lang.L("staff.move.confirm.title"), text, lang.L("staff.move.confirm.yes"), func() { move(status, "") })
	}
	a.setPage(p)
	shell.Show(screens.StaffPageQueue, p.Content())
	load()
}

// needManagerName tells whether d names a portfolio manager whose name
// is not known yet (the National Bank's is translated).
func (ct *staffDesk) needManagerName(d api.Document) bool {
	a := ct.app
	if d.Portfolio == nil || d.Portfolio.ManagerID == api.ManagerNationalBank {
		return false
	}
	return a.apps.managers[d.Portfolio.ManagerID] == ""
}

// loadManagerNames asks the service for the portfolio managers (the
// application options, as the depositor's form does) and names them on
// p's document; on a failure the document keeps showing the id.
func (ct *staffDesk) loadManagerNames(p *screens.StaffApplication) {
	a := ct.app
	var opts api.ApplicationOptions
	ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		opts, err = c.ApplicationOptions(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.log.Info("portfolio managers not loaded", "code", client.Code(err))
			return
		}
		a.apps.rememberNames(opts)
		p.SetNames(screens.DocNames{Managers: a.apps.managers})
	})
}

// showStaffContacts opens «Подтверждение контактов».
func (ct *staffDesk) showStaffContacts() {
	a := ct.app
	shell := ct.Staff()
	if shell == nil {
		return
	}
	p := screens.NewStaffContacts()
	// depositorCall runs call, which answers with the depositor's card,
	// shows the card and then runs ok; a refusal is shown instead.
	depositorCall := func(call func(context.Context, *client.Client) (api.StaffDepositor, error), ok func()) {
		p.SetBusy(true)
		var dep api.StaffDepositor
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			dep, err = call(ctx, c)
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := staffMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			p.SetDepositor(dep)
			ok()
		})
	}
	p.OnFind = func(iin string) {
		a.idle.touch()
		p.ClearDepositor()
		depositorCall(func(ctx context.Context, c *client.Client) (api.StaffDepositor, error) {
			return c.StaffDepositor(ctx, iin)
		}, func() {})
	}
	p.OnConfirm = func(dep api.StaffDepositor, req api.ContactConfirmRequest) {
		a.idle.touch()
		data := map[string]any{"Name": dep.FullName, "IIN": dep.IIN, "Contacts": screens.ContactsText(req)}
		ct.staffConfirm(p, lang.L("staff.contacts.confirm.title"), lang.L("staff.contacts.confirm.text", data),
			lang.L("staff.contacts.confirm.yes"), func() {
				depositorCall(func(ctx context.Context, c *client.Client) (api.StaffDepositor, error) {
					return c.StaffConfirmContacts(ctx, dep.IIN, req)
				}, func() { p.Tell(screens.Note("staff.contacts.done", data)) })
			})
	}
	a.setPage(p)
	shell.Show(screens.StaffPageContacts, p.Content())
	a.win.Canvas().Focus(p.IIN)
}

// showStaffBookings opens «Записи на сегодня»: today (UTC+5) at every
// office; the offices load for the choice.
func (ct *staffDesk) showStaffBookings() {
	a := ct.app
	shell := ct.Staff()
	if shell == nil {
		return
	}
	p := screens.NewStaffBookings(a.d.Clock.Now)
	p.OnLoad = func(date string, officeID int64) {
		a.idle.touch()
		p.SetBusy(true)
		var list api.StaffBookings
		ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
			list, err = c.StaffBookings(ctx, date, officeID)
			return err
		}, func(err error) {
			p.SetBusy(false)
			if err != nil {
				m := staffMessage(err)
				p.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			if list.Date == "" {
				list.Date = date
			}
			if date == p.DateString() && officeID == p.OfficeID() {
				p.SetBookings(list)
			}
		})
	}
	a.setPage(p)
	shell.Show(screens.StaffPageBookings, p.Content())
	var offices api.Offices
	ct.calls.Call(a.onPage(p), func(ctx context.Context, c *client.Client) (err error) {
		offices, err = c.Offices(ctx)
		return err
	}, func(err error) {
		if err != nil {
			m := staffMessage(err)
			p.Tell(screens.Problem(m.Key, m.Data))
			return
		}
		p.SetOffices(offices)
	})
	p.Load()
}
