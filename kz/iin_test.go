package kz

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseIINValid(t *testing.T) {
	tests := []struct {
		in    string
		birth string
		sex   Sex
	}{
		{"880415300157", "1988-04-15", Male},
		{"700303300418", "1970-03-03", Male},
		{"921102400233", "1992-11-02", Female},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			iin, err := ParseIIN(tt.in)
			if err != nil {
				t.Fatalf("ParseIIN(%q) = %v, want valid", tt.in, err)
			}
			if got := iin.String(); got != tt.in {
				t.Errorf("String() = %q, want %q", got, tt.in)
			}
			if got := iin.BirthDate().Format(time.DateOnly); got != tt.birth {
				t.Errorf("BirthDate() = %s, want %s", got, tt.birth)
			}
			if loc := iin.BirthDate().Location(); loc != time.UTC {
				t.Errorf("BirthDate() location = %v, want UTC", loc)
			}
			if got := iin.Sex(); got != tt.sex {
				t.Errorf("Sex() = %v, want %v", got, tt.sex)
			}
		})
	}
}

func TestParseIINInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want IINReason
	}{
		{"empty", "", IINEmpty},
		{"letter", "88041530015a", IINDigits},
		{"space inside", "880415 300157", IINDigits},
		{"leading space", " 880415300157", IINDigits},
		{"non-ASCII digit", "８80415300157", IINDigits},
		{"short", "88041530015", IINLength},
		{"long", "8804153001570", IINLength},
		{"century 0", "880415000157", IINCentury},
		{"century 7", "880415700157", IINCentury},
		{"century 9", "880415900157", IINCentury},
		{"30 February", "880230300157", IINBirthDate},
		{"29 February, not a leap year", "890229300157", IINBirthDate},
		{"month 00", "880015300157", IINBirthDate},
		{"month 13", "881315300157", IINBirthDate},
		{"day 00", "880400300157", IINBirthDate},
		{"31 April", "880431300157", IINBirthDate},
		{"NCA test certificate", "123456789011", IINCentury},
		{"check digit off by one", "880415300158", IINChecksum},
		{"two digits swapped", "880415301057", IINChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIIN(tt.in)
			var e *IINError
			if !errors.As(err, &e) {
				t.Fatalf("ParseIIN(%q) error = %v, want *IINError", tt.in, err)
			}
			if e.Reason != tt.want {
				t.Errorf("ParseIIN(%q) reason = %q, want %q", tt.in, e.Reason, tt.want)
			}
			if e.Error() == "" {
				t.Error("empty Error()")
			}
		})
	}
}

// The NCA test certificate's IIN fails on its 7th digit, and would fail its
// checksum as well.
func TestNCATestIINChecksum(t *testing.T) {
	c, ok := IINCheckDigit("12345678901")
	if ok && c == 1 {
		t.Fatal("123456789011 unexpectedly has a matching check digit")
	}
}

func TestParseIINLeapDay(t *testing.T) {
	// 29 February 2000 and 1988 exist; build the check digit.
	for _, first11 := range []string{"00022950001", "88022930001"} {
		c, ok := IINCheckDigit(first11)
		if !ok {
			continue
		}
		s := fmt.Sprintf("%s%d", first11, c)
		iin, err := ParseIIN(s)
		if err != nil {
			t.Fatalf("ParseIIN(%q) = %v", s, err)
		}
		if iin.BirthDate().Month() != time.February || iin.BirthDate().Day() != 29 {
			t.Errorf("ParseIIN(%q).BirthDate() = %v", s, iin.BirthDate())
		}
	}
}

