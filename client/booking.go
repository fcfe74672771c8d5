package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/kabinet-kz/kabinet/api"
)

// Offices is GET /api/v1/offices.
func (c *Client) Offices(ctx context.Context) (api.Offices, error) {
	var out api.Offices
	err := c.do(c.req(ctx), http.MethodGet, api.PathOffices, &out)
	return out, err
}

// OfficeSlots is GET /api/v1/offices/{id}/slots?date=YYYY-MM-DD.
func (c *Client) OfficeSlots(ctx context.Context, officeID int64, date string) (api.Slots, error) {
	var out api.Slots
	err := c.do(c.req(ctx), http.MethodGet, api.PathOfficeSlots(officeID)+"?date="+url.QueryEscape(date), &out)
	return out, err
}

// Book is POST /api/v1/bookings. It is not retried: a second try after
// a lost answer would meet the first booking (booking_limit), which the
// caller sees in Bookings.
func (c *Client) Book(ctx context.Context, req api.BookingRequest) (api.Booking, error) {
	var out api.Booking
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathBookings, &out)
	return out, err
}

// Bookings is GET /api/v1/bookings: the depositor's bookings.
func (c *Client) Bookings(ctx context.Context) (api.Bookings, error) {
	var out api.Bookings
	err := c.do(c.req(ctx), http.MethodGet, api.PathBookings, &out)
	return out, err
}

// CancelBooking is DELETE /api/v1/bookings/{id}.
func (c *Client) CancelBooking(ctx context.Context, id int64) (api.Booking, error) {
	var out api.Booking
	err := c.do(c.req(ctx), http.MethodDelete, api.PathBooking(id), &out)
	return out, err
}

// BookingTicket is GET /api/v1/bookings/{id}/ticket.pdf: the printable
// ticket as PDF bytes.
func (c *Client) BookingTicket(ctx context.Context, id int64, lang string) ([]byte, error) {
	return c.download(ctx, withQuery(api.PathBookingTicket(id), langQuery(lang)), "application/pdf")
}

// download GETs a file (a PDF, a CSV) and returns its bytes; a problem
// answer becomes an *Error as with every other call.
func (c *Client) download(ctx context.Context, path, mediaType string) ([]byte, error) {
	resp, err := c.execute(c.req(ctx).SetHeader("Accept", mediaType+", "+api.ProblemContentType), http.MethodGet, path)
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}
