// Package forecast computes the pension forecast («прогнозный размер
// будущей пенсии / персональный план») of a depositor: the savings at
// retirement, a monthly payment estimate and a table by year. It is pure
// arithmetic on integers of tiyn and float rates, with no I/O, so that
// the formula can be tested against cases computed by hand.
//
// It lives under service/ because the service is the one place that
// computes a forecast: the retirement-age rule and the default rates are
// the fund's parameters (a remote fund may change them), and the app
// shows what the service answers instead of keeping a second copy of the
// rules.
//
// # The formula
//
// Let S0 be today's savings, C the monthly contribution today (10 % of
// the salary for ОПВ; the service prefills it with the average of the
// last 12 months' contributions), g the yearly salary growth, r the
// expected nominal yearly return (net of commission), i the yearly
// inflation, and M the number of whole months from today to the
// retirement date (the birth date plus the retirement age). The
// projection runs in periods of 12 months, the last one possibly shorter:
// period k (k = 1..n, n = ceil(M/12)) lasts f_k = 1 for full periods and
// f_n = (M mod 12)/12 for a shorter last one. In period k:
//
//	contributions  C_k = 12 · f_k · C · (1+g)^(k-1)
//	income         I_k = B_{k-1} · r · f_k + C_k · r · f_k / 2
//	balance        B_k = B_{k-1} + C_k + I_k,   B_0 = S0
//
// The contributions are spread evenly over the period, so on average
// they earn half of the period's return (the mid-period convention);
// within a shorter last period the return is simple (linear in f).
// Each C_k and I_k is rounded to the tiyn, so every row of the table adds
// up exactly. A negative r gives negative income; the balance never goes
// below zero. Savings at retirement are B_n.
//
// In today's money a balance after t years (t = k-1+f_k) is
// B_k / (1+i)^t.
//
// Monthly payment estimate: an annuity that spends B_n over the expected
// payment period of P years (12·P equal monthly payments) while the rest
// still earns r: with the monthly rate q = r/12,
//
//	payment = B_n · q / (1 − (1+q)^(−12·P))   (q ≠ 0)
//	payment = B_n / (12·P)                    (q = 0)
//
// The fund's real payment rules (a yearly payment computed from a
// coefficient of current value, minimum payments, state annuities) are
// not modelled: this is an estimate, not a guarantee, and the app says
// so.
package forecast

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Input is what a forecast is computed from. Money is in tiyn; rates are
// fractions (0.05 = 5 %).
type Input struct {
	// AsOf is today (a date; the time of day is ignored).
	AsOf time.Time
	// BirthDate of the depositor.
	BirthDate time.Time
	// RetirementMonths is the retirement age in months (63 years = 756).
	RetirementMonths int
	// Savings today, S0.
	Savings int64
	// MonthlyContribution today, C.
	MonthlyContribution int64
	// SalaryGrowth g, ExpectedReturn r and Inflation i, yearly.
	SalaryGrowth   float64
	ExpectedReturn float64
	Inflation      float64
	// PayoutYears P, the expected payment period.
	PayoutYears int
}

// Row is one period of the table.
type Row struct {
	// Period is 1..n.
	Period int
	// End is the last day of the period (the retirement date for the last).
	End time.Time
	// Months in the period (12, or fewer for the last).
	Months int
	// AgeMonths is the depositor's age at End, in whole months.
	AgeMonths     int
	Contributions int64
	Income        int64
	Balance       int64
	// BalanceReal is Balance in today's money.
	BalanceReal int64
}

// Result is a computed forecast.
type Result struct {
	// RetirementDate is BirthDate + RetirementMonths.
	RetirementDate time.Time
	// Months from AsOf to RetirementDate, whole months (0 when already
	// reached).
	Months int
	// AgeMonths today.
	AgeMonths int
	// Savings at retirement (B_n) and in today's money.
	Savings     int64
	SavingsReal int64
	// TotalContributions and TotalIncome over the projection.
	TotalContributions int64
	TotalIncome        int64
	// MonthlyPayment estimate and in today's money.
	MonthlyPayment     int64
	MonthlyPaymentReal int64
	Rows               []Row
}

// Limits of the inputs (the service answers validation_failed outside them).
const (
	MinRate        = -0.5
	MaxRate        = 0.5
	MaxPayoutYears = 40
	// MaxRetirementMonths is 75 years.
	MaxRetirementMonths = 75 * 12
	// MinRetirementMonths is 50 years.
	MinRetirementMonths = 50 * 12
)

// Errors of Validate; each names the field at fault.
var (
	ErrSavings       = errors.New("forecast: savings must not be negative")
	ErrContribution  = errors.New("forecast: monthly contribution must not be negative")
	ErrRate          = errors.New("forecast: rate out of range")
	ErrPayoutYears   = errors.New("forecast: payout years out of range")
	ErrRetirementAge = errors.New("forecast: retirement age out of range")
	ErrBirthDate     = errors.New("forecast: birth date after today")
)

