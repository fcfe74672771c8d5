package service

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Demo logins. A service opened with Config.Demo on a new data directory
// creates these people (all names, companies and contacts are fictional):
//
//	| ИИН          | Name                          | Sex | Born       | Registered | Phone       | E-mail                 | Accounts        |
//	|--------------|-------------------------------|-----|------------|------------|-------------|------------------------|-----------------|
//	| 880415300157 | Сейткали Бекзат Нурланович    | M   | 1988-04-15 | yes        | 77012345600 | bekzat.s@mail.kz       | ОПВ, ОППВ, ДПВ  |
//	| 700303300418 | Ахметов Серик Болатович       | M   | 1970-03-03 | yes        | 77051234567 | serik.akhmetov@mail.kz | ОПВ, ДПВ        |
//	| 921102400233 | Нурланова Асель Маратовна     | F   | 1992-11-02 | yes        | 77771234501 | asel.n@mail.kz         | ОПВ             |
//	| 850721300125 | Омаров Даурен Ерланович       | M   | 1985-07-21 | no         | 77081112233 | dauren.omarov@mail.kz  | ОПВ             |
//	| 950109400452 | Сейткали Айгерим Нурлановна   | F   | 1995-01-09 | no         | 77012345600 | aigerim.s@mail.kz      | ОПВ             |
//	| 800612400774 | Кузнецова Ольга Викторовна    | F   | 1980-06-12 | staff      | 77475550011 | o.kuznetsova@fund.demo | —               |
//
// Password of the three registered depositors: kabinet-demo-2026
// (DemoPassword); of the office staff user: kabinet-staff-2026
// (DemoStaffPassword). 921102400233 has disability group 2 for life;
// 700303300418 is over 50, brought savings from an earlier fund in 2014
// and took a payment from his ДПВ in 2021. The two people not registered
// yet are for the registration flow: 850721300125 has his own phone and
// e-mail; 950109400452 has the same phone as 880415300157 (the memo's
// «реквизит совпадает с реквизитом другого вкладчика»).
//
// Contributions run monthly from January 2015 up to the month before the
// service's clock, so the cabinet always looks current; the data are
// otherwise the same on every machine (fixed random seeds).
const (
	DemoPassword      = "kabinet-demo-2026"
	DemoStaffPassword = "kabinet-staff-2026"
)

// demoSeed names the generator in the meta table; bump it when the demo
// data change shape.
const demoSeed = "demo-v1"

// demoStart is the first month with contributions (credited in it).
func demoStart() month { return month(2015*12 + 0) }

// month counts months since year 0: year*12 + (month-1).
type month int

func monthOf(t time.Time) month { return month(t.Year()*12 + int(t.Month()) - 1) }
func (m month) year() int       { return int(m) / 12 }
func (m month) time(day int) time.Time {
	return time.Date(m.year(), time.Month(int(m)%12+1), day, 0, 0, 0, 0, time.UTC)
}
func (m month) date(day int) string { return m.time(day).Format(time.DateOnly) }
func (m month) lastDay() int        { return m.time(1).AddDate(0, 1, -1).Day() }
func (m month) String() string      { return m.time(1).Format("2006-01") }

func ym(year int, mon time.Month) month { return month(year*12 + int(mon) - 1) }

// withCheckDigit appends the IIN/BIN control digit to 11 fixed digits of
// the demo data (all chosen to have one).
func withCheckDigit(first11 string) string {
	c, ok := kz.IINCheckDigit(first11)
	if !ok {
		panic("service: demo number without a control digit: " + first11)
	}
	return fmt.Sprintf("%s%d", first11, c)
}

type employer struct{ name, bin string }

func newEmployer(name, binPrefix string) employer {
	return employer{name: name, bin: withCheckDigit(binPrefix)}
}

// job is a period of employment: the employer pays 10 % of the salary to
// ОПВ for every month from..to (periods, inclusive), and 5 % to ОППВ when
// the work is hazardous (oppv). The salary grows linearly from pay0 to
// pay1 tenge over the period, with some noise.
type job struct {
	employer   employer
	from, to   month // to < 0: still employed
	pay0, pay1 int64
	oppv       bool
}

