package kz

import (
	"testing"
	"time"
)

func dates(hs []Holiday) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Date.Format(time.DateOnly))
	}
	return out
}

// 2026 as published (the fund's demo calendar without Kurban ait), and
// 2027 worked out by hand from the weekdays.
func TestHolidaysByYear(t *testing.T) {
	for year, want := range map[int][]string{
		2026: {"2026-01-01", "2026-01-02", "2026-01-07", "2026-03-08", "2026-03-09", "2026-03-21", "2026-03-22", "2026-03-23",
			"2026-03-24", "2026-03-25", "2026-05-01", "2026-05-07", "2026-05-09", "2026-05-11", "2026-07-06", "2026-08-30",
			"2026-08-31", "2026-10-25", "2026-10-26", "2026-12-16"},
		// 2 Jan is a Saturday (→ Mon 4 Jan), 21 Mar a Sunday (→ Wed 24 Mar,
		// after the 22nd and 23rd), 1 May a Saturday (→ Mon 3 May), 9 May a
		// Sunday (→ Mon 10 May).
		2027: {"2027-01-01", "2027-01-02", "2027-01-04", "2027-01-07", "2027-03-08", "2027-03-21", "2027-03-22", "2027-03-23",
			"2027-03-24", "2027-05-01", "2027-05-03", "2027-05-07", "2027-05-09", "2027-05-10", "2027-07-06", "2027-08-30",
			"2027-10-25", "2027-12-16"},
	} {
		got := dates(Holidays(year))
		if len(got) != len(want) {
			t.Errorf("%d: %v, want %v", year, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%d: %v, want %v", year, got, want)
				break
			}
		}
	}
}

func TestHolidayOn(t *testing.T) {
	almaty := time.FixedZone("Almaty", 5*3600)
	h, ok := HolidayOn(time.Date(2027, 3, 24, 9, 30, 0, 0, almaty))
	if !ok || !h.Moved || h.RU != "Наурыз мейрамы (перенос)" || h.KK != "Наурыз мейрамы (ауыстырылған)" || h.EN != "Nauryz (moved)" {
		t.Errorf("24 Mar 2027: %+v, %v", h, ok)
	}
	if h, ok := HolidayOn(time.Date(2027, 12, 16, 23, 59, 0, 0, almaty)); !ok || h.Moved || h.KK != "Тәуелсіздік күні" {
		t.Errorf("16 Dec 2027: %+v, %v", h, ok)
	}
	// Orthodox Christmas on a Sunday (2029) is not moved to Monday.
	if h, ok := HolidayOn(time.Date(2029, 1, 8, 12, 0, 0, 0, almaty)); ok {
		t.Errorf("8 Jan 2029 is a working day, got %+v", h)
	}
	if _, ok := HolidayOn(time.Date(2027, 3, 25, 12, 0, 0, 0, almaty)); ok {
		t.Error("25 Mar 2027 is a working day")
	}
}
