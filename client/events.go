package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
)

// Events is GET /api/v1/me/events: the caller's security events (sign-ins,
// failed attempts, locks, logouts, password changes, ...), newest first,
// at most limit of them (limit <= 0: the service's default).
func (c *Client) Events(ctx context.Context, limit int) (api.SecurityEvents, error) {
	v := url.Values{}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	var out api.SecurityEvents
	err := c.do(c.req(ctx), http.MethodGet, withQuery(api.PathMeEvents, v), &out)
	return out, err
}
