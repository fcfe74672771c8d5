package service

import (
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/forecast"
	"github.com/kabinet-kz/kabinet/service/store"
)

// ForecastConfig holds the fund's parameters of the pension forecast
// (GET /api/v1/forecast/params prefills them; the depositor may edit the
// rates). Rates are fractions per year (0.05 = 5 %). Its zero value means
// DefaultForecastConfig.
type ForecastConfig struct {
	SalaryGrowth   float64
	ExpectedReturn float64
	Inflation      float64
	// PayoutYears is the expected payment period of the annuity estimate.
	PayoutYears int
	// MenRetirementMonths is the men's retirement age in months.
	MenRetirementMonths int
	// WomenSchedule gives the women's retirement age in force from a
	// calendar year on (sorted by year; the first entry applies before
	// its year too).
	WomenSchedule []AgeFrom
}

// AgeFrom is a retirement age (in months) in force from Year on.
type AgeFrom struct {
	Year   int
	Months int
}

// DefaultForecastConfig: 6 % salary growth, 9 % nominal return, 7 %
// inflation, payments over 20 years; men retire at 63; women at 61 until
// 2027, then 6 months later every year up to 63 from 2031: the schedule
// of the Social Code (art. 207 as amended in 2023) that the Ministry of
// Labour published, checked in November 2026; configure it here when the
// law changes.
func DefaultForecastConfig() ForecastConfig {
	return ForecastConfig{
		SalaryGrowth:        0.06,
		ExpectedReturn:      0.09,
		Inflation:           0.07,
		PayoutYears:         20,
		MenRetirementMonths: 63 * 12,
		WomenSchedule: []AgeFrom{
			{Year: 2024, Months: 61 * 12},
			{Year: 2028, Months: 61*12 + 6},
			{Year: 2029, Months: 62 * 12},
			{Year: 2030, Months: 62*12 + 6},
			{Year: 2031, Months: 63 * 12},
		},
	}
}

func (c ForecastConfig) withDefaults() ForecastConfig {
	d := DefaultForecastConfig()
	if c.SalaryGrowth == 0 && c.ExpectedReturn == 0 && c.Inflation == 0 {
		c.SalaryGrowth, c.ExpectedReturn, c.Inflation = d.SalaryGrowth, d.ExpectedReturn, d.Inflation
	}
	if c.PayoutYears <= 0 {
		c.PayoutYears = d.PayoutYears
	}
	if c.MenRetirementMonths <= 0 {
		c.MenRetirementMonths = d.MenRetirementMonths
	}
	if len(c.WomenSchedule) == 0 {
		c.WomenSchedule = d.WomenSchedule
	}
	return c
}

// retirementMonths is the retirement age in months of a person born on
// birth of sex ("male", "female").
func (c ForecastConfig) retirementMonths(birth time.Time, sex string) int {
	if sex != "female" {
		return c.MenRetirementMonths
	}
	return forecast.RetirementMonths(birth, func(year int) int {
		m := c.WomenSchedule[0].Months
		for _, a := range c.WomenSchedule {
			if year >= a.Year {
				m = a.Months
			}
		}
		return m
	})
}

// forecastPerson is what the forecast needs to know about the caller.
type forecastPerson struct {
	asOf, birth time.Time
	sex         string
}

func (s *server) forecastPerson(r *http.Request, sess store.Session) (forecastPerson, error) {
	d, err := s.store.Depositor(r.Context(), sess.IIN)
	if errors.Is(err, store.ErrNotFound) {
		return forecastPerson{}, unauthorized(reasonInvalid, "unknown session")
	}
	if err != nil {
		return forecastPerson{}, err
	}
	birth, err := time.Parse(time.DateOnly, d.BirthDate)
	if err != nil {
		return forecastPerson{}, err
	}
	asOf, _ := time.Parse(time.DateOnly, fundDate(s.now()))
	return forecastPerson{asOf: asOf, birth: birth, sex: d.Sex}, nil
}

