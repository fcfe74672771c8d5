package kz

import (
	"fmt"
	"unicode"
)

// mobilePrefixes maps the three-digit codes (after +7) allocated to
// Kazakhstan mobile operators to the operator's name, as in the
// libphonenumber carrier data for +7 (which follows the ITU allocation and
// the numbering plan of Kazakhstan):
//
//	Kcell/Activ  701 702 775 778   (Activ is Kcell's second brand)
//	Beeline      705 706 771 776 777
//	Tele2        707 747
//	Altel        700 708
//
// Deliberately left out: the 710-729 landline zones (727 Almaty, 717
// Astana, ...), 750/751 (dial-up and VoIP), 760-764 (satellite and fixed
// wireless), other 7xx codes with no mobile operator, and Russia's 9xx
// mobile codes: such numbers cannot be relied on for the cabinet's SMS.
var mobilePrefixes = map[string]string{
	"700": "Altel",
	"701": "Kcell/Activ",
	"702": "Kcell/Activ",
	"705": "Beeline",
	"706": "Beeline",
	"707": "Tele2",
	"708": "Altel",
	"747": "Tele2",
	"771": "Beeline",
	"775": "Kcell/Activ",
	"776": "Beeline",
	"777": "Beeline",
	"778": "Kcell/Activ",
}

// Phone is a valid mobile number of a Kazakhstan operator.
type Phone struct {
	digits string // 11 digits, "7" then the 10-digit national number
}

// String returns the normalised form: 11 digits starting with 7, for
// example "77012345600".
func (p Phone) String() string { return p.digits }

// Operator returns the name of the operator the number's code was
// allocated to ("Kcell/Activ", "Beeline", "Tele2", "Altel"). With mobile
// number portability the subscriber may since have moved to another
// operator, so use it as a hint, not for routing.
func (p Phone) Operator() string {
	if len(p.digits) != 11 {
		return ""
	}
	return mobilePrefixes[p.digits[1:4]]
}

// Format returns the number for display, as "+7 701 234 56 00".
func (p Phone) Format() string {
	d := p.digits
	if len(d) != 11 {
		return ""
	}
	return "+7 " + d[1:4] + " " + d[4:7] + " " + d[7:9] + " " + d[9:11]
}

// PhoneReason says which check a phone number failed.
type PhoneReason string

// Stable phone reasons; the UI maps them to translated text.
const (
	// PhoneEmpty: no digits at all (nothing, or only spaces and
	// separators).
	PhoneEmpty PhoneReason = "empty"
	// PhoneCharacters: a character other than digits, a leading '+',
	// spaces, dashes, brackets and dots.
	PhoneCharacters PhoneReason = "characters"
	// PhoneLength: too few or too many digits for a Kazakhstan number.
	PhoneLength PhoneReason = "length"
	// PhoneOperator: a number of another country, a landline, or a code
	// not allocated to a Kazakhstan mobile operator.
	PhoneOperator PhoneReason = "operator"
)

// PhoneError is returned by ParsePhone; Reason says what is wrong.
type PhoneError struct {
	Reason PhoneReason
}

// Error returns a plain English message.
func (e *PhoneError) Error() string {
	switch e.Reason {
	case PhoneEmpty:
		return "phone number is empty"
	case PhoneCharacters:
		return "phone number may contain only digits, a leading +, spaces, dashes, brackets and dots"
	case PhoneLength:
		return "phone number must have 10 digits after +7 or 8"
	case PhoneOperator:
		return "phone number is not a mobile number of a Kazakhstan operator"
	}
	return fmt.Sprintf("invalid phone number (%s)", string(e.Reason))
}

// ParsePhone validates s as the mobile number of a Kazakhstan operator and
// normalises it to 11 digits starting with 7. Accepted forms include
// "+7 701 234 56 00", "+77012345600", "87012345600", "8 (701) 234-56-00"
// and "7012345600" (the 10-digit national number): digits with spaces,
// dashes, brackets and dots anywhere, and '+' only in front. With '+' the
// digits must be 7 and the national number; without it, 8 or 7 and the
// national number, or the national number alone. Errors are *PhoneError,
// checked in this order: empty, characters, length, operator.
func ParsePhone(s string) (Phone, error) {
	var buf [11]byte
	n := 0 // digits seen; only the first 11 are kept
	plus := false
	seen := false // a digit or '+' was seen
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if n < len(buf) {
				buf[n] = byte(r)
			}
			n++
			seen = true
		case r == '+' && !seen:
			plus = true
			seen = true
		case r == '-' || r == '(' || r == ')' || r == '.' || unicode.IsSpace(r):
		default:
			return Phone{}, &PhoneError{PhoneCharacters}
		}
	}
	switch {
	case n == 0 && !plus:
		return Phone{}, &PhoneError{PhoneEmpty}
	case n > 11 || n < 10 || (plus && n != 11):
		return Phone{}, &PhoneError{PhoneLength}
	}
	var d string
	switch {
	case n == 10:
		d = "7" + string(buf[:10])
	case buf[0] == '7' || (buf[0] == '8' && !plus):
		d = "7" + string(buf[1:11])
	default:
		return Phone{}, &PhoneError{PhoneOperator}
	}
	if _, ok := mobilePrefixes[d[1:4]]; !ok {
		return Phone{}, &PhoneError{PhoneOperator}
	}
	return Phone{digits: d}, nil
}
