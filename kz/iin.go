// Package kz holds Kazakhstan identifiers and the memo's masks: IIN, BIN,
// mobile numbers of Kazakhstan operators, e-mail addresses, KZ IBAN.
package kz

import (
	"fmt"
	"time"
)

// Sex of a person as encoded in the IIN.
type Sex int

const (
	// Male is encoded by an odd century digit (1, 3, 5).
	Male Sex = iota + 1
	// Female is encoded by an even century digit (2, 4, 6).
	Female
)

// String returns "male", "female", or "" for the zero value.
func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return ""
}

// IIN is a valid individual identification number (ЖСН/ИИН).
type IIN struct {
	digits    string
	birthDate time.Time
	sex       Sex
}

// String returns the 12 digits.
func (i IIN) String() string { return i.digits }

// BirthDate is the date of birth encoded in the IIN (UTC midnight).
func (i IIN) BirthDate() time.Time { return i.birthDate }

// Sex is the sex encoded in the 7th digit.
func (i IIN) Sex() Sex { return i.sex }

// AgeAt returns the full years of age at the given moment.
func (i IIN) AgeAt(t time.Time) int {
	y, m, d := t.Date()
	age := y - i.birthDate.Year()
	if m < i.birthDate.Month() || (m == i.birthDate.Month() && d < i.birthDate.Day()) {
		age--
	}
	return age
}

// IINReason says which check an IIN failed.
type IINReason string

// Stable IIN reasons; the UI maps them to translated text.
const (
	// IINEmpty: nothing was entered.
	IINEmpty IINReason = "empty"
	// IINLength: not exactly 12 digits.
	IINLength IINReason = "length"
	// IINDigits: a character other than 0-9.
	IINDigits IINReason = "digits"
	// IINCentury: the 7th digit (century and sex) is not 1-6.
	IINCentury IINReason = "century"
	// IINBirthDate: the first six digits are not a real date.
	IINBirthDate IINReason = "birth_date"
	// IINChecksum: the 12th digit does not match, or no control digit
	// exists for the first 11 digits.
	IINChecksum IINReason = "checksum"
)

// IINError is returned by ParseIIN; Reason says what is wrong.
type IINError struct {
	Reason IINReason
}

// Error returns a plain English message.
func (e *IINError) Error() string {
	switch e.Reason {
	case IINEmpty:
		return "IIN is empty"
	case IINLength:
		return "IIN must have 12 digits"
	case IINDigits:
		return "IIN must contain digits only"
	case IINCentury:
		return "IIN 7th digit (century and sex) must be 1 to 6"
	case IINBirthDate:
		return "IIN does not start with a real birth date"
	case IINChecksum:
		return "IIN check digit does not match"
	}
	return fmt.Sprintf("invalid IIN (%s)", string(e.Reason))
}

// ParseIIN validates s as an IIN: 12 digits, a real birth date, a
// century/sex digit 1-6 and the check digit (weights 1..11, and 3..11,1,2
// when the first sum mod 11 is 10; a second 10 means the number is
// invalid). Errors are *IINError. Checks run in the order a person typing
// would want to hear them: digits, length, century, date, checksum.
func ParseIIN(s string) (IIN, error) {
	if s == "" {
		return IIN{}, &IINError{IINEmpty}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return IIN{}, &IINError{IINDigits}
		}
	}
	if len(s) != 12 {
		return IIN{}, &IINError{IINLength}
	}
	var d [12]int
	for i := range d {
		d[i] = int(s[i] - '0')
	}
	var century int
	var sex Sex
	switch d[6] {
	case 1, 2:
		century = 1800
	case 3, 4:
		century = 1900
	case 5, 6:
		century = 2000
	default:
		return IIN{}, &IINError{IINCentury}
	}
	if d[6]%2 == 1 {
		sex = Male
	} else {
		sex = Female
	}
	year := century + d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	day := d[4]*10 + d[5]
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return IIN{}, &IINError{IINBirthDate}
	}
	bd := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if bd.Day() != day || int(bd.Month()) != month {
		return IIN{}, &IINError{IINBirthDate}
	}
	if c, ok := iinCheckDigit(d); !ok || c != d[11] {
		return IIN{}, &IINError{IINChecksum}
	}
	return IIN{digits: s, birthDate: bd, sex: sex}, nil
}

// iinCheckDigit computes the control digit of the first 11 digits; ok is
// false when both weight sequences give 10 (no valid IIN has these digits).
func iinCheckDigit(d [12]int) (int, bool) {
	sum := 0
	for i := 0; i < 11; i++ {
		sum += d[i] * (i + 1)
	}
	c := sum % 11
	if c != 10 {
		return c, true
	}
	sum = 0
	for i := 0; i < 11; i++ {
		w := i + 3
		if w > 11 {
			w -= 11
		}
		sum += d[i] * w
	}
	c = sum % 11
	if c == 10 {
		return 0, false
	}
	return c, true
}

// IINCheckDigit returns the control digit for the first 11 digits of an
// IIN or BIN, used to build test and demo numbers. ok is false when no
// control digit exists for them.
func IINCheckDigit(first11 string) (int, bool) {
	if len(first11) != 11 {
		return 0, false
	}
	var d [12]int
	for i := 0; i < 11; i++ {
		if first11[i] < '0' || first11[i] > '9' {
			return 0, false
		}
		d[i] = int(first11[i] - '0')
	}
	return iinCheckDigit(d)
}