// FieldError is a validation error about one input field.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }

// Validate checks the input against the limits; the error is a
// *FieldError naming the JSON field of the API.
func (in Input) Validate() error {
	switch {
	case in.Savings < 0:
		return &FieldError{"savings", ErrSavings}
	case in.MonthlyContribution < 0:
		return &FieldError{"monthlyContribution", ErrContribution}
	case !rateOK(in.SalaryGrowth):
		return &FieldError{"salaryGrowth", ErrRate}
	case !rateOK(in.ExpectedReturn):
		return &FieldError{"expectedReturn", ErrRate}
	case !rateOK(in.Inflation):
		return &FieldError{"inflation", ErrRate}
	case in.PayoutYears < 1 || in.PayoutYears > MaxPayoutYears:
		return &FieldError{"payoutYears", ErrPayoutYears}
	case in.RetirementMonths < MinRetirementMonths || in.RetirementMonths > MaxRetirementMonths:
		return &FieldError{"retirementAge", ErrRetirementAge}
	case dateOnly(in.BirthDate).After(dateOnly(in.AsOf)):
		return &FieldError{"birthDate", ErrBirthDate}
	}
	return nil
}

func rateOK(x float64) bool { return !math.IsNaN(x) && x >= MinRate && x <= MaxRate }

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddMonths is t plus n calendar months, the day clamped to the month's
// last day (29 February + 12 months = 28 February).
func AddMonths(t time.Time, n int) time.Time {
	t = dateOnly(t)
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// MonthsBetween is the number of whole months from a to b (0 if b is not
// after a).
func MonthsBetween(a, b time.Time) int {
	a, b = dateOnly(a), dateOnly(b)
	if !b.After(a) {
		return 0
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if AddMonths(a, n).After(b) {
		n--
	}
	return max(n, 0)
}

// Compute runs the forecast. It validates the input first.
func Compute(in Input) (Result, error) {
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	asOf := dateOnly(in.AsOf)
	res := Result{
		RetirementDate: AddMonths(in.BirthDate, in.RetirementMonths),
		AgeMonths:      MonthsBetween(in.BirthDate, asOf),
	}
	res.Months = MonthsBetween(asOf, res.RetirementDate) // the days of a last broken month are left out
	r, g := in.ExpectedReturn, in.SalaryGrowth
	balance := in.Savings
	done := 0 // months projected so far
	for k := 1; done < res.Months; k++ {
		months := min(12, res.Months-done)
		f := float64(months) / 12
		contrib := roundTiyn(12 * f * float64(in.MonthlyContribution) * math.Pow(1+g, float64(k-1)))
		income := roundTiyn(float64(balance)*r*f + float64(contrib)*r*f/2)
		balance += contrib + income
		if balance < 0 { // a loss cannot take more than there is
			income -= balance
			balance = 0
		}
		done += months
		t := float64(done) / 12
		end := AddMonths(asOf, done)
		if done == res.Months {
			end = res.RetirementDate
		}
		res.Rows = append(res.Rows, Row{
			Period:        k,
			End:           end,
			Months:        months,
			AgeMonths:     MonthsBetween(in.BirthDate, end),
			Contributions: contrib,
			Income:        income,
			Balance:       balance,
			BalanceReal:   roundTiyn(float64(balance) / math.Pow(1+in.Inflation, t)),
		})
		res.TotalContributions += contrib
		res.TotalIncome += income
	}
	res.Savings = balance
	deflator := math.Pow(1+in.Inflation, float64(res.Months)/12)
	res.SavingsReal = roundTiyn(float64(balance) / deflator)
	res.MonthlyPayment = Annuity(balance, r, in.PayoutYears)
	res.MonthlyPaymentReal = roundTiyn(float64(res.MonthlyPayment) / deflator)
	return res, nil
}

// Annuity is the monthly payment that spends savings over years of 12
// equal monthly payments while the rest earns the yearly rate r (monthly
// rate r/12); see the package comment.
func Annuity(savings int64, r float64, years int) int64 {
	n := float64(12 * years)
	if years <= 0 || savings <= 0 {
		return 0
	}
	q := r / 12
	if q == 0 {
		return roundTiyn(float64(savings) / n)
	}
	return roundTiyn(float64(savings) * q / (1 - math.Pow(1+q, -n)))
}

func roundTiyn(x float64) int64 { return int64(math.Round(x)) }

// RetirementMonths finds the retirement age in months under a schedule
// that gives the age in force in each calendar year (for example the
// women's schedule that raises the age by half a year each year): it is
// the first age m (in months, from 50 years on) at which the depositor's
// age reaches the age in force in the year that moment falls in.
func RetirementMonths(birth time.Time, ageInYear func(year int) int) int {
	for m := MinRetirementMonths; m <= MaxRetirementMonths; m++ {
		if m >= ageInYear(AddMonths(birth, m).Year()) {
			return m
		}
	}
	return MaxRetirementMonths
}
