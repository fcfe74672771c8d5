package client

import (
	"context"
	"net/http"

	"github.com/kabinet-kz/kabinet/api"
)

// ForecastParams is GET /api/v1/forecast/params: the forecast's inputs
// prefilled from the depositor's accounts and the fund's parameters.
func (c *Client) ForecastParams(ctx context.Context) (api.ForecastParams, error) {
	var out api.ForecastParams
	err := c.do(c.req(ctx), http.MethodGet, api.PathForecastParams, &out)
	return out, err
}

// Forecast is POST /api/v1/forecast. It changes nothing on the service,
// so it is safe to retry.
func (c *Client) Forecast(ctx context.Context, req api.ForecastRequest) (api.Forecast, error) {
	var out api.Forecast
	err := c.do(c.req(ctx).SetBody(req), http.MethodPost, api.PathForecast, &out)
	return out, err
}