func TestParseIINCenturies(t *testing.T) {
	tests := []struct {
		digit byte
		year  int
		sex   Sex
	}{
		{'1', 1888, Male}, {'2', 1888, Female},
		{'3', 1988, Male}, {'4', 1988, Female},
		{'5', 2088, Male}, {'6', 2088, Female},
	}
	for _, tt := range tests {
		first11 := "880415" + string(tt.digit) + "0015"
		c, ok := IINCheckDigit(first11)
		if !ok {
			t.Fatalf("no check digit for %s", first11)
		}
		iin, err := ParseIIN(fmt.Sprintf("%s%d", first11, c))
		if err != nil {
			t.Fatalf("century digit %c: %v", tt.digit, err)
		}
		if iin.BirthDate().Year() != tt.year || iin.Sex() != tt.sex {
			t.Errorf("century digit %c: year %d sex %v, want %d %v",
				tt.digit, iin.BirthDate().Year(), iin.Sex(), tt.year, tt.sex)
		}
	}
}

// findNoCheckDigit brute-forces 11 digits starting with prefix for which
// both weight sequences give 10, so that no check digit exists.
func findNoCheckDigit(t *testing.T, prefix string) string {
	t.Helper()
	width := 11 - len(prefix)
	limit := 1
	for i := 0; i < width; i++ {
		limit *= 10
	}
	for n := 0; n < limit; n++ {
		first11 := fmt.Sprintf("%s%0*d", prefix, width, n)
		if _, ok := IINCheckDigit(first11); !ok {
			return first11
		}
	}
	t.Fatalf("no 11 digits starting with %s lack a check digit", prefix)
	return ""
}

func TestIINBothSumsTen(t *testing.T) {
	// A real birth date and century digit, so only the checksum can fail.
	first11 := findNoCheckDigit(t, "8804153")
	var d [12]int
	for i := 0; i < 11; i++ {
		d[i] = int(first11[i] - '0')
	}
	s1, s2 := 0, 0
	for i := 0; i < 11; i++ {
		s1 += d[i] * (i + 1)
		s2 += d[i] * ((i+2)%11 + 1)
	}
	if s1%11 != 10 || s2%11 != 10 {
		t.Fatalf("%s: sums mod 11 = %d, %d, want 10, 10", first11, s1%11, s2%11)
	}
	for last := 0; last <= 9; last++ {
		s := fmt.Sprintf("%s%d", first11, last)
		_, err := ParseIIN(s)
		var e *IINError
		if !errors.As(err, &e) || e.Reason != IINChecksum {
			t.Errorf("ParseIIN(%q) = %v, want checksum error", s, err)
		}
	}
}

func TestIINCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"88041530015", 7, true},
		{"70030330041", 8, true},
		{"92110240023", 3, true},
		{"", 0, false},
		{"8804153001", 0, false},
		{"880415300157", 0, false},
		{"8804153001a", 0, false},
	}
	for _, tt := range tests {
		got, ok := IINCheckDigit(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("IINCheckDigit(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIINAgeAt(t *testing.T) {
	iin, err := ParseIIN("880415300157")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   time.Time
		want int
	}{
		{time.Date(2026, 4, 14, 23, 59, 0, 0, time.UTC), 37},
		{time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC), 38},
		{time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), 37},
		{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), 38},
		{time.Date(1988, 4, 15, 0, 0, 0, 0, time.UTC), 0},
	}
	for _, tt := range tests {
		if got := iin.AgeAt(tt.at); got != tt.want {
			t.Errorf("AgeAt(%v) = %d, want %d", tt.at, got, tt.want)
		}
	}
}

func TestSexString(t *testing.T) {
	if Male.String() != "male" || Female.String() != "female" || Sex(0).String() != "" {
		t.Errorf("Sex strings: %q %q %q", Male, Female, Sex(0))
	}
}

func TestIINErrorMessages(t *testing.T) {
	for _, r := range []IINReason{IINEmpty, IINLength, IINDigits, IINCentury, IINBirthDate, IINChecksum} {
		msg := (&IINError{r}).Error()
		if msg == "" || msg == fmt.Sprintf("invalid IIN (%s)", r) {
			t.Errorf("reason %q has no specific message: %q", r, msg)
		}
	}
	if got := (&IINError{"other"}).Error(); got != "invalid IIN (other)" {
		t.Errorf("unknown reason message = %q", got)
	}
}
