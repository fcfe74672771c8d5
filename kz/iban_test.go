package kz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Expected values below were computed independently of this package.
func TestParseIBANValid(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		format string
		code   string
		bic    string
	}{
		{"KZ18722S000012345678", "KZ18722S000012345678", "KZ18 722S 0000 1234 5678", "722", "CASPKZKA"},
		{"KZ18 722S 0000 1234 5678", "KZ18722S000012345678", "KZ18 722S 0000 1234 5678", "722", "CASPKZKA"},
		{"kz18 722s 0000 1234 5678", "KZ18722S000012345678", "KZ18 722S 0000 1234 5678", "722", "CASPKZKA"},
		{" KZ31601A000000000001\t", "KZ31601A000000000001", "KZ31 601A 0000 0000 0001", "601", "HSBKKZKX"},
		{"KZ8596511F0000000001", "KZ8596511F0000000001", "KZ85 9651 1F00 0000 0001", "965", "IRTYKZKA"},
		{"KZ78\u00a08562\u00a02030\u00a00001\u00a02345", "KZ788562203000012345", "KZ78 8562 2030 0001 2345", "856", "KCJBKZKX"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			iban, err := ParseIBAN(tt.in)
			if err != nil {
				t.Fatalf("ParseIBAN(%q) = %v, want valid", tt.in, err)
			}
			if iban.String() != tt.want {
				t.Errorf("String() = %q, want %q", iban.String(), tt.want)
			}
			if iban.Format() != tt.format {
				t.Errorf("Format() = %q, want %q", iban.Format(), tt.format)
			}
			if iban.BankCode() != tt.code {
				t.Errorf("BankCode() = %q, want %q", iban.BankCode(), tt.code)
			}
			if iban.Account() != tt.want[7:] {
				t.Errorf("Account() = %q, want %q", iban.Account(), tt.want[7:])
			}
			b, ok := iban.Bank()
			if !ok || b.Code != tt.code || b.BIC != tt.bic || b.Name == "" {
				t.Errorf("Bank() = %+v, %v; want code %s BIC %s", b, ok, tt.code, tt.bic)
			}
		})
	}
}

func TestParseIBANInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want IBANReason
	}{
		{"empty", "", IBANEmpty},
		{"spaces", "    ", IBANEmpty},
		{"dash", "KZ18-722S-0000-1234-5678", IBANCharacters},
		{"Cyrillic К", "КZ18722S000012345678", IBANCharacters},
		{"letter in check digits", "KZ1B722S000012345678", IBANCharacters},
		{"wrong country", "DE89370400440532013000", IBANCountry},
		{"Russian account number", "40817810099910004312", IBANCountry},
		{"short", "KZ18722S00001234567", IBANLength},
		{"long", "KZ18722S0000123456789", IBANLength},
		{"country only", "KZ", IBANLength},
		{"one letter", "K", IBANLength},
		{"wrong check digit", "KZ19722S000012345678", IBANChecksum},
		{"two characters swapped", "KZ18722S000012345687", IBANChecksum},
		{"wrong bank code", "KZ18723S000012345678", IBANChecksum},
		{"check digits 99 (same remainder as 02)", "KZ99" + mustMakeIBANWithCheck(t, "02")[4:], IBANChecksum},
		// The ISO 13616 registry's example: a valid check, but code 125 is
		// the National Bank, which holds no personal accounts.
		{"National Bank", "KZ86125KZT5004100100", IBANUnknownBank},
		{"unknown bank", "KZ231230000000000001", IBANUnknownBank},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIBAN(tt.in)
			var e *IBANError
			if !errors.As(err, &e) {
				t.Fatalf("ParseIBAN(%q) error = %v, want *IBANError", tt.in, err)
			}
			if e.Reason != tt.want {
				t.Errorf("ParseIBAN(%q) reason = %q, want %q", tt.in, e.Reason, tt.want)
			}
		})
	}
}

// mustMakeIBANWithCheck finds a known-bank IBAN whose check digits are cd.
func mustMakeIBANWithCheck(t *testing.T, cd string) string {
	t.Helper()
	for n := 0; n < 10000; n++ {
		s, ok := MakeIBAN("722", fmt.Sprintf("S%012d", n))
		if ok && s[2:4] == cd {
			if _, err := ParseIBAN(s); err != nil {
				t.Fatalf("ParseIBAN(%q) = %v", s, err)
			}
			return s
		}
	}
	t.Fatalf("no IBAN with check digits %s found", cd)
	return ""
}

