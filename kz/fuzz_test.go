package kz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseIIN(f *testing.F) {
	for _, s := range []string{"880415300157", "700303300418", "921102400233", "123456789011",
		"880230300157", "", "88041530015a", "000229500018", "８80415300157"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iin, err := ParseIIN(s)
		if err != nil {
			var e *IINError
			if !errors.As(err, &e) || e.Error() == "" {
				t.Fatalf("ParseIIN(%q) error %v is not an *IINError", s, err)
			}
			return
		}
		if iin.String() != s || len(s) != 12 {
			t.Fatalf("ParseIIN(%q).String() = %q", s, iin.String())
		}
		again, err := ParseIIN(iin.String())
		if err != nil || again != iin {
			t.Fatalf("re-parse of %q = %v, %v", s, again, err)
		}
		if got := iin.BirthDate().Format("060102"); got != s[:6] {
			t.Fatalf("%q: BirthDate() %v does not match the digits", s, iin.BirthDate())
		}
		if (iin.Sex() == Male) != ((s[6]-'0')%2 == 1) {
			t.Fatalf("%q: Sex() = %v", s, iin.Sex())
		}
		if c, ok := IINCheckDigit(s[:11]); !ok || byte('0'+c) != s[11] {
			t.Fatalf("%q: IINCheckDigit = %d, %v", s, c, ok)
		}
	})
}