// demoPerson is one person of the demo and the plan of their accounts.
type demoPerson struct {
	store.Depositor
	password string // "" = not registered
	jobs     []job
	// dpv: monthly voluntary contribution in tenge from dpvFrom (0: none).
	dpv     int64
	dpvFrom month
	// transferIn: savings brought from an earlier fund, in tenge.
	transferIn     int64
	transferInDate string
	// payment: a one-off ДПВ payment of this share of the balance.
	paymentShare float64
	paymentMonth month
}

// demoPeople is the cast of the demo; see the table above.
func demoPeople() []demoPerson {
	agro := newEmployer("ТОО «Жасыл Дала Агро»", "11034000456")
	mine := newEmployer("АО «Кен Тау Металл»", "09114000222")
	code := newEmployer("ТОО «Алтын Код»", "16094000789")
	trans := newEmployer("ТОО «Сарыарка Транс Сервис»", "98074000111")
	energy := newEmployer("АО «Шығыс Энерго Демо»", "14024000654")
	media := newEmployer("ТОО «Нұр Медиа Студия»", "17084000333")
	build := newEmployer("ТОО «Ертіс Құрылыс Групп»", "20064000321")
	clinic := newEmployer("ТОО «Мейірім Клиника»", "11034000457")
	return []demoPerson{
		{
			Depositor: store.Depositor{IIN: "880415300157", Surname: "Сейткали", GivenName: "Бекзат", Patronymic: "Нурланович",
				BirthDate: "1988-04-15", Sex: "male", Phone: "77012345600", Email: "bekzat.s@mail.kz"},
			password: DemoPassword,
			jobs: []job{
				{employer: agro, from: ym(2014, 12), to: ym(2016, 7), pay0: 140_000, pay1: 175_000},
				{employer: mine, from: ym(2016, 10), to: ym(2020, 6), pay0: 260_000, pay1: 390_000, oppv: true},
				{employer: code, from: ym(2020, 7), to: -1, pay0: 450_000, pay1: 950_000},
			},
			dpv: 15_000, dpvFrom: ym(2021, 3),
		},
		{
			Depositor: store.Depositor{IIN: "700303300418", Surname: "Ахметов", GivenName: "Серик", Patronymic: "Болатович",
				BirthDate: "1970-03-03", Sex: "male", Phone: "77051234567", Email: "serik.akhmetov@mail.kz"},
			password: DemoPassword,
			jobs: []job{
				{employer: trans, from: ym(2014, 12), to: ym(2019, 12), pay0: 220_000, pay1: 310_000},
				{employer: energy, from: ym(2020, 1), to: -1, pay0: 330_000, pay1: 540_000},
			},
			dpv: 30_000, dpvFrom: ym(2015, 6),
			transferIn: 2_840_515, transferInDate: "2014-03-28",
			paymentShare: 0.3, paymentMonth: ym(2021, 4),
		},
		{
			Depositor: store.Depositor{IIN: "921102400233", Surname: "Нурланова", GivenName: "Асель", Patronymic: "Маратовна",
				BirthDate: "1992-11-02", Sex: "female", Phone: "77771234501", Email: "asel.n@mail.kz",
				Disability: "2", DisabilityForLife: true},
			password: DemoPassword,
			jobs: []job{
				{employer: media, from: ym(2016, 9), to: ym(2021, 2), pay0: 90_000, pay1: 160_000},
				{employer: clinic, from: ym(2021, 6), to: -1, pay0: 170_000, pay1: 260_000},
			},
		},
		{
			Depositor: store.Depositor{IIN: withCheckDigit("85072130012"), Surname: "Омаров", GivenName: "Даурен", Patronymic: "Ерланович",
				BirthDate: "1985-07-21", Sex: "male", Phone: "77081112233", Email: "dauren.omarov@mail.kz"},
			jobs: []job{
				{employer: build, from: ym(2014, 12), to: -1, pay0: 200_000, pay1: 480_000},
			},
		},
		{
			Depositor: store.Depositor{IIN: withCheckDigit("95010940045"), Surname: "Сейткали", GivenName: "Айгерим", Patronymic: "Нурлановна",
				BirthDate: "1995-01-09", Sex: "female", Phone: "77012345600", Email: "aigerim.s@mail.kz"},
			jobs: []job{
				{employer: clinic, from: ym(2017, 8), to: -1, pay0: 120_000, pay1: 310_000},
			},
		},
		{
			Depositor: store.Depositor{IIN: withCheckDigit("80061240077"), Surname: "Кузнецова", GivenName: "Ольга", Patronymic: "Викторовна",
				BirthDate: "1980-06-12", Sex: "female", Phone: "77475550011", Email: "o.kuznetsova@fund.demo",
				Role: store.RoleStaff},
			password: DemoStaffPassword,
		},
	}
}

