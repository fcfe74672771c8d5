// Package synth makes a synthetic pension fund: depositors with valid
// IINs, accounts and a history of contributions, investment income and
// commissions whose balances add up, written into the store in batches
// (kabinetd admin generate). It is for data-scale benchmarks: the
// service's queries on a fund of millions of depositors (service/BENCH.md).
package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/service/store"
)

// Options say what to generate.
type Options struct {
	// Depositors is how many people to add.
	Depositors int
	// Months is the mean length of a depositor's history of monthly
	// contributions (uniform from 1 to 2×Months-1, ending last month);
	// each year of it also books an investment income and a commission.
	Months int
	// Seed makes the fund reproducible; Offset (a multiple of nothing in
	// particular) shifts the IINs, so that two runs with different
	// offsets add different people to one database.
	Seed   uint64
	Offset int
	// PasswordHash is every generated depositor's argon2id PHC string
	// (one hash shared by all: hashing a million passwords would take
	// hours); "" leaves them unregistered.
	PasswordHash string
	// Batch is the number of depositors per transaction (default 2000).
	Batch int
	// Now is the moment of generation (created_at; the history ends the
	// month before).
	Now time.Time
}

// Summary counts what Generate wrote.
type Summary struct {
	Depositors, Accounts, Transactions int
}

// daysSpan is the range of birth dates: 1960-01-01 plus 16,000 days
// (to 2003-10-22), so that every depositor is of working age.
const daysSpan = 16000

var birth0 = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)

// IIN is the i-th synthetic IIN and its birth date and sex, or ok false
// when i's eleven digits have no check digit (about one in eleven). The
// map from i to IINs is one to one for i below 16,000 × 5,000: the birth
// day is i times a prime modulo the span, the serial number (digits 8-11)
// 5000 + i / span, above the demo's (0001-0099).
func IIN(i int) (iin, birth, sex string, ok bool) {
	day := (i * 7919) % daysSpan
	serial := 5000 + i/daysSpan
	bd := birth0.AddDate(0, 0, day)
	male := (i/3)%2 == 0
	c := 3 // born 1900-1999: 3 male, 4 female; 2000-2099: 5, 6
	if bd.Year() >= 2000 {
		c = 5
	}
	sex = "male"
	if !male {
		c++
		sex = "female"
	}
	first := fmt.Sprintf("%s%d%04d", bd.Format("060102"), c, serial)
	d, ok := kz.IINCheckDigit(first)
	if !ok {
		return "", "", "", false
	}
	return fmt.Sprintf("%s%d", first, d), bd.Format(time.DateOnly), sex, true
}

var (
	maleNames   = []string{"Айдар", "Бекзат", "Ерлан", "Серик", "Нурлан", "Данияр", "Асхат", "Тимур", "Арман", "Ержан", "Алексей", "Дмитрий"}
	femaleNames = []string{"Айгерим", "Асель", "Динара", "Жанар", "Гульнара", "Мадина", "Сауле", "Алия", "Ольга", "Елена", "Аружан", "Камила"}
	surnames    = []string{"Ахметов", "Омаров", "Сейткали", "Нурланов", "Жаксылыков", "Касымов", "Искаков", "Абенов", "Ким", "Иванов", "Садыков", "Тулегенов"}
	fathers     = []string{"Нурлан", "Болат", "Марат", "Ерлан", "Серик", "Кайрат", "Виктор", "Асхат"}
	employers   = []string{"ТОО «Синтетика Агро»", "АО «Синтетика Металл»", "ТОО «Синтетика Код»", "ТОО «Синтетика Транс»", "АО «Синтетика Энерго»"}
)

// feminine is a Russian-style surname or patronymic in the feminine.
func feminine(s string, patronymic bool) string {
	if patronymic {
		return s + "овна"
	}
	switch {
	case len(s) > 4 && (s[len(s)-4:] == "ов" || s[len(s)-4:] == "ев" || s[len(s)-4:] == "ин"):
		return s + "а"
	}
	return s
}

