package kz

import (
	"fmt"
	"unicode"
)

// ibanLen is the length of a KZ IBAN: "KZ", 2 check digits, a 3-digit bank
// code and a 13-character account number.
const ibanLen = 20

// IBAN is a valid Kazakhstan IBAN (ИИК/ЖСК) of a known bank.
type IBAN struct {
	s string // 20 characters, upper case, no spaces
}

// String returns the 20 characters without spaces, e.g.
// "KZ18722S000012345678".
func (i IBAN) String() string { return i.s }

// Format returns the IBAN for display in groups of four, e.g.
// "KZ18 722S 0000 1234 5678".
func (i IBAN) Format() string {
	if len(i.s) != ibanLen {
		return ""
	}
	return i.s[0:4] + " " + i.s[4:8] + " " + i.s[8:12] + " " + i.s[12:16] + " " + i.s[16:20]
}

// BankCode returns the 3-digit bank code (positions 5-7).
func (i IBAN) BankCode() string {
	if len(i.s) != ibanLen {
		return ""
	}
	return i.s[4:7]
}

// Account returns the 13-character account number inside the bank
// (positions 8-20).
func (i IBAN) Account() string {
	if len(i.s) != ibanLen {
		return ""
	}
	return i.s[7:]
}

// Bank returns the bank the IBAN belongs to; ok is false only for the
// zero IBAN, since ParseIBAN accepts known banks only.
func (i IBAN) Bank() (b Bank, ok bool) {
	return LookupBank(i.BankCode())
}

// IBANReason says which check an IBAN failed.
type IBANReason string

// Stable IBAN reasons; the UI maps them to translated text.
const (
	// IBANEmpty: nothing but spaces was entered.
	IBANEmpty IBANReason = "empty"
	// IBANCharacters: a character other than Latin letters, digits and
	// spaces, or letters where the check digits must be.
	IBANCharacters IBANReason = "characters"
	// IBANCountry: it does not start with KZ.
	IBANCountry IBANReason = "country"
	// IBANLength: not 20 characters (spaces aside).
	IBANLength IBANReason = "length"
	// IBANChecksum: the ISO 13616 check (mod 97) fails.
	IBANChecksum IBANReason = "checksum"
	// IBANUnknownBank: positions 5-7 are not the code of a known bank.
	IBANUnknownBank IBANReason = "unknown_bank"
)

// IBANError is returned by ParseIBAN; Reason says what is wrong.
type IBANError struct {
	Reason IBANReason
}

// Error returns a plain English message.
func (e *IBANError) Error() string {
	switch e.Reason {
	case IBANEmpty:
		return "IBAN is empty"
	case IBANCharacters:
		return "IBAN may contain only Latin letters and digits"
	case IBANCountry:
		return "IBAN must be a Kazakhstan one, starting with KZ"
	case IBANLength:
		return "Kazakhstan IBAN must have 20 characters"
	case IBANChecksum:
		return "IBAN check digits do not match"
	case IBANUnknownBank:
		return "IBAN bank code is not a known Kazakhstan bank"
	}
	return fmt.Sprintf("invalid IBAN (%s)", string(e.Reason))
}

// ParseIBAN validates s as a Kazakhstan IBAN and normalises it: spaces
// are dropped and letters upper-cased, giving 20 characters "KZkk bbb
// c{13}" (check digits, bank code, account). It must start with KZ, have
// numeric check digits and bank code, pass the ISO 13616 mod-97 check
// (check digits 02-98) and carry the code of a bank in Banks(). Errors are
// *IBANError, checked in this order: empty, characters, country, length,
// checksum, unknown bank.
func ParseIBAN(s string) (IBAN, error) {
	b := make([]byte, 0, ibanLen)
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		default:
			return IBAN{}, &IBANError{IBANCharacters}
		}
		if len(b) <= ibanLen { // one more than needed is enough to tell "too long"
			b = append(b, byte(r))
		}
	}
	switch {
	case len(b) == 0:
		return IBAN{}, &IBANError{IBANEmpty}
	case len(b) >= 2 && (b[0] != 'K' || b[1] != 'Z'),
		len(b) == 1 && b[0] != 'K':
		return IBAN{}, &IBANError{IBANCountry}
	case len(b) != ibanLen:
		return IBAN{}, &IBANError{IBANLength}
	}
	if !isDigit(b[2]) || !isDigit(b[3]) {
		return IBAN{}, &IBANError{IBANCharacters}
	}
	if cd := string(b[2:4]); cd == "00" || cd == "01" || cd == "99" || ibanMod97(b) != 1 {
		return IBAN{}, &IBANError{IBANChecksum}
	}
	if _, ok := banks[string(b[4:7])]; !ok {
		return IBAN{}, &IBANError{IBANUnknownBank}
	}
	return IBAN{s: string(b)}, nil
}

// MakeIBAN builds a KZ IBAN with correct check digits from a 3-digit bank
// code and a 13-character account number (Latin letters and digits; lower
// case is upper-cased), for test and demo data. The bank code need not be
// in Banks(), so ParseIBAN may still reject the result as an unknown bank.
// ok is false when the parts have the wrong length or characters.
func MakeIBAN(bankCode, account string) (iban string, ok bool) {
	if len(bankCode) != 3 || len(account) != ibanLen-7 {
		return "", false
	}
	b := make([]byte, 0, ibanLen)
	b = append(b, "KZ00"...)
	for i := 0; i < 3; i++ {
		if !isDigit(bankCode[i]) {
			return "", false
		}
		b = append(b, bankCode[i])
	}
	for i := 0; i < len(account); i++ {
		c := account[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z', isDigit(c):
		default:
			return "", false
		}
		b = append(b, c)
	}
	cd := 98 - ibanMod97(b)
	b[2], b[3] = byte('0'+cd/10), byte('0'+cd%10)
	return string(b), true
}

// ibanMod97 returns the ISO 7064 MOD 97-10 remainder of an upper-case
// alphanumeric IBAN: the first four characters moved to the end, letters
// replaced by 10-35.
func ibanMod97(b []byte) int {
	r := 0
	add := func(c byte) {
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	for _, c := range b[4:] {
		add(c)
	}
	for _, c := range b[:4] {
		add(c)
	}
	return r
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
