package api

import (
	"strconv"
	"time"
)

// Paths of the office queue booking («Забронировать очередь на
// обслуживание»).
const (
	PathOffices  = Prefix + "/offices"
	PathBookings = Prefix + "/bookings"
)

// PathOfficeSlots is GET /api/v1/offices/{id}/slots?date=YYYY-MM-DD.
func PathOfficeSlots(officeID int64) string {
	return PathOffices + "/" + strconv.FormatInt(officeID, 10) + "/slots"
}

// PathBooking is DELETE /api/v1/bookings/{id}.
func PathBooking(id int64) string { return PathBookings + "/" + strconv.FormatInt(id, 10) }

// PathBookingTicket is GET /api/v1/bookings/{id}/ticket.pdf.
func PathBookingTicket(id int64) string { return PathBooking(id) + "/ticket.pdf" }

// CodeBookingLimit (409): the depositor already holds an active booking
// on that day (one per day).
const CodeBookingLimit = "booking_limit"

// Reasons of a validation_failed answer to POST /api/v1/bookings.
const (
	ReasonSlotPast     = "past"       // the slot has started or is over
	ReasonSlotDayOff   = "day_off"    // the office does not work that day
	ReasonSlotNotASlot = "not_a_slot" // the start is not a slot of the office's day
	ReasonSlotTooFar   = "too_far"    // beyond the booking horizon
	ReasonBadService   = "service"    // unknown service
)

// Booking services: what the visit is for.
const (
	BookingConsultation = "consultation"
	BookingPayment      = "payment"  // pension payment application
	BookingContacts     = "contacts" // confirm contacts / details in person
	BookingDocuments    = "documents"
)

// BookingServices lists the services in menu order.
var BookingServices = []string{BookingConsultation, BookingPayment, BookingContacts, BookingDocuments}

// OfficeHours are the hours of one weekday; an office is closed on the
// weekdays it has none of.
type OfficeHours struct {
	// Weekday is 1 (Monday) to 7 (Sunday), ISO 8601.
	Weekday int `json:"weekday"`
	// Opens and Closes are HH:MM in the fund's time zone; BreakFrom and
	// BreakTo a lunch break ("" when none).
	Opens     string `json:"opens"`
	Closes    string `json:"closes"`
	BreakFrom string `json:"breakFrom,omitempty"`
	BreakTo   string `json:"breakTo,omitempty"`
}

// Office is a service office of the fund.
type Office struct {
	ID      int64  `json:"id"`
	City    string `json:"city"`
	Name    string `json:"name"`
	Address string `json:"address"`
	Phone   string `json:"phone,omitempty"`
	// Windows is how many people are served at once (places per slot);
	// SlotMinutes the length of a slot.
	Windows     int           `json:"windows"`
	SlotMinutes int           `json:"slotMinutes"`
	Hours       []OfficeHours `json:"hours"`
	// Texts are City, Name and Address in other languages, by language
	// code ("kk", "en"); City, Name and Address above are Russian. See
	// Localized.
	Texts map[string]OfficeText `json:"texts,omitempty"`
}

// OfficeText is an office's city, name and address in one language.
type OfficeText struct {
	City    string `json:"city"`
	Name    string `json:"name"`
	Address string `json:"address"`
}

// Localized is o with City, Name and Address in language code when the
// service has them, else as they are (Russian).
func (o Office) Localized(code string) Office {
	if t, ok := o.Texts[code]; ok {
		if t.City != "" {
			o.City = t.City
		}
		if t.Name != "" {
			o.Name = t.Name
		}
		if t.Address != "" {
			o.Address = t.Address
		}
	}
	return o
}

// Offices is GET /api/v1/offices.
type Offices struct {
	Offices []Office `json:"offices"`
	// Timezone of the hours and slots, e.g. "UTC+5"; HorizonDays how far
	// ahead slots can be booked.
	Timezone    string `json:"timezone"`
	HorizonDays int    `json:"horizonDays"`
}

// Slot is one slot of an office's day.
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Free places of Capacity.
	Free     int `json:"free"`
	Capacity int `json:"capacity"`
}

// Slots is GET /api/v1/offices/{id}/slots: the slots of a day that have
// not started yet by the service clock (full ones with Free = 0).
type Slots struct {
	OfficeID int64  `json:"officeId"`
	Date     string `json:"date"`
	// DayOff is set when the office does not work that day (weekend or
	// holiday); Holiday names the holiday, if any.
	DayOff  bool   `json:"dayOff,omitempty"`
	Holiday string `json:"holiday,omitempty"`
	// HolidayTexts is the holiday's name in other languages ("kk", "en").
	HolidayTexts map[string]string `json:"holidayTexts,omitempty"`
	Slots        []Slot            `json:"slots"`
}

// BookingRequest is POST /api/v1/bookings.
type BookingRequest struct {
	OfficeID int64     `json:"officeId"`
	Start    time.Time `json:"start"`
	Service  string    `json:"service"`
}

// Booking is one booking of the depositor.
type Booking struct {
	ID int64 `json:"id"`
	// Ticket is the queue number shown at the office, e.g. "B-007".
	Ticket  string    `json:"ticket"`
	Office  Office    `json:"office"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Service string    `json:"service"`
	// Window is the place in the slot (1..Windows).
	Window    int        `json:"window"`
	CreatedAt time.Time  `json:"createdAt"`
	Cancelled *time.Time `json:"cancelledAt,omitempty"`
	// Status is "active", "cancelled" or "past".
	Status string `json:"status"`
}

// Booking statuses.
const (
	BookingActive    = "active"
	BookingCancelled = "cancelled"
	BookingPast      = "past"
)

// Bookings is GET /api/v1/bookings: the depositor's bookings, upcoming
// first.
type Bookings struct {
	Bookings []Booking `json:"bookings"`
}
