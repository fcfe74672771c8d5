package passwords

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// minNameLetters is the shortest name (or name part) a password may not
// contain.
const minNameLetters = 3

// userContext is a Context prepared for matching.
type userContext struct {
	digits   []string // digit runs: IIN windows, phone, e-mail numbers
	dates    []string // spellings of the birth date
	literals []string // compared as is: the e-mail local part
	words    [][]rune // names and e-mail words, compared with transliteration
	// userInputs are the same, in ASCII, for zxcvbn.
	userInputs []string
}

// Suffixes that make a surname or patronymic from a name: «Нурланов»,
// «Нурланович», «Нурланұлы» all contain «Нурлан».
var (
	nameSuffixes = []string{
		"овна", "евна", "ична", "ович", "евич", "ұлы", "улы", "қызы", "кызы",
		"ова", "ева", "ёва", "ина", "ына", "ов", "ев", "ёв", "ин", "ын", "ич",
		"ovna", "evna", "ovich", "evich", "uly", "uli", "kyzy", "qyzy", "kizi",
		"ova", "eva", "ina", "yna", "ov", "ev", "in", "yn",
	}
	// nameStopWords are parts of a name that are not a name: «Нурлан ұлы».
	nameStopWords = map[string]bool{
		"ұлы": true, "улы": true, "қызы": true, "кызы": true,
		"uly": true, "uli": true, "kyzy": true, "qyzy": true, "kizi": true,
	}
)

// minRootLetters is the shortest root kept from a surname or patronymic.
const minRootLetters = 4

func buildContext(c Context) *userContext {
	u := &userContext{}
	addWord := func(w string) {
		r := []rune(w)
		if len(r) < minNameLetters {
			return
		}
		for _, o := range u.words {
			if string(o) == w {
				return
			}
		}
		u.words = append(u.words, r)
		u.userInputs = append(u.userInputs, toASCII(w))
	}
	addName := func(name string, roots bool) {
		for _, part := range strings.FieldsFunc(foldLatin(strings.ToLower(Normalize(name))), notLetter) {
			if nameStopWords[part] {
				continue
			}
			addWord(part)
			if !roots {
				continue
			}
			for _, suf := range nameSuffixes {
				if root, ok := strings.CutSuffix(part, suf); ok && utf8.RuneCountInString(root) >= minRootLetters {
					addWord(root)
					break
				}
			}
		}
	}
	addName(c.GivenName, false)
	addName(c.Surname, true)
	addName(c.Patronymic, true)

	// E-mail: the local part as is, and its words and numbers.
	if local, _, _ := strings.Cut(strings.TrimSpace(c.Email), "@"); local != "" {
		local = strings.ToLower(Normalize(local))
		if utf8.RuneCountInString(local) >= minNameLetters {
			u.literals = append(u.literals, local)
			u.userInputs = append(u.userInputs, toASCII(local))
		}
		for _, tok := range splitAlnum(local) {
			if unicode.IsDigit([]rune(tok)[0]) {
				if len(tok) >= 4 {
					u.digits = append(u.digits, tok)
				}
			} else {
				addWord(foldLatin(tok))
			}
		}
	}

	// IIN: any 6 consecutive digits of it (its first 6 are the birth date).
	iin := onlyDigits(c.IIN)
	if len(iin) >= 6 {
		for i := 0; i+6 <= len(iin); i++ {
			u.digits = append(u.digits, iin[i:i+6])
		}
		u.userInputs = append(u.userInputs, iin)
	}
	// Phone: the last 7 digits (the subscriber number).
	if ph := onlyDigits(c.Phone); len(ph) >= 7 {
		u.digits = append(u.digits, ph[len(ph)-7:])
		u.userInputs = append(u.userInputs, ph, ph[len(ph)-7:])
	}

	if d, ok := birthDate(c.BirthDate, iin); ok {
		u.dates = dateForms(d)
		y, m, dd := d.Year(), int(d.Month()), d.Day()
		u.userInputs = append(u.userInputs,
			pad(dd, 2)+pad(m, 2)+pad(y, 4), pad(y%100, 2)+pad(m, 2)+pad(dd, 2), pad(y, 4))
	}
	return u
}

// matches tells whether lowercase pw contains anything of the user's.
func (u *userContext) matches(lower string) bool {
	if strings.ContainsFunc(lower, unicode.IsDigit) {
		compact := strings.Map(func(r rune) rune {
			if strings.ContainsRune(" .-/_()+,", r) {
				return -1
			}
			return r
		}, lower)
		for _, d := range u.digits {
			if strings.Contains(lower, d) || strings.Contains(compact, d) {
				return true
			}
		}
		for _, d := range u.dates {
			if strings.Contains(lower, d) || strings.Contains(compact, d) {
				return true
			}
		}
	}
	for _, l := range u.literals {
		if strings.Contains(lower, l) {
			return true
		}
	}
	if len(u.words) == 0 {
		return false
	}
	text := []rune(foldLatin(lower))
	for _, w := range u.words {
		if containsName(text, w) {
			return true
		}
	}
	return false
}

