package client

import (
	"context"
	"net/http"

	"github.com/kabinet-kz/kabinet/api"
)

// DPVOrder is POST /api/v1/dpv/orders: pays a voluntary pension
// contribution. idempotencyKey is sent as the Idempotency-Key header
// (generate it once per submitted form and reuse it on a retry); with a
// key the call is retried after a network error like a GET, and the
// service answers the first order instead of paying twice.
func (c *Client) DPVOrder(ctx context.Context, req api.DPVOrderRequest, idempotencyKey string) (api.DPVOrder, error) {
	var out api.DPVOrder
	r := c.req(ctx).SetBody(req)
	if idempotencyKey != "" {
		r.SetHeader("Idempotency-Key", idempotencyKey)
	}
	err := c.do(r, http.MethodPost, api.PathDPVOrders, &out)
	return out, err
}

// DPVOrders is GET /api/v1/dpv/orders: the depositor's orders, newest
// first.
func (c *Client) DPVOrders(ctx context.Context) (api.DPVOrders, error) {
	var out api.DPVOrders
	err := c.do(c.req(ctx), http.MethodGet, api.PathDPVOrders, &out)
	return out, err
}

// DPVReceipt is GET /api/v1/dpv/orders/{id}/receipt.pdf: the receipt as
// PDF bytes in the language lang ("" for the service's default).
func (c *Client) DPVReceipt(ctx context.Context, id, lang string) ([]byte, error) {
	return c.download(ctx, withQuery(api.PathDPVReceipt(id), langQuery(lang)), "application/pdf")
}
