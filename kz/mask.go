package kz

import (
	"strings"
	"unicode/utf8"
)

// Fixed parts of the memo's masks.
const (
	phoneMaskStars  = "*****"
	emailLocalStars = "*****"
	emailHostStars  = "****"
)

// MaskPhone masks a mobile number as the memo shows it when the user
// chooses where to receive a code: the first 4 digits of the normalised
// 11-digit number, 5 asterisks and the last 2 digits, so "77012345600"
// becomes "7701*****00". Any form ParsePhone accepts may be passed; a
// string that is not a valid number gives 11 asterisks and shows nothing.
func MaskPhone(normalised string) string {
	p, err := ParsePhone(normalised)
	if err != nil {
		return strings.Repeat("*", 11)
	}
	return p.digits[:4] + phoneMaskStars + p.digits[9:]
}

// MaskEmail masks an e-mail address as the memo shows it: the first 2
// characters of the local part, 5 asterisks, '@', the first 2 characters
// of the (lower-case) domain and 4 asterisks, so "asel.n@mail.kz" becomes
// "as*****@ma****". A 1-character local part shows that one character. The
// address is normalised with ParseEmail first; a string that is not a
// valid address gives "*****@****" and shows nothing. Characters are
// counted as Unicode code points, never cut in the middle.
func MaskEmail(email string) string {
	norm, err := ParseEmail(email)
	if err != nil {
		return emailLocalStars + "@" + emailHostStars
	}
	at := strings.LastIndexByte(norm, '@')
	return firstRunes(norm[:at], 2) + emailLocalStars + "@" + firstRunes(norm[at+1:], 2) + emailHostStars
}

// firstRunes returns the first n code points of s (all of s if shorter).
func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
