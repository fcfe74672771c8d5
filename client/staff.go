package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
)

// Office staff workstation: every call needs a staff session (403
// forbidden for anyone else).

// StaffQueue is GET /api/v1/staff/queue?status=S: the applications of all
// depositors, oldest first; with status "" the unfinished ones.
func (c *Client) StaffQueue(ctx context.Context, status string) (api.Applications, error) {
	var out api.Applications
	path := api.PathStaffQueue
	if status != "" {
		path += "?status=" + url.QueryEscape(status)
	}
	err := c.do(c.req(ctx), http.MethodGet, path, &out)
	return out, err
}

// StaffApplication is GET /api/v1/staff/applications/{id}.
func (c *Client) StaffApplication(ctx context.Context, id string) (api.Application, error) {
	var out api.Application
	err := c.do(c.req(ctx), http.MethodGet, api.PathStaffApplication(url.PathEscape(id)), &out)
	return out, err
}

// StaffSetStatus is POST /api/v1/staff/applications/{id}/status: moves
// the application forward (409 invalid_state otherwise; 422
// validation_failed reason "reason" for a rejection without a reason).
// It is not retried: a repeated move would be refused as not forward.
func (c *Client) StaffSetStatus(ctx context.Context, id string, req api.StaffStatusRequest) (api.Application, error) {
	var out api.Application
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathStaffApplicationStatus(url.PathEscape(id)), &out)
	return out, err
}

// StaffDepositor is GET /api/v1/staff/depositors/{iin} (404
// depositor_not_found).
func (c *Client) StaffDepositor(ctx context.Context, iin string) (api.StaffDepositor, error) {
	var out api.StaffDepositor
	err := c.do(c.req(ctx), http.MethodGet, api.PathStaffDepositor(url.PathEscape(iin)), &out)
	return out, err
}

// StaffConfirmContacts is POST /api/v1/staff/depositors/{iin}/contacts:
// the employee has seen the depositor's identity document and confirms
// the phone and/or e-mail as his.
func (c *Client) StaffConfirmContacts(ctx context.Context, iin string, req api.ContactConfirmRequest) (api.StaffDepositor, error) {
	var out api.StaffDepositor
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathStaffContacts(url.PathEscape(iin)), &out)
	return out, err
}

// StaffBookings is GET /api/v1/staff/bookings?date=YYYY-MM-DD&office=ID:
// the day's bookings by start time (all offices when officeID is 0).
func (c *Client) StaffBookings(ctx context.Context, date string, officeID int64) (api.StaffBookings, error) {
	var out api.StaffBookings
	q := url.Values{}
	q.Set("date", date)
	if officeID != 0 {
		q.Set("office", strconv.FormatInt(officeID, 10))
	}
	err := c.do(c.req(ctx), http.MethodGet, api.PathStaffBookings+"?"+q.Encode(), &out)
	return out, err
}
