package app

import (
	"context"
	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// showForecast opens «Прогноз пенсии / Персональный план»: the inputs
// come prefilled from the service (accounts and the fund's parameters),
// the calculation runs on the service.
func (ct *cabinetPages) showForecast() {
	a := ct.app
	f := screens.NewForecast()
	a.setPage(f)
	load := func() {
		f.SetBusy(true)
		var p api.ForecastParams
		ct.calls.Call(a.onPage(f), func(ctx context.Context, c *client.Client) (err error) {
			p, err = c.ForecastParams(ctx)
			return err
		}, func(err error) {
			f.SetBusy(false)
			if err != nil {
				m := errorMessage(err)
				f.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			f.SetParams(p)
			if req, ok := f.Request(); ok {
				f.OnCalculate(req) // show a first result at once
			}
		})
	}
	f.OnDefaults = func() {
		a.idle.touch()
		load()
	}
	f.OnCalculate = func(req api.ForecastRequest) {
		f.SetBusy(true)
		var res api.Forecast
		ct.calls.Call(a.onPage(f), func(ctx context.Context, c *client.Client) (err error) {
			res, err = c.Forecast(ctx, req)
			return err
		}, func(err error) {
			f.SetBusy(false)
			if err != nil {
				m := forecastMessage(err)
				f.Tell(screens.Problem(m.Key, m.Data))
				return
			}
			f.SetResult(res)
		})
	}
	a.cabinet.Show(screens.ServiceForecast, f.Content())
	load()
}

// forecastFields are the translation keys of the form's fields, by the
// field name of a validation problem.
var forecastFields = map[string]string{
	"savings": "forecast.savings", "monthlyContribution": "forecast.monthly", "salaryGrowth": "forecast.growth",
	"expectedReturn": "forecast.return", "inflation": "forecast.inflation", "retirementAge": "forecast.retire_age",
	"payoutYears": "forecast.payout_years",
}

// forecastMessage maps a refusal of the forecast to the user's message.
func forecastMessage(err error) message {
	if p, ok := client.ProblemOf(err); ok && p.Code == api.CodeValidation {
		var field any = p.Field
		if k, ok := forecastFields[p.Field]; ok {
			field = lang.Lazy(k)
		}
		return message{Key: "forecast.error.invalid", Data: map[string]any{"Field": field}}
	}
	return errorMessage(err)
}
