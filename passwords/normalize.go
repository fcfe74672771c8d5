package passwords

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// translit gives the Latin spellings of a lowercase Russian or Kazakh letter
// met in names, passports and e-mail addresses: ICAO/passport, the 2021
// Kazakh Latin alphabet, scientific and informal spellings. Accents are
// removed before comparing (foldLatin), so "ş", "š" are "s" here, "ä" is
// "a". The first spelling is the one zxcvbn is given.
var translit = map[rune][]string{
	'а': {"a"},
	'ә': {"a", "ae"},
	'б': {"b"},
	'в': {"v", "w"},
	'г': {"g"},
	'ғ': {"g", "gh"},
	'д': {"d"},
	'е': {"e", "ye", "ie", "je"},
	'ё': {"yo", "e", "io", "jo"},
	'ж': {"zh", "j", "z"},
	'з': {"z"},
	'и': {"i", "y"},
	'й': {"y", "i", "j"},
	'к': {"k"},
	'қ': {"q", "k"},
	'л': {"l"},
	'м': {"m"},
	'н': {"n"},
	'ң': {"ng", "n"},
	'о': {"o"},
	'ө': {"o", "oe"},
	'п': {"p"},
	'р': {"r"},
	'с': {"s"},
	'т': {"t"},
	'у': {"u", "w", "ou"},
	'ұ': {"u"},
	'ү': {"u", "ue"},
	'ф': {"f", "ph"},
	'х': {"kh", "h", "x"},
	'һ': {"h"},
	'ц': {"ts", "c", "tz", "tc"},
	'ч': {"ch", "tch", "c"},
	'ш': {"sh", "s"},
	'щ': {"shch", "sch", "sh", "shh", "sc"},
	'ъ': {"", "'"},
	'ы': {"y", "i"},
	'і': {"i"},
	'ь': {"", "'"},
	'э': {"e"},
	'ю': {"yu", "iu", "ju", "u"},
	'я': {"ya", "ia", "ja"},
}

// layout maps a key of the Russian (ЙЦУКЕН) and Kazakh layouts to the
// character of the same key on the US QWERTY layout: «пароль» typed without
// switching the layout is "gfhjkm", "йцукен" is "qwerty".
var layout = map[rune]rune{
	'й': 'q', 'ц': 'w', 'у': 'e', 'к': 'r', 'е': 't', 'н': 'y', 'г': 'u',
	'ш': 'i', 'щ': 'o', 'з': 'p', 'х': '[', 'ъ': ']', 'ф': 'a', 'ы': 's',
	'в': 'd', 'а': 'f', 'п': 'g', 'р': 'h', 'о': 'j', 'л': 'k', 'д': 'l',
	'ж': ';', 'э': '\'', 'я': 'z', 'ч': 'x', 'с': 'c', 'м': 'v', 'и': 'b',
	'т': 'n', 'ь': 'm', 'б': ',', 'ю': '.', 'ё': '`',
	// Kazakh letters sit on the digit row.
	'ә': '2', 'і': '3', 'ң': '4', 'ғ': '5', 'ү': '8', 'ұ': '9', 'қ': '0',
	'ө': '-', 'һ': '=',
}

// leet undoes leetspeak for the blocklist: every look-alike goes to one
// letter, and the list is indexed the same way ("p@ssw0rd" is "password").
// 'l' and 'i' share a form since '1', '!' and '|' stand for both.
var leet = map[rune]rune{
	'@': 'a', '4': 'a', '8': 'b', '(': 'c', '<': 'c', '{': 'c', '[': 'c',
	'3': 'e', '6': 'g', '9': 'g', '1': 'i', '!': 'i', '|': 'i', 'l': 'i',
	'0': 'o', '5': 's', '$': 's', '7': 't', '+': 't', '%': 'x', '2': 'z',
}

// leetLetters is what a look-alike may stand for when a password is compared
// with a name: '1' is "i" or "l".
var leetLetters = map[rune]string{
	'@': "a", '4': "a", '8': "b", '(': "c", '<': "c", '{': "c", '[': "c",
	'3': "e", '6': "gb", '9': "g", '1': "il", '!': "il", '|': "il",
	'0': "o", '5': "s", '$': "s", '7': "tl", '+': "t", '%': "x", '2': "z",
}

func isCyrillic(r rune) bool { return r >= 0x400 && r <= 0x4ff }

func hasCyrillic(s string) bool {
	for _, r := range s {
		if isCyrillic(r) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// deleet returns s with look-alikes replaced (s is lowercase).
func deleet(s string) string {
	return strings.Map(func(r rune) rune {
		if l, ok := leet[r]; ok {
			return l
		}
		return r
	}, s)
}

// toLayout returns s as typed on the QWERTY layout with the keys of the
// Russian/Kazakh layout (letters keep their case).
func toLayout(s string) string {
	return strings.Map(func(r rune) rune {
		l := unicode.ToLower(r)
		q, ok := layout[l]
		if !ok {
			return r
		}
		if l != r {
			return unicode.ToUpper(q)
		}
		return q
	}, s)
}

// isFiller tells the characters stripped around a common password:
// "Qwerty123!" is "qwerty".
func isFiller(r rune) bool {
	return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}

// zxSymbols stand in for characters that have no ASCII spelling.
const zxSymbols = "!#$%&*+=?@^~;:/|<>{}[]()_,.'\"`-\\"

// asciiFor renders a rune in ASCII: Cyrillic transliterated (first
// spelling, the case kept), accents and compatibility forms removed
// ("é", "ｑ"), anything else one symbol.
func asciiFor(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		b.WriteRune(r)
		return
	}
	l := unicode.ToLower(r)
	if vs, ok := translit[l]; ok {
		t := vs[0]
		if l != r && t != "" {
			b.WriteString(strings.ToUpper(t[:1]))
			t = t[1:]
		}
		b.WriteString(t)
		return
	}
	switch l {
	case 'ı':
		b.WriteByte('i')
		return
	case 'ß':
		b.WriteString("ss")
		return
	case 'ø':
		b.WriteByte('o')
		return
	case 'æ':
		b.WriteString("ae")
		return
	case 'ł':
		b.WriteByte('l')
		return
	case 'đ':
		b.WriteByte('d')
		return
	}
	var base []byte
	ok := true
	for _, d := range norm.NFKD.String(string(r)) {
		if d < utf8.RuneSelf {
			base = append(base, byte(d))
		} else if !unicode.Is(unicode.Mn, d) {
			ok = false
			break
		}
	}
	if ok && len(base) > 0 {
		b.Write(base)
		return
	}
	b.WriteByte(zxSymbols[int(r)%len(zxSymbols)])
}

// toASCII renders s in ASCII with asciiFor.
func toASCII(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		asciiFor(&b, r)
	}
	return b.String()
}