// Person is the n-th synthetic depositor (0-based; Offset added), or ok
// false when that slot has no valid IIN. Deterministic in (Seed, n).
func Person(o Options, n int) (store.SeedDepositor, bool) {
	i := n + o.Offset
	iin, birth, sex, ok := IIN(i)
	if !ok {
		return store.SeedDepositor{}, false
	}
	rng := rand.New(rand.NewPCG(o.Seed, uint64(i)))
	now := o.Now.UTC()
	d := store.Depositor{IIN: iin, BirthDate: birth, Sex: sex, Role: store.RoleDepositor,
		Surname: surnames[rng.IntN(len(surnames))], Patronymic: fathers[rng.IntN(len(fathers))] + "ович",
		Phone: fmt.Sprintf("770%08d", i%100_000_000), CreatedAt: now}
	if sex == "male" {
		d.GivenName = maleNames[rng.IntN(len(maleNames))]
	} else {
		d.GivenName = femaleNames[rng.IntN(len(femaleNames))]
		d.Surname = feminine(d.Surname, false)
		d.Patronymic = feminine(fathers[rng.IntN(len(fathers))], true)
	}
	if o.PasswordHash != "" {
		d.PasswordHash, d.PasswordChangedAt = o.PasswordHash, now
	}
	p := store.SeedDepositor{Depositor: d}

	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	months := 1 + rng.IntN(max(1, 2*o.Months-1))
	first := last.AddDate(0, -(months - 1), 0)
	employer := employers[rng.IntN(len(employers))]
	bin := fmt.Sprintf("%02d%02d4%06d", first.Year()%100, int(first.Month()), i%1_000_000)
	if c, ok := kz.IINCheckDigit(bin[:11]); ok {
		bin = fmt.Sprintf("%s%d", bin[:11], c)
	} else {
		bin = ""
	}
	opv := store.SeedAccount{Type: store.AccountOPV, Number: fmt.Sprintf("10%010d", 9_000_000_000+int64(i)),
		OpenedAt: first.Format(time.DateOnly)}
	var balance int64
	book := func(a *store.SeedAccount, t store.Transaction) {
		balance += t.Amount
		t.BalanceAfter = balance
		a.Transactions = append(a.Transactions, t)
	}
	salary := int64(85_000 + rng.IntN(900_000)) // tenge
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		period := m.AddDate(0, -1, 0).Format("2006-01")
		book(&opv, store.Transaction{Date: m.AddDate(0, 0, 4+rng.IntN(20)).Format(time.DateOnly), Kind: store.KindContribution,
			Amount: salary * 10, Period: period, PayerName: employer, PayerBIN: bin}) // 10 % in tiyn
		if m.Month() == time.December || m.Equal(last) {
			end := m.AddDate(0, 1, -1).Format(time.DateOnly)
			income := balance * int64(5+rng.IntN(10)) / 100 * int64(min(12, int(m.Month()))) / 12
			book(&opv, store.Transaction{Date: end, Kind: store.KindInvestmentIncome, Amount: income})
			if fee := balance * 5 / 1000; fee > 0 {
				book(&opv, store.Transaction{Date: end, Kind: store.KindCommission, Amount: -fee})
			}
		}
		if m.Month()%6 == 0 {
			salary += salary * int64(rng.IntN(6)) / 100
		}
	}
	p.Accounts = append(p.Accounts, opv)
	// One in ten pays voluntary contributions (ДПВ) over the last year.
	if rng.IntN(10) == 0 {
		dpv := store.SeedAccount{Type: store.AccountDPV, Number: fmt.Sprintf("30%010d", 9_000_000_000+int64(i))}
		balance = 0
		from := last.AddDate(0, -rng.IntN(12), 0)
		dpv.OpenedAt = from.Format(time.DateOnly)
		amount := int64(5_000+rng.IntN(50_000)) * 100
		for m := from; !m.After(last); m = m.AddDate(0, 1, 0) {
			book(&dpv, store.Transaction{Date: m.AddDate(0, 0, 24).Format(time.DateOnly), Kind: store.KindContribution,
				Amount: amount, Period: m.Format("2006-01"), PayerName: d.Surname + " " + d.GivenName + " " + d.Patronymic, PayerBIN: iin})
		}
		p.Accounts = append(p.Accounts, dpv)
	}
	return p, true
}

// Generate adds o.Depositors synthetic depositors to st in transactions
// of o.Batch, calling progress (if not nil) after each.
func Generate(ctx context.Context, st *store.Store, o Options, progress func(Summary)) (Summary, error) {
	if o.Batch <= 0 {
		o.Batch = 2000
	}
	if o.Months <= 0 {
		o.Months = 24
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	// People are made in another goroutine while the last batch is
	// written (the Go side is about a third of the time).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []store.SeedDepositor, 2)
	errc := make(chan error, 1)
	go func() {
		defer close(batches)
		batch, made := make([]store.SeedDepositor, 0, o.Batch), 0
		for n := 0; made < o.Depositors; n++ {
			if n >= daysSpan*5000 {
				errc <- fmt.Errorf("synth: at most %d depositors", made)
				return
			}
			p, ok := Person(o, n)
			if !ok {
				continue
			}
			batch = append(batch, p)
			made++
			if len(batch) == o.Batch || made == o.Depositors {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return
				}
				batch = make([]store.SeedDepositor, 0, o.Batch)
			}
		}
	}()
	var sum Summary
	for batch := range batches {
		if err := st.AddPeople(ctx, batch); err != nil {
			return sum, err
		}
		for _, p := range batch {
			sum.Depositors++
			sum.Accounts += len(p.Accounts)
			for _, a := range p.Accounts {
				sum.Transactions += len(a.Transactions)
			}
		}
		if progress != nil {
			progress(sum)
		}
	}
	select {
	case err := <-errc:
		return sum, err
	default:
	}
	return sum, nil
}
