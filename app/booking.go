package app

import (
	"context"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// showBooking opens «Забронировать очередь на обслуживание»: offices and
// my bookings load in the background; the slots of a day load when the
// office or the date changes.
func (ct *cabinetPages) showBooking() {
	a := ct.app
	b := screens.NewBooking(a.d.Clock.Now)
	a.setPage(b)
	loadBookings := func() {
		var list api.Bookings
		ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) (err error) {
			list, err = c.Bookings(ctx)
			return err
		}, func(err error) {
			if err != nil {
				m := errorMessage(err)
				b.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			b.SetBookings(list)
		})
	}
	load := func() {
		b.SetBusy(true)
		var offices api.Offices
		ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) (err error) {
			offices, err = c.Offices(ctx)
			return err
		}, func(err error) {
			b.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				b.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			b.SetOffices(offices)
		})
		loadBookings()
	}
	b.OnDay = func(officeID int64, date string) {
		var slots api.Slots
		ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) (err error) {
			slots, err = c.OfficeSlots(ctx, officeID, date)
			return err
		}, func(err error) {
			if err != nil {
				m := bookingMessage(err)
				b.Tell(screens.Problem(m.Key, m.Data))
				b.SetSlots(api.Slots{OfficeID: officeID, Date: date})
				return
			}
			b.SetSlots(slots)
		})
	}
	// changed reloads the day's free places and my bookings after a booking
	// or a cancellation, which change them whether it succeeded or not.
	changed := func() {
		if o, ok := b.CurrentOffice(); ok {
			b.OnDay(o.ID, b.DateString())
		}
		loadBookings()
	}
	b.OnBook = func(req api.BookingRequest) {
		b.SetBusy(true)
		var bk api.Booking
		ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) (err error) {
			bk, err = c.Book(ctx, req)
			return err
		}, func(err error) {
			b.SetBusy(false)
			if err != nil {
				m := bookingMessage(err)
				b.Tell(screens.Problem(m.Key, m.Data))
			} else {
				b.Tell(screens.Note("booking.done", bookingData(bk)))
			}
			changed()
		})
	}
	b.OnCancel = func(bk api.Booking) {
		// The question names the booking and its buttons the action, in
		// the app's language (Fyne's own are «Yes»/«No» in English).
		l := widget.NewLabel(lang.L("booking.cancel.confirm", bookingData(bk)))
		l.Wrapping = fyne.TextWrapWord
		d := screens.NewConfirmDialog(lang.L("booking.cancel.title"), lang.L("booking.cancel.yes"), lang.L("booking.cancel.no"),
			container.NewPadded(l), func(yes bool) {
				if !yes || a.page != b {
					return
				}
				b.SetBusy(true)
				ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) error {
					_, err := c.CancelBooking(ctx, bk.ID)
					return err
				}, func(err error) {
					b.SetBusy(false)
					if err != nil {
						m := bookingMessage(err)
						b.Tell(screens.Problem(m.Key, m.Data))
					} else {
						b.Tell(screens.Message{Key: "booking.cancelled", Data: map[string]any{"Ticket": bk.Ticket}, Error: false})
					}
					changed()
				})
			}, a.win)
		d.Resize(fyne.NewSize(480, 240))
		d.Show()
	}
	b.OnTicket = func(bk api.Booking) {
		var pdf []byte
		language := lang.Current()
		b.SetBusy(true)
		ct.calls.Call(a.onPage(b), func(ctx context.Context, c *client.Client) (err error) {
			pdf, err = c.BookingTicket(ctx, bk.ID, language)
			return err
		}, func(err error) {
			b.SetBusy(false)
			if err != nil {
				m := bookingMessage(err)
				b.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			ct.saveFile("ticket-"+bk.Ticket+".pdf", pdf, func(path string) {
				b.Tell(screens.Message{Key: "booking.ticket.saved", Data: map[string]any{"Path": path}, Error: false})
			})
		})
	}
	b.OnRefresh = load
	a.cabinet.Show(screens.ServiceBooking, b.Content())
	load()
}

// bookingData is a booking's ticket, date and time (in the fund's zone)
// for a message.
func bookingData(bk api.Booking) map[string]any {
	start := bk.Start.In(screens.FundZone)
	return map[string]any{"Ticket": bk.Ticket, "Date": screens.FormatDate(start.Format(time.DateOnly)), "From": start.Format("15:04"), "Zone": screens.ZoneName(start)}
}

// bookingMessage maps a refusal of the booking service to the user's message.
func bookingMessage(err error) message {
	p, ok := client.ProblemOf(err)
	if !ok {
		return errorMessage(err)
	}
	switch p.Code {
	case api.CodeSlotTaken:
		return message{Key: "booking.error.slot_taken"}
	case api.CodeBookingLimit:
		return message{Key: "booking.error.limit"}
	case api.CodeInvalidState:
		return message{Key: "booking.error.started"}
	case api.CodeValidation:
		switch p.Reason {
		case api.ReasonSlotPast, api.ReasonSlotDayOff, api.ReasonSlotNotASlot, api.ReasonSlotTooFar, api.ReasonBadService:
			return message{Key: "booking.error." + p.Reason}
		}
	}
	return errorMessage(err)
}

// saveFile asks where to save data (suggesting name) and writes it; done
// runs with the path after a successful write. The writing happens off
// the UI goroutine.
func (ct *cabinetPages) saveFile(name string, data []byte, done func(path string)) {
	a := ct.app
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			screens.ShowError(err.Error(), a.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		ct.calls.Go(func() {
			_, werr := w.Write(data)
			cerr := w.Close()
			if werr == nil {
				werr = cerr
			}
			path := w.URI().Path()
			a.do(func() {
				if werr != nil {
					screens.ShowError(werr.Error(), a.win)
					return
				}
				done(path)
			})
		})
	}, a.win)
	d.SetFileName(name)
	d.Resize(fyne.NewSize(760, 520))
	if home, err := os.UserHomeDir(); err == nil {
		if dir, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(dir)
		}
	}
	d.Show()
}
