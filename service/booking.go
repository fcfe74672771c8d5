package service

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// BookingConfig configures the office queue booking. Its zero value
// means the defaults.
type BookingConfig struct {
	// HorizonDays is how many days ahead a slot can be booked (0: 30).
	HorizonDays int
}

const defaultHorizonDays = 30

func (c BookingConfig) withDefaults() BookingConfig {
	if c.HorizonDays <= 0 {
		c.HorizonDays = defaultHorizonDays
	}
	return c
}

// daySlot is one slot of an office's working day.
type daySlot struct{ start, end time.Time }

// clock parses "HH:MM" into minutes since midnight.
func clockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// isoWeekday is 1 (Monday) .. 7 (Sunday).
func isoWeekday(t time.Time) int {
	if wd := int(t.Weekday()); wd != 0 {
		return wd
	}
	return 7
}

// officeDay is an office's working day: its slots, or why it has none.
type officeDay struct {
	date    time.Time // midnight in the fund's zone
	dayOff  bool
	holiday store.DayOff
	slots   []daySlot
}

// officeDay computes the slots of office on date (YYYY-MM-DD, the fund's
// calendar): from opening to closing in steps of the slot length, none
// overlapping the break, none running past closing.
func (s *server) officeDay(ctx context.Context, o store.Office, date string) (officeDay, error) {
	d, err := time.ParseInLocation(time.DateOnly, date, fundZone())
	if err != nil {
		return officeDay{}, err
	}
	day := officeDay{date: d}
	hol, off, err := s.store.DayOffOn(ctx, date)
	if err != nil {
		return officeDay{}, err
	}
	if !off {
		// The holidays with a fixed date and their moves, in any year.
		if h, ok := kz.HolidayOn(d); ok {
			hol, off = store.DayOff{Date: date, Name: h.RU, NameKK: h.KK, NameEN: h.EN}, true
		}
	}
	if off {
		day.dayOff, day.holiday = true, hol
		return day, nil
	}
	i := slices.IndexFunc(o.Hours, func(h store.OfficeHours) bool { return h.Weekday == isoWeekday(d) })
	if i < 0 {
		day.dayOff = true
		return day, nil
	}
	h := o.Hours[i]
	opens, ok1 := clockMinutes(h.Opens)
	closes, ok2 := clockMinutes(h.Closes)
	if !ok1 || !ok2 || o.SlotMinutes <= 0 {
		return officeDay{}, fmt.Errorf("office %d: bad hours %+v", o.ID, h)
	}
	bFrom, okF := clockMinutes(h.BreakFrom)
	bTo, okT := clockMinutes(h.BreakTo)
	hasBreak := okF && okT && bTo > bFrom
	for m := opens; m+o.SlotMinutes <= closes; m += o.SlotMinutes {
		end := m + o.SlotMinutes
		if hasBreak && m < bTo && end > bFrom {
			continue
		}
		day.slots = append(day.slots, daySlot{
			start: d.Add(time.Duration(m) * time.Minute).UTC(),
			end:   d.Add(time.Duration(end) * time.Minute).UTC(),
		})
	}
	return day, nil
}

// bookable tells whether date is within the booking horizon (today
// included) by the service clock.
func (s *server) withinHorizon(d time.Time) bool {
	today, _ := time.ParseInLocation(time.DateOnly, fundDate(s.now()), fundZone())
	return !d.After(today.AddDate(0, 0, s.booking.HorizonDays))
}

func apiOffice(o store.Office) api.Office {
	out := api.Office{ID: o.ID, City: o.City, Name: o.Name, Address: o.Address, Phone: o.Phone,
		Windows: o.Windows, SlotMinutes: o.SlotMinutes, Hours: make([]api.OfficeHours, 0, len(o.Hours))}
	for _, h := range o.Hours {
		out.Hours = append(out.Hours, api.OfficeHours{Weekday: h.Weekday, Opens: h.Opens, Closes: h.Closes,
			BreakFrom: h.BreakFrom, BreakTo: h.BreakTo})
	}
	for code, t := range o.Texts {
		if out.Texts == nil {
			out.Texts = map[string]api.OfficeText{}
		}
		out.Texts[code] = api.OfficeText{City: t.City, Name: t.Name, Address: t.Address}
	}
	return out
}

// handleOffices is GET /api/v1/offices.
func (s *server) handleOffices(w http.ResponseWriter, r *http.Request, _ store.Session) error {
	offices, err := s.store.Offices(r.Context())
	if err != nil {
		return err
	}
	out := api.Offices{Offices: make([]api.Office, 0, len(offices)), Timezone: "UTC+5", HorizonDays: s.booking.HorizonDays}
	for _, o := range offices {
		out.Offices = append(out.Offices, apiOffice(o))
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// pathID reads the {id} of the route; a malformed one is 404 not_found.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem(http.StatusNotFound, api.CodeNotFound, "no such "+what)
	}
	return id, nil
}

