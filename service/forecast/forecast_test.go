package forecast

import (
	"errors"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

const tenge = 100 // tiyn

// Two full years, no growth, 10 % return, 5 % inflation.
//
//	S0 = 1 000 000 ₸, C = 10 000 ₸/month, born 1963-03-10, today 2024-03-10
//	(61 years = 732 months), retirement at 63 (756 months) on 2026-03-10:
//	M = 24 months, n = 2 periods of 12 months.
//
//	year 1: C1 = 12 · 10 000 = 120 000
//	        I1 = 1 000 000 · 0.10 + 120 000 · 0.10 / 2 = 100 000 + 6 000 = 106 000
//	        B1 = 1 000 000 + 120 000 + 106 000 = 1 226 000
//	year 2: C2 = 120 000
//	        I2 = 1 226 000 · 0.10 + 6 000 = 122 600 + 6 000 = 128 600
//	        B2 = 1 226 000 + 120 000 + 128 600 = 1 474 600
//	today's money: B1 / 1.05 = 1 167 619.05; B2 / 1.05² = 1 474 600 / 1.1025 = 1 337 505.67
//	payment over P = 1 year at q = 0.10/12: 1 474 600 · q / (1 − (1+q)^−12)
//	  = 12 288.33 · 12 / 11.3745…  (checked below against Annuity's own
//	  hand case at 12 %, where the factor is a round number)
func TestTwoFullYears(t *testing.T) {
	res, err := Compute(Input{
		AsOf: day("2024-03-10"), BirthDate: day("1963-03-10"), RetirementMonths: 63 * 12,
		Savings: 1_000_000 * tenge, MonthlyContribution: 10_000 * tenge,
		ExpectedReturn: 0.10, Inflation: 0.05, PayoutYears: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.AgeMonths != 732 || res.Months != 24 || !res.RetirementDate.Equal(day("2026-03-10")) {
		t.Fatalf("age %d months %d retire %v", res.AgeMonths, res.Months, res.RetirementDate)
	}
	want := []Row{
		{Period: 1, End: day("2025-03-10"), Months: 12, AgeMonths: 744, Contributions: 120_000 * tenge, Income: 106_000 * tenge, Balance: 1_226_000 * tenge, BalanceReal: 116_761_905},
		{Period: 2, End: day("2026-03-10"), Months: 12, AgeMonths: 756, Contributions: 120_000 * tenge, Income: 128_600 * tenge, Balance: 1_474_600 * tenge, BalanceReal: 133_750_567},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("rows %+v", res.Rows)
	}
	for i := range want {
		if res.Rows[i] != want[i] {
			t.Errorf("row %d = %+v\nwant    %+v", i+1, res.Rows[i], want[i])
		}
	}
	if res.Savings != 147_460_000 || res.SavingsReal != 133_750_567 {
		t.Errorf("savings %d real %d", res.Savings, res.SavingsReal)
	}
	if res.TotalContributions != 240_000*tenge || res.TotalIncome != 234_600*tenge {
		t.Errorf("totals %d %d", res.TotalContributions, res.TotalIncome)
	}
	if res.MonthlyPayment != Annuity(147_460_000, 0.10, 1) || res.MonthlyPayment <= 147_460_000/12 {
		t.Errorf("payment %d: an annuity with a positive return pays more than savings/12", res.MonthlyPayment)
	}
	if got, want := res.MonthlyPaymentReal, int64(float64(res.MonthlyPayment)/1.1025+0.5); got != want {
		t.Errorf("real payment %d, want %d", got, want)
	}
}

// Annuity cases.
//
//	r = 0:    1 474 600 ₸ / (12 · 1) = 122 883.33 ₸ → 12 288 333 tiyn
//	r = 12 %: q = 0.01; 1.01^12 = 1.1268250; 1/1.1268250 = 0.8874492;
//	          1 − 0.8874492 = 0.1125508; 1 200 000 · 0.01 / 0.1125508
//	          = 106 618.55 ₸ → 10 661 855 tiyn
//	20 years at 0: 2 400 000 ₸ / 240 = 10 000 ₸
func TestAnnuity(t *testing.T) {
	cases := []struct {
		savings int64
		r       float64
		years   int
		want    int64
	}{
		{147_460_000, 0, 1, 12_288_333},
		{120_000_000, 0.12, 1, 10_661_855},
		{240_000_000, 0, 20, 1_000_000},
		{0, 0.1, 20, 0},
		{100, 0.1, 0, 0},
	}
	for _, c := range cases {
		if got := Annuity(c.savings, c.r, c.years); got != c.want {
			t.Errorf("Annuity(%d, %v, %d) = %d, want %d", c.savings, c.r, c.years, got, c.want)
		}
	}
}

// Salary growth, no return, three years.
//
//	C = 10 000 ₸, g = 5 %: C1 = 120 000; C2 = 120 000 · 1.05 = 126 000;
//	C3 = 120 000 · 1.05² = 132 300; B3 = 378 300 ₸ (S0 = 0, r = 0).
//	Payment over 20 years at r = 0: 378 300 / 240 = 1 576.25 ₸.
func TestSalaryGrowth(t *testing.T) {
	res, err := Compute(Input{
		AsOf: day("2026-01-01"), BirthDate: day("1966-01-01"), RetirementMonths: 63 * 12,
		MonthlyContribution: 10_000 * tenge, SalaryGrowth: 0.05, PayoutYears: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, r := range res.Rows {
		got = append(got, r.Contributions/tenge)
		if r.Income != 0 {
			t.Errorf("income %d at r = 0", r.Income)
		}
	}
	if len(got) != 3 || got[0] != 120_000 || got[1] != 126_000 || got[2] != 132_300 {
		t.Fatalf("contributions %v", got)
	}
	if res.Savings != 378_300*tenge || res.SavingsReal != res.Savings {
		t.Errorf("savings %d real %d", res.Savings, res.SavingsReal)
	}
	if res.MonthlyPayment != 157_625 {
		t.Errorf("payment %d, want 157 625 tiyn", res.MonthlyPayment)
	}
}

// A shorter last period: 18 months.
//
//	born 1963-03-10, today 2024-09-10 (61.5 years), retirement at 63:
//	M = 18, periods of 12 and 6 months (f2 = 0.5).
//	year 1 as in TestTwoFullYears: B1 = 1 226 000
//	period 2: C2 = 12 · 0.5 · 10 000 = 60 000
//	          I2 = 1 226 000 · 0.10 · 0.5 + 60 000 · 0.10 · 0.5 / 2 = 61 300 + 1 500 = 62 800
//	          B2 = 1 226 000 + 60 000 + 62 800 = 1 348 800
//	today's money with i = 5 % after 1.5 years: 1 348 800 / 1.05^1.5 = 1 253 613.35
func TestShortLastPeriod(t *testing.T) {
	res, err := Compute(Input{
		AsOf: day("2024-09-10"), BirthDate: day("1963-03-10"), RetirementMonths: 63 * 12,
		Savings: 1_000_000 * tenge, MonthlyContribution: 10_000 * tenge,
		ExpectedReturn: 0.10, Inflation: 0.05, PayoutYears: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Months != 18 || len(res.Rows) != 2 {
		t.Fatalf("months %d rows %+v", res.Months, res.Rows)
	}
	last := res.Rows[1]
	if last.Months != 6 || last.Contributions != 60_000*tenge || last.Income != 62_800*tenge || last.Balance != 1_348_800*tenge {
		t.Errorf("last period %+v", last)
	}
	if last.BalanceReal != 125_361_335 || res.SavingsReal != 125_361_335 {
		t.Errorf("real %d %d", last.BalanceReal, res.SavingsReal)
	}
	if !last.End.Equal(day("2026-03-10")) || last.AgeMonths != 756 {
		t.Errorf("end %v age %d", last.End, last.AgeMonths)
	}
}

// The days of a broken last month are left out, and the last row ends on
// the retirement date: born 1988-04-15, today 2026-03-10 (454 months),
// retirement 2051-04-15; 2026-03-10 + 301 months = 2051-04-10.
func TestBrokenMonth(t *testing.T) {
	res, err := Compute(Input{
		AsOf: day("2026-03-10"), BirthDate: day("1988-04-15"), RetirementMonths: 63 * 12,
		Savings: 1, PayoutYears: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.AgeMonths != 454 || res.Months != 301 || len(res.Rows) != 26 {
		t.Fatalf("age %d months %d rows %d", res.AgeMonths, res.Months, len(res.Rows))
	}
	last := res.Rows[25]
	if last.Months != 1 || !last.End.Equal(day("2051-04-15")) || last.AgeMonths != 756 {
		t.Errorf("last %+v", last)
	}
}

// Already at (or past) the retirement age: no projection, the savings
// are today's and the payment is the annuity of them.
//
//	S0 = 2 400 000 ₸, r = 0, P = 20: 2 400 000 / 240 = 10 000 ₸.
func TestAlreadyRetired(t *testing.T) {
	for _, born := range []string{"1963-03-10", "1960-01-01"} {
		res, err := Compute(Input{
			AsOf: day("2026-03-10"), BirthDate: day(born), RetirementMonths: 63 * 12,
			Savings: 2_400_000 * tenge, MonthlyContribution: 50_000 * tenge, ExpectedReturn: 0, Inflation: 0.08, PayoutYears: 20,
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Months != 0 || len(res.Rows) != 0 || res.Savings != 2_400_000*tenge || res.SavingsReal != res.Savings || res.TotalContributions != 0 {
			t.Errorf("born %s: %+v", born, res)
		}
		if res.MonthlyPayment != 10_000*tenge || res.MonthlyPaymentReal != res.MonthlyPayment {
			t.Errorf("born %s: payment %d real %d", born, res.MonthlyPayment, res.MonthlyPaymentReal)
		}
	}
}

// Nothing saved, nothing paid: all zero.
func TestZeroContributions(t *testing.T) {
	res, err := Compute(Input{
		AsOf: day("2026-03-10"), BirthDate: day("1990-03-10"), RetirementMonths: 63 * 12,
		ExpectedReturn: 0.1, SalaryGrowth: 0.05, Inflation: 0.05, PayoutYears: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 27 || res.Savings != 0 || res.MonthlyPayment != 0 || res.TotalIncome != 0 {
		t.Errorf("%d rows, savings %d, payment %d", len(res.Rows), res.Savings, res.MonthlyPayment)
	}
}

// A negative return loses money, and never more than there is.
//
//	S0 = 1 000 000 ₸, C = 0, r = −10 %, one year: I = −100 000, B = 900 000.
//	r = −50 % (the limit), two years: B1 = 500 000, B2 = 250 000.
//	With C = 10 000 ₸ and r = −50 %, one year: I = 1 000 000 · −0.5 +
//	120 000 · −0.25 = −530 000; B = 1 000 000 + 120 000 − 530 000 = 590 000.
func TestNegativeReturn(t *testing.T) {
	in := Input{AsOf: day("2026-03-10"), BirthDate: day("1964-03-10"), RetirementMonths: 63 * 12,
		Savings: 1_000_000 * tenge, ExpectedReturn: -0.10, PayoutYears: 10}
	res, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0].Income != -100_000*tenge || res.Savings != 900_000*tenge {
		t.Errorf("%+v", res.Rows)
	}
	// The annuity at a negative rate pays less than savings / months.
	if res.MonthlyPayment >= res.Savings/120 {
		t.Errorf("payment %d", res.MonthlyPayment)
	}
	in.BirthDate, in.ExpectedReturn = day("1965-03-10"), -0.5
	if res, _ = Compute(in); res.Savings != 250_000*tenge {
		t.Errorf("two years at −50 %%: %d", res.Savings)
	}
	in.BirthDate, in.MonthlyContribution = day("1964-03-10"), 10_000*tenge
	if res, _ = Compute(in); res.Savings != 590_000*tenge || res.Rows[0].Income != -530_000*tenge {
		t.Errorf("with contributions: %+v", res.Rows)
	}
}

func TestValidate(t *testing.T) {
	ok := Input{AsOf: day("2026-03-10"), BirthDate: day("1990-01-01"), RetirementMonths: 756, PayoutYears: 20}
	if _, err := Compute(ok); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*Input){
		"savings":             func(in *Input) { in.Savings = -1 },
		"monthlyContribution": func(in *Input) { in.MonthlyContribution = -1 },
		"salaryGrowth":        func(in *Input) { in.SalaryGrowth = 0.51 },
		"expectedReturn":      func(in *Input) { in.ExpectedReturn = -0.51 },
		"inflation":           func(in *Input) { in.Inflation = 2 },
		"payoutYears":         func(in *Input) { in.PayoutYears = 0 },
		"retirementAge":       func(in *Input) { in.RetirementMonths = 49 * 12 },
		"birthDate":           func(in *Input) { in.BirthDate = day("2027-01-01") },
	}
	for field, mod := range cases {
		in := ok
		mod(&in)
		_, err := Compute(in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
}

func TestMonths(t *testing.T) {
	if got := AddMonths(day("2024-02-29"), 12); !got.Equal(day("2025-02-28")) {
		t.Errorf("AddMonths leap = %v", got)
	}
	if got := AddMonths(day("2026-01-31"), 1); !got.Equal(day("2026-02-28")) {
		t.Errorf("AddMonths 31 Jan = %v", got)
	}
	cases := []struct {
		a, b string
		want int
	}{
		{"1988-04-15", "2026-03-10", 454}, {"1988-04-15", "2026-04-15", 456}, {"2026-03-10", "2026-03-09", 0}, {"2026-01-31", "2026-02-28", 1}, {"2026-01-31", "2026-02-27", 0},
	}
	for _, c := range cases {
		if got := MonthsBetween(day(c.a), day(c.b)); got != c.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// Women's schedule: 61 until 2027, then +6 months a year up to 63 in 2031.
//
//	born 1966-06-01: 61 on 2027-06-01, in force 61 → 732 months
//	born 1967-03-01: 61 on 2028-03-01 (61.5 in force: no), 61.5 on 2028-09-01 → 738
//	born 1968-01-01: 62 on 2030-01-01 (62.5 in force: no), 62.5 on 2030-07-01 → 750
//	born 1975-05-05: 63 (in force since 2031) → 756
func TestRetirementSchedule(t *testing.T) {
	schedule := func(year int) int {
		switch {
		case year <= 2027:
			return 61 * 12
		case year >= 2031:
			return 63 * 12
		}
		return 61*12 + 6*(year-2027)
	}
	cases := map[string]int{"1966-06-01": 732, "1967-03-01": 738, "1968-01-01": 750, "1975-05-05": 756}
	for born, want := range cases {
		if got := RetirementMonths(day(born), schedule); got != want {
			t.Errorf("born %s: %d months, want %d", born, got, want)
		}
	}
	if got := RetirementMonths(day("1988-04-15"), func(int) int { return 63 * 12 }); got != 756 {
		t.Errorf("men: %d", got)
	}
}