// demoAnnualReturn is the fund's yearly return used for the demo's
// monthly investment income (a plausible series, not real figures).
func demoAnnualReturn(year int) float64 {
	r := map[int]float64{
		2014: 0.072, 2015: 0.098, 2016: 0.078, 2017: 0.061, 2018: 0.077, 2019: 0.051,
		2020: 0.106, 2021: 0.076, 2022: 0.058, 2023: 0.127, 2024: 0.152, 2025: 0.110,
	}[year]
	if r == 0 {
		r = 0.09
	}
	return r
}

// Commission of the fund: a share of the assets every month.
const demoMonthlyCommission = 0.000125

// demoRates returns the fund's monthly return for every month from start
// to last: the year's return spread over 12 months plus market noise,
// so that some months lose. It is the same for every account.
func demoRates(start, last month) map[month]float64 {
	rng := rand.New(rand.NewPCG(2015, 1))
	rates := make(map[month]float64)
	for m := start; m <= last; m++ {
		rates[m] = demoAnnualReturn(m.year())/12 + rng.NormFloat64()*0.006
	}
	return rates
}

// ledger builds the transactions of one account with running balances.
type ledger struct {
	acc     store.SeedAccount
	balance int64 // tiyn
	pending []store.Transaction
}

// plan adds a transaction to the current month; flush books them in date
// order (stable, so same-day ones keep the order they were planned in).
func (l *ledger) plan(t store.Transaction) { l.pending = append(l.pending, t) }

func (l *ledger) flush() {
	slices.SortStableFunc(l.pending, func(a, b store.Transaction) int { return cmp.Compare(a.Date, b.Date) })
	for _, t := range l.pending {
		l.book(t)
	}
	l.pending = l.pending[:0]
}

func (l *ledger) book(t store.Transaction) {
	l.balance += t.Amount
	t.BalanceAfter = l.balance
	l.acc.Transactions = append(l.acc.Transactions, t)
}

