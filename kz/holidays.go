package kz

import (
	"slices"
	"time"
)

// Holiday is a public holiday of Kazakhstan, or a day off moved from one
// that fell on a weekend.
type Holiday struct {
	// Date is the civil date (midnight UTC).
	Date time.Time
	// RU, KK and EN are its name in Russian, Kazakh and English; a moved
	// day off says so in each.
	RU, KK, EN string
	// Moved tells that the day off is moved from a holiday on a weekend.
	Moved bool
}

// fixedHoliday is a holiday on the same date each year.
type fixedHoliday struct {
	month      time.Month
	day        int
	ru, kk, en string
	// religious holidays are not moved when they fall on a weekend.
	religious bool
}

// fixedHolidays are the public holidays with a fixed date (Law «О
// праздниках в Республике Казахстан»). Kurban ait, whose date follows the
// lunar calendar and is set each year, is not among them.
var fixedHolidays = []fixedHoliday{
	{time.January, 1, "Новый год", "Жаңа жыл", "New Year", false},
	{time.January, 2, "Новый год", "Жаңа жыл", "New Year", false},
	{time.January, 7, "Православное Рождество", "Православиелік Рождество", "Orthodox Christmas", true},
	{time.March, 8, "Международный женский день", "Халықаралық әйелдер күні", "International Women's Day", false},
	{time.March, 21, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", false},
	{time.March, 22, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", false},
	{time.March, 23, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", false},
	{time.May, 1, "Праздник единства народа Казахстана", "Қазақстан халқының бірлігі мерекесі", "Day of Unity of the People of Kazakhstan", false},
	{time.May, 7, "День защитника Отечества", "Отан қорғаушылар күні", "Defender of the Fatherland Day", false},
	{time.May, 9, "День Победы", "Жеңіс күні", "Victory Day", false},
	{time.July, 6, "День столицы", "Астана күні", "Capital Day", false},
	{time.August, 30, "День Конституции", "Конституция күні", "Constitution Day", false},
	{time.October, 25, "День Республики", "Республика күні", "Republic Day", false},
	{time.December, 16, "День Независимости", "Тәуелсіздік күні", "Independence Day", false},
}

func weekend(d time.Time) bool {
	return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
}

// Holidays are the public holidays with a fixed date in year and the
// days off moved from those falling on a Saturday or Sunday, by date.
// Under the Labour Code (art. 85) such a day off moves to the next
// working day after the holiday; religious holidays are not moved. The
// days the Government moves by its yearly decree, and Kurban ait, are not
// here: they belong in the fund's own calendar.
func Holidays(year int) []Holiday {
	var out []Holiday
	taken := map[time.Time]bool{}
	for _, h := range fixedHolidays {
		d := time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC)
		out = append(out, Holiday{Date: d, RU: h.ru, KK: h.kk, EN: h.en})
		taken[d] = true
	}
	for _, h := range fixedHolidays {
		d := time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC)
		if h.religious || !weekend(d) {
			continue
		}
		m := d.AddDate(0, 0, 1)
		for weekend(m) || taken[m] {
			m = m.AddDate(0, 0, 1)
		}
		taken[m] = true
		out = append(out, Holiday{Date: m, RU: h.ru + " (перенос)", KK: h.kk + " (ауыстырылған)", EN: h.en + " (moved)", Moved: true})
	}
	slices.SortStableFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// HolidayOn tells whether the civil date of d (its year, month and day,
// whatever its zone) is a public holiday or a moved day off, and which.
func HolidayOn(d time.Time) (Holiday, bool) {
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for _, h := range Holidays(d.Year()) {
		if h.Date.Equal(day) {
			return h, true
		}
	}
	return Holiday{}, false
}