func FuzzParseBIN(f *testing.F) {
	for _, s := range []string{"240540001232", "151250010020", "210360000191", "240530001232",
		"241340001232", "240540001233", "", "2405400012320"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBIN(s)
		if err != nil {
			var e *BINError
			if !errors.As(err, &e) || e.Error() == "" {
				t.Fatalf("ParseBIN(%q) error %v is not a *BINError", s, err)
			}
			if len(s) == 11 {
				if got, ok := MakeBIN(s); ok {
					if _, err := ParseBIN(got); err != nil {
						t.Fatalf("MakeBIN(%q) = %q, which does not parse: %v", s, got, err)
					}
				}
			}
			return
		}
		if b.String() != s {
			t.Fatalf("ParseBIN(%q).String() = %q", s, b.String())
		}
		again, err := ParseBIN(b.String())
		if err != nil || again != b {
			t.Fatalf("re-parse of %q = %v, %v", s, again, err)
		}
		if got, ok := MakeBIN(s[:11]); !ok || got != s {
			t.Fatalf("MakeBIN(%q) = %q, %v; want %q", s[:11], got, ok, s)
		}
		if yy, m := b.Registered(); fmt.Sprintf("%02d%02d", yy, int(m)) != s[:4] || m < 1 || m > 12 {
			t.Fatalf("%q: Registered() = %d, %v", s, yy, m)
		}
		if b.Kind().String() == "" {
			t.Fatalf("%q: Kind() = %d has no name", s, b.Kind())
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"+7 701 234 56 00", "87012345600", "8 (701) 234-56-00", "7012345600",
		"+77012345600", "+7 727 234 56 00", "+7 916 234 56 00", "", "+", "7+7", "8.701.234.56.00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePhone(s)
		masked := MaskPhone(s)
		if utf8.RuneCountInString(masked) != 11 {
			t.Fatalf("MaskPhone(%q) = %q: not 11 characters", s, masked)
		}
		if err != nil {
			var e *PhoneError
			if !errors.As(err, &e) || e.Error() == "" {
				t.Fatalf("ParsePhone(%q) error %v is not a *PhoneError", s, err)
			}
			if masked != "***********" {
				t.Fatalf("MaskPhone(%q) = %q for an invalid number", s, masked)
			}
			return
		}
		d := p.String()
		if len(d) != 11 || d[0] != '7' || strings.Trim(d, "0123456789") != "" {
			t.Fatalf("ParsePhone(%q).String() = %q", s, d)
		}
		if p.Operator() == "" {
			t.Fatalf("ParsePhone(%q): no operator", s)
		}
		for _, form := range []string{d, p.Format(), d[1:], "+" + d, "8" + d[1:]} {
			again, err := ParsePhone(form)
			if err != nil || again != p {
				t.Fatalf("ParsePhone(%q) = %v, %v; want %v", form, again, err, p)
			}
		}
		if want := d[:4] + "*****" + d[9:]; masked != want {
			t.Fatalf("MaskPhone(%q) = %q, want %q", s, masked, want)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"asel.n@mail.kz", "Asel.N@Mail.KZ", "Asel <asel@mail.kz>", "<a@b.kz>",
		`"a b"@c.kz`, "a@localhost", "a@[1.2.3.4]", "асель@почта.қаз", "", "a@b.c", "a@\u212a.kz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		norm, err := ParseEmail(s)
		if err != nil {
			var e *EmailError
			if !errors.As(err, &e) || e.Error() == "" {
				t.Fatalf("ParseEmail(%q) error %v is not an *EmailError", s, err)
			}
			return
		}
		if len(norm) > 254 || !utf8.ValidString(norm) {
			t.Fatalf("ParseEmail(%q) = %q: too long or not UTF-8", s, norm)
		}
		at := strings.LastIndexByte(norm, '@')
		if at < 1 || !strings.Contains(norm[at+1:], ".") {
			t.Fatalf("ParseEmail(%q) = %q: no local part or no dot in the domain", s, norm)
		}
		if d := norm[at+1:]; d != strings.ToLower(d) {
			t.Fatalf("ParseEmail(%q) = %q: domain not lower case", s, norm)
		}
		again, err := ParseEmail(norm)
		if err != nil || again != norm {
			t.Fatalf("ParseEmail(%q) = %q, %v; want it unchanged", norm, again, err)
		}
	})
}

func FuzzMaskEmail(f *testing.F) {
	for _, s := range []string{"asel.n@mail.kz", "a@mail.kz", "ab@m.kz", "асель@почта.kz", "",
		"***@**.kz", "a@b", "no at sign", "x@\xff.kz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskEmail(s)
		norm, err := ParseEmail(s)
		if err != nil {
			if m != "*****@****" {
				t.Fatalf("MaskEmail(%q) = %q for an invalid address", s, m)
			}
			return
		}
		at := strings.LastIndexByte(norm, '@')
		local, domain := norm[:at], norm[at+1:]
		// The mask is A + "*****@" + B + "****": A the first (at most 2)
		// characters of the local part, B those of the domain.
		a, b := firstRunes(local, 2), firstRunes(domain, 2)
		if want := a + "*****@" + b + "****"; m != want {
			t.Fatalf("MaskEmail(%q) = %q, want %q", s, m, want)
		}
		if utf8.RuneCountInString(a) > 2 || utf8.RuneCountInString(b) > 2 ||
			!strings.HasPrefix(local, a) || !strings.HasPrefix(domain, b) {
			t.Fatalf("MaskEmail(%q) = %q: shows more than 2 characters a side", s, m)
		}
		if (local != "" && a == "") || b == "" {
			t.Fatalf("MaskEmail(%q) = %q: shows no characters", s, m)
		}
	})
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"KZ18722S000012345678", "kz18 722s 0000 1234 5678", "KZ86125KZT5004100100",
		"KZ19722S000012345678", "DE89370400440532013000", "KZ18722S00001234567", "", "KZ", "KZ99722S000012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iban, err := ParseIBAN(s)
		if err != nil {
			var e *IBANError
			if !errors.As(err, &e) || e.Error() == "" {
				t.Fatalf("ParseIBAN(%q) error %v is not an *IBANError", s, err)
			}
			return
		}
		v := iban.String()
		if len(v) != 20 || v[:2] != "KZ" || strings.Trim(v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			t.Fatalf("ParseIBAN(%q).String() = %q", s, v)
		}
		for _, form := range []string{v, iban.Format(), strings.ToLower(v)} {
			again, err := ParseIBAN(form)
			if err != nil || again != iban {
				t.Fatalf("ParseIBAN(%q) = %v, %v; want %v", form, again, err, iban)
			}
		}
		if b, ok := iban.Bank(); !ok || b.Code != iban.BankCode() {
			t.Fatalf("ParseIBAN(%q).Bank() = %+v, %v", s, b, ok)
		}
		if got, ok := MakeIBAN(iban.BankCode(), iban.Account()); !ok || got != v {
			t.Fatalf("MakeIBAN(%q, %q) = %q, %v; want %q", iban.BankCode(), iban.Account(), got, ok, v)
		}
	})
}