// demoData generates the demo: people, accounts and transactions from
// January 2015 to the month before now (in the fund's time zone), with
// passwords hashed by hash. Apart from the hashes and the creation time,
// the result depends only on that month, and a later month only adds
// transactions.
func demoData(now time.Time, hash func(password string) (string, error)) ([]store.SeedDepositor, error) {
	last := monthOf(now.In(fundZone())) - 1
	start := demoStart()
	rates := demoRates(start, last)
	created := now.UTC()
	var out []store.SeedDepositor
	for i, p := range demoPeople() {
		rng := rand.New(rand.NewPCG(20260101, uint64(i)))
		if p.Role == "" {
			p.Role = store.RoleDepositor
		}
		p.CreatedAt = created
		if p.password != "" {
			h, err := hash(p.password)
			if err != nil {
				return nil, fmt.Errorf("demo password of %s: %w", p.IIN, err)
			}
			p.PasswordHash, p.PasswordChangedAt = h, created
		}
		sd := store.SeedDepositor{Depositor: p.Depositor}
		if p.Role == store.RoleStaff {
			out = append(out, sd)
			continue
		}
		newLedger := func(typ string, code int, opened string) *ledger {
			return &ledger{acc: store.SeedAccount{
				Type:     typ,
				Number:   fmt.Sprintf("%02d%010d", code, rng.Int64N(1e10)),
				OpenedAt: opened,
			}}
		}
		opv := newLedger(store.AccountOPV, 10, firstJob(p.jobs).date(1))
		var oppv, dpv *ledger
		for _, j := range p.jobs {
			if j.oppv && oppv == nil {
				oppv = newLedger(store.AccountOPPV, 20, (j.from + 1).date(2))
			}
		}
		if p.dpv > 0 {
			dpv = newLedger(store.AccountDPV, 30, p.dpvFrom.date(3))
		}
		if p.transferIn > 0 {
			opv.acc.OpenedAt = "2014-02-17"
			opv.book(store.Transaction{Date: p.transferInDate, Kind: store.KindTransfer, Amount: p.transferIn * 100,
				PayerName: "АО «НПФ Сарыарка» (демо)", PayerBIN: withCheckDigit("98074000112")})
		}
		ledgers := []*ledger{opv, oppv, dpv}
		for m := start; m <= last; m++ {
			period := m - 1
			for _, j := range p.jobs {
				if period < j.from || (j.to >= 0 && period > j.to) {
					continue
				}
				salary := j.salary(period, rng)
				day := 5 + rng.IntN(20)
				opv.plan(store.Transaction{Date: m.date(day), Kind: store.KindContribution, Amount: salary * 10,
					Period: period.String(), PayerName: j.employer.name, PayerBIN: j.employer.bin})
				if j.oppv {
					oppv.plan(store.Transaction{Date: m.date(day), Kind: store.KindContribution, Amount: salary * 5,
						Period: period.String(), PayerName: j.employer.name, PayerBIN: j.employer.bin})
				}
			}
			if dpv != nil && m >= p.dpvFrom && rng.IntN(10) != 0 { // skips about one month in ten
				dpv.plan(store.Transaction{Date: m.date(25 + rng.IntN(3)), Kind: store.KindContribution, Amount: p.dpv * 100,
					Period: m.String(), PayerName: p.Surname + " " + p.GivenName + " " + p.Patronymic, PayerBIN: p.IIN})
			}
			if dpv != nil && p.paymentShare > 0 && m == p.paymentMonth {
				amount := int64(float64(dpv.balance) * p.paymentShare)
				dpv.plan(store.Transaction{Date: m.date(15), Kind: store.KindPayment, Amount: -amount})
			}
			for _, l := range ledgers {
				if l == nil {
					continue
				}
				l.flush()
				if l.balance <= 0 {
					continue
				}
				end := m.date(m.lastDay())
				income := int64(math.Round(float64(l.balance) * rates[m]))
				income = max(income, -l.balance)
				if income != 0 {
					l.book(store.Transaction{Date: end, Kind: store.KindInvestmentIncome, Amount: income})
				}
				if fee := int64(math.Round(float64(l.balance) * demoMonthlyCommission)); fee > 0 {
					l.book(store.Transaction{Date: end, Kind: store.KindCommission, Amount: -min(fee, l.balance)})
				}
			}
		}
		for _, l := range ledgers {
			if l != nil {
				sd.Accounts = append(sd.Accounts, l.acc)
			}
		}
		out = append(out, sd)
	}
	return out, nil
}

// firstJob is the first month paid for, or the demo's start.
func firstJob(jobs []job) month {
	if len(jobs) == 0 {
		return demoStart()
	}
	return jobs[0].from + 1
}

// salary is the monthly salary in tenge for period: linear from pay0 at
// the job's start to pay1 at its end (for a current job, at January 2026,
// growing on at the same pace after it), with ±4 % noise, rounded to 100
// tenge. It does not depend on the service's clock, so the data of past
// months stay the same as time goes on.
func (j job) salary(period month, rng *rand.Rand) int64 {
	end := j.to
	if end < 0 {
		end = ym(2026, time.January)
	}
	frac := 0.0
	if span := end - j.from; span > 0 {
		frac = float64(period-j.from) / float64(span)
	}
	pay := float64(j.pay0) + frac*float64(j.pay1-j.pay0)
	pay *= 1 + (rng.Float64()-0.5)*0.08
	return int64(math.Round(pay/100)) * 100
}
