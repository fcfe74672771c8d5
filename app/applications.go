package app

import (
	"kabinet/screens"
)

// Placeholders until the applications pages land (owned by the
// applications work: this file is replaced).

// showApplicationForm opens the form of an application of type t (api.App...).
func (a *App) showApplicationForm(t string) {
	screens.ShowNotAvailable(screens.ServiceTitle(t), a.win)
}

// showApplications opens «Статус заявлений»: the list and the timeline.
func (a *App) showApplications() {
	screens.ShowNotAvailable(screens.ServiceTitle(screens.ServiceStatus), a.win)
}

// showNotifications opens the in-app notifications list.
func (a *App) showNotifications() {
	screens.ShowNotAvailable(screens.ServiceTitle(screens.ServiceNotifications), a.win)
}

// stopNotifications stops polling for notifications (session over).
func (a *App) stopNotifications() {}
