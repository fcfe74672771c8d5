package screens

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
)

// Render tests: each screen in ru, kk and en at two window sizes is drawn
// to Fyne's markup and compared with testdata/render/<screen>/<lang>_<size>.xml.
// A label left in another language, a text that changed or a control
// that moved or no longer fits shows as a difference. The data and the
// dates are fixed (no clock), so the goldens hold no time of the run.
//
// After a deliberate change: run the test, check the files written to
// testdata/failed/render/..., and move them over the goldens.

var renderSizes = []fyne.Size{{Width: 800, Height: 600}, {Width: 1366, Height: 768}}

// renderDay is the fixed "today" of the render tests.
var renderDay = time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC)

// assertRenders builds a screen with build in each language and size and
// compares its markup with the goldens.
func assertRenders(t *testing.T, screen string, build func() fyne.CanvasObject) {
	t.Helper()
	for _, code := range []string{"ru", "kk", "en"} {
		for _, size := range renderSizes {
			name := fmt.Sprintf("%s_%dx%d", code, int(size.Width), int(size.Height))
			t.Run(name, func(t *testing.T) {
				test.NewTempApp(t)
				lang.Set(code)
				t.Cleanup(func() { lang.Set("ru") })
				w := test.NewTempWindow(t, build())
				w.SetPadded(false)
				w.Resize(size)
				// Lay out again, as the window does on its next frame: a
				// text that wraps knows its height once it has its width.
				w.Content().Refresh()
				test.AssertRendersToMarkup(t, "render/"+screen+"/"+name+".xml", w.Canvas())
			})
		}
	}
}

func renderMe() api.Me {
	last := time.Date(2026, 11, 20, 9, 30, 0, 0, FundZone) // shown as 09:30 in any time zone
	return api.Me{IIN: "880415300157", Surname: "Сейтқали", GivenName: "Бекзат", Patronymic: "Маратұлы",
		BirthDate: "1988-04-15", Sex: "male", PhoneMasked: "7701*****00", EmailMasked: "be*****@ma****", LastLoginAt: &last}
}

func TestRenderLogin(t *testing.T) {
	assertRenders(t, "login", func() fyne.CanvasObject {
		l := NewLogin()
		l.SetFundName("Demo Pension Fund")
		return l.Content()
	})
}

func TestRenderHome(t *testing.T) {
	assertRenders(t, "home", func() fyne.CanvasObject {
		h := NewHome()
		h.SetData(renderMe(), api.Accounts{AsOf: "2026-11-23", Total: 350000000, Accounts: []api.Account{
			{Type: "OPV", Number: "OPV-1", Balance: 300000000, LastContribution: &api.Contribution{Date: "2026-11-05", Amount: 4500000, EmployerName: "ТОО «Дала»", EmployerBIN: "050140000016"}},
			{Type: "DPV", Number: "DPV-1", Balance: 50000000},
		}})
		return h.Content()
	})
}

func TestRenderStatements(t *testing.T) {
	assertRenders(t, "statements", func() fyne.CanvasObject {
		s := NewStatements(renderDay)
		s.SetAccounts([]string{api.AccountOPV, api.AccountDPV})
		return s.Content()
	})
}

func TestRenderApplicationForm(t *testing.T) {
	assertRenders(t, "application_form", func() fyne.CanvasObject {
		f := NewApplicationForm(ServicePayment)
		f.SetOptions(api.ApplicationOptions{})
		return f.Content()
	})
}

func TestRenderStaffQueue(t *testing.T) {
	assertRenders(t, "staff_queue", func() fyne.CanvasObject {
		q := NewStaffQueue()
		q.SetApplications([]api.Application{renderApplication()})
		return q.Content()
	})
}

// renderNow is the clock of the booking screens: noon of renderDay in
// the fund's zone.
func renderNow() time.Time {
	return time.Date(renderDay.Year(), renderDay.Month(), renderDay.Day(), 12, 0, 0, 0, FundZone)
}

func renderOffices() api.Offices {
	return api.Offices{Timezone: "UTC+5", HorizonDays: 14, Offices: []api.Office{
		{ID: 1, City: "Астана", Name: "Головной офис", Address: "пр. Мангилик Ел, 1", Windows: 2, SlotMinutes: 30},
	}}
}

// TestRenderBooking: the booking page with its offices and the date
// chosen by default (tomorrow by the screen's clock).
func TestRenderBooking(t *testing.T) {
	assertRenders(t, "booking", func() fyne.CanvasObject {
		b := NewBooking(renderNow)
		b.SetOffices(renderOffices())
		return b.Content()
	})
}

// TestRenderStaffBookings: the day's bookings on today (by the screen's
// clock), every office.
func TestRenderStaffBookings(t *testing.T) {
	assertRenders(t, "staff_bookings", func() fyne.CanvasObject {
		p := NewStaffBookings(renderNow)
		p.SetOffices(renderOffices())
		return p.Content()
	})
}

// TestRenderScreens: the other screens, as they first appear (before
// their data arrives).
func TestRenderScreens(t *testing.T) {
	screens := []struct {
		name  string
		build func() fyne.CanvasObject
	}{
		{"cabinet", func() fyne.CanvasObject {
			c := NewCabinet()
			c.SetUser("Demo Pension Fund", FullName(renderMe()))
			return c.Content()
		}},
		{"application_flow", func() fyne.CanvasObject { return NewApplicationFlow(ServiceDetails).Content() }},
		{"application_detail", func() fyne.CanvasObject { return NewApplicationDetail().Content() }},
		{"application_review", func() fyne.CanvasObject { return NewApplicationReview().Content() }},
		{"applications", func() fyne.CanvasObject { return NewApplications().Content() }},
		{"certificates", func() fyne.CanvasObject { return NewCertificates().Content() }},
		{"dpv", func() fyne.CanvasObject { return NewDPV(renderDay).Content() }},
		{"eds_sign", func() fyne.CanvasObject { return NewEDSSign(eds.PurposeAuth).Content() }},
		{"forecast", func() fyne.CanvasObject { return NewForecast().Content() }},
		{"forgot", func() fyne.CanvasObject { return NewForgot().Content() }},
		{"notifications", func() fyne.CanvasObject { return NewNotifications().Content() }},
		{"outbox", func() fyne.CanvasObject { return NewOutbox().Content() }},
		{"change_password", func() fyne.CanvasObject { return NewChangePassword().Content() }},
		{"register", func() fyne.CanvasObject { return NewRegister().Content() }},
		{"second_step", func() fyne.CanvasObject { return NewSecondStep("880415300157").Content() }},
		{"security", func() fyne.CanvasObject { return NewSecurity().Content() }},
		{"server", func() fyne.CanvasObject { return NewServerSettings("").Content() }},
		{"staff", func() fyne.CanvasObject { return NewStaff().Content() }},
		{"staff_application", func() fyne.CanvasObject {
			p := NewStaffApplication()
			p.SetApplication(renderApplication())
			return p.Content()
		}},
		{"staff_contacts", func() fyne.CanvasObject { return NewStaffContacts().Content() }},
		{"two_factor", func() fyne.CanvasObject { return NewTwoFactor().Content() }},
	}
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) { assertRenders(t, s.name, s.build) })
	}
}

// renderApplication is an application as the service lists it; its time
// is local, so that it shows as 12:00 in any time zone.
func renderApplication() api.Application {
	return api.Application{ID: "a1", Number: "2026-000017", Type: api.AppPensionPayment, Status: "submitted", IIN: "880415300157",
		DepositorName: "Сейтқали Бекзат", CreatedAt: time.Date(2026, 11, 20, 12, 0, 0, 0, FundZone)}
}
