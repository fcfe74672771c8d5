package lang_test

import (
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// TestStaffDynamicKeys checks the keys the staff workstation builds at run
// time: menu titles, action buttons, statuses, types, booking services and
// booking statuses.
func TestStaffDynamicKeys(t *testing.T) {
	var keys []string
	for _, id := range screens.StaffPages {
		keys = append(keys, "staff.menu."+id)
	}
	for _, s := range screens.AppStatuses {
		keys = append(keys, "app.status."+s)
		for _, n := range screens.StaffNextStatuses(s) {
			keys = append(keys, "staff.action."+n)
		}
	}
	for _, ty := range api.ApplicationTypes {
		keys = append(keys, "app.type."+ty)
	}
	for _, s := range api.BookingServices {
		keys = append(keys, "booking.service."+s)
	}
	for _, s := range []string{api.BookingActive, api.BookingCancelled, api.BookingPast} {
		keys = append(keys, "booking.status."+s)
	}
	for _, code := range lang.Supported {
		tab := lang.Keys(code)
		for _, k := range keys {
			if _, ok := tab[k]; !ok {
				t.Errorf("%s: key %q not translated", code, k)
			}
		}
	}
}
