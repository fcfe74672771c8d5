package app

import (
	"kabinet/api"
	"kabinet/client"
	"kabinet/lang"
	"kabinet/screens"
)

// showForecast opens «Прогноз пенсии / Персональный план»: the inputs
// come prefilled from the service (accounts and the fund's parameters),
// the calculation runs on the service.
func (a *App) showForecast() {
	f := screens.NewForecast()
	a.page = f
	load := func() {
		f.SetBusy(true)
		a.goAsync(func() {
			var p api.ForecastParams
			c, err := a.ensureClient()
			if err == nil {
				ctx, cancel := a.callCtx()
				p, err = c.ForecastParams(ctx)
				cancel()
			}
			a.do(func() {
				if a.page != f {
					return
				}
				f.SetBusy(false)
				if err != nil {
					if client.IsCode(err, api.CodeUnauthorized) {
						return // sessionExpired handles it
					}
					m := errorMessage(err)
					f.ShowError(m.Key, m.Data)
					return
				}
				f.SetParams(p)
				if req, ok := f.Request(); ok {
					f.OnCalculate(req) // show a first result at once
				}
			})
		})
	}
	f.OnDefaults = func() {
		a.touch()
		load()
	}
	f.OnCalculate = func(req api.ForecastRequest) {
		a.touch()
		f.SetBusy(true)
		a.goAsync(func() {
			var res api.Forecast
			c, err := a.ensureClient()
			if err == nil {
				ctx, cancel := a.callCtx()
				res, err = c.Forecast(ctx, req)
				cancel()
			}
			a.do(func() {
				if a.page != f {
					return
				}
				f.SetBusy(false)
				if err != nil {
					if client.IsCode(err, api.CodeUnauthorized) {
						return
					}
					m := forecastMessage(err)
					f.ShowError(m.Key, m.Data)
					return
				}
				f.SetResult(res)
			})
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
		field := p.Field
		if k, ok := forecastFields[p.Field]; ok {
			field = lang.L(k)
		}
		return message{Key: "forecast.error.invalid", Data: map[string]any{"Field": field}}
	}
	return errorMessage(err)
}
