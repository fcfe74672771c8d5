package app

import (
	"kabinet/api"
	"kabinet/screens"
)

// showStaff opens the office staff workstation after a staff login
// (placeholder until the workstation lands: this file is replaced). For
// now staff see the depositor cabinet shell.
func (a *App) showStaff(me api.Me) {
	me.Role = api.RoleDepositor
	a.showCabinet(me, api.Accounts{})
	_ = screens.ServiceHome
}
