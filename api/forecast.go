package api

// Paths of the pension forecast («Прогноз пенсии / Персональный план»).
const (
	PathForecastParams = Prefix + "/forecast/params"
	PathForecast       = Prefix + "/forecast"
)

// ForecastParams is GET /api/v1/forecast/params: the inputs of a
// forecast prefilled from the depositor's accounts and the fund's
// parameters. Rates are percent per year (5.5 = 5.5 %).
type ForecastParams struct {
	// AsOf is the date the forecast starts from, YYYY-MM-DD.
	AsOf string `json:"asOf"`
	// BirthDate (from the IIN) and Sex decide the retirement age.
	BirthDate string `json:"birthDate"`
	Sex       string `json:"sex"`
	// AgeMonths is the depositor's age today in whole months.
	AgeMonths int `json:"ageMonths"`
	// Savings is the balance of all accounts today.
	Savings Money `json:"savings"`
	// MonthlyContribution is the average monthly contribution over the
	// last 12 months (all accounts); ContributionMonths the number of
	// those months that had one.
	MonthlyContribution Money `json:"monthlyContribution"`
	ContributionMonths  int   `json:"contributionMonths"`
	// RetirementAge is the fund's retirement age for this depositor, in
	// years (a woman's may be 61.5 under the schedule); RetirementDate the
	// day it is reached.
	RetirementAge  float64 `json:"retirementAge"`
	RetirementDate string  `json:"retirementDate"`
	// Defaults of the fund for the editable rates and the payment period.
	SalaryGrowth   float64 `json:"salaryGrowth"`
	ExpectedReturn float64 `json:"expectedReturn"`
	Inflation      float64 `json:"inflation"`
	PayoutYears    int     `json:"payoutYears"`
	// Limits the service accepts.
	Limits ForecastLimits `json:"limits"`
}

// ForecastLimits bound the inputs of POST /api/v1/forecast.
type ForecastLimits struct {
	MinRate          float64 `json:"minRate"` // percent
	MaxRate          float64 `json:"maxRate"` // percent
	MinRetirementAge float64 `json:"minRetirementAge"`
	MaxRetirementAge float64 `json:"maxRetirementAge"`
	MaxPayoutYears   int     `json:"maxPayoutYears"`
}

// ForecastRequest is POST /api/v1/forecast. Rates are percent per year;
// RetirementAge is in years, rounded to whole months.
type ForecastRequest struct {
	Savings             Money   `json:"savings"`
	MonthlyContribution Money   `json:"monthlyContribution"`
	SalaryGrowth        float64 `json:"salaryGrowth"`
	ExpectedReturn      float64 `json:"expectedReturn"`
	Inflation           float64 `json:"inflation"`
	RetirementAge       float64 `json:"retirementAge"`
	PayoutYears         int     `json:"payoutYears"`
}

// Forecast is the answer to POST /api/v1/forecast. It is an estimate,
// not a guarantee; Formula names the method (see service/forecast).
type Forecast struct {
	AsOf           string  `json:"asOf"`
	RetirementAge  float64 `json:"retirementAge"`
	RetirementDate string  `json:"retirementDate"`
	// Months from AsOf to RetirementDate (0: already reached).
	Months int `json:"months"`
	// Savings at retirement, nominal and in today's money.
	Savings     Money `json:"savings"`
	SavingsReal Money `json:"savingsReal"`
	// TotalContributions and TotalIncome over the projection.
	TotalContributions Money `json:"totalContributions"`
	TotalIncome        Money `json:"totalIncome"`
	// MonthlyPayment estimate over PayoutYears, nominal and in today's money.
	MonthlyPayment     Money           `json:"monthlyPayment"`
	MonthlyPaymentReal Money           `json:"monthlyPaymentReal"`
	PayoutYears        int             `json:"payoutYears"`
	Rows               []ForecastRow   `json:"rows"`
	Request            ForecastRequest `json:"request"`
	Formula            string          `json:"formula"`
}

// ForecastRow is one year of the table (the last one may be shorter).
type ForecastRow struct {
	// End is the last day of the period, YYYY-MM-DD; Year its year.
	End  string `json:"end"`
	Year int    `json:"year"`
	// Age in whole years at End.
	Age           int   `json:"age"`
	Months        int   `json:"months"`
	Contributions Money `json:"contributions"`
	Income        Money `json:"income"`
	Balance       Money `json:"balance"`
	BalanceReal   Money `json:"balanceReal"`
}
