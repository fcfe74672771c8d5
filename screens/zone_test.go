package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/lang"
)

// TestShownTimesInTheFundsZoneNamed: with the fund in Asia/Tokyo and the
// computer in UTC, the times a user compares with a clock (the previous
// sign-in, a booking, an application's date, the sign-in history, the
// notifications, the staff queue and application page, the demo outbox) show Tokyo's clock and
// name its zone, in every language.
func TestShownTimesInTheFundsZoneNamed(t *testing.T) {
	test.NewTempApp(t)
	oldLocal, oldFund := time.Local, FundZone
	time.Local = time.UTC
	t.Cleanup(func() { time.Local, FundZone = oldLocal, oldFund; lang.Set("ru") })
	if !SetFundZone("Asia/Tokyo") {
		t.Fatal("Asia/Tokyo not known")
	}
	at := time.Date(2026, time.December, 3, 1, 53, 0, 0, time.UTC) // 10:53 in Tokyo
	for _, l := range []string{"ru", "kk", "en"} {
		lang.Set(l)
		want := "03.12.2026 10:53 (UTC+9)"
		if l == "en" {
			want = "3 Dec 2026 10:53 (UTC+9)"
		}

		h := NewHome()
		h.SetData(api.Me{IIN: "880101300123", LastLoginAt: &at}, api.Accounts{})
		if got := h.LastLogin.Text; got != want {
			t.Errorf("%s: previous sign-in %q, want %q", l, got, want)
		}

		d := NewApplicationDetail()
		d.SetApplication(api.Application{ID: "a1", Number: "Z-1", Type: api.AppPensionPayment, Status: api.StatusSubmitted, CreatedAt: at,
			Document: api.Document{Type: api.AppPensionPayment, CreatedAt: at, Payment: &api.PaymentRequest{Account: api.AccountOPV, Basis: api.BasisDisability}}}, DocNames{})
		if got := d.Number.Text; !strings.Contains(got, want) {
			t.Errorf("%s: application header %q, want %q in it", l, got, want)
		}
		date := ""
		for _, line := range DocumentLines(d.app.Document, DocNames{}) {
			if line.Label == lang.L("app.field.date") {
				date = line.Value
			}
		}
		if date != want {
			t.Errorf("%s: review's date %q, want %q", l, date, want)
		}

		b := NewBooking(func() time.Time { return at })
		b.SetBookings(api.Bookings{Bookings: []api.Booking{{ID: 1, Ticket: "B-007", Start: at, End: at.Add(15 * time.Minute), Service: "consult", Status: api.BookingActive}}})
		if got := b.MineRows[0].Text.Text; !strings.Contains(got, "10:53–11:08 (UTC+9)") {
			t.Errorf("%s: booking row %q, want 10:53–11:08 (UTC+9) in it", l, got)
		}

		s := NewSecurity()
		s.SetEvents([]api.SecurityEvent{{At: at, Kind: "login_ok", Client: "desktop"}})
		if got := s.RowTexts(0)[0]; got != strings.TrimSuffix(want, " (UTC+9)") {
			t.Errorf("%s: sign-in history time %q", l, got)
		}
		if got := s.Columns[0].Text; !strings.HasSuffix(got, "(UTC+9)") {
			t.Errorf("%s: sign-in history heading %q names no zone", l, got)
		}

		n := NewNotifications()
		n.SetNotifications([]api.Notification{{ID: 1, At: at, Kind: api.NotificationStatus, Number: "Z-1", Status: api.StatusSubmitted}})
		cell := n.List.CreateItem()
		n.List.UpdateItem(0, cell)
		if got := cell.(*fyne.Container).Objects[1].(*widget.Label).Text; got != want {
			t.Errorf("%s: notification time %q, want %q", l, got, want)
		}

		// The staff queue: the time in its cell, the zone in its heading.
		q := NewStaffQueue()
		q.SetApplications([]api.Application{{ID: "a1", Number: "Z-1", Type: api.AppPensionPayment, Status: api.StatusSubmitted, CreatedAt: at}})
		if got := q.RowTexts(0)[1]; got != strings.TrimSuffix(want, " (UTC+9)") {
			t.Errorf("%s: staff queue time %q", l, got)
		}
		if got := q.Columns[1].Text; !strings.HasSuffix(got, "(UTC+9)") {
			t.Errorf("%s: staff queue heading %q names no zone", l, got)
		}

		// The staff's page of an application: when it was submitted.
		sa := NewStaffApplication()
		sa.SetApplication(api.Application{ID: "a1", Number: "Z-1", Type: api.AppPensionPayment, Status: api.StatusSubmitted, CreatedAt: at})
		if got := sa.Depositor.Text; !strings.Contains(got, want) {
			t.Errorf("%s: staff's application page %q, want %q in it", l, got, want)
		}

		// The demo outbox: each message's header.
		o := NewOutbox()
		o.SetMessages([]api.OutboxMessage{{Channel: "sms", To: "+7 708 *** ** 33", Body: "Код: 123456", CreatedAt: at}})
		item := o.List.CreateItem()
		o.List.UpdateItem(0, item)
		if got := item.(*fyne.Container).Objects[0].(*widget.Label).Text; !strings.Contains(got, want) {
			t.Errorf("%s: outbox message header %q, want %q in it", l, got, want)
		}
	}
}