// birthDate is the BirthDate field, or else the one the IIN encodes
// (YYMMDD and the century in its 7th digit).
func birthDate(s, iin string) (time.Time, bool) {
	if d, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil {
		return d, true
	}
	if len(iin) < 7 {
		return time.Time{}, false
	}
	century := map[byte]string{'1': "18", '2': "18", '3': "19", '4': "19", '5': "20", '6': "20"}[iin[6]]
	if century == "" {
		return time.Time{}, false
	}
	d, err := time.Parse("20060102", century+iin[:6])
	return d, err == nil
}

// dateForms are the spellings of a birth date looked for in a password:
// 1988, 880415, 150488, 15041988, 19880415, 04151988 and the same with
// separators, also without leading zeros (15.4.1988, 5.4.88).
func dateForms(d time.Time) []string {
	y, m, dd := d.Year(), int(d.Month()), d.Day()
	Y, YY := pad(y, 4), pad(y%100, 2)
	M, D := pad(m, 2), pad(dd, 2)
	forms := []string{Y, YY + M + D, D + M + YY, D + M + Y, Y + M + D, M + D + Y}
	for _, sep := range []string{".", "-", "/", " "} {
		forms = append(forms,
			D+sep+M+sep+YY, YY+sep+M+sep+D,
			pad(dd, 1)+sep+pad(m, 1)+sep+YY, pad(dd, 1)+sep+pad(m, 1)+sep+Y)
	}
	return forms
}

func pad(n, width int) string {
	s := []byte{}
	for n > 0 || len(s) < width {
		s = append([]byte{byte('0' + n%10)}, s...)
		n /= 10
	}
	return string(s)
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// splitAlnum splits s into runs of letters and runs of digits.
func splitAlnum(s string) []string {
	var out []string
	start, kind := -1, 0
	for i, r := range s {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			if kind != 0 {
				out = append(out, s[start:i])
			}
			start, kind = i, k
		}
	}
	if kind != 0 {
		out = append(out, s[start:])
	}
	return out
}

// foldLatin removes the accents of Latin letters (ä, ş, ū → a, s, u; ı → i)
// and leaves every other character, Cyrillic «й» and «ё» included, alone.
func foldLatin(s string) string {
	needs := false
	for _, r := range s {
		if r >= 0xc0 && r <= 0x24f {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0xc0 || r > 0x24f {
			b.WriteRune(r)
			continue
		}
		if r == 'ı' {
			b.WriteByte('i')
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// containsName tells whether text contains name, where a Cyrillic letter
// of either may be spelt in Latin by any of its usual transliterations
// (Жұлдыз: zhuldyz, juldyz, zhuldiz...) and a look-alike in text may
// stand for a letter (B3kz@t). Both are lowercase.
func containsName(text, name []rune) bool {
	n, m := len(text), len(name)
	if m == 0 || n == 0 {
		return false
	}
	// seen[i*(m+1)+j]: text[i:] was already tried against name[j:].
	seen := make([]bool, (n+1)*(m+1))
	var walk func(i, j int) bool
	walk = func(i, j int) bool {
		if j == m {
			return true
		}
		k := i*(m+1) + j
		if seen[k] {
			return false
		}
		seen[k] = true
		p := name[j]
		if i < n && runeEq(text[i], p) && walk(i+1, j+1) {
			return true
		}
		if vs, ok := translit[p]; ok {
			// A Cyrillic letter of the name, spelt in Latin in the text.
			for _, v := range vs {
				if l, ok := prefixAt(text, i, v); ok && walk(i+l, j+1) {
					return true
				}
			}
			return false
		}
		if i < n {
			// A Cyrillic letter of the text, spelt in Latin in the name.
			if vs, ok := translit[text[i]]; ok {
				for _, v := range vs {
					if l, ok := namePrefixAt(name, j, v); ok && walk(i+1, j+l) {
						return true
					}
				}
			}
		}
		return false
	}
	for s := 0; s+1 <= n; s++ {
		if walk(s, 0) {
			return true
		}
	}
	return false
}

func runeEq(t, p rune) bool {
	if t == p {
		return true
	}
	if ls, ok := leetLetters[t]; ok {
		return strings.ContainsRune(ls, p)
	}
	return false
}

// prefixAt tells whether text[i:] starts with v (look-alikes allowed) and
// how many runes of text that takes.
func prefixAt(text []rune, i int, v string) (int, bool) {
	l := 0
	for _, r := range v {
		if i+l >= len(text) || !runeEq(text[i+l], r) {
			return 0, false
		}
		l++
	}
	return l, true
}

// namePrefixAt tells whether name[j:] starts with v, and its length.
func namePrefixAt(name []rune, j int, v string) (int, bool) {
	l := 0
	for _, r := range v {
		if j+l >= len(name) || name[j+l] != r {
			return 0, false
		}
		l++
	}
	return l, true
}
