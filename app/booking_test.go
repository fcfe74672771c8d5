package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/screens"
)

// bookFirstFree books the first free slot from today on as the demo
// depositor.
func bookFirstFree(t *testing.T, h *harness) api.Booking {
	t.Helper()
	dep := depositorClient(t, h)
	ctx := context.Background()
	offices, err := dep.Offices(ctx)
	if err != nil || len(offices.Offices) == 0 {
		t.Fatalf("offices %+v, %v", offices, err)
	}
	office := offices.Offices[0]
	now := time.Now().In(screens.FundZone)
	for d := 0; d < 14; d++ {
		slots, err := dep.OfficeSlots(ctx, office.ID, now.AddDate(0, 0, d).Format(time.DateOnly))
		if err != nil {
			continue
		}
		for _, s := range slots.Slots {
			if s.Free > 0 && s.Start.After(time.Now().Add(5*time.Minute)) {
				b, err := dep.Book(ctx, api.BookingRequest{OfficeID: office.ID, Start: s.Start, Service: api.BookingContacts})
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
		}
	}
	t.Fatal("no free slot in two weeks")
	return api.Booking{}
}

// TestBookingCancelAsksFirst: «Отменить» on a booking asks a question that
// names the ticket, in the app's language, with buttons that name the
// action; «Не отменять» leaves the booking active, «Отменить запись»
// cancels it.
func TestBookingCancelAsksFirst(t *testing.T) {
	for _, c := range []struct{ code, yes, no string }{
		{"ru", "Отменить запись", "Не отменять"},
		{"kk", "Жазбадан бас тарту", "Бас тартпау"},
		{"en", "Cancel the booking", "Keep it"},
	} {
		t.Run(c.code, func(t *testing.T) {
			h := newHarness(t, nil)
			bk := bookFirstFree(t, h)
			h.login(t, demoIIN, demoPassword)
			h.with(func() { h.a.SetLanguage(c.code) })
			h.a.WaitIdle()
			h.with(h.a.pages.showBooking)
			h.a.WaitIdle()
			b, ok := h.a.page.(*screens.Booking)
			if !ok {
				t.Fatalf("page %T", h.a.page)
			}
			var row *screens.BookingRow
			h.with(func() {
				for _, r := range b.MineRows {
					if r.Booking.ID == bk.ID {
						row = r
					}
				}
			})
			if row == nil {
				t.Fatalf("booking %s not listed", bk.Ticket)
			}
			status := func() string {
				list, err := depositorClient(t, h).Bookings(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range list.Bookings {
					if x.ID == bk.ID {
						return x.Status
					}
				}
				return "gone"
			}
			h.tap(row.Cancel)
			h.a.WaitIdle()
			_, texts := dialogWidgets(h)
			if text := strings.Join(texts, "\n"); !strings.Contains(text, bk.Ticket) {
				t.Errorf("the question %q does not name %s", text, bk.Ticket)
			}
			if got := status(); got != "active" {
				t.Fatalf("asked and already %q", got)
			}
			tapDialogButton(t, h, c.no)
			if buttons, _ := dialogWidgets(h); len(buttons) != 0 {
				t.Fatal("the question stays")
			}
			if got := status(); got != "active" {
				t.Fatalf("after «%s»: %q", c.no, got)
			}
			h.tap(row.Cancel)
			h.a.WaitIdle()
			tapDialogButton(t, h, c.yes)
			h.a.WaitIdle()
			if got := status(); got != "cancelled" {
				t.Fatalf("after «%s»: %q", c.yes, got)
			}
		})
	}
}
