package service

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/service/forecast"
)

func TestForecastParamsPrefilled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	var p api.ForecastParams
	decode(t, e.do("GET", api.PathForecastParams, "", tok), &p)

	var acc api.Accounts
	decode(t, e.do("GET", api.PathAccounts, "", tok), &acc)
	// The last 12 full months before 2026-03-10: March 2025 to February 2026.
	var sum int64
	if err := e.db().QueryRow(`SELECT sum(t.amount) FROM transactions t JOIN accounts a ON a.id = t.account_id
		WHERE a.depositor_iin = ? AND t.kind = 'contribution' AND t.date BETWEEN '2025-03-01' AND '2026-02-28'`, iinBekzat).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	want := api.ForecastParams{
		AsOf: "2026-03-10", BirthDate: "1988-04-15", Sex: "male", AgeMonths: 37*12 + 10,
		Savings: acc.Total, MonthlyContribution: api.Money((sum + 6) / 12), ContributionMonths: 12,
		RetirementAge: 63, RetirementDate: "2051-04-15",
		SalaryGrowth: 6, ExpectedReturn: 9, Inflation: 7, PayoutYears: 20,
		Limits: api.ForecastLimits{MinRate: -50, MaxRate: 50, MinRetirementAge: 50, MaxRetirementAge: 75, MaxPayoutYears: 40},
	}
	if p != want {
		t.Errorf("params = %+v\nwant     %+v", p, want)
	}
	if p.MonthlyContribution < 90_000*100 || p.MonthlyContribution > 130_000*100 {
		t.Errorf("average contribution %d looks wrong for a 950 000 ₸ salary + 15 000 ₸ ДПВ", p.MonthlyContribution)
	}
}

func TestForecastRetirementAgeIsAServiceParameter(t *testing.T) {
	t.Parallel()
	c := DefaultForecastConfig()
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	cases := []struct {
		born, sex string
		want      int
	}{
		{"1988-04-15", "male", 756}, {"1966-06-01", "female", 732}, {"1967-03-01", "female", 738},
		{"1968-01-01", "female", 750}, {"1992-11-02", "female", 756},
	}
	for _, tc := range cases {
		if got := c.retirementMonths(day(tc.born), tc.sex); got != tc.want {
			t.Errorf("%s %s: %d months, want %d", tc.sex, tc.born, got, tc.want)
		}
	}
	// A fund that configures 65 for men answers it.
	e := newEnv(t, func(cfg *Config) { cfg.Forecast = ForecastConfig{ExpectedReturn: 0.05, MenRetirementMonths: 65 * 12} })
	var p api.ForecastParams
	decode(t, e.do("GET", api.PathForecastParams, "", e.login(iinBekzat, DemoPassword).Token), &p)
	if p.RetirementAge != 65 || p.RetirementDate != "2053-04-15" || p.ExpectedReturn != 5 || p.SalaryGrowth != 0 || p.PayoutYears != 20 {
		t.Errorf("configured params %+v", p)
	}
}

func TestForecastComputes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	req := api.ForecastRequest{Savings: 1_000_000_00, MonthlyContribution: 10_000_00, SalaryGrowth: 5,
		ExpectedReturn: 10, Inflation: 5, RetirementAge: 63, PayoutYears: 20}
	b, _ := json.Marshal(req)
	w := e.do("POST", api.PathForecast, string(b), tok)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var f api.Forecast
	decode(t, w, &f)
	// The same as the formula package on the same input (the service only
	// turns percent into fractions and years into months).
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	res, err := forecast.Compute(forecast.Input{AsOf: day("2026-03-10"), BirthDate: day("1988-04-15"), RetirementMonths: 756,
		Savings: 1_000_000_00, MonthlyContribution: 10_000_00, SalaryGrowth: 0.05, ExpectedReturn: 0.10, Inflation: 0.05, PayoutYears: 20})
	if err != nil {
		t.Fatal(err)
	}
	if f.Savings != api.Money(res.Savings) || f.MonthlyPayment != api.Money(res.MonthlyPayment) || f.SavingsReal != api.Money(res.SavingsReal) {
		t.Errorf("forecast %+v\nwant savings %d payment %d", f, res.Savings, res.MonthlyPayment)
	}
	if f.RetirementDate != "2051-04-15" || f.Months != 301 || len(f.Rows) != 26 || f.Formula == "" || f.Request != req {
		t.Errorf("date %s months %d rows %d request %+v", f.RetirementDate, f.Months, len(f.Rows), f.Request)
	}
	first, last := f.Rows[0], f.Rows[len(f.Rows)-1]
	// Year 1 by hand: C1 = 120 000; I1 = 1 000 000 · 0.10 + 120 000 · 0.05 = 106 000; B1 = 1 226 000.
	if first.Contributions != 120_000_00 || first.Income != 106_000_00 || first.Balance != 1_226_000_00 || first.Year != 2027 || first.Age != 38 {
		t.Errorf("first row %+v", first)
	}
	if last.Age != 63 || last.End != "2051-04-15" || last.Balance != f.Savings {
		t.Errorf("last row %+v", last)
	}
}

func TestForecastRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(iinBekzat, DemoPassword).Token
	ok := api.ForecastRequest{Savings: 100, MonthlyContribution: 100, SalaryGrowth: 5, ExpectedReturn: 9, Inflation: 7, RetirementAge: 63, PayoutYears: 20}
	cases := map[string]func(*api.ForecastRequest){
		"savings":             func(r *api.ForecastRequest) { r.Savings = -1 },
		"monthlyContribution": func(r *api.ForecastRequest) { r.MonthlyContribution = -5 },
		"expectedReturn":      func(r *api.ForecastRequest) { r.ExpectedReturn = 80 },
		"salaryGrowth":        func(r *api.ForecastRequest) { r.SalaryGrowth = -60 },
		"inflation":           func(r *api.ForecastRequest) { r.Inflation = 51 },
		"retirementAge":       func(r *api.ForecastRequest) { r.RetirementAge = 40 },
		"payoutYears":         func(r *api.ForecastRequest) { r.PayoutYears = 0 },
	}
	for field, mod := range cases {
		r := ok
		mod(&r)
		b, _ := json.Marshal(r)
		p := wantProblem(t, e.do("POST", api.PathForecast, string(b), tok), http.StatusUnprocessableEntity, api.CodeValidation)
		if p.Field != field {
			t.Errorf("%s: field %q", field, p.Field)
		}
	}
	wantProblem(t, e.do("POST", api.PathForecast, `{"savings":1,"extra":2}`, tok), http.StatusBadRequest, api.CodeBadRequest)
	wantProblem(t, e.do("POST", api.PathForecast, `{}`, ""), http.StatusUnauthorized, api.CodeUnauthorized)
	wantProblem(t, e.do("GET", api.PathForecastParams, "", ""), http.StatusUnauthorized, api.CodeUnauthorized)

	// Already past the retirement age (Serik is 56): no rows, today's savings.
	tok = e.login(iinSerik, DemoPassword).Token
	r := ok
	r.RetirementAge = 55
	r.Savings = 2_400_000_00
	r.ExpectedReturn = 0
	b, _ := json.Marshal(r)
	var f api.Forecast
	decode(t, e.do("POST", api.PathForecast, string(b), tok), &f)
	if len(f.Rows) != 0 || f.Months != 0 || f.Savings != 2_400_000_00 || f.MonthlyPayment != 10_000_00 {
		t.Errorf("past retirement: %+v", f)
	}
}