// handleForecastParams is GET /api/v1/forecast/params: the inputs of the
// forecast prefilled from the caller's accounts (savings; the average
// monthly contribution of the last 12 full months) and the fund's
// parameters.
func (s *server) handleForecastParams(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.forecastPerson(r, sess)
	if err != nil {
		return err
	}
	sums, err := s.store.AccountSummaries(r.Context(), sess.IIN)
	if err != nil {
		return err
	}
	var savings int64
	for _, a := range sums {
		savings += a.Balance
	}
	// The 12 full months before the current one.
	firstOfMonth := time.Date(p.asOf.Year(), p.asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	from := forecast.AddMonths(firstOfMonth, -12)
	to := firstOfMonth.AddDate(0, 0, -1)
	sum, months, err := s.store.ContributionsBetween(r.Context(), sess.IIN, from.Format(time.DateOnly), to.Format(time.DateOnly))
	if err != nil {
		return err
	}
	c := s.forecast
	retire := c.retirementMonths(p.birth, p.sex)
	s.respond(w, r, http.StatusOK, api.ForecastParams{
		AsOf:                p.asOf.Format(time.DateOnly),
		BirthDate:           p.birth.Format(time.DateOnly),
		Sex:                 p.sex,
		AgeMonths:           forecast.MonthsBetween(p.birth, p.asOf),
		Savings:             api.Money(savings),
		MonthlyContribution: api.Money(int64(math.Round(float64(sum) / 12))),
		ContributionMonths:  months,
		RetirementAge:       float64(retire) / 12,
		RetirementDate:      forecast.AddMonths(p.birth, retire).Format(time.DateOnly),
		SalaryGrowth:        percent(c.SalaryGrowth),
		ExpectedReturn:      percent(c.ExpectedReturn),
		Inflation:           percent(c.Inflation),
		PayoutYears:         c.PayoutYears,
		Limits: api.ForecastLimits{
			MinRate:          percent(forecast.MinRate),
			MaxRate:          percent(forecast.MaxRate),
			MinRetirementAge: forecast.MinRetirementMonths / 12,
			MaxRetirementAge: forecast.MaxRetirementMonths / 12,
			MaxPayoutYears:   forecast.MaxPayoutYears,
		},
	})
	return nil
}

// percent turns a fraction into percent, rounded to 0.01.
func percent(x float64) float64 { return math.Round(x*10000) / 100 }

// forecastFormula names the method in every answer.
const forecastFormula = "yearly projection: C_k = 12·f·C·(1+g)^(k-1); I_k = B_(k-1)·r·f + C_k·r·f/2; " +
	"B_k = B_(k-1) + C_k + I_k; today's money B/(1+i)^t; payment = annuity of B_n over P years at r/12 a month"

// handleForecast is POST /api/v1/forecast: the forecast for the inputs
// sent (see package forecast for the formula).
func (s *server) handleForecast(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var req api.ForecastRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	p, err := s.forecastPerson(r, sess)
	if err != nil {
		return err
	}
	in := forecast.Input{
		AsOf:                p.asOf,
		BirthDate:           p.birth,
		RetirementMonths:    int(math.Round(req.RetirementAge * 12)),
		Savings:             int64(req.Savings),
		MonthlyContribution: int64(req.MonthlyContribution),
		SalaryGrowth:        req.SalaryGrowth / 100,
		ExpectedReturn:      req.ExpectedReturn / 100,
		Inflation:           req.Inflation / 100,
		PayoutYears:         req.PayoutYears,
	}
	if math.IsNaN(req.RetirementAge) || math.IsInf(req.RetirementAge, 0) {
		in.RetirementMonths = 0
	}
	res, err := forecast.Compute(in)
	var fe *forecast.FieldError
	if errors.As(err, &fe) {
		return validationFailed("", fe.Field, fe.Err.Error())
	}
	if err != nil {
		return err
	}
	out := api.Forecast{
		AsOf:               p.asOf.Format(time.DateOnly),
		RetirementAge:      float64(in.RetirementMonths) / 12,
		RetirementDate:     res.RetirementDate.Format(time.DateOnly),
		Months:             res.Months,
		Savings:            api.Money(res.Savings),
		SavingsReal:        api.Money(res.SavingsReal),
		TotalContributions: api.Money(res.TotalContributions),
		TotalIncome:        api.Money(res.TotalIncome),
		MonthlyPayment:     api.Money(res.MonthlyPayment),
		MonthlyPaymentReal: api.Money(res.MonthlyPaymentReal),
		PayoutYears:        in.PayoutYears,
		Rows:               make([]api.ForecastRow, 0, len(res.Rows)),
		Request:            req,
		Formula:            forecastFormula,
	}
	out.Request.RetirementAge = out.RetirementAge
	for _, row := range res.Rows {
		out.Rows = append(out.Rows, api.ForecastRow{
			End:           row.End.Format(time.DateOnly),
			Year:          row.End.Year(),
			Age:           row.AgeMonths / 12,
			Months:        row.Months,
			Contributions: api.Money(row.Contributions),
			Income:        api.Money(row.Income),
			Balance:       api.Money(row.Balance),
			BalanceReal:   api.Money(row.BalanceReal),
		})
	}
	s.respond(w, r, http.StatusOK, out)
	return nil
}