func (s *server) office(ctx context.Context, id int64) (store.Office, error) {
	o, err := s.store.Office(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return o, problem(http.StatusNotFound, api.CodeNotFound, "no such office")
	}
	return o, err
}

// handleOfficeSlots is GET /api/v1/offices/{id}/slots?date=YYYY-MM-DD:
// the slots of that day that have not started yet by the service clock,
// with their free places. A day off answers dayOff and no slots; a date
// beyond the booking horizon is 422 validation_failed (too_far).
func (s *server) handleOfficeSlots(w http.ResponseWriter, r *http.Request, _ store.Session) error {
	id, err := pathID(r, "office")
	if err != nil {
		return err
	}
	o, err := s.office(r.Context(), id)
	if err != nil {
		return err
	}
	date := r.URL.Query().Get("date")
	if date == "" {
		date = fundDate(s.now())
	}
	if _, ok := parseAPIDate(date); !ok {
		p := problem(http.StatusBadRequest, api.CodeBadRequest, "date must be a date YYYY-MM-DD")
		p.p.Field = "date"
		return p
	}
	day, err := s.officeDay(r.Context(), o, date)
	if err != nil {
		return err
	}
	if !s.withinHorizon(day.date) {
		return validationFailed(api.ReasonSlotTooFar, "date", fmt.Sprintf("slots can be booked up to %d days ahead", s.booking.HorizonDays))
	}
	out := api.Slots{OfficeID: o.ID, Date: date, DayOff: day.dayOff, Holiday: day.holiday.Name, Slots: []api.Slot{}}
	for code, name := range map[string]string{"kk": day.holiday.NameKK, "en": day.holiday.NameEN} {
		if name != "" {
			if out.HolidayTexts == nil {
				out.HolidayTexts = map[string]string{}
			}
			out.HolidayTexts[code] = name
		}
	}
	if len(day.slots) > 0 {
		booked, err := s.store.BookedPlaces(r.Context(), o.ID, day.slots[0].start, day.slots[len(day.slots)-1].end)
		if err != nil {
			return err
		}
		now := s.now()
		for _, sl := range day.slots {
			if !sl.start.After(now) {
				continue // started or over
			}
			out.Slots = append(out.Slots, api.Slot{Start: sl.start, End: sl.end,
				Free: max(o.Windows-booked[sl.start], 0), Capacity: o.Windows})
		}
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

func (s *server) apiBooking(b store.Booking, o store.Office) api.Booking {
	out := api.Booking{ID: b.ID, Ticket: b.Ticket, Office: apiOffice(o), Start: b.Start, End: b.End,
		Service: b.Service, Window: b.Place, CreatedAt: b.CreatedAt, Status: api.BookingActive}
	switch {
	case !b.CancelledAt.IsZero():
		t := b.CancelledAt
		out.Cancelled = &t
		out.Status = api.BookingCancelled
	case !b.End.After(s.now()):
		out.Status = api.BookingPast
	}
	return out
}

// handleBook is POST /api/v1/bookings: books a place in a slot. Refusals:
// 422 validation_failed with reason past, day_off, not_a_slot, too_far or
// service; 404 for an unknown office; 409 slot_taken when every place of
// the slot is booked; 409 booking_limit when the caller already holds an
// active booking that day.
func (s *server) handleBook(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var req api.BookingRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if !slices.Contains(api.BookingServices, req.Service) {
		return validationFailed(api.ReasonBadService, "service", "unknown service")
	}
	o, err := s.office(r.Context(), req.OfficeID)
	if err != nil {
		return err
	}
	start := req.Start.UTC()
	now := s.now()
	if !start.After(now) {
		return validationFailed(api.ReasonSlotPast, "", "the slot has already begun")
	}
	// Beyond the horizon (by a day's margin for the zone) before any date
	// arithmetic: a start in year 9999 is no slot.
	if !inAPIRange(start) || start.After(now.AddDate(0, 0, s.booking.HorizonDays+2)) {
		return validationFailed(api.ReasonSlotTooFar, "", fmt.Sprintf("slots can be booked up to %d days ahead", s.booking.HorizonDays))
	}
	date := fundDate(start)
	day, err := s.officeDay(r.Context(), o, date)
	if err != nil {
		return err
	}
	if !s.withinHorizon(day.date) {
		return validationFailed(api.ReasonSlotTooFar, "", fmt.Sprintf("slots can be booked up to %d days ahead", s.booking.HorizonDays))
	}
	if day.dayOff {
		return validationFailed(api.ReasonSlotDayOff, "", "the office does not work that day")
	}
	i := slices.IndexFunc(day.slots, func(sl daySlot) bool { return sl.start.Equal(start) })
	if i < 0 {
		return validationFailed(api.ReasonSlotNotASlot, "", "no slot of the office starts then")
	}
	b, err := s.store.Book(r.Context(), store.NewBooking{
		Office: o, IIN: sess.IIN, Service: req.Service,
		Start: start, End: day.slots[i].end, Day: date, At: now, Client: clientAddr(r),
	})
	switch {
	case errors.Is(err, store.ErrSlotTaken):
		return problem(http.StatusConflict, api.CodeSlotTaken, "every place of the slot is booked")
	case errors.Is(err, store.ErrBookingLimit):
		return problem(http.StatusConflict, api.CodeBookingLimit, "one booking a day: cancel the other one first")
	case err != nil:
		return err
	}
	w.Header().Set("Location", api.PathBooking(b.ID))
	s.respond(w, r, http.StatusCreated, s.apiBooking(b, o))
	return nil
}

// maxBookingsListed bounds GET /api/v1/bookings.
const maxBookingsListed = 100

// handleBookings is GET /api/v1/bookings: the caller's bookings, the
// latest slot first.
func (s *server) handleBookings(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	list, err := s.store.Bookings(r.Context(), sess.IIN, maxBookingsListed)
	if err != nil {
		return err
	}
	offices := map[int64]store.Office{}
	out := api.Bookings{Bookings: make([]api.Booking, 0, len(list))}
	for _, b := range list {
		o, ok := offices[b.OfficeID]
		if !ok {
			if o, err = s.store.Office(r.Context(), b.OfficeID); err != nil {
				return err
			}
			offices[b.OfficeID] = o
		}
		out.Bookings = append(out.Bookings, s.apiBooking(b, o))
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}

// myBooking is booking {id} of the caller with its office; someone
// else's is 404 not_found, as if it did not exist.
func (s *server) myBooking(r *http.Request, sess store.Session) (store.Booking, store.Office, error) {
	id, err := pathID(r, "booking")
	if err != nil {
		return store.Booking{}, store.Office{}, err
	}
	b, err := s.store.Booking(r.Context(), id, sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return b, store.Office{}, problem(http.StatusNotFound, api.CodeNotFound, "no such booking")
	}
	if err != nil {
		return b, store.Office{}, err
	}
	o, err := s.store.Office(r.Context(), b.OfficeID)
	return b, o, err
}

// handleCancelBooking is DELETE /api/v1/bookings/{id}: cancels the
// caller's booking before its slot begins (409 invalid_state after);
// someone else's is 404. Cancelling twice answers the cancelled booking.
func (s *server) handleCancelBooking(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "booking")
	if err != nil {
		return err
	}
	b, err := s.store.CancelBooking(r.Context(), id, sess.IIN, s.now(), clientAddr(r))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return problem(http.StatusNotFound, api.CodeNotFound, "no such booking")
	case errors.Is(err, store.ErrBookingStarted):
		return problem(http.StatusConflict, api.CodeInvalidState, "the booked slot has begun; it can no longer be cancelled")
	case err != nil:
		return err
	}
	o, err := s.store.Office(r.Context(), b.OfficeID)
	if err != nil {
		return err
	}
	s.respond(w, r, http.StatusOK, s.apiBooking(b, o))
	return nil
}

// handleBookingTicket is GET /api/v1/bookings/{id}/ticket.pdf: the
// printable ticket of an active booking (409 invalid_state for a
// cancelled one).
func (s *server) handleBookingTicket(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	b, o, err := s.myBooking(r, sess)
	if err != nil {
		return err
	}
	if !b.CancelledAt.IsZero() {
		return problem(http.StatusConflict, api.CodeInvalidState, "the booking is cancelled")
	}
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	l := pdfLabels(pdfLang(r.URL.Query().Get("lang")))
	pdf, err := ticketPDF(l, ticketData{
		Fund: s.fundName(l.lang), Booking: b, Office: o,
		Name:   joinName(d.Surname, d.GivenName, d.Patronymic),
		IIN:    d.IIN,
		Issued: s.now(),
	})
	if err != nil {
		return err
	}
	writeAttachment(w, "application/pdf", "ticket-"+b.Ticket+".pdf", pdf)
	return nil
}
