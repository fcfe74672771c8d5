package kz

import (
	"fmt"
	"time"
)

// BINKind is the kind of entity encoded in the 5th digit of a BIN.
type BINKind int

// Kinds of entity a BIN can belong to (5th digit).
const (
	// BINResident is a resident legal entity (5th digit 4).
	BINResident BINKind = 4
	// BINNonResident is a non-resident legal entity (5th digit 5).
	BINNonResident BINKind = 5
	// BINJointEntrepreneur is an individual entrepreneur working as a
	// joint business (совместное предпринимательство; 5th digit 6).
	BINJointEntrepreneur BINKind = 6
)

// String returns a short English description, or "" for an unknown kind.
func (k BINKind) String() string {
	switch k {
	case BINResident:
		return "resident legal entity"
	case BINNonResident:
		return "non-resident legal entity"
	case BINJointEntrepreneur:
		return "joint individual entrepreneurship"
	}
	return ""
}

// BIN is a valid business identification number (БСН/БИН) of a legal
// entity, its branch or representative office, or of a joint individual
// entrepreneurship. Individual entrepreneurs working alone use their IIN.
type BIN struct {
	digits string
}

// String returns the 12 digits.
func (b BIN) String() string { return b.digits }

// Kind is the kind of entity encoded in the 5th digit.
func (b BIN) Kind() BINKind {
	if len(b.digits) != 12 {
		return 0
	}
	return BINKind(b.digits[4] - '0')
}

// Registered returns the two-digit year and the month of state
// registration encoded in digits 1-4. The century is not encoded: an
// entity registered in 1993 has year 93.
func (b BIN) Registered() (yy int, month time.Month) {
	if len(b.digits) != 12 {
		return 0, 0
	}
	d := b.digits
	return int(d[0]-'0')*10 + int(d[1]-'0'), time.Month(int(d[2]-'0')*10 + int(d[3]-'0'))
}

// BINReason says which check a BIN failed.
type BINReason string

// Stable BIN reasons; the UI maps them to translated text.
const (
	// BINEmpty: nothing was entered.
	BINEmpty BINReason = "empty"
	// BINDigits: a character other than 0-9.
	BINDigits BINReason = "digits"
	// BINLength: not exactly 12 digits.
	BINLength BINReason = "length"
	// BINDate: digits 3-4 are not a month 01-12.
	BINDate BINReason = "date"
	// BINType: the 5th digit is not 4, 5 or 6.
	BINType BINReason = "type"
	// BINChecksum: the 12th digit does not match, or no control digit
	// exists for the first 11 digits.
	BINChecksum BINReason = "checksum"
)

// BINError is returned by ParseBIN; Reason says what is wrong.
type BINError struct {
	Reason BINReason
}

// Error returns a plain English message.
func (e *BINError) Error() string {
	switch e.Reason {
	case BINEmpty:
		return "BIN is empty"
	case BINDigits:
		return "BIN must contain digits only"
	case BINLength:
		return "BIN must have 12 digits"
	case BINDate:
		return "BIN does not start with a registration year and month"
	case BINType:
		return "BIN 5th digit (kind of entity) must be 4, 5 or 6"
	case BINChecksum:
		return "BIN check digit does not match"
	}
	return fmt.Sprintf("invalid BIN (%s)", string(e.Reason))
}

// ParseBIN validates s as a BIN: 12 digits, digits 1-4 the year and month
// of registration (YYMM, month 01-12), the 5th digit the kind of entity
// (4, 5 or 6) and the 12th the check digit, computed as for the IIN (see
// IINCheckDigit). Errors are *BINError, checked in this order: empty,
// digits, length, date, type, checksum. No spaces are allowed; trim the
// input before calling.
func ParseBIN(s string) (BIN, error) {
	if s == "" {
		return BIN{}, &BINError{BINEmpty}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return BIN{}, &BINError{BINDigits}
		}
	}
	if len(s) != 12 {
		return BIN{}, &BINError{BINLength}
	}
	var d [12]int
	for i := range d {
		d[i] = int(s[i] - '0')
	}
	if m := d[2]*10 + d[3]; m < 1 || m > 12 {
		return BIN{}, &BINError{BINDate}
	}
	switch BINKind(d[4]) {
	case BINResident, BINNonResident, BINJointEntrepreneur:
	default:
		return BIN{}, &BINError{BINType}
	}
	if c, ok := iinCheckDigit(d); !ok || c != d[11] {
		return BIN{}, &BINError{BINChecksum}
	}
	return BIN{digits: s}, nil
}

// MakeBIN appends the check digit to the first 11 digits of a BIN, for
// test and demo data. ok is false when the result would not be a valid
// BIN: not 11 digits, a month outside 01-12, a 5th digit other than 4, 5
// or 6, or no control digit exists for these digits.
func MakeBIN(first11 string) (bin string, ok bool) {
	c, ok := IINCheckDigit(first11)
	if !ok {
		return "", false
	}
	s := first11 + string(rune('0'+c))
	if _, err := ParseBIN(s); err != nil {
		return "", false
	}
	return s, true
}
