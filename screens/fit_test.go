package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/eds"
	"github.com/kabinet-kz/kabinet/lang"
)

// fitPages are the pages of the cabinet and of the staff workstation, as
// they appear with data, for TestEveryPageFits800x600.
func fitPages() (cabinet, staff map[string]func() fyne.CanvasObject) {
	cabinet = map[string]func() fyne.CanvasObject{
		"home": func() fyne.CanvasObject {
			h := NewHome()
			h.SetData(renderMe(), api.Accounts{AsOf: "2026-11-23", Total: 350000000, Accounts: []api.Account{
				{Type: "OPV", Number: "OPV-1", Balance: 300000000, LastContribution: &api.Contribution{Date: "2026-11-05", Amount: 4500000, EmployerName: "ТОО «Дала»", EmployerBIN: "050140000016"}},
				{Type: "OPPV", Number: "OPPV-1", Balance: 300000000},
				{Type: "DPV", Number: "DPV-1", Balance: 50000000},
			}})
			return h.Content()
		},
		"statements": func() fyne.CanvasObject {
			s := NewStatements(renderDay)
			s.SetAccounts([]string{api.AccountOPV, api.AccountOPPV, api.AccountDPV})
			s.Apply()
			var totals []api.OperationTotal
			for _, op := range api.Operations {
				totals = append(totals, api.OperationTotal{Operation: op, Amount: -123456789012, Count: 99})
			}
			s.SetSummary(api.StatementSummary{Account: api.AccountAll, From: "2025-11-23", To: "2026-11-23",
				OpeningBalance: 1168094378000, ClosingBalance: 1421112889000, Totals: totals, RowCount: 95})
			s.AppendPage(fakeRows(0, 30), "")
			return s.Content()
		},
		"payment": func() fyne.CanvasObject {
			f := NewApplicationForm(ServicePayment)
			f.SetOptions(api.ApplicationOptions{})
			return f.Content()
		},
		"details":            func() fyne.CanvasObject { return NewApplicationFlow(ServiceDetails).Content() },
		"portfolio":          func() fyne.CanvasObject { return NewApplicationFlow(ServicePortfolio).Content() },
		"cancel_transfer":    func() fyne.CanvasObject { return NewApplicationFlow(ServiceCancelTransfer).Content() },
		"application_detail": func() fyne.CanvasObject { return NewApplicationDetail().Content() },
		"portfolio_detail": func() fyne.CanvasObject {
			d := NewApplicationDetail()
			d.SetApplication(cancelablePortfolio(), DocNames{Managers: map[string]string{"m1": "АО «Демо Инвест Капитал»"}})
			return d.Content()
		},
		"application_review": func() fyne.CanvasObject { return NewApplicationReview().Content() },
		"status":             func() fyne.CanvasObject { return NewApplications().Content() },
		"certificates":       func() fyne.CanvasObject { return NewCertificates().Content() },
		"dpv":                func() fyne.CanvasObject { return NewDPV(renderDay).Content() },
		"eds_sign":           func() fyne.CanvasObject { return NewEDSSign(eds.PurposeSign).Content() },
		"forecast": func() fyne.CanvasObject {
			f := NewForecast()
			f.SetParams(api.ForecastParams{Savings: 1421112889, MonthlyContribution: 11039250, SalaryGrowth: 6, ExpectedReturn: 9, Inflation: 7, RetirementAge: 63, PayoutYears: 20})
			f.SetResult(api.Forecast{AsOf: "2026-11-23", RetirementAge: 63, RetirementDate: "2051-04-15", Months: 293,
				Savings: 45678901234, SavingsReal: 12345678901, TotalContributions: 23456789012, TotalIncome: 20987654321,
				MonthlyPayment: 190328755, MonthlyPaymentReal: 51440328, PayoutYears: 20,
				Rows: []api.ForecastRow{{Year: 2027, Age: 39}}, Formula: "S = Σ …"})
			return f.Content()
		},
		"notifications": func() fyne.CanvasObject { return NewNotifications().Content() },
		"password":      func() fyne.CanvasObject { return NewChangePassword().Content() },
		"security":      func() fyne.CanvasObject { return NewSecurity().Content() },
		"booking":       func() fyne.CanvasObject { return NewBooking(func() time.Time { return renderDay }).Content() },
	}
	staff = map[string]func() fyne.CanvasObject{
		"queue": func() fyne.CanvasObject {
			q := NewStaffQueue()
			q.SetApplications([]api.Application{renderApplication()})
			return q.Content()
		},
		"application": func() fyne.CanvasObject {
			p := NewStaffApplication()
			p.SetApplication(renderApplication())
			return p.Content()
		},
		"contacts":   func() fyne.CanvasObject { return NewStaffContacts().Content() },
		"bookings":   func() fyne.CanvasObject { return NewStaffBookings(func() time.Time { return renderDay }).Content() },
		"two_factor": func() fyne.CanvasObject { return NewTwoFactor().Content() },
	}
	return cabinet, staff
}

// windowMin is the smallest size of a padded window showing o.
func windowMin(o fyne.CanvasObject) fyne.Size {
	p := 2 * theme.Padding()
	return o.MinSize().AddWidthHeight(p, p)
}

