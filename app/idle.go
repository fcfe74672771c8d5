package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"

	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// idleCtl ends a public workstation's session after Deps.PublicIdle
// without activity, warning Deps.IdleWarning before (timers on
// Deps.Clock).
type idleCtl struct {
	app         *App
	idleTimer   clockwork.Timer
	warnTimer   clockwork.Timer
	activityGen int
}

// touch records user activity: it restarts the idle timers. On a public
// workstation («Чужой компьютер») the session ends after PublicIdle without
// activity, with a warning IdleWarning before.
func (ct *idleCtl) touch() {
	a := ct.app
	if !a.loggedIn || !a.public {
		return
	}
	ct.stopIdleTimers()
	ct.activityGen++
	gen := ct.activityGen
	ct.warnTimer = a.d.Clock.AfterFunc(a.d.PublicIdle-a.d.IdleWarning, func() {
		a.do(func() {
			if gen == ct.activityGen && a.loggedIn {
				ct.showIdleWarning()
			}
		})
	})
	ct.idleTimer = a.d.Clock.AfterFunc(a.d.PublicIdle, func() {
		a.do(func() {
			if gen == ct.activityGen && a.loggedIn {
				a.endSession("cabinet.idle_logged_out")
			}
		})
	})
}

func (ct *idleCtl) stopIdleTimers() {
	if ct.idleTimer != nil {
		ct.idleTimer.Stop()
	}
	if ct.warnTimer != nil {
		ct.warnTimer.Stop()
	}
	ct.idleTimer, ct.warnTimer = nil, nil
}

func (ct *idleCtl) showIdleWarning() {
	a := ct.app
	l := widget.NewLabel(lang.L("cabinet.idle_warning", map[string]any{"N": int(a.d.IdleWarning.Seconds())}))
	l.Wrapping = fyne.TextWrapWord
	d := screens.NewConfirmDialog(lang.L("cabinet.idle_title"), lang.L("cabinet.idle_stay"), lang.L("cabinet.logout"),
		container.NewPadded(l), func(stay bool) {
			if !a.loggedIn {
				return
			}
			if stay {
				ct.touch()
			} else {
				a.Logout()
			}
		}, a.win)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}
