package kz

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
)

// Length limits of an e-mail address, in bytes (RFC 5321: a path of 256
// octets less the angle brackets; a local part of 64; a DNS label of 63).
const (
	maxEmailLen  = 254
	maxLocalLen  = 64
	maxLabelLen  = 63
	maxDomainLen = 253
)

// EmailReason says which check an e-mail address failed.
type EmailReason string

// Stable e-mail reasons; the UI maps them to translated text.
const (
	// EmailEmpty: nothing but spaces was entered.
	EmailEmpty EmailReason = "empty"
	// EmailLength: longer than 254 bytes, or a local part longer than 64.
	EmailLength EmailReason = "length"
	// EmailDisplayName: a name was given with the address, as in
	// "Asel <asel@mail.kz>"; only the bare address is wanted.
	EmailDisplayName EmailReason = "display_name"
	// EmailSyntax: not a bare address local@domain (angle brackets,
	// comments, quoted local parts, spaces, missing '@' and the like).
	EmailSyntax EmailReason = "syntax"
	// EmailDomain: the domain has no dot, is an IP literal, or has a label
	// that is empty, too long, starts or ends with '-', or holds a
	// character other than letters, digits and '-'.
	EmailDomain EmailReason = "domain"
)

// EmailError is returned by ParseEmail; Reason says what is wrong.
type EmailError struct {
	Reason EmailReason
}

// Error returns a plain English message.
func (e *EmailError) Error() string {
	switch e.Reason {
	case EmailEmpty:
		return "e-mail address is empty"
	case EmailLength:
		return "e-mail address is too long"
	case EmailDisplayName:
		return "enter the e-mail address only, without a name"
	case EmailSyntax:
		return "e-mail address is not valid"
	case EmailDomain:
		return "e-mail address domain is not valid"
	}
	return fmt.Sprintf("invalid e-mail address (%s)", string(e.Reason))
}

// ParseEmail validates s as a bare e-mail address and returns it
// normalised: surrounding spaces trimmed and the domain in lower case (the
// local part is kept as typed; it is case-sensitive in principle). The
// syntax is checked with net/mail; on top of that the address must be the
// whole input (no display name, angle brackets, comments or quoted local
// part), at most 254 bytes long with a local part of at most 64, and the
// domain a host name with at least one dot. Errors are *EmailError.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &EmailError{EmailEmpty}
	}
	if len(s) > maxEmailLen {
		return "", &EmailError{EmailLength}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", &EmailError{EmailSyntax}
	}
	// Lower-case first so that every check below sees the result.
	norm := s[:at+1] + strings.ToLower(s[at+1:])
	if len(norm) > maxEmailLen {
		return "", &EmailError{EmailLength}
	}
	addr, err := mail.ParseAddress(norm)
	if err != nil {
		return "", &EmailError{EmailSyntax}
	}
	if addr.Name != "" {
		return "", &EmailError{EmailDisplayName}
	}
	if addr.Address != norm {
		return "", &EmailError{EmailSyntax}
	}
	if at > maxLocalLen {
		return "", &EmailError{EmailLength}
	}
	if !validDomain(norm[at+1:]) {
		return "", &EmailError{EmailDomain}
	}
	return norm, nil
}

// validDomain reports whether d is a host name with at least two labels of
// letters, digits and inner hyphens, and a last label that is not all
// digits (so no IP addresses).
func validDomain(d string) bool {
	if len(d) > maxDomainLen || !strings.Contains(d, ".") {
		return false
	}
	labels := strings.Split(d, ".")
	for _, l := range labels {
		if l == "" || len(l) > maxLabelLen || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0
}