func TestMakeIBAN(t *testing.T) {
	tests := []struct {
		code, account string
		want          string
		ok            bool
	}{
		{"722", "S000012345678", "KZ18722S000012345678", true},
		{"722", "s000012345678", "KZ18722S000012345678", true},
		{"601", "A000000000001", "KZ31601A000000000001", true},
		{"965", "11F0000000001", "KZ8596511F0000000001", true},
		{"125", "KZT5004100100", "KZ86125KZT5004100100", true},
		{"123", "0000000000001", "KZ231230000000000001", true},
		{"72", "S000012345678", "", false},
		{"7222", "S00001234567", "", false},
		{"72A", "S000012345678", "", false},
		{"722", "S00001234567", "", false},
		{"722", "S0000123456789", "", false},
		{"722", "S00001234567-", "", false},
		{"722", "S00001234567é", "", false},
	}
	for _, tt := range tests {
		got, ok := MakeIBAN(tt.code, tt.account)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MakeIBAN(%q, %q) = %q, %v; want %q, %v", tt.code, tt.account, got, ok, tt.want, tt.ok)
		}
	}
}

// Every bank in the table gets a demo IBAN that parses back to it.
func TestBanksRoundTrip(t *testing.T) {
	list := Banks()
	if len(list) == 0 {
		t.Fatal("no banks")
	}
	seenBIC := map[string]bool{}
	for i, b := range list {
		if i > 0 && list[i-1].Code >= b.Code {
			t.Errorf("Banks() not sorted at %s", b.Code)
		}
		if len(b.Code) != 3 || strings.Trim(b.Code, "0123456789") != "" {
			t.Errorf("bank %+v: code is not 3 digits", b)
		}
		if len(b.BIC) != 8 || b.BIC[4:6] != "KZ" || b.Name == "" {
			t.Errorf("bank %+v: bad BIC or name", b)
		}
		if seenBIC[b.BIC] {
			t.Errorf("BIC %s listed twice", b.BIC)
		}
		seenBIC[b.BIC] = true
		s, ok := MakeIBAN(b.Code, "0000000000042")
		if !ok {
			t.Fatalf("MakeIBAN(%q) failed", b.Code)
		}
		iban, err := ParseIBAN(s)
		if err != nil {
			t.Fatalf("ParseIBAN(%q) = %v", s, err)
		}
		if got, ok := iban.Bank(); !ok || got != b {
			t.Errorf("ParseIBAN(%q).Bank() = %+v, %v; want %+v", s, got, ok, b)
		}
		if got, ok := LookupBank(b.Code); !ok || got != b {
			t.Errorf("LookupBank(%q) = %+v, %v", b.Code, got, ok)
		}
	}
	if _, ok := LookupBank("125"); ok {
		t.Error("LookupBank(125) found the National Bank")
	}
	// The slice is a copy.
	list[0].Name = "changed"
	if Banks()[0].Name == "changed" {
		t.Error("Banks() shares its backing array")
	}
}

func TestIBANZeroValue(t *testing.T) {
	var i IBAN
	if i.String() != "" || i.Format() != "" || i.BankCode() != "" || i.Account() != "" {
		t.Errorf("zero IBAN: %q %q %q %q", i.String(), i.Format(), i.BankCode(), i.Account())
	}
	if _, ok := i.Bank(); ok {
		t.Error("zero IBAN has a bank")
	}
}

func TestIBANErrorMessages(t *testing.T) {
	for _, r := range []IBANReason{IBANEmpty, IBANCharacters, IBANCountry, IBANLength, IBANChecksum, IBANUnknownBank} {
		msg := (&IBANError{r}).Error()
		if msg == "" || msg == fmt.Sprintf("invalid IBAN (%s)", r) {
			t.Errorf("reason %q has no specific message: %q", r, msg)
		}
	}
	if got := (&IBANError{"other"}).Error(); got != "invalid IBAN (other)" {
		t.Errorf("unknown reason message = %q", got)
	}
}
