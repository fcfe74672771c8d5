package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/lang"
)

// touch records user activity: it restarts the idle timers. On a public
// workstation («Чужой компьютер») the session ends after PublicIdle without
// activity, with a warning IdleWarning before.
func (a *App) touch() {
	if !a.loggedIn || !a.public {
		return
	}
	a.stopIdleTimers()
	a.activityGen++
	gen := a.activityGen
	a.warnTimer = a.d.Clock.AfterFunc(a.d.PublicIdle-a.d.IdleWarning, func() {
		a.do(func() {
			if gen == a.activityGen && a.loggedIn {
				a.showIdleWarning()
			}
		})
	})
	a.idleTimer = a.d.Clock.AfterFunc(a.d.PublicIdle, func() {
		a.do(func() {
			if gen == a.activityGen && a.loggedIn {
				a.endSession("cabinet.idle_logged_out")
			}
		})
	})
}

func (a *App) stopIdleTimers() {
	if a.idleTimer != nil {
		a.idleTimer.Stop()
	}
	if a.warnTimer != nil {
		a.warnTimer.Stop()
	}
	a.idleTimer, a.warnTimer = nil, nil
}

func (a *App) showIdleWarning() {
	l := widget.NewLabel(lang.L("cabinet.idle_warning", map[string]any{"N": int(a.d.IdleWarning.Seconds())}))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("cabinet.idle_title"), lang.L("cabinet.idle_stay"), lang.L("cabinet.logout"),
		container.NewPadded(l), func(stay bool) {
			if !a.loggedIn {
				return
			}
			if stay {
				a.touch()
			} else {
				a.Logout()
			}
		}, a.win)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}
