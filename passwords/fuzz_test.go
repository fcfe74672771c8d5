package passwords

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "qwerty123", "Qwerty123!", "880415300157ab", "Bekzat1988!",
		"Менің жаңа құпия сөзім 2026", "aaaaaaaa", "p@ssw0rd", "e\u0301\u0301\u0301", "\xff\xfe",
		"😀", "1\x00|!7", "ab1!ab1!", "йцукен", "15.04.1988"} {
		f.Add(s)
	}
	known := map[string]bool{ReasonTooShort: true, ReasonTooLong: true, ReasonCommon: true,
		ReasonContext: true, ReasonGuessable: true}
	f.Fuzz(func(t *testing.T, s string) {
		// The input is also used as every field of the context.
		c := Context{IIN: s, Surname: s, GivenName: s, Patronymic: s, BirthDate: s, Email: s, Phone: s}
		for _, ctx := range []Context{{}, bekzat, c} {
			err := Check(s, ctx)
			got := reason(err)
			if err != nil && !known[got] {
				t.Fatalf("Check(%q) = %v", s, err)
			}
			n := utf8.RuneCountInString(Normalize(s))
			switch {
			case n < MinLength && got != ReasonTooShort:
				t.Fatalf("Check(%q) = %q for %d runes", s, got, n)
			case n > MaxLength && got != ReasonTooLong:
				t.Fatalf("Check(%q) = %q for %d runes", s, got, n)
			}
			sc := Strength(s, ctx)
			if sc.Score < 0 || sc.Score > 4 || (err == nil) != (sc.Score >= 2) {
				t.Fatalf("Strength(%q) = %+v with Check %v", s, sc, err)
			}
		}
		// Anything of 129+ runes is too long, whatever it is.
		if s == "" {
			return
		}
		long := s
		for utf8.RuneCountInString(Normalize(long)) <= MaxLength {
			long += s
		}
		if got := reason(Check(long, bekzat)); got != ReasonTooLong {
			t.Fatalf("Check(%q, %d runes) = %q", long, utf8.RuneCountInString(long), got)
		}
		if got := reason(Check(strings.Repeat("x", MaxLength+1), c)); got != ReasonTooLong {
			t.Fatalf("129 x: %q", got)
		}
	})
}
