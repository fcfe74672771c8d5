package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kabinet-kz/kabinet/api"
)

// Notifications is GET /api/v1/notifications: the in-app notifications,
// newest first; with after > 0 only those with a larger ID. Unread counts
// all unread ones.
func (c *Client) Notifications(ctx context.Context, after int64) (api.Notifications, error) {
	var out api.Notifications
	var q url.Values
	if after > 0 {
		q = url.Values{"after": {strconv.FormatInt(after, 10)}}
	}
	err := c.do(c.req(ctx), http.MethodGet, withQuery(api.PathNotifications, q), &out)
	return out, err
}

// MarkNotificationsRead is POST /api/v1/notifications/read: marks ids
// read, or every notification when ids is empty.
func (c *Client) MarkNotificationsRead(ctx context.Context, ids []int64) error {
	return c.do(c.req(ctx).SetBody(api.NotificationsRead{IDs: ids}), http.MethodPost, api.PathNotificationsRead, nil)
}