// TestEveryPageFits800x600: the login screens, and the cabinet and the
// staff shells showing each of their pages, need no more than 800×600 in
// ru, kk and en, so the window never grows by itself.
func TestEveryPageFits800x600(t *testing.T) {
	limit := fyne.NewSize(800, 600)
	fits := func(t *testing.T, name string, o fyne.CanvasObject) {
		t.Helper()
		if m := windowMin(o); m.Width > limit.Width || m.Height > limit.Height {
			t.Errorf("%s needs %v×%v, more than 800×600", name, m.Width, m.Height)
		}
	}
	for _, code := range []string{"ru", "kk", "en"} {
		t.Run(code, func(t *testing.T) {
			test.NewTempApp(t)
			lang.Set(code)
			t.Cleanup(func() { lang.Set("ru") })
			login := NewLogin()
			login.SetFundName("Demo Pension Fund")
			login.SetDemo("login.demo")
			fits(t, "login", login.Content())
			for name, o := range map[string]fyne.CanvasObject{
				"register": NewRegister().Content(), "forgot": NewForgot().Content(),
				"second_step": NewSecondStep("880415300157").Content(), "server": NewServerSettings("").Content(),
				"eds_login": NewEDSSign(eds.PurposeAuth).Content(), "outbox": NewOutbox().Content(),
			} {
				fits(t, name, o)
			}
			cabinetPages, staffPages := fitPages()
			cab := NewCabinet()
			cab.SetUser("Демо зейнетақы қоры «Ұлттық жинақтаушы»", "Сейткали Бекзат Нурланович-Длиннофамильный")
			cab.SetUnread(12)
			cab.SetNotice(lang.L("cabinet.public_notice"))
			cab.SetBanner("notify.banner", map[string]any{"Title": "Заявление 2026-000017 исполнено"})
			// The room a page has beside the menu in a window 800 wide:
			// a page that needs no more never scrolls sideways.
			room := limit.Width - 2*theme.Padding() - sidebarMin - theme.Padding()
			wide := func(name string, page fyne.CanvasObject) fyne.CanvasObject {
				if w := page.MinSize().Width; w > room {
					t.Errorf("%s is %v wide, more than the %v beside the menu", name, w, room)
				}
				// Laid out wide, then at 800×600: it narrows again (a
				// layout keeping its wide size would scroll sideways).
				w := test.NewTempWindow(t, page)
				w.Resize(fyne.NewSize(1366, 768))
				w.Content().Refresh()
				w.SetContent(widget.NewLabel(""))
				if m := page.MinSize().Width; m > room {
					t.Errorf("%s laid out at 1366 wide keeps %v, more than the %v beside the menu", name, m, room)
				}
				return page
			}
			for name, build := range cabinetPages {
				cab.Show(name, wide("cabinet/"+name, build()))
				fits(t, "cabinet/"+name, cab.Content())
			}
			st := NewStaff()
			st.SetUser("Demo Pension Fund", "Кузнецова Ольга Викторовна")
			for name, build := range staffPages {
				st.Show(name, wide("staff/"+name, build()))
				fits(t, "staff/"+name, st.Content())
			}
		})
	}
}

// TestLoginButtonsStayUnderTheCursor: the hint under the IIN, an error
// from the service and the progress appear without moving the login
// button, «Регистрация» or the fields.
func TestLoginButtonsStayUnderTheCursor(t *testing.T) {
	test.NewTempApp(t)
	l := NewLogin()
	w := test.NewTempWindow(t, l.Content())
	w.Resize(fyne.NewSize(800, 600))
	d := fyne.CurrentApp().Driver()
	where := func() [3]fyne.Position {
		w.Content().Refresh() // lay out again, as the window does on its next frame
		return [3]fyne.Position{d.AbsolutePositionForObject(l.LoginButton), d.AbsolutePositionForObject(l.Register), d.AbsolutePositionForObject(l.Password)}
	}
	before := where()
	test.Type(l.IIN, "8804")
	if got := where(); got != before {
		t.Errorf("typing the IIN moved the form: %v, then %v", before, got)
	}
	l.Tell(Problem("login.error.password_empty", nil))
	l.SetBusy(true)
	if got := where(); got != before {
		t.Errorf("a message moved the form: %v, then %v", before, got)
	}
}

// TestBannerDoesNotMoveThePage: a notification's banner floats over the
// page; the menu and the page stay where they were.
func TestBannerDoesNotMoveThePage(t *testing.T) {
	test.NewTempApp(t)
	c := NewCabinet()
	h := NewHome()
	c.Show(ServiceHome, h.Content())
	w := test.NewTempWindow(t, c.Content())
	w.Resize(fyne.NewSize(800, 600))
	d := fyne.CurrentApp().Driver()
	where := func() [2]fyne.Position {
		w.Content().Refresh()
		return [2]fyne.Position{d.AbsolutePositionForObject(c.Menu[ServiceForecast]), d.AbsolutePositionForObject(h.Content())}
	}
	before := where()
	c.SetBanner("notify.banner", map[string]any{"Number": "2026-000017", "Status": "Исполнено"})
	if !c.BannerVisible() {
		t.Fatal("banner not shown")
	}
	if got := where(); got != before {
		t.Errorf("the banner moved the menu and the page: %v, then %v", before, got)
	}
}
